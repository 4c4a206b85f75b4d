//! The filters of the named networks (`--city`, `--department-type`,
//! `--role`, `--min-weight`): checked against the store and the code list,
//! then written into the networks' SPARQL as `VALUES` and `FILTER`
//! clauses. Values enter the query text only as terms serialised by
//! Oxigraph (cities as the store's own label literals, codes as plain
//! literals, roles as the role properties' IRIs), never pasted as typed.

use anyhow::{bail, Result};
use oxigraph::model::{Literal, Term};

use super::sparql::{select, text};
use crate::knowledge::Knowledge;
use crate::labels::UNKNOWN_DEPARTMENT_TYPE;
use crate::model::Role;
use crate::rdf::mapping::role_property;
use crate::store::GraphStore;

/// The filters as given on the command line.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    /// City names as written (南通市, or 南通).
    pub cities: Vec<String>,
    /// Department-type codes (civil-affairs), or their zh or en labels.
    pub department_types: Vec<String>,
    /// The roles that count; empty: the network's default.
    pub roles: Vec<Role>,
    /// Drop edges lighter than this, then nodes left without edges.
    pub min_weight: Option<f64>,
}

/// The filters checked: cities as the store labels them, type codes, roles.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resolved {
    /// The cities' label literals, as stored ("南通市"@zh).
    pub cities: Vec<Term>,
    pub department_types: Vec<String>,
    pub roles: Vec<Role>,
}

/// Parses a role for `--role`: lead, participant, mentioned (or 牵头, 参与, 提及).
pub fn parse_role(s: &str) -> Result<Role, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "lead" | "牵头" => Ok(Role::Lead),
        "participant" | "participate" | "参与" => Ok(Role::Participant),
        "mentioned" | "mention" | "mentions" | "提及" => Ok(Role::Mentioned),
        _ => Err(format!(
            "unknown role {s:?}: use lead, participant or mentioned"
        )),
    }
}

const CITY_LABELS: &str = "
SELECT DISTINCT ?label WHERE { ?city a eg:City ; rdfs:label ?label } ORDER BY STR(?label)";

impl Filters {
    /// Checks the filters: every city must be in the store, every type in
    /// the code list.
    pub fn resolve(&self, store: &GraphStore, kb: &Knowledge) -> Result<Resolved> {
        let mut resolved = Resolved {
            roles: self.roles.clone(),
            ..Resolved::default()
        };
        if !self.cities.is_empty() {
            let labels: Vec<Term> = select(store, CITY_LABELS)?
                .into_iter()
                .filter_map(|row| row.get("label").cloned())
                .collect();
            for wanted in &self.cities {
                let found = labels.iter().find(|label| {
                    let name = text(label);
                    let wanted = wanted.trim();
                    name == wanted || name.strip_suffix('市') == Some(wanted)
                });
                match found {
                    Some(label) if !resolved.cities.contains(label) => {
                        resolved.cities.push(label.clone())
                    }
                    Some(_) => {}
                    None => {
                        let names: Vec<String> = labels.iter().map(text).collect();
                        bail!(
                            "no city {wanted:?} in the store; its cities are: {}",
                            if names.is_empty() {
                                "none (run `eldergraph ingest` first)".to_owned()
                            } else {
                                names.join(", ")
                            }
                        );
                    }
                }
            }
        }
        for wanted in &self.department_types {
            let code = department_type_code(kb, wanted)?;
            if !resolved.department_types.contains(&code) {
                resolved.department_types.push(code);
            }
        }
        Ok(resolved)
    }

    /// With `--query` only `--min-weight` applies.
    pub fn check_query_filters(&self) -> Result<()> {
        if !self.cities.is_empty() || !self.department_types.is_empty() || !self.roles.is_empty() {
            bail!(
                "--city, --department-type and --role narrow the named networks \
                 (partners, departments, tasks); with --query, put the condition \
                 in the query (--min-weight still applies)"
            );
        }
        Ok(())
    }

    /// The filters as options, for messages: `--city 南通市 --role lead`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        for city in &self.cities {
            parts.push(format!("--city {city}"));
        }
        for t in &self.department_types {
            parts.push(format!("--department-type {t}"));
        }
        for role in &self.roles {
            parts.push(format!("--role {}", role.code()));
        }
        parts.join(" ")
    }
}

/// The code of a department type given by code, concept IRI, or zh or en
/// label; an error lists codes that contain what was given.
pub fn department_type_code(kb: &Knowledge, wanted: &str) -> Result<String> {
    let wanted = wanted.trim();
    let code = wanted
        .strip_prefix(crate::knowledge::department_types::SCHEME_IRI)
        .unwrap_or(wanted);
    if code == UNKNOWN_DEPARTMENT_TYPE.0 {
        return Ok(code.to_owned());
    }
    let types = kb.department_types.all();
    if let Some(t) = types
        .iter()
        .find(|t| t.code == code || t.zh == code || t.en.eq_ignore_ascii_case(code))
    {
        return Ok(t.code.clone());
    }
    let lower = code.to_lowercase();
    let near: Vec<&str> = types
        .iter()
        .filter(|t| {
            !lower.is_empty()
                && (t.code.contains(&lower)
                    || t.zh.contains(code)
                    || t.en.to_lowercase().contains(&lower))
        })
        .map(|t| t.code.as_str())
        .collect();
    if near.is_empty() {
        bail!(
            "unknown department type {wanted:?}: give a code of \
             ontology/department-types.ttl (civil-affairs, finance, health …) \
             or its Chinese or English label"
        );
    }
    bail!(
        "unknown department type {wanted:?}; did you mean: {}?",
        near.join(", ")
    )
}

impl Resolved {
    /// `VALUES ?var { "南通市"@zh … }`, or nothing when no city is given.
    pub fn city_values(&self, var: &str) -> String {
        if self.cities.is_empty() {
            return String::new();
        }
        let terms: Vec<String> = self.cities.iter().map(Term::to_string).collect();
        format!("VALUES ?{var} {{ {} }}", terms.join(" "))
    }

    /// The roles given, else `default`.
    pub fn roles_or(&self, default: &[Role]) -> Vec<Role> {
        if self.roles.is_empty() {
            default.to_vec()
        } else {
            self.roles.clone()
        }
    }

    /// `?a IN ("civil-affairs", …) || ?b IN (…)` over the string values of
    /// the variables, or nothing when no type is given.
    pub fn type_condition(&self, vars: &[&str]) -> String {
        if self.department_types.is_empty() {
            return String::new();
        }
        let codes: Vec<String> = self
            .department_types
            .iter()
            .map(|c| Literal::new_simple_literal(c).to_string())
            .collect();
        let list = codes.join(", ");
        vars.iter()
            .map(|v| format!("STR(?{v}) IN ({list})"))
            .collect::<Vec<_>>()
            .join(" || ")
    }
}

/// `VALUES ?var { eg:lead … }` for the roles.
pub fn role_values(var: &str, roles: &[Role]) -> String {
    let iris: Vec<String> = roles
        .iter()
        .map(|r| role_property(*r).to_string())
        .collect();
    format!("VALUES ?{var} {{ {} }}", iris.join(" "))
}

/// `VALUES (?property ?role) { (eg:lead "lead") … }` for the roles.
pub fn role_pairs(property: &str, role: &str, roles: &[Role]) -> String {
    let pairs: Vec<String> = roles
        .iter()
        .map(|r| {
            format!(
                "({} {})",
                role_property(*r),
                Literal::new_simple_literal(r.code())
            )
        })
        .collect();
    format!("VALUES (?{property} ?{role}) {{ {} }}", pairs.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb() -> &'static Knowledge {
        Knowledge::bundled().expect("knowledge")
    }

    #[test]
    fn roles_in_english_or_chinese() {
        assert_eq!(parse_role("LEAD"), Ok(Role::Lead));
        assert_eq!(parse_role("参与"), Ok(Role::Participant));
        assert_eq!(parse_role("mentioned"), Ok(Role::Mentioned));
        assert!(parse_role("chair")
            .unwrap_err()
            .contains("lead, participant"));
    }

    #[test]
    fn department_types_by_code_iri_or_label() {
        let kb = kb();
        assert_eq!(department_type_code(kb, "finance").unwrap(), "finance");
        assert_eq!(department_type_code(kb, "民政").unwrap(), "civil-affairs");
        assert_eq!(
            department_type_code(kb, "civil affairs").unwrap(),
            "civil-affairs"
        );
        assert_eq!(
            department_type_code(
                kb,
                "https://w3id.org/eldergraph/code/department-type/health"
            )
            .unwrap(),
            "health"
        );
        assert_eq!(department_type_code(kb, "unknown").unwrap(), "unknown");
        let err = department_type_code(kb, "civil").unwrap_err().to_string();
        assert!(err.contains("did you mean: civil-affairs"), "{err}");
        let err = department_type_code(kb, "zzz").unwrap_err().to_string();
        assert!(err.contains("ontology/department-types.ttl"), "{err}");
    }

    #[test]
    fn sparql_clauses_from_values() {
        let resolved = Resolved {
            cities: vec![Term::from(Literal::new_language_tagged_literal_unchecked(
                "南通\"市",
                "zh",
            ))],
            department_types: vec!["finance".into(), "a\"b".into()],
            roles: vec![],
        };
        assert_eq!(resolved.city_values("c"), r#"VALUES ?c { "南通\"市"@zh }"#);
        assert_eq!(
            resolved.type_condition(&["x", "y"]),
            r#"STR(?x) IN ("finance", "a\"b") || STR(?y) IN ("finance", "a\"b")"#
        );
        assert_eq!(Resolved::default().city_values("c"), "");
        assert_eq!(Resolved::default().type_condition(&["x"]), "");
        assert_eq!(
            resolved.roles_or(&[Role::Lead, Role::Participant]),
            [Role::Lead, Role::Participant]
        );
        assert_eq!(
            role_values("r", &[Role::Lead]),
            "VALUES ?r { <https://w3id.org/eldergraph/ns#lead> }"
        );
        assert_eq!(
            role_pairs("p", "role", &[Role::Mentioned]),
            r#"VALUES (?p ?role) { (<https://w3id.org/eldergraph/ns#mentions> "mentioned") }"#
        );
    }

    #[test]
    fn query_networks_refuse_the_named_filters() {
        let filters = Filters {
            cities: vec!["南通市".into()],
            ..Filters::default()
        };
        let err = filters.check_query_filters().unwrap_err().to_string();
        assert!(err.contains("put the condition in the query"), "{err}");
        assert!(Filters {
            min_weight: Some(2.0),
            ..Filters::default()
        }
        .check_query_filters()
        .is_ok());
        let filters = Filters {
            cities: vec!["南通市".into()],
            department_types: vec!["finance".into()],
            roles: vec![Role::Lead],
            min_weight: None,
        };
        assert_eq!(
            filters.describe(),
            "--city 南通市 --department-type finance --role lead"
        );
    }
}
