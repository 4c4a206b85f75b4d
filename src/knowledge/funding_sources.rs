//! The funding-source code list (SKOS, `ontology/funding-sources.ttl`) and
//! the search for sources named in a sentence.
//!
//! All matching knowledge is in the Turtle file: keywords (`skos:hiddenLabel`),
//! regular expressions (`eg:namePattern`, whose first capture group, if any,
//! is the mention) and shadow words (`eg:shadowLabel` on the scheme) that
//! block a keyword inside them (市财政局 is a bureau, not the budget).

use std::ops::Range;

use anyhow::Result;
use regex::Regex;

use super::scheme::{read_concepts, read_name_patterns, Concept, FoldedText, KeywordIndex, Ties};
pub use super::scheme::{NAME_PATTERN, SHADOW_LABEL};
use super::turtle::TurtleIndex;

/// The IRI of the scheme; concept IRIs are this plus the code.
pub const SCHEME_IRI: &str = "https://w3id.org/eldergraph/code/funding-source/";

/// A funding source has nothing beyond the concept's code, labels and IRI.
pub type FundingSource = Concept;

/// Where a sentence names funding sources: one phrase may name several
/// (市县两级财政 → municipal-finance, county-finance).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceMention {
    /// Codes in scheme order.
    pub codes: Vec<String>,
    /// Byte range in the sentence as given (not folded).
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Default)]
pub struct FundingSources {
    sources: Vec<FundingSource>,
    /// Shadow words win ties of length, then the match that starts first.
    keywords: KeywordIndex,
    patterns: Vec<(Regex, usize)>,
}

impl FundingSources {
    pub fn from_turtle(turtle: &str) -> Result<FundingSources> {
        let index = TurtleIndex::parse(turtle)?;
        let sources = read_concepts(&index, SCHEME_IRI, Ok)?;
        Ok(FundingSources {
            keywords: KeywordIndex::from_scheme(
                &index,
                SCHEME_IRI,
                &sources,
                Ties::ShadowsThenTextOrder,
            ),
            patterns: read_name_patterns(&index, &sources)?,
            sources,
        })
    }

    pub fn all(&self) -> &[FundingSource] {
        &self.sources
    }

    pub fn get(&self, code: &str) -> Option<&FundingSource> {
        self.sources.iter().find(|s| s.code == code)
    }

    /// The sources a sentence names, in text order: the longest keyword or
    /// pattern match first, never overlapping; shadow words block what they
    /// cover and win ties of length. Blanks and character widths are ignored.
    pub fn find(&self, sentence: &str) -> Vec<SourceMention> {
        let folded = FoldedText::without_blanks(sentence);
        let named = self.pattern_matches(&folded);
        self.keywords
            .find_with(&folded, named)
            .into_iter()
            .map(|found| SourceMention {
                codes: found
                    .concepts
                    .iter()
                    .map(|&i| self.sources[i].code.clone())
                    .collect(),
                start: found.bytes.start,
                end: found.bytes.end,
            })
            .collect()
    }

    /// What the patterns name, as char ranges: a match's first capture
    /// group, or the whole match when there is none.
    fn pattern_matches(&self, folded: &FoldedText) -> Vec<(Range<usize>, usize)> {
        let mut named = Vec::new();
        for (re, source) in &self.patterns {
            for caps in re.captures_iter(folded.as_str()) {
                let m = caps.get(1).or_else(|| caps.get(0));
                if let Some(m) = m.filter(|m| !m.is_empty()) {
                    named.push((folded.char_at(m.start())..folded.char_at(m.end()), *source));
                }
            }
        }
        named
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The analysts' code list (shared/spec/funding-sources.csv): code, zh, en,
    /// typical names; the Turtle must carry every row unchanged and in order.
    const CONTRACT_CODES: &str = "\
welfare-lottery-fund,福利彩票公益金,Welfare lottery proceeds,福利彩票公益金; 福彩公益金; 市级福彩公益金; 省级福利彩票公益金; 彩票公益金
sports-lottery-fund,体育彩票公益金,Sports lottery proceeds,体育彩票公益金
central-finance,中央财政,Central government budget,中央财政; 中央建设补助
provincial-finance,省级财政,Provincial budget,省财政; 自治区财政; 省定标准; 省级现代服务业发展专项引导资金
municipal-finance,市级财政,Municipal budget,市财政; 市级财政; 市财政局承担
county-finance,县级财政,County or district budget,县级财政; 市辖区; 所在县（区、市）财政; 各县（市）区财政
service-industry-fund,服务业发展专项资金,Service-industry development fund,服务业发展专项资金; 服务业发展引导资金; 现代服务业发展专项引导资金
employment-fund,就业资金,Employment and re-employment funds,就业资金; 再就业援助; 公益性岗位补贴; 社会保险补贴
medical-insurance-fund,医疗保险基金,Basic medical insurance,城镇职工（居民）基本医疗保险; 新型农村合作医疗; 医保
long-term-care-insurance,长期护理保险,Long-term care insurance,长期护理保险; 长护险基金; 老年护理保险
bank-credit,银行信贷,Bank lending,银行业金融机构授信; 信贷支持; 贷款; 抵押贷款
insurance-capital,保险资金,Insurance capital,保险资金
private-capital,社会资本,Private and social capital,社会资本; 民间资本; 社会力量投资
foreign-capital,境外资本,Foreign capital,境外资本; 外资; 境外投资者
investment-guidance-fund,投资引导基金,Government guidance or guarantee funds,投资引导基金; 产业投资担保基金; 投融资平台; 中小企业信用担保";

    fn bundled() -> FundingSources {
        FundingSources::from_turtle(include_str!("../../ontology/funding-sources.ttl")).unwrap()
    }

    fn codes(list: &FundingSources, sentence: &str) -> Vec<String> {
        list.find(sentence)
            .into_iter()
            .flat_map(|m| m.codes)
            .collect()
    }

    #[test]
    fn carries_every_contract_code_unchanged_and_in_order() {
        let list = bundled();
        for (i, row) in CONTRACT_CODES.lines().enumerate() {
            let f: Vec<&str> = row.split(',').collect();
            let s = &list.all()[i];
            assert_eq!(s.code, f[0]);
            assert_eq!(s.zh, f[1], "{}", f[0]);
            assert_eq!(s.en, f[2], "{}", f[0]);
            assert_eq!(s.iri, format!("{SCHEME_IRI}{}", f[0]));
        }
        let ours: Vec<&str> = list.all()[CONTRACT_CODES.lines().count()..]
            .iter()
            .map(|s| s.code.as_str())
            .collect();
        assert_eq!(
            ours,
            [
                "same-level-finance",
                "special-bonds",
                "charitable-donations"
            ]
        );
    }

    #[test]
    fn every_typical_name_gets_its_code() {
        let list = bundled();
        for row in CONTRACT_CODES.lines() {
            let f: Vec<&str> = row.splitn(4, ',').collect();
            for name in f[3].split("; ") {
                // 市辖区 names a payer only where it pays.
                let text = if name == "市辖区" {
                    "市辖区承担2000元".to_owned()
                } else {
                    format!("由{name}给予补助")
                };
                let got = codes(&list, &text);
                assert!(got.iter().any(|c| c == f[0]), "{name}: {got:?}");
            }
        }
    }

    #[test]
    fn longest_match_wins() {
        let list = bundled();
        assert_eq!(
            codes(&list, "体育彩票公益金要配备健身器材"),
            ["sports-lottery-fund"]
        );
        assert_eq!(
            codes(&list, "各级福利彩票公益金留成部分"),
            ["welfare-lottery-fund"]
        );
        assert_eq!(
            codes(
                &list,
                "由省级现代服务业发展专项引导资金给予100万元一次性奖励"
            ),
            ["provincial-finance", "service-industry-fund"]
        );
        assert_eq!(
            codes(&list, "充分利用服务业发展专项资金和引导资金"),
            ["service-industry-fund", "service-industry-fund"]
        );
        assert_eq!(
            codes(&list, "设立投资引导基金"),
            ["investment-guidance-fund"]
        );
        assert_eq!(codes(&list, "市本级财政安排"), ["municipal-finance"]);
        assert_eq!(codes(&list, "由同级财政负担"), ["same-level-finance"]);
        assert_eq!(
            codes(&list, "探索建立长期护理保险制度"),
            ["long-term-care-insurance"]
        );
    }

    #[test]
    fn shapes_name_sources() {
        let list = bundled();
        assert_eq!(
            codes(&list, "除中央、省建设补助外"),
            ["central-finance", "provincial-finance"]
        );
        assert_eq!(
            codes(&list, "由市县两级财政各承担50%"),
            ["municipal-finance", "county-finance"]
        );
        // 辖市（区）: Jiangsu's county-level cities and districts.
        for text in ["市、辖市（区）两级财政按照", "由市和辖市区两级财政分担"]
        {
            assert_eq!(
                codes(&list, text),
                ["municipal-finance", "county-finance"],
                "{text}"
            );
        }
        assert_eq!(codes(&list, "各辖市（区）财政安排"), ["county-finance"]);
        assert_eq!(
            codes(&list, "市、县财政每年安排"),
            ["municipal-finance", "county-finance"]
        );
        assert_eq!(
            codes(&list, "市财政、各县（市）区财政根据建设进度"),
            ["municipal-finance", "county-finance"]
        );
        assert_eq!(
            codes(&list, "由市财政和市辖区按照1∶1比例分担"),
            ["municipal-finance", "county-finance"]
        );
        assert_eq!(
            codes(&list, "给予不低于省定1万元标准一次性建设补助"),
            ["provincial-finance"]
        );
        assert_eq!(codes(&list, "由所在县(区、市)财政购买"), ["county-finance"]);
        assert_eq!(
            codes(&list, "福利彩票和体育彩票公益金"),
            ["welfare-lottery-fund", "sports-lottery-fund"]
        );
    }

    #[test]
    fn shadows_block_departments_and_places() {
        let list = bundled();
        for text in [
            "(市医保局、市民政局、市财政局按照职责分工负责)",
            "省民政厅、省发改委、省财政厅",
            "市辖区民政部门",
            "财政部门要逐步建立公共财政投入保障机制",
            "安排额外资金",
        ] {
            assert!(
                codes(&list, text).is_empty(),
                "{text}: {:?}",
                codes(&list, text)
            );
        }
        assert_eq!(codes(&list, "由市财政局承担"), ["municipal-finance"]);
    }

    #[test]
    fn spans_are_bytes_of_the_sentence_as_given() {
        let list = bundled();
        let s = "其中市 财政承担4000元，市辖区承担2000元";
        let found = list.find(s);
        assert_eq!(found.len(), 2);
        assert_eq!(&s[found[0].start..found[0].end], "市 财政");
        assert_eq!(&s[found[1].start..found[1].end], "市辖区");
        let s = "除中央、省建设补助外";
        let found = list.find(s);
        assert_eq!(&s[found[0].start..found[0].end], "中央");
        assert_eq!(&s[found[1].start..found[1].end], "省建设补助");
        let s = "所在县（区、市）财政";
        assert_eq!(list.find(s)[0].end, s.len());
    }

    #[test]
    fn rejects_broken_lists() {
        assert!(FundingSources::from_turtle("not turtle").is_err());
        let bad_regex = r#"@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
            <https://w3id.org/eldergraph/code/funding-source/x> a skos:Concept ;
              skos:notation "x" ; skos:prefLabel "x"@zh, "x"@en ;
              <https://w3id.org/eldergraph/ns#namePattern> "(" ."#;
        assert!(FundingSources::from_turtle(bad_regex).is_err());
        let bad_iri = r#"@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
            <https://w3id.org/eldergraph/code/funding-source/x> a skos:Concept ;
              skos:notation "y" ; skos:prefLabel "x"@zh, "x"@en ."#;
        assert!(FundingSources::from_turtle(bad_iri).is_err());
    }

    #[test]
    fn odd_text_finds_nothing_and_never_panics() {
        let list = bundled();
        for text in ["", " ", "（", "🙂财政", "市", "\u{feff}", "市\u{3000}财政"] {
            let _ = list.find(text);
        }
        assert!(codes(&list, "").is_empty());
        assert_eq!(codes(&list, "市\u{3000}财政"), ["municipal-finance"]);
    }
}
