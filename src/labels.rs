//! Labels of the code lists, for people: the zh/en names the web workbench
//! shows next to codes (`GET /labels`), and label look-ups by language for
//! the network picture.
//!
//! Everything comes from the [`Knowledge`] except two small lists the
//! extractor does not parse: the department roles (`ontology/roles.ttl`, a
//! test checks that the constants agree with it) and the `unknown`
//! department type (`ontology/eldergraph.ttl`), which the graph uses for
//! names that matched no type.

use std::fmt;
use std::str::FromStr;

use serde_json::{json, Map, Value};

use crate::knowledge::Knowledge;

/// The language labels are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// `zh` or `en` of a pair of labels.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

impl FromStr for Lang {
    type Err = String;

    /// `zh`, `en`, and region variants such as `zh-CN` or `en_GB`.
    fn from_str(s: &str) -> Result<Lang, String> {
        let primary = s
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Ok(Lang::Zh),
            "en" => Ok(Lang::En),
            _ => Err(format!("unknown language {s:?}: use zh or en")),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The roles a department has in a task: code, zh, en (`ontology/roles.ttl`).
pub const ROLES: &[(&str, &str, &str)] = &[
    ("lead", "牵头", "Lead"),
    ("participant", "参与", "Participant"),
    ("mentioned", "提及", "Mentioned"),
];

/// The department type of names that matched no type: code, zh, en
/// (`dt:unknown` in `ontology/eldergraph.ttl`).
pub const UNKNOWN_DEPARTMENT_TYPE: (&str, &str, &str) = ("unknown", "未识别", "Unknown");

/// The label document served at `GET /labels`:
///
/// ```json
/// { "department-type": { "aging-office": {"zh": "老龄工作", "en": "Office on Ageing", "broader": "civil-affairs"}, … },
///   "indicator": { "beds-per-1000-elderly": {"zh": …, "en": …, "unit": …}, … },
///   "funding-source": { code: {"zh": …, "en": …}, … },
///   "role": { "lead": {"zh": "牵头", "en": "Lead"}, … } }
/// ```
///
/// The page looks codes up by key and does not rely on their order.
pub fn labels_json(kb: &Knowledge) -> Value {
    let mut departments = Map::new();
    for t in kb.department_types.all() {
        departments.insert(
            t.code.clone(),
            json!({ "zh": t.zh, "en": t.en, "broader": t.broader }),
        );
    }
    let (code, zh, en) = UNKNOWN_DEPARTMENT_TYPE;
    departments
        .entry(code)
        .or_insert_with(|| json!({ "zh": zh, "en": en, "broader": null }));

    let mut indicators = Map::new();
    for i in kb.indicators.all() {
        indicators.insert(
            i.code.clone(),
            json!({ "zh": i.zh, "en": i.en, "unit": i.unit }),
        );
    }

    let mut sources = Map::new();
    for s in kb.funding_sources.all() {
        sources.insert(s.code.clone(), json!({ "zh": s.zh, "en": s.en }));
    }

    let mut roles = Map::new();
    for (code, zh, en) in ROLES {
        roles.insert((*code).to_owned(), json!({ "zh": zh, "en": en }));
    }

    json!({
        "department-type": departments,
        "indicator": indicators,
        "funding-source": sources,
        "role": roles,
    })
}

/// The label of a department-type code in `lang` (including `unknown`).
pub fn department_type_label<'a>(kb: &'a Knowledge, code: &str, lang: Lang) -> Option<&'a str> {
    if let Some(t) = kb.department_types.get(code) {
        return Some(lang.pick(&t.zh, &t.en));
    }
    let (unknown, zh, en) = UNKNOWN_DEPARTMENT_TYPE;
    (code == unknown).then(|| lang.pick(zh, en))
}

/// The label of a code of any scheme the workbench knows, department types
/// first, then indicators, funding sources and roles.
pub fn code_label<'a>(kb: &'a Knowledge, code: &str, lang: Lang) -> Option<&'a str> {
    if let Some(label) = department_type_label(kb, code, lang) {
        return Some(label);
    }
    if let Some(i) = kb.indicators.get(code) {
        return Some(lang.pick(&i.zh, &i.en));
    }
    if let Some(s) = kb.funding_sources.get(code) {
        return Some(lang.pick(&s.zh, &s.en));
    }
    ROLES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, zh, en)| lang.pick(zh, en))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::turtle::{TurtleIndex, SKOS_NOTATION, SKOS_PREF_LABEL};

    fn kb() -> &'static Knowledge {
        Knowledge::bundled().expect("bundled knowledge")
    }

    #[test]
    fn department_types_with_labels_and_broader() {
        let v = labels_json(kb());
        let d = &v["department-type"];
        assert_eq!(
            d["civil-affairs"],
            json!({"zh": "民政", "en": "Civil Affairs", "broader": null})
        );
        assert_eq!(
            d["aging-office"],
            json!({"zh": "老龄工作", "en": "Office on Ageing", "broader": "civil-affairs"})
        );
        assert_eq!(d["industry-commerce"]["broader"], "market-regulation");
        assert_eq!(
            d["unknown"],
            json!({"zh": "未识别", "en": "Unknown", "broader": null})
        );
        assert_eq!(
            d.as_object().map(|o| o.len()),
            Some(kb().department_types.all().len() + 1)
        );
    }

    #[test]
    fn indicators_funding_sources_and_roles() {
        let kb = kb();
        let v = labels_json(kb);
        let i = &kb.indicators.all()[0];
        assert_eq!(
            v["indicator"][&i.code],
            json!({"zh": i.zh, "en": i.en, "unit": i.unit})
        );
        assert_eq!(
            v["indicator"].as_object().map(|o| o.len()),
            Some(kb.indicators.all().len())
        );
        let s = &kb.funding_sources.all()[0];
        assert_eq!(
            v["funding-source"][&s.code],
            json!({"zh": s.zh, "en": s.en})
        );
        assert_eq!(v["role"]["lead"], json!({"zh": "牵头", "en": "Lead"}));
        assert_eq!(
            v["role"]["participant"],
            json!({"zh": "参与", "en": "Participant"})
        );
        assert_eq!(
            v["role"]["mentioned"],
            json!({"zh": "提及", "en": "Mentioned"})
        );
    }

    #[test]
    fn role_constants_agree_with_roles_ttl() {
        let ttl = include_str!("../ontology/roles.ttl");
        let index = TurtleIndex::parse(ttl).expect("roles.ttl parses");
        for (code, zh, en) in ROLES {
            let iri = format!("https://w3id.org/eldergraph/code/role/{code}");
            assert_eq!(
                index.literal(&iri, SKOS_NOTATION, None).as_deref(),
                Some(*code)
            );
            assert_eq!(
                index.literal(&iri, SKOS_PREF_LABEL, Some("zh")).as_deref(),
                Some(*zh)
            );
            assert_eq!(
                index.literal(&iri, SKOS_PREF_LABEL, Some("en")).as_deref(),
                Some(*en)
            );
        }
    }

    #[test]
    fn unknown_constant_agrees_with_the_ontology() {
        let ttl = include_str!("../ontology/eldergraph.ttl");
        let index = TurtleIndex::parse(ttl).expect("eldergraph.ttl parses");
        let iri = "https://w3id.org/eldergraph/code/department-type/unknown";
        let (code, zh, en) = UNKNOWN_DEPARTMENT_TYPE;
        assert_eq!(
            index.literal(iri, SKOS_NOTATION, None).as_deref(),
            Some(code)
        );
        assert_eq!(
            index.literal(iri, SKOS_PREF_LABEL, Some("zh")).as_deref(),
            Some(zh)
        );
        assert_eq!(
            index.literal(iri, SKOS_PREF_LABEL, Some("en")).as_deref(),
            Some(en)
        );
    }

    #[test]
    fn looks_up_labels_by_language() {
        let kb = kb();
        assert_eq!(code_label(kb, "civil-affairs", Lang::Zh), Some("民政"));
        assert_eq!(
            code_label(kb, "civil-affairs", Lang::En),
            Some("Civil Affairs")
        );
        assert_eq!(code_label(kb, "unknown", Lang::Zh), Some("未识别"));
        assert_eq!(code_label(kb, "lead", Lang::Zh), Some("牵头"));
        assert_eq!(code_label(kb, "no-such-code", Lang::En), None);
        assert_eq!("zh-CN".parse::<Lang>(), Ok(Lang::Zh));
        assert_eq!("EN".parse::<Lang>(), Ok(Lang::En));
        assert!("fr".parse::<Lang>().is_err());
    }
}
