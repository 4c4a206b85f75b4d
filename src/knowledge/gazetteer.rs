//! Cities and the places inside them (districts, counties, county-level
//! cities), from `ontology/gazetteer.csv` (`city,province,places`, places
//! separated by `;`).
//!
//! Besides the rows themselves the gazetteer keeps a term index used to tell
//! which city a text is about: every city's full name and short name, every
//! place's full name and short name (崇川区 → 崇川). Full names weigh
//! [`FULL_WEIGHT`], short names [`SHORT_WEIGHT`]; a term shared by several
//! cities (鼓楼区) is split between them. Short names that are also common
//! words (和平, 振兴, 互助, 公安 …) or province names (吉林, 海南) are left out,
//! and so are full names of two characters (寿县, 和县, 城区), which occur
//! inside ordinary words. Province names are "blockers": matched like terms
//! but worth nothing, so that 黑龙江 is not read as 龙江(县).

use anyhow::{bail, Context, Result};
use rustc_hash::FxHashMap as HashMap;

/// Weight of a full name (崇川区, 南通市) when scoring a text.
pub const FULL_WEIGHT: f64 = 2.0;
/// Weight of a short name (崇川, 南通) when scoring a text.
pub const SHORT_WEIGHT: f64 = 1.0;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CityEntry {
    /// Full name with suffix: 南通市.
    pub name: String,
    /// Name without suffix: 南通.
    pub short: String,
    pub province: String,
    /// Districts, counties and county-level cities: 崇川区, 如皋市, 如皋 …
    pub places: Vec<String>,
}

impl CityEntry {
    /// Other names the city commonly goes by: 延边州 for 延边朝鲜族自治州.
    pub fn aliases(&self) -> Vec<String> {
        if self.name.ends_with("自治州") && self.short.chars().count() >= 2 {
            vec![format!("{}州", self.short)]
        } else {
            Vec::new()
        }
    }
}

/// One entry of the term index: which cities a term points to, and how much.
#[derive(Debug, Clone, Default)]
struct Term {
    /// (index into `cities`, weight); empty for a blocker.
    cities: Vec<(usize, f64)>,
}

#[derive(Debug, Default)]
pub struct Gazetteer {
    cities: Vec<CityEntry>,
    /// Each city's index in `cities`, by full name.
    by_name: HashMap<String, usize>,
    provinces: Vec<String>,
    terms: HashMap<String, Term>,
    longest_term: usize,
    /// For each char that starts a term, the lengths (in chars) of the terms
    /// it starts, as bits: the scan tries only those.
    term_lengths: HashMap<char, u64>,
}

/// Suffixes of prefecture-level names, longest first.
const CITY_SUFFIXES: &[&str] = &["自治州", "地区", "盟", "市"];

/// Suffixes stripped from a place name to get its short form, longest first.
/// Towns (镇) and subdistricts (街道) get no short form: their short names
/// (长安, 桥头, 民众) are ordinary words.
const PLACE_SUFFIXES: &[&str] = &[
    "自治县",
    "自治旗",
    "行政区",
    "新区",
    "林区",
    "特区",
    "矿区",
    "区",
    "县",
    "市",
    "旗",
];

/// Ethnic names that follow a place name in autonomous units (延边朝鲜族自治州,
/// 伊犁哈萨克自治州, 龙胜各族自治县); stripped from the end, repeatedly.
const ETHNIC_NAMES: &[&str] = &[
    "柯尔克孜族",
    "维吾尔族",
    "哈萨克族",
    "达斡尔族",
    "塔吉克族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "鄂伦春族",
    "塔塔尔族",
    "蒙古族",
    "土家族",
    "布依族",
    "朝鲜族",
    "哈尼族",
    "傈僳族",
    "高山族",
    "拉祜族",
    "东乡族",
    "纳西族",
    "景颇族",
    "仫佬族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "德昂族",
    "保安族",
    "裕固族",
    "独龙族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
    "柯尔克孜",
    "哈萨克",
    "塔吉克",
    "蒙古",
    "锡伯",
    "鄂伦春",
    "回族",
    "藏族",
    "苗族",
    "彝族",
    "壮族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "黎族",
    "佤族",
    "畲族",
    "水族",
    "羌族",
    "土族",
    "怒族",
    "京族",
    "各族",
];

/// Short names that are also ordinary words of the genre, never counted.
const COMMON_WORDS: &[&str] = &[
    "和平", "新华", "平安", "长安", "安定", "共和", "城关", "城中", "城东", "城西", "城北", "市中",
    "市南", "市北", "新城", "老城", "古城", "山城", "友好", "新兴", "前进", "东风", "向阳", "红旗",
    "红星", "光明", "长寿", "康乐", "安康", "朝阳", "振兴", "复兴", "太平", "宏伟", "工农", "青山",
    "江山", "江南", "解放", "博爱", "民权", "惠民", "惠农", "互助", "同心", "同德", "同仁", "合作",
    "和政", "富民", "富裕", "安宁", "安居", "平原", "中原", "上街", "天桥", "路桥", "天台", "台前",
    "商城", "公安", "会同", "通道", "新建", "资源", "延长", "武功", "长城", "温泉", "威信", "乐业",
    "港口", "运河", "平房", "方正", "友谊", "爱民", "回民", "中方", "长子", "清水", "丰满", "吉利",
    "南部", "平和", "牡丹", "长治", "来宾", "阿里", "东区", "西区", "南区", "北区", "新市", "西市",
    "开发", "高新",
];

/// Never places, although a place name could be read inside them; also
/// phrases that are full place names but mostly mean something else:
/// 老城区 (old town), 新城区 (new town).
const BLOCKERS: &[&str] = &[
    "中华人民共和国",
    "共和国",
    "黑龙江",
    "内蒙古",
    "市中心",
    "老城区",
    "新城区",
];

/// Strips the first matching suffix of `suffixes`, then ethnic names.
fn strip_name(name: &str, suffixes: &[&str]) -> Option<String> {
    let base = suffixes
        .iter()
        .find_map(|s| name.strip_suffix(s).filter(|b| !b.is_empty()))?;
    let mut base = base.to_owned();
    loop {
        let next = ETHNIC_NAMES
            .iter()
            .find_map(|e| base.strip_suffix(e).filter(|b| b.chars().count() >= 2));
        match next {
            Some(b) => base = b.to_owned(),
            None => break,
        }
    }
    Some(base)
}

/// The name without its suffix: 南通市 → 南通, 延边朝鲜族自治州 → 延边,
/// 大兴安岭地区 → 大兴安岭, 锡林郭勒盟 → 锡林郭勒. Returns the name itself
/// when it has no known suffix.
pub fn city_short_name(name: &str) -> String {
    strip_name(name, CITY_SUFFIXES).unwrap_or_else(|| name.to_owned())
}

/// The short form of a district, county or county-level city (崇川区 → 崇川,
/// 浦东新区 → 浦东, 长阳土家族自治县 → 长阳), or `None` when it has none
/// (towns, subdistricts, names of two characters).
pub fn place_short_name(name: &str) -> Option<String> {
    strip_name(name, PLACE_SUFFIXES).filter(|s| s.chars().count() >= 2)
}

/// A province's short form: 江苏省 → 江苏, 广西壮族自治区 → 广西.
fn province_short_name(name: &str) -> String {
    strip_name(name, &["自治区", "省", "市"]).unwrap_or_else(|| name.to_owned())
}

fn split_places(field: &str) -> Vec<String> {
    field
        .split([';', '；'])
        .map(crate::text::squash)
        .filter(|p| !p.is_empty())
        .collect()
}

impl Gazetteer {
    pub fn from_csv(data: &str) -> Result<Gazetteer> {
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .flexible(true)
            .from_reader(data.as_bytes());
        let headers = reader.headers().context("reading the header row")?.clone();
        let column = |name: &str| -> Result<usize> {
            headers
                .iter()
                .position(|h| h.trim() == name)
                .with_context(|| format!("the header row has no {name:?} column"))
        };
        let (city_col, province_col, places_col) =
            (column("city")?, column("province")?, column("places")?);
        let mut gazetteer = Gazetteer::default();
        for (i, record) in reader.records().enumerate() {
            let row = i + 2;
            let record = record.with_context(|| format!("row {row}"))?;
            let field = |n: usize| crate::text::squash(record.get(n).unwrap_or(""));
            let (name, province) = (field(city_col), field(province_col));
            if name.is_empty() && province.is_empty() && field(places_col).is_empty() {
                continue;
            }
            if name.is_empty() {
                bail!("row {row}: the city is empty");
            }
            if !CITY_SUFFIXES.iter().any(|s| name.ends_with(s)) || name.chars().count() < 2 {
                bail!("row {row}: {name:?} does not end with 市, 地区, 自治州 or 盟");
            }
            if province.is_empty() {
                bail!("row {row}: {name} has no province");
            }
            if gazetteer.city(&name).is_some() {
                bail!("row {row}: {name} appears twice");
            }
            gazetteer
                .by_name
                .insert(name.clone(), gazetteer.cities.len());
            gazetteer.cities.push(CityEntry {
                short: city_short_name(&name),
                places: split_places(record.get(places_col).unwrap_or("")),
                name,
                province: province.clone(),
            });
            if !gazetteer.provinces.contains(&province) {
                gazetteer.provinces.push(province);
            }
        }
        gazetteer.build_index();
        Ok(gazetteer)
    }

    fn build_index(&mut self) {
        let province_names: Vec<String> = self
            .provinces
            .iter()
            .filter(|p| self.city(p).is_none())
            .flat_map(|p| [p.clone(), province_short_name(p)])
            .collect();
        let usable_short = |s: &str| {
            s.chars().count() >= 2
                && !COMMON_WORDS.contains(&s)
                && !province_names.iter().any(|p| p == s)
        };
        let mut terms: HashMap<String, Term> = HashMap::default();
        let mut add = |term: &str, city: usize, weight: f64| {
            let entry = terms.entry(term.to_owned()).or_default();
            match entry.cities.iter_mut().find(|(c, _)| *c == city) {
                Some((_, w)) => *w = w.max(weight),
                None => entry.cities.push((city, weight)),
            }
        };
        for (i, city) in self.cities.iter().enumerate() {
            add(&city.name, i, FULL_WEIGHT);
            for alias in city.aliases() {
                add(&alias, i, FULL_WEIGHT);
            }
            if usable_short(&city.short) && city.short != city.name {
                add(&city.short, i, SHORT_WEIGHT);
            }
            for place in &city.places {
                if place.chars().count() >= 3 {
                    add(place, i, FULL_WEIGHT);
                }
                if let Some(short) = place_short_name(place).filter(|s| usable_short(s)) {
                    add(&short, i, SHORT_WEIGHT);
                }
            }
        }
        for blocker in province_names
            .iter()
            .map(String::as_str)
            .chain(BLOCKERS.iter().copied())
        {
            terms.insert(blocker.to_owned(), Term::default());
        }
        self.longest_term = terms.keys().map(|t| t.chars().count()).max().unwrap_or(0);
        self.term_lengths.clear();
        for term in terms.keys() {
            let (Some(first), len) = (term.chars().next(), term.chars().count()) else {
                continue;
            };
            // Longer terms than 63 chars would not fit the mask; none exists.
            debug_assert!(len < 64, "{term}");
            *self.term_lengths.entry(first).or_default() |= 1 << len.min(63);
        }
        self.terms = terms;
    }

    pub fn cities(&self) -> &[CityEntry] {
        &self.cities
    }

    pub fn city(&self, name: &str) -> Option<&CityEntry> {
        self.by_name.get(name).map(|&i| &self.cities[i])
    }

    /// Province-level names seen in the file (江苏省, 广西壮族自治区, 北京市 …).
    pub fn provinces(&self) -> &[String] {
        &self.provinces
    }

    /// True for a province name, full or short (江苏省, 江苏, 广西); the four
    /// municipalities are cities, not provinces, here.
    pub fn is_province(&self, name: &str) -> bool {
        self.provinces
            .iter()
            .filter(|p| self.city(p).is_none())
            .any(|p| p == name || province_short_name(p) == name)
    }

    /// The city a prefecture-level name denotes: its full name (南通市) or
    /// an alias (延边州).
    pub fn city_named(&self, name: &str) -> Option<&CityEntry> {
        self.cities
            .iter()
            .find(|c| c.name == name || c.aliases().iter().any(|a| a == name))
    }

    /// The cities whose places include `place` (full name): 鼓楼区 → 南京市,
    /// 徐州市, 福州市, 开封市.
    pub fn cities_with_place(&self, place: &str) -> Vec<&CityEntry> {
        self.cities
            .iter()
            .filter(|c| c.places.iter().any(|p| p == place))
            .collect()
    }

    /// Each place or city name `text` mentions, in order, with the cities it
    /// may denote (several for 鼓楼区); read leftmost-longest, blanks ignored.
    pub fn mentions(&self, text: &str) -> Vec<(String, Vec<&CityEntry>)> {
        let mut out = Vec::new();
        self.scan(text, |term, t| {
            out.push((
                term.to_owned(),
                t.cities.iter().map(|(c, _)| &self.cities[*c]).collect(),
            ));
        });
        out
    }

    /// Calls `hit` for each term found in `text`, leftmost-longest; blockers
    /// are consumed silently.
    fn scan(&self, text: &str, mut hit: impl FnMut(&str, &Term)) {
        let text = crate::text::squash(text);
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(text.len()))
            .collect();
        let chars = bounds.len() - 1;
        let mut i = 0;
        while i < chars {
            let first = text[bounds[i]..].chars().next().unwrap_or_default();
            let Some(&lengths) = self.term_lengths.get(&first) else {
                i += 1;
                continue;
            };
            let longest = self.longest_term.min(chars - i);
            let found = (2..=longest)
                .rev()
                .filter(|len| lengths & (1 << len) != 0)
                .find_map(|len| {
                    let term = &text[bounds[i]..bounds[i + len]];
                    self.terms.get(term).map(|t| (len, term, t))
                });
            match found {
                Some((len, term, t)) => {
                    if !t.cities.is_empty() {
                        hit(term, t);
                    }
                    i += len;
                }
                None => i += 1,
            }
        }
    }

    /// How strongly `text` points at each city, best first (ties in file
    /// order): mentions of the city's own name and of its places, full names
    /// weighing more than short ones, read leftmost-longest so that 崇川区 is
    /// one mention, not also 崇川. Blanks are ignored (崇川\n区 is 崇川区).
    /// Short place names (two characters, often read across a word boundary:
    /// 投资兴办 holds 资兴, 健康保险 康保) count only for a city that is also
    /// named in full, or by its own short name, somewhere in the text.
    pub fn place_scores(&self, text: &str) -> Vec<(&CityEntry, f64)> {
        let mut full = vec![0.0_f64; self.cities.len()];
        let mut short = vec![0.0_f64; self.cities.len()];
        let mut anchored = vec![false; self.cities.len()];
        self.scan(text, |term, t| {
            let n = t.cities.len() as f64;
            for &(city, weight) in &t.cities {
                if weight >= FULL_WEIGHT {
                    full[city] += weight / n;
                    anchored[city] = true;
                } else {
                    short[city] += weight / n;
                    anchored[city] |= term == self.cities[city].short;
                }
            }
        });
        let scores =
            (0..self.cities.len()).map(|i| full[i] + if anchored[i] { short[i] } else { 0.0 });
        let mut ranked: Vec<(&CityEntry, f64)> = self
            .cities
            .iter()
            .zip(scores)
            .filter(|(_, s)| *s > 0.0)
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        ranked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> Gazetteer {
        Gazetteer::from_csv(include_str!("../../ontology/gazetteer.csv")).unwrap()
    }

    fn assert_places(g: &Gazetteer, city: &str, places: &[&str]) {
        let entry = g.city(city).unwrap_or_else(|| panic!("{city} is missing"));
        for p in places {
            assert!(entry.places.iter().any(|x| x == p), "{city} lacks {p}");
        }
    }

    #[test]
    fn bundled_file_covers_every_prefecture() {
        let g = bundled();
        assert!(g.cities().len() >= 330, "only {} rows", g.cities().len());
        // Every row parsed into a named city with a province and places.
        for c in g.cities() {
            assert!(!c.short.is_empty() && !c.province.is_empty(), "{c:?}");
            assert!(!c.places.is_empty(), "{} has no places", c.name);
        }
        for m in ["北京市", "天津市", "上海市", "重庆市"] {
            assert!(g.city(m).is_some(), "{m}");
        }
        assert_eq!(g.provinces().len(), 31);
        assert_places(
            &g,
            "南通市",
            &["崇川区", "港闸区", "如皋市", "海安市", "海门区"],
        );
        assert_places(
            &g,
            "晋中市",
            &["榆次区", "太谷县", "太谷区", "平遥县", "介休市"],
        );
        assert_places(
            &g,
            "银川市",
            &["兴庆区", "金凤区", "西夏区", "永宁县", "贺兰县", "灵武市"],
        );
        assert_places(&g, "常州市", &["武进区", "溧阳市", "金坛区"]);
        assert_places(&g, "上海市", &["浦东新区", "闸北区", "崇明县"]);
        assert_places(&g, "延边朝鲜族自治州", &["延吉市", "珲春市"]);
        assert_places(&g, "济南市", &["莱芜区", "钢城区"]);
        assert!(g.city("莱芜市").is_some() && g.city("三沙市").is_some());
    }

    #[test]
    fn derives_short_names() {
        let g = bundled();
        let short = |n: &str| g.city(n).unwrap().short.clone();
        assert_eq!(short("南通市"), "南通");
        assert_eq!(short("延边朝鲜族自治州"), "延边");
        assert_eq!(short("伊犁哈萨克自治州"), "伊犁");
        assert_eq!(short("湘西土家族苗族自治州"), "湘西");
        assert_eq!(short("大兴安岭地区"), "大兴安岭");
        assert_eq!(short("锡林郭勒盟"), "锡林郭勒");
        assert_eq!(
            g.city("延边朝鲜族自治州").unwrap().aliases(),
            vec!["延边州"]
        );
        assert_eq!(g.city_named("恩施州").unwrap().name, "恩施土家族苗族自治州");
        assert_eq!(place_short_name("崇川区").as_deref(), Some("崇川"));
        assert_eq!(place_short_name("浦东新区").as_deref(), Some("浦东"));
        assert_eq!(place_short_name("峰峰矿区").as_deref(), Some("峰峰"));
        assert_eq!(
            place_short_name("长阳土家族自治县").as_deref(),
            Some("长阳")
        );
        assert_eq!(
            place_short_name("积石山保安族东乡族撒拉族自治县").as_deref(),
            Some("积石山")
        );
        assert_eq!(
            place_short_name("梅里斯达斡尔族区").as_deref(),
            Some("梅里斯")
        );
        assert_eq!(place_short_name("寿县"), None);
        assert_eq!(place_short_name("虎门镇"), None);
        assert!(g.is_province("江苏省") && g.is_province("广西") && !g.is_province("上海市"));
        assert_eq!(g.cities_with_place("鼓楼区").len(), 4);
    }

    #[test]
    fn scores_places_leftmost_longest() {
        let g = bundled();
        let scores = g.place_scores("崇川区、港闸区及市开发区；如皋博爱护理院");
        assert_eq!(scores[0].0.name, "南通市");
        // 崇川区 and 港闸区 are full names (2 each), 如皋 a short one (1).
        assert_eq!(scores[0].1, 5.0);
        // Province names and common words count for nothing.
        assert!(g
            .place_scores("中华人民共和国老年人权益保障法，黑龙江省，和平发展")
            .is_empty());
        // A name shared by four cities is split between them.
        let scores = g.place_scores("鼓楼区");
        assert_eq!(scores.len(), 4);
        assert_eq!(scores[0].1, 0.5);
        // Short names alone are not enough: 投资兴办 is no mention of 资兴(市).
        assert!(g
            .place_scores("鼓励社会力量投资兴办，老年人投保健康保险")
            .is_empty());
        // … but the city's own short name anchors them.
        let scores = g.place_scores("晋中：榆社、太谷");
        assert_eq!((scores[0].0.name.as_str(), scores[0].1), ("晋中市", 3.0));
        // Blocked phrases: 老城区 is an old town, not 洛阳市老城区.
        assert!(g.place_scores("老城区和新城区").is_empty());
    }

    #[test]
    fn bad_rows_are_errors_naming_the_row() {
        let err = Gazetteer::from_csv("city,province,places\n南通市,江苏省,崇川区\n,江苏省,x\n")
            .unwrap_err();
        assert!(format!("{err:#}").contains("row 3"), "{err:#}");
        let err = Gazetteer::from_csv("city,province,places\n南通,江苏省,崇川区\n").unwrap_err();
        assert!(format!("{err:#}").contains("row 2"), "{err:#}");
        let err = Gazetteer::from_csv("city,province,places\n南通市,,崇川区\n").unwrap_err();
        assert!(format!("{err:#}").contains("row 2"), "{err:#}");
        let err = Gazetteer::from_csv("city,places\n南通市,崇川区\n").unwrap_err();
        assert!(format!("{err:#}").contains("province"), "{err:#}");
        let err = Gazetteer::from_csv("city,province,places\n\"南通市,江苏省\n").unwrap_err();
        assert!(format!("{err:#}").contains("row"), "{err:#}");
        // Blank rows and quoted fields are fine.
        let g =
            Gazetteer::from_csv("city,province,places\n\n\"南通市\",江苏省,\"崇川区;港闸区\"\n")
                .unwrap();
        assert_eq!(g.cities()[0].places, vec!["崇川区", "港闸区"]);
    }
}
