//! Which city a document belongs to: named in the title or opening lines, or
//! inferred from the districts and places it mentions (gazetteer).
//!
//! 1. The title (or, without one, the first lines) naming a city: a city of
//!    the gazetteer anywhere in it (南通市, 延边州), preferring one at the
//!    start or right before 人民政府/政府/市委; otherwise a name of the shape
//!    "XX市", "XX自治州", "XX地区", "XX盟" at the start of the title, after a
//!    province (江苏省无锡市), or after 关于/印发/《, even when the gazetteer does
//!    not know it (a county-level city such as 江阴市 is kept as written).
//!    市政府, 市委, 全市, 城市 … are never names.
//! 2. Otherwise a signature line in the opening ("银川市人民政府"), or the
//!    issuer the metadata reader found (a closing signature or an imprint,
//!    however long the document).
//! 3. Otherwise the city of a county or district the title (else the
//!    issuer) names in full, when only one city has it (孝昌县 → 孝感市).
//! 4. Otherwise the places the text mentions ([`Gazetteer::place_scores`]): the
//!    best city wins when it scores at least [`MIN_SCORE`] and more than the
//!    runner-up.

use std::sync::OnceLock;

use regex::Regex;

use crate::knowledge::gazetteer::FULL_WEIGHT;
use crate::knowledge::lexicon::kind;
use crate::knowledge::{Gazetteer, Knowledge};
use crate::model::CitySource;
use crate::text;

/// The least score for a city found by its places: more than a single full
/// mention (崇川区 = 2), so one accidental hit never decides.
pub const MIN_SCORE: f64 = 3.0;

/// How many first lines stand for the title when there is none, and how long
/// such a line may be (longer ones are prose).
const HEAD_LINES: usize = 6;
const MAX_HEAD_LINE_CHARS: usize = 120;
/// How many lines the opening (where a signature line may stand) spans.
const OPENING_LINES: usize = 30;

/// The city (full name, 南通市) and how it was found; `None` when neither the
/// title nor the places mentioned tell.
pub fn detect_city(
    title: Option<&str>,
    issuer: Option<&str>,
    text: &str,
    kb: &Knowledge,
) -> Option<(String, CitySource)> {
    let gazetteer = &kb.gazetteer;
    let lines = text::lines(text);
    let head = head_lines(title, &lines);
    if let Some(city) = head.iter().find_map(|l| city_in_title(l, gazetteer)) {
        return Some((city, CitySource::Title));
    }
    if let Some(city) = lines
        .iter()
        .take(OPENING_LINES)
        .find_map(|l| city_of_signature(&text::squash(l), gazetteer))
        .or_else(|| issuer.and_then(|i| city_in_title(i, gazetteer)))
    {
        return Some((city, CitySource::Title));
    }
    [title, issuer]
        .into_iter()
        .flatten()
        .find_map(|t| city_of_county_named(&text::squash(t), gazetteer))
        .or_else(|| city_by_places(text, gazetteer))
        .map(|c| (c, CitySource::Gazetteer))
}

/// The one county or district of `city` that the title, else the issuer,
/// names in full, when the document is of one: 孝昌县 in
/// "孝昌县养老服务体系建设任务清单" or issued by 孝昌县人民政府办公室, 芦淞区 in
/// "关于印发《芦淞区…方案》的通知". A county-level city (大冶市) is a
/// document's city, not its county.
pub fn county_named(
    title: Option<&str>,
    issuer: Option<&str>,
    city: &str,
    kb: &Knowledge,
) -> Option<String> {
    [title, issuer]
        .into_iter()
        .flatten()
        .find_map(|named| county_in(named, city, kb))
}

fn county_in(title: &str, city: &str, kb: &Knowledge) -> Option<String> {
    let entry = kb.gazetteer.city(city)?;
    let head = text::fold_width(&text::squash(title));
    let named: Vec<&String> = entry
        .places
        .iter()
        .filter(|p| is_county(p, kb) && head.contains(p.as_str()))
        .collect();
    // 西区 inside 城西区 is no second county.
    let outer: Vec<&&String> = named
        .iter()
        .filter(|p| {
            !named
                .iter()
                .any(|q| q.len() > p.len() && q.contains(p.as_str()))
        })
        .collect();
    match outer.as_slice() {
        [one] => Some((**one).clone()),
        _ => None,
    }
}

/// Whether a place of the gazetteer is a county or a district: its name
/// ends in a level (lexicon), and not in 市 (a county-level city is a
/// document's city).
fn is_county(place: &str, kb: &Knowledge) -> bool {
    place
        .chars()
        .last()
        .is_some_and(|c| c != '市' && kb.lexicon.chars(kind::LEVEL).contains(&c))
}

/// The title, or without one the first short lines: where a document
/// names its place.
fn head_lines(title: Option<&str>, lines: &[&str]) -> Vec<String> {
    match title.map(text::squash).filter(|t| !t.is_empty()) {
        Some(title) => vec![title],
        None => lines
            .iter()
            .map(|l| text::squash(l))
            .filter(|l| !l.is_empty() && l.chars().count() <= MAX_HEAD_LINE_CHARS)
            .take(HEAD_LINES)
            .collect(),
    }
}

/// The city of the one county or district a title names in full
/// ("孝昌县养老服务体系建设任务清单": 孝感市). A title names its place on
/// purpose, so one full mention decides, where the body needs more.
fn city_of_county_named(title: &str, gazetteer: &Gazetteer) -> Option<String> {
    let scores = gazetteer.place_scores(title);
    match scores.as_slice() {
        [(city, score)] if *score >= FULL_WEIGHT => Some(city.name.clone()),
        _ => None,
    }
}

/// The city a title names, if any (see the module documentation).
pub fn city_in_title(title: &str, gazetteer: &Gazetteer) -> Option<String> {
    let title = text::fold_width(&text::squash(title));
    known_city_in(&title, gazetteer).or_else(|| unknown_city_in(&title, gazetteer))
}

/// The best city by the places `text` mentions, when it clearly wins.
pub fn city_by_places(text: &str, gazetteer: &Gazetteer) -> Option<String> {
    let scores = gazetteer.place_scores(text);
    let best = scores.first()?;
    let runner_up = scores.get(1).map_or(0.0, |s| s.1);
    (best.1 >= MIN_SCORE && best.1 > runner_up).then(|| best.0.name.clone())
}

/// Words that follow a city's name when the city is the issuer.
const ISSUER_WORDS: &[&str] = &[
    "人民政府",
    "政府",
    "市委",
    "委员会",
    "人大",
    "民政局",
    "党委",
];

/// Where a name may start: the start of the text, or after these.
const NAME_OPENERS: &[&str] = &[
    "《",
    "关于印发",
    "关于转发",
    "关于",
    "印发",
    "转发",
    "中共",
    "•",
    ":",
    "：",
];

/// Gazetteer cities (full names and aliases) in `title`; the one at a name
/// opening or before an issuer word first, then the earliest.
fn known_city_in(title: &str, gazetteer: &Gazetteer) -> Option<String> {
    let mut best: Option<(u8, usize, &str)> = None;
    for city in gazetteer.cities() {
        let names = std::iter::once(city.name.clone()).chain(city.aliases());
        for name in names {
            for (at, _) in title.match_indices(name.as_str()) {
                let after = &title[at + name.len()..];
                let rank = if is_name_start(title, at, gazetteer) {
                    0
                } else if ISSUER_WORDS.iter().any(|w| after.starts_with(w)) {
                    1
                } else {
                    2
                };
                if best.is_none_or(|(r, a, _)| (rank, at) < (r, a)) {
                    best = Some((rank, at, city.name.as_str()));
                }
            }
        }
    }
    best.map(|(_, _, name)| name.to_owned())
}

/// True when a name starting at byte `at` of `title` stands where a city's
/// name may start: at the start, after an opener, or after a province.
fn is_name_start(title: &str, at: usize, gazetteer: &Gazetteer) -> bool {
    let before = &title[..at];
    let before = before.trim_end_matches(['•', ' ', '《', '"', '“']);
    before.is_empty()
        || NAME_OPENERS.iter().any(|o| before.ends_with(o))
        || gazetteer.provinces().iter().any(|p| {
            before.ends_with(p.as_str())
                && (before.len() == p.len()
                    || is_name_start(before, before.len() - p.len(), gazetteer))
        })
}

fn name_shape() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^(\p{Han}{2,10}?)(自治州|地区|盟|市)").expect("valid regex"))
}

/// Words that never stand inside a city's name.
const NOT_IN_NAME: &[&str] = &[
    "直辖",
    "试点",
    "示范",
    "政府",
    "人民",
    "关于",
    "办公",
    "印发",
    "转发",
    "加快",
    "推进",
    "进一步",
    "加强",
    "完善",
    "建设",
    "发展",
    "养老",
    "服务",
    "全市",
    "本市",
    "各市",
    "我市",
    "县级",
    "地级",
    "实施",
    "的",
    "和",
    "与",
    "及",
    "、",
    "省",
    "县",
    "区",
    "镇",
    "乡",
    "村",
    "委",
    "局",
    "厅",
];

/// A name of the shape "XX市" at a name start, when the gazetteer does not
/// know it as a city.
fn unknown_city_in(title: &str, gazetteer: &Gazetteer) -> Option<String> {
    let starts = std::iter::once(0).chain(title.char_indices().map(|(i, c)| i + c.len_utf8()));
    for at in starts {
        if !is_name_start(title, at, gazetteer) {
            continue;
        }
        let Some(m) = name_shape().captures(&title[at..]) else {
            continue;
        };
        let (body, suffix) = (&m[1], &m[2]);
        let name = &m[0];
        let rest = &title[at + name.len()..];
        let body_chars = body.chars().count();
        // Every 地区 and 盟 is in the gazetteer: unknown ones are phrases
        // (农村地区, 贫困地区).
        if suffix == "地区" || suffix == "盟" {
            continue;
        }
        let too_long = match suffix {
            "自治州" => body_chars > 10,
            _ => body_chars > 4,
        };
        let known_place = !gazetteer.cities_with_place(name).is_empty();
        let implausible = too_long
            || NOT_IN_NAME.iter().any(|w| body.contains(w))
            || body.starts_with(['市', '全', '本', '各', '我', '该', '城'])
            || body.ends_with('城')
            || (suffix == "市" && rest.starts_with(['场', '民', '级', '区']))
            || gazetteer.is_province(body);
        let plausible = known_place || !implausible;
        if plausible {
            return Some(name.to_owned());
        }
    }
    None
}

/// "银川市人民政府" standing alone on a line: the city of a signature.
fn city_of_signature(line: &str, gazetteer: &Gazetteer) -> Option<String> {
    let body = ["人民政府办公厅", "人民政府办公室", "人民政府"]
        .iter()
        .find_map(|s| line.strip_suffix(s))?;
    if body.chars().count() > 12 {
        return None;
    }
    let city = city_in_title(body, gazetteer)?;
    (body == city || body.ends_with(city.as_str())).then_some(city)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb() -> &'static Knowledge {
        Knowledge::bundled().unwrap()
    }

    fn seed(name: &str) -> String {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds");
        let path = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(name))
            .unwrap();
        std::fs::read_to_string(path).unwrap()
    }

    fn detect(title: Option<&str>, text: &str) -> Option<(String, CitySource)> {
        detect_city(title, None, text, kb())
    }

    #[test]
    fn a_closing_signature_names_the_city_of_a_long_document() {
        let paragraph = "　　为加快发展养老服务业，满足老年人多样化需求，现提出如下意见。\n";
        let lines = [
            "关于加快推进养老服务业发展的实施意见\n\n",
            &paragraph.repeat(40),
            "　　一、主要任务\n",
            "　　（一）完善养老服务体系。（市民政局负责）\n\n",
            "　　　　　　丽水市人民政府\n",
            "　　　　　　2021年5月10日\n",
        ];
        let text = lines.concat();
        let lexicon = &kb().lexicon;
        let meta = crate::extract::metadata::extract_metadata(&text::lines(&text), lexicon);
        assert_eq!(meta.issuer.as_deref(), Some("丽水市人民政府"));
        assert_eq!(detect(meta.title.as_deref(), &text), None);
        assert_eq!(
            detect_city(meta.title.as_deref(), meta.issuer.as_deref(), &text, kb()),
            Some(("丽水市".to_owned(), CitySource::Title))
        );
        // A province's issuer names no city.
        assert_eq!(
            detect_city(None, Some("浙江省人民政府"), "关于养老服务的意见", kb()),
            None
        );
    }

    fn city(title: Option<&str>, text: &str) -> Option<String> {
        detect(title, text).map(|(c, _)| c)
    }

    #[test]
    fn seeds_whole_text_no_title() {
        let expect = [
            ("000", "南通市", CitySource::Gazetteer),
            ("001", "常州市", CitySource::Title),
            ("002", "晋中市", CitySource::Title),
            ("003", "银川市", CitySource::Title),
            ("004", "上海市", CitySource::Title),
        ];
        for (file, name, source) in expect {
            let text = seed(file);
            assert_eq!(
                detect(None, &text),
                Some((name.to_owned(), source)),
                "{file}"
            );
        }
    }

    #[test]
    fn seeds_with_their_titles() {
        let cases = [
            ("000", "《市政府关于进一步推进社会养老服务体系建设加快养老服务业发展的实施意见》责任分解方案", "南通市", CitySource::Gazetteer),
            ("001", "常州市进一步完善养老服务体系加快发展养老服务业实施意见的责任分解方案", "常州市", CitySource::Title),
            ("002", "晋中市人民政府关于印发加快发展养老服务业推进社会养老服务体系建设的实施意见", "晋中市", CitySource::Title),
            ("003", "银川市人民政府关于印发银川市加快推进养老服务业发展实施意见的通知", "银川市", CitySource::Title),
            ("004", "上海市人民政府关于印发《上海市深化养老服务实施方案(2019-2022年)》的通知", "上海市", CitySource::Title),
        ];
        for (file, title, name, source) in cases {
            let text = seed(file);
            assert_eq!(
                detect(Some(title), &text),
                Some((name.to_owned(), source)),
                "{file}"
            );
        }
    }

    #[test]
    fn seeds_with_extracted_titles() {
        let expect = ["南通市", "常州市", "晋中市", "银川市", "上海市"];
        for (i, name) in expect.iter().enumerate() {
            let text = seed(&format!("00{i}"));
            let lexicon = &Knowledge::bundled().unwrap().lexicon;
            let meta = crate::extract::metadata::extract_metadata(&text::lines(&text), lexicon);
            let found = detect(meta.title.as_deref(), &text).map(|(c, _)| c);
            assert_eq!(found.as_deref(), Some(*name), "00{i}");
        }
    }

    #[test]
    fn seed_openings() {
        // Only the first 100 lines of each seed (000 names its first
        // district on line 55).
        for (file, name) in [
            ("000", "南通市"),
            ("001", "常州市"),
            ("002", "晋中市"),
            ("003", "银川市"),
            ("004", "上海市"),
        ] {
            let text = seed(file);
            let opening: Vec<&str> = text::lines(&text).into_iter().take(100).collect();
            assert_eq!(
                city(None, &opening.join("\n")).as_deref(),
                Some(name),
                "{file}"
            );
        }
    }

    #[test]
    fn seed_000_wins_clearly() {
        let scores = kb().gazetteer.place_scores(&seed("000"));
        let top: Vec<(&str, f64)> = scores
            .iter()
            .take(3)
            .map(|(c, s)| (c.name.as_str(), *s))
            .collect();
        assert_eq!(top[0].0, "南通市", "{top:?}");
        assert!(top[0].1 >= 2.0 * top[1].1, "{top:?}");
    }

    #[test]
    fn titles_of_other_cities() {
        let t = |title: &str| city(Some(title), "");
        assert_eq!(
            t("苏州市人民政府办公室关于加快发展养老服务业的实施意见").as_deref(),
            Some("苏州市")
        );
        assert_eq!(
            t("江苏省无锡市养老服务体系建设规划").as_deref(),
            Some("无锡市")
        );
        assert_eq!(
            t("关于印发《南京市养老服务设施布局规划》的通知").as_deref(),
            Some("南京市")
        );
        assert_eq!(
            t("中共杭州市委 杭州市人民政府关于加快养老服务业发展的意见").as_deref(),
            Some("杭州市")
        );
        assert_eq!(
            t("延边州人民政府关于推进养老服务的意见").as_deref(),
            Some("延边朝鲜族自治州")
        );
        assert_eq!(
            t("恩施土家族苗族自治州养老服务条例").as_deref(),
            Some("恩施土家族苗族自治州")
        );
        assert_eq!(
            t("阿里地区行政公署关于养老工作的通知").as_deref(),
            Some("阿里地区")
        );
        // Not in the gazetteer as a city: kept as written.
        assert_eq!(
            t("江阴市人民政府关于加快养老服务业发展的实施意见").as_deref(),
            Some("江阴市")
        );
        assert_eq!(t("雄安市养老服务办法").as_deref(), Some("雄安市"));
        // Never a city.
        assert_eq!(t("市政府关于进一步推进养老服务业发展的意见"), None);
        assert_eq!(t("市委市政府关于养老服务的决定"), None);
        assert_eq!(t("关于加快城市养老服务设施建设的通知"), None);
        assert_eq!(t("全市养老服务工作要点"), None);
        assert_eq!(t("江苏省人民政府关于加快发展养老服务业的意见"), None);
        assert_eq!(t("农村地区养老服务设施建设方案"), None);
        assert_eq!(t("关于开展智慧城市养老服务试点市申报的通知"), None);
        assert_eq!(t("直辖市养老服务比较研究"), None);
    }

    #[test]
    fn a_countys_document_is_of_its_city() {
        let t = |title: &str| city(Some(title), "");
        // One full mention in a title decides; the body needs more.
        assert_eq!(
            t("孝昌县养老服务体系建设任务清单").as_deref(),
            Some("孝感市")
        );
        assert_eq!(
            t("关于印发《芦淞区居家和社区养老服务改革试点工作方案》的通知").as_deref(),
            Some("株洲市")
        );
        assert_eq!(city(None, "甲\n推进崇川区养老服务。").as_deref(), None);
        // 鼓楼区 is a district of several cities: no city.
        assert_eq!(t("鼓楼区养老服务体系建设任务清单").as_deref(), None);
        // A county-level city is a city of its own (kept as written).
        assert_eq!(t("大冶市养老服务工作要点").as_deref(), Some("大冶市"));
    }

    #[test]
    fn the_county_a_document_is_of() {
        let county = |title: &str, city: &str| county_named(Some(title), None, city, kb());
        assert_eq!(
            county("孝昌县养老服务体系建设任务清单", "孝感市").as_deref(),
            Some("孝昌县")
        );
        assert_eq!(
            county("株洲市芦淞区养老服务改革试点工作方案", "株洲市").as_deref(),
            Some("芦淞区")
        );
        // A city's own plan, a county-level city's, two counties, another
        // city's county: none.
        assert_eq!(county("孝感市养老服务体系建设规划", "孝感市"), None);
        assert_eq!(county("应城市养老服务体系建设规划", "孝感市"), None);
        assert_eq!(county("孝昌县、大悟县养老服务协作方案", "孝感市"), None);
        assert_eq!(county("孝昌县养老服务体系建设任务清单", "黄石市"), None);
        // Without a title, the issuer; without either, none: the opening's
        // places are the body's.
        assert_eq!(
            county_named(None, Some("孝昌县人民政府办公室"), "孝感市", kb()).as_deref(),
            Some("孝昌县")
        );
        assert_eq!(county_named(None, None, "孝感市", kb()), None);
    }

    #[test]
    fn title_wins_over_places_of_other_cities() {
        let text = "学习上海、苏州姑苏区、徐州的经验；江苏、浙江、上海市浦东新区、静安区。";
        assert_eq!(
            detect(Some("晋中市人民政府关于印发实施意见"), text),
            Some(("晋中市".to_owned(), CitySource::Title))
        );
    }

    #[test]
    fn cities_from_places() {
        let table = "序号\t工作任务\t牵头部门\n1\t鼓楼区、玄武区、秦淮区建设社区养老中心\t鼓楼区政府\n2\t江宁区、六合区试点\t玄武区";
        assert_eq!(
            detect(None, table),
            Some(("南京市".to_owned(), CitySource::Gazetteer))
        );
        // One short mention is not enough, nor one full one.
        assert_eq!(city(None, "如皋开展试点"), None);
        assert_eq!(city(None, "崇川区开展试点"), None);
        assert_eq!(
            detect(None, "崇川区开展试点，如皋推广"),
            Some(("南通市".to_owned(), CitySource::Gazetteer))
        );
        // No place at all.
        assert_eq!(
            city(None, "各部门要加强养老服务，推进医养结合，持续实施。"),
            None
        );
        assert_eq!(city(None, ""), None);
        // A tie is no win.
        assert_eq!(city(None, "崇川区、玄武区"), None);
        // Signature line in the opening.
        let text = "关于印发养老服务实施意见的通知\n各县（市）区人民政府：\n现印发给你们。\n银川市人民政府\n2015年1月16日\n正文";
        assert_eq!(
            detect(Some("关于印发养老服务实施意见的通知"), text),
            Some(("银川市".to_owned(), CitySource::Title))
        );
    }
}
