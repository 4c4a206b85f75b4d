//! The department-type code list (SKOS, `ontology/department-types.ttl`) and
//! the classification of a department name into types.
//!
//! All matching knowledge is in the Turtle file: keywords (`skos:hiddenLabel`)
//! found inside a name, regular expressions (`eg:namePattern`) for types
//! known by the shape of a name, and `eg:takesCityPrefix false` for bodies
//! that are not city departments.

use std::ops::{Deref, Range};

use anyhow::{bail, Result};
use regex::Regex;

use super::scheme::{read_concepts, read_name_patterns, Concept, FoldedText, KeywordIndex, Ties};
pub use super::scheme::{NAME_PATTERN, SHADOW_LABEL};
use super::turtle::{TurtleIndex, SKOS_BROADER};

/// The IRI of the scheme; concept IRIs are this plus the code.
pub const SCHEME_IRI: &str = "https://w3id.org/eldergraph/code/department-type/";
/// `false` for types whose bodies never receive the city prefix 市.
pub const TAKES_CITY_PREFIX: &str = "https://w3id.org/eldergraph/ns#takesCityPrefix";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartmentType {
    pub concept: Concept,
    /// Code of the broader type, if any (aging-office → civil-affairs).
    pub broader: Option<String>,
}

/// A type is a concept with a broader type: `t.code`, `t.zh` read as before.
impl Deref for DepartmentType {
    type Target = Concept;

    fn deref(&self) -> &Concept {
        &self.concept
    }
}

#[derive(Debug, Default)]
pub struct DepartmentTypes {
    types: Vec<DepartmentType>,
    /// Ties of length go to the keyword listed first: in 商业保险公司 the span
    /// is 保险公司, listed before 商业保险, which starts earlier.
    keywords: KeywordIndex,
    patterns: Vec<(Regex, usize)>,
    /// Per type: whether its bodies take the city prefix.
    takes_prefix: Vec<bool>,
}

impl DepartmentTypes {
    pub fn from_turtle(turtle: &str) -> Result<DepartmentTypes> {
        let index = TurtleIndex::parse(turtle)?;
        let types = read_concepts(&index, SCHEME_IRI, |concept| {
            let broader = read_broader(&index, &concept.iri);
            Ok(DepartmentType { concept, broader })
        })?;
        let concepts = || types.iter().map(|t| &t.concept);
        let list = DepartmentTypes {
            keywords: KeywordIndex::from_scheme(&index, SCHEME_IRI, concepts(), Ties::ListOrder),
            patterns: read_name_patterns(&index, concepts())?,
            takes_prefix: types.iter().map(|t| takes_prefix(&index, &t.iri)).collect(),
            types,
        };
        list.check_broader()?;
        Ok(list)
    }

    pub fn all(&self) -> &[DepartmentType] {
        &self.types
    }

    pub fn get(&self, code: &str) -> Option<&DepartmentType> {
        self.types.iter().find(|t| t.code == code)
    }

    /// Type codes of a department name, all that apply (住房和城乡建设局 →
    /// housing, construction); empty when none matches.
    pub fn classify(&self, name: &str) -> Vec<String> {
        let folded = FoldedText::without_blanks(name);
        let mut hits = vec![false; self.types.len()];
        for found in self.keywords.find(&folded) {
            for t in found.concepts {
                hits[t] = true;
            }
        }
        for (re, t) in &self.patterns {
            if re.is_match(folded.as_str()) {
                hits[*t] = true;
            }
        }
        self.types
            .iter()
            .zip(hits)
            .filter(|(_, hit)| *hit)
            .map(|(t, _)| t.code.clone())
            .collect()
    }

    /// Where department keywords occur in `text`, as character ranges, in
    /// text order; longest keywords first, never overlapping. Blanks are not
    /// removed here, so the ranges index `text.chars()`.
    pub fn keyword_spans(&self, text: &str) -> Vec<Range<usize>> {
        self.keywords
            .find(&FoldedText::with_blanks(text))
            .into_iter()
            .map(|found| found.chars)
            .collect()
    }

    /// False when one of `codes` is a type whose bodies are not city
    /// departments (各区, 供电公司, 人民银行常州支行): 市 is not distributed to them.
    pub fn takes_city_prefix(&self, codes: &[String]) -> bool {
        codes.iter().all(|code| {
            self.types
                .iter()
                .position(|t| &t.code == code)
                .is_none_or(|i| self.takes_prefix[i])
        })
    }

    fn check_broader(&self) -> Result<()> {
        for t in &self.types {
            if let Some(b) = &t.broader {
                if self.get(b).is_none() {
                    bail!("{}: broader {b} is not in the scheme", t.code);
                }
            }
        }
        Ok(())
    }
}

/// Only an explicit `false` denies the prefix.
fn takes_prefix(index: &TurtleIndex, iri: &str) -> bool {
    index.literal(iri, TAKES_CITY_PREFIX, None).as_deref() != Some("false")
}

/// The first `skos:broader` that is a type of this scheme, by code.
fn read_broader(index: &TurtleIndex, iri: &str) -> Option<String> {
    index
        .iris(iri, SKOS_BROADER)
        .find_map(|b| b.strip_prefix(SCHEME_IRI))
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The analysts' code list (shared/spec/department-types.csv: code, zh,
    /// en, broader); the Turtle must carry every row unchanged.
    const CONTRACT_CODES: &str = "\
civil-affairs,民政,Civil Affairs,
aging-office,老龄工作,Office on Ageing,civil-affairs
finance,财政,Finance,
development-reform,发展改革,Development and Reform,
pricing,物价,Pricing,development-reform
hr-social-security,人力资源和社会保障,Human Resources and Social Security,
health,卫生健康,Health,
healthcare-security,医疗保障,Healthcare Security,
land-resources,国土资源,Land and Resources,
urban-planning,城乡规划,Urban and Rural Planning,
planning-natural-resources,规划和自然资源,Planning and Natural Resources,
housing,住房保障和房产管理,Housing,
construction,城乡建设,Construction,
education,教育,Education,
culture,文化广电新闻出版,Culture Radio Television and Press,
culture-tourism,文化和旅游,Culture and Tourism,
sports,体育,Sports,
tourism,旅游,Tourism,
justice,司法,Justice,
commerce,商务,Commerce,
industry-it,经济和信息化,Industry and Information Technology,
science-technology,科技,Science and Technology,
public-security,公安,Public Security,
fire-rescue,消防,Fire and Rescue,
emergency-management,应急管理,Emergency Management,
market-regulation,市场监管,Market Regulation,
industry-commerce,工商行政管理,Industry and Commerce Administration,market-regulation
quality-supervision,质量技术监督,Quality and Technical Supervision,market-regulation
food-drug,食品药品监管,Food and Drug Administration,market-regulation
taxation,税务,Taxation,
statistics,统计,Statistics,
audit,审计,Audit,
agriculture-rural,农业农村,Agriculture and Rural Affairs,
ecology-environment,生态环境,Ecology and Environment,
state-assets,国有资产监管,State-owned Assets Supervision,
financial-affairs,地方金融,Local Financial Affairs,
banking-insurance-regulation,银行保险监管,Banking and Insurance Regulation,
securities-regulation,证券监管,Securities Regulation,
central-bank,人民银行,People's Bank of China branch,
intellectual-property,知识产权,Intellectual Property,
establishment-office,机构编制,Institutional Establishment Office,
performance-office,绩效考核,Performance Evaluation Office,
civilization-office,精神文明建设,Civilization Office,
publicity-department,宣传,Party Publicity Department,
veteran-cadres,老干部,Party Veteran Cadres Bureau,
court,法院,Court,
disabled-federation,残疾人联合会,Disabled Persons' Federation,
womens-federation,妇女联合会,Women's Federation,
youth-league,共青团,Communist Youth League,
trade-union,工会,Federation of Trade Unions,
utilities,公用事业单位,Utility companies,
insurers,保险公司,Insurance companies,
county-government,县（市、区）人民政府,County/district governments (collectively),
district-government,区人民政府（具体）,A named district or development zone,county-government";

    fn bundled() -> DepartmentTypes {
        DepartmentTypes::from_turtle(include_str!("../../ontology/department-types.ttl")).unwrap()
    }

    #[test]
    fn carries_every_contract_code_unchanged_and_in_order() {
        let list = bundled();
        for (i, row) in CONTRACT_CODES.lines().enumerate() {
            let f: Vec<&str> = row.split(',').collect();
            let t = &list.all()[i];
            assert_eq!(t.code, f[0]);
            assert_eq!(t.zh, f[1], "{}", f[0]);
            assert_eq!(t.en, f[2], "{}", f[0]);
            assert_eq!(t.broader.as_deref(), Some(f[3]).filter(|b| !b.is_empty()));
            assert_eq!(t.iri, format!("{SCHEME_IRI}{}", f[0]));
        }
    }

    #[test]
    fn every_project_code_is_new() {
        let list = bundled();
        let contract: Vec<&str> = CONTRACT_CODES
            .lines()
            .map(|r| r.split(',').next().unwrap())
            .collect();
        let ours: Vec<&str> = list.all()[contract.len()..]
            .iter()
            .map(|t| t.code.as_str())
            .collect();
        assert!(ours.contains(&"veterans-affairs"));
        for code in ours {
            assert!(!contract.contains(&code), "{code}");
        }
    }

    fn codes(list: &DepartmentTypes, name: &str) -> Vec<String> {
        list.classify(name)
    }

    #[test]
    fn classifies_names_of_the_seeds() {
        let list = bundled();
        let cases: &[(&str, &[&str])] = &[
            ("市民政局", &["civil-affairs"]),
            ("市老龄办", &["aging-office"]),
            ("市财政局", &["finance"]),
            ("市发展改革委", &["development-reform"]),
            ("市发改委", &["development-reform"]),
            ("市物价局", &["pricing"]),
            ("市人社局", &["hr-social-security"]),
            ("市人力资源社会保障局", &["hr-social-security"]),
            ("市卫计委", &["health"]),
            ("市卫生局", &["health"]),
            ("市卫生健康委", &["health"]),
            ("市医保局", &["healthcare-security"]),
            ("市国土局", &["land-resources"]),
            ("市国土资源局", &["land-resources"]),
            ("市规划局", &["urban-planning"]),
            ("市规划资源局", &["planning-natural-resources"]),
            ("市房管局", &["housing"]),
            ("市建设局", &["construction"]),
            ("住房和城乡建设局", &["housing", "construction"]),
            ("市住房和城乡建设", &["housing", "construction"]),
            ("市住房城乡建设管理委", &["housing", "construction"]),
            ("市教育局", &["education"]),
            ("市教委", &["education"]),
            ("市文广新局", &["culture"]),
            ("市文广局", &["culture"]),
            ("市文化旅游局", &["culture-tourism"]),
            ("市体育局", &["sports"]),
            ("市体育旅游局", &["sports", "tourism"]),
            ("市旅游局", &["tourism"]),
            ("市司法局", &["justice"]),
            ("市商务局", &["commerce"]),
            ("市商务委", &["commerce"]),
            ("市经信委", &["industry-it"]),
            ("市工信局", &["industry-it"]),
            ("市经济信息化委", &["industry-it"]),
            ("市科技局", &["science-technology"]),
            ("市科委", &["science-technology"]),
            ("市公安局", &["public-security"]),
            ("市消防支队", &["fire-rescue"]),
            ("市应急局", &["emergency-management"]),
            ("市市场监管局", &["market-regulation"]),
            ("市工商局", &["industry-commerce"]),
            ("市质监局", &["quality-supervision"]),
            ("市食药监局", &["food-drug"]),
            ("市国税局", &["taxation"]),
            ("市地税局", &["taxation"]),
            ("市税务局", &["taxation"]),
            ("市统计局", &["statistics"]),
            ("市审计局", &["audit"]),
            ("市农委", &["agriculture-rural"]),
            ("市农工办", &["agriculture-rural"]),
            ("市农业农村委", &["agriculture-rural"]),
            ("市生态环境局", &["ecology-environment"]),
            ("市国资委", &["state-assets"]),
            ("市金融办", &["financial-affairs"]),
            ("市地方金融监管局", &["financial-affairs"]),
            ("市银监局", &["banking-insurance-regulation"]),
            ("市银监分局", &["banking-insurance-regulation"]),
            ("市保监部门", &["banking-insurance-regulation"]),
            ("上海银保监局", &["banking-insurance-regulation"]),
            ("上海证监局", &["securities-regulation"]),
            ("人民银行常州支行", &["central-bank"]),
            ("人民银行上海总部", &["central-bank"]),
            ("市知识产权局", &["intellectual-property"]),
            ("市编办", &["establishment-office"]),
            ("市绩效考核办", &["performance-office"]),
            ("市文明办", &["civilization-office"]),
            ("市委宣传部", &["publicity-department"]),
            ("市委老干部局", &["veteran-cadres"]),
            ("市中级法院", &["court"]),
            ("市残联", &["disabled-federation"]),
            ("市妇联", &["womens-federation"]),
            ("团市委", &["youth-league"]),
            ("市总工会", &["trade-union"]),
            ("供电公司", &["utilities"]),
            ("供水（电、气、暖）、通信有线等单位", &["utilities"]),
            ("各保险公司", &["insurers"]),
            ("县（市、区）政府（管委会）", &["county-government"]),
            ("各辖市、区人民政府", &["county-government"]),
            ("各县（市）区人民政府", &["county-government"]),
            ("各县市区人民政府", &["county-government"]),
            ("各市（区）人民政府", &["county-government"]),
            ("各县（市）政府", &["county-government"]),
            ("各区", &["county-government"]),
            ("各涉农区", &["county-government"]),
            ("各区政府", &["county-government"]),
            ("区县政府", &["county-government"]),
            ("县（市、区）", &["county-government"]),
            ("各区民政局", &["civil-affairs"]),
            ("县（市、区）民政局", &["civil-affairs"]),
            ("崇川区", &["district-government"]),
            ("港闸区", &["district-government"]),
            ("市开发区", &["district-government"]),
            // A county-level city, named alone or as its government.
            ("陆丰市", &["district-government"]),
            ("海门市人民政府", &["district-government"]),
            ("超市", &[]),
        ];
        for (name, expected) in cases {
            assert_eq!(codes(&list, name), *expected, "{name}");
        }
    }

    #[test]
    fn classifies_names_of_other_cities() {
        let list = bundled();
        let cases: &[(&str, &[&str])] = &[
            ("市卫生健康委员会", &["health"]),
            ("市卫生和计划生育委员会", &["health"]),
            ("市人力资源和社会保障局", &["hr-social-security"]),
            ("市住房和城乡建设委员会", &["housing", "construction"]),
            ("市住建局", &["housing", "construction"]),
            ("市医疗保障局", &["healthcare-security"]),
            ("市退役军人事务局", &["veterans-affairs"]),
            ("市大数据局", &["big-data"]),
            // The data bureaus set up since 2023.
            ("市数据局", &["big-data"]),
            (
                "市数据发展和政务服务局",
                &["big-data", "government-services"],
            ),
            // Guangdong's merged bureau does both jobs.
            ("市政务服务数据管理局", &["big-data", "government-services"]),
            ("市行政服务中心", &["government-services"]),
            ("市机关事务管理局", &["government-offices-administration"]),
            ("市机关事务服务中心", &["government-offices-administration"]),
            ("市供销合作社", &["supply-marketing-cooperative"]),
            ("市邮政管理局", &["postal"]),
            ("中国邮政集团有限公司常州市分公司", &["postal"]),
            ("市委政法委", &["political-legal-committee"]),
            ("市委社会工作部", &["social-work-department"]),
            ("市委统战部", &["united-front-department"]),
            ("市委政策研究室", &["policy-research-office"]),
            ("市政府研究室", &["policy-research-office"]),
            ("市老年大学", &["education"]),
            ("市融媒体中心", &["culture"]),
            ("市公共资源交易中心", &["government-services"]),
            ("市城管局", &["urban-management"]),
            ("市城市管理局", &["urban-management"]),
            ("市交通运输局", &["transport"]),
            ("市水务局", &["water-resources"]),
            ("市红十字会", &["red-cross"]),
            ("市科协", &["science-association"]),
            ("市工商联", &["federation-industry-commerce"]),
            ("市发展和改革委员会", &["development-reform"]),
            ("市自然资源和规划局", &["planning-natural-resources"]),
            ("市自然资源局", &["planning-natural-resources"]),
            ("市文化广电和旅游局", &["culture-tourism"]),
            ("市教育体育局", &["education", "sports"]),
            ("市市场监督管理局", &["market-regulation"]),
            ("市食品药品监督管理局", &["food-drug"]),
            ("市公安消防支队", &["public-security", "fire-rescue"]),
            ("市消防救援支队", &["fire-rescue"]),
            ("市应急管理局", &["emergency-management"]),
            ("市工业和信息化局", &["industry-it"]),
            ("市人民防空办公室", &["civil-air-defence"]),
            ("市政府办公室", &["government-office"]),
            ("市委编办", &["establishment-office"]),
            ("市残疾人联合会", &["disabled-federation"]),
            ("中国人民银行常州市中心支行", &["central-bank"]),
            ("国家税务总局常州市税务局", &["taxation"]),
            ("市住房公积金管理中心", &["housing"]),
            ("各县（区、市）人民政府", &["county-government"]),
            ("各乡镇（街道）", &["township-government"]),
            ("开发区管委会", &["district-government"]),
            ("管委会", &["district-government"]),
            ("市政府督查室", &["government-office"]),
            ("如皋市人民政府", &["district-government"]),
            ("榆次区民政局", &["civil-affairs"]),
            ("市人民政府", &["municipal-government"]),
            ("市委", &["party-committee"]),
            ("市委网信办", &["cyberspace-affairs"]),
            ("市委办公室", &["party-committee"]),
            ("中国工商银行常州分行", &[]),
        ];
        for (name, expected) in cases {
            assert_eq!(codes(&list, name), *expected, "{name}");
        }
    }

    /// Every "typical name" of the contract's list gets its code.
    #[test]
    fn typical_names_of_the_contract_get_their_code() {
        let list = bundled();
        let cases: &[(&str, &str)] = &[
            ("民政局", "civil-affairs"),
            ("民政部门", "civil-affairs"),
            ("老龄办", "aging-office"),
            ("老龄工作机构", "aging-office"),
            ("老龄委", "aging-office"),
            ("财政局", "finance"),
            ("市财政", "finance"),
            ("财政部门", "finance"),
            ("发改委", "development-reform"),
            ("发展改革委", "development-reform"),
            ("发展改革部门", "development-reform"),
            ("物价局", "pricing"),
            ("物价局", "pricing"),
            ("人社局", "hr-social-security"),
            ("人力资源社会保障局", "hr-social-security"),
            ("人力社保部门", "hr-social-security"),
            ("卫计委", "health"),
            ("卫生局", "health"),
            ("卫生健康委", "health"),
            ("卫生计生部门", "health"),
            ("医保局", "healthcare-security"),
            ("国土局", "land-resources"),
            ("国土资源局", "land-resources"),
            ("国土部门", "land-resources"),
            ("规划局", "urban-planning"),
            ("规划部门", "urban-planning"),
            ("规划资源局", "planning-natural-resources"),
            ("房管局", "housing"),
            ("住房和城乡建设局", "housing"),
            ("住房城乡建设管理委", "housing"),
            ("建设局", "construction"),
            ("住房和城乡建设局", "construction"),
            ("住房城乡建设管理委", "construction"),
            ("教育局", "education"),
            ("教委", "education"),
            ("文广新局", "culture"),
            ("文广局", "culture"),
            ("文化部门", "culture"),
            ("广电", "culture"),
            ("新闻出版", "culture"),
            ("文化旅游局", "culture-tourism"),
            ("体育局", "sports"),
            ("体育旅游局", "sports"),
            ("旅游局", "tourism"),
            ("体育旅游局", "tourism"),
            ("司法局", "justice"),
            ("商务局", "commerce"),
            ("商务委", "commerce"),
            ("商务粮食部门", "commerce"),
            ("经信委", "industry-it"),
            ("工信局", "industry-it"),
            ("经济信息化委", "industry-it"),
            ("科技局", "science-technology"),
            ("科委", "science-technology"),
            ("公安局", "public-security"),
            ("公安部门", "public-security"),
            ("消防支队", "fire-rescue"),
            ("消防部门", "fire-rescue"),
            ("应急局", "emergency-management"),
            ("市场监管局", "market-regulation"),
            ("工商局", "industry-commerce"),
            ("工商部门", "industry-commerce"),
            ("质监局", "quality-supervision"),
            ("质监部门", "quality-supervision"),
            ("食药监局", "food-drug"),
            ("食品药品监管部门", "food-drug"),
            ("地税局", "taxation"),
            ("国税局", "taxation"),
            ("税务局", "taxation"),
            ("税务部门", "taxation"),
            ("统计局", "statistics"),
            ("统计部门", "statistics"),
            ("审计局", "audit"),
            ("农委", "agriculture-rural"),
            ("农工办", "agriculture-rural"),
            ("农业农村委", "agriculture-rural"),
            ("生态环境局", "ecology-environment"),
            ("国资委", "state-assets"),
            ("金融办", "financial-affairs"),
            ("地方金融监管局", "financial-affairs"),
            ("银监局", "banking-insurance-regulation"),
            ("银监分局", "banking-insurance-regulation"),
            ("保监部门", "banking-insurance-regulation"),
            ("银保监局", "banking-insurance-regulation"),
            ("证监局", "securities-regulation"),
            ("人民银行常州支行", "central-bank"),
            ("人民银行上海总部", "central-bank"),
            ("知识产权局", "intellectual-property"),
            ("编办", "establishment-office"),
            ("绩效考核办", "performance-office"),
            ("文明办", "civilization-office"),
            ("市委宣传部", "publicity-department"),
            ("市委老干部局", "veteran-cadres"),
            ("中级法院", "court"),
            ("残联", "disabled-federation"),
            ("妇联", "womens-federation"),
            ("团市委", "youth-league"),
            ("总工会", "trade-union"),
            ("供电公司", "utilities"),
            ("供水（电、气、暖）、通信有线等单位", "utilities"),
            ("各保险公司", "insurers"),
            ("县（市、区）政府（管委会）", "county-government"),
            ("各辖市、区人民政府", "county-government"),
            ("各县（市）区人民政府", "county-government"),
            ("各区", "county-government"),
            ("各涉农区", "county-government"),
            ("各县（市）政府", "county-government"),
            ("崇川区", "district-government"),
            ("港闸区", "district-government"),
            ("市开发区", "district-government"),
        ];
        for (name, code) in cases {
            let got = codes(&list, name);
            assert!(got.iter().any(|c| c == code), "{name}: {got:?}");
        }
    }

    #[test]
    fn matching_ignores_width_and_blanks() {
        let list = bundled();
        assert_eq!(
            codes(&list, "县(市、区)政府(管委会)"),
            ["county-government"]
        );
        assert_eq!(codes(&list, "市 民政局"), ["civil-affairs"]);
    }

    #[test]
    fn unknown_and_odd_names_have_no_type() {
        let list = bundled();
        for name in ["", "开发区社管处", "社区", "各", "（", "市", "🙂"] {
            assert!(codes(&list, name).is_empty(), "{name}");
        }
    }

    #[test]
    fn finds_keyword_spans_by_character() {
        let list = bundled();
        let spans = list.keyword_spans("经卫生计生部门和民政部门批准");
        assert_eq!(spans, vec![1..5, 8..10]);
        // 人民政府 shadows 民政 and is no department keyword itself.
        assert!(list.keyword_spans("县级人民政府").is_empty());
    }

    #[test]
    fn knows_which_types_take_the_city_prefix() {
        let list = bundled();
        let with = |name: &str| list.takes_city_prefix(&list.classify(name));
        assert!(with("民政局"));
        assert!(with("残联"));
        assert!(with("无名机构"));
        assert!(!with("各区"));
        assert!(!with("供电公司"));
        assert!(!with("人民银行常州支行"));
        assert!(!with("崇川区"));
    }

    #[test]
    fn rejects_broken_lists() {
        assert!(DepartmentTypes::from_turtle("not turtle").is_err());
        let bad_regex = r#"@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
            <https://w3id.org/eldergraph/code/department-type/x> a skos:Concept ;
              skos:notation "x" ; skos:prefLabel "x"@zh, "x"@en ;
              <https://w3id.org/eldergraph/ns#namePattern> "(" ."#;
        assert!(DepartmentTypes::from_turtle(bad_regex).is_err());
        let bad_broader = r#"@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
            <https://w3id.org/eldergraph/code/department-type/x> a skos:Concept ;
              skos:notation "x" ; skos:prefLabel "x"@zh, "x"@en ;
              skos:broader <https://w3id.org/eldergraph/code/department-type/y> ."#;
        assert!(DepartmentTypes::from_turtle(bad_broader).is_err());
    }
}
