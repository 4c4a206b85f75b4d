//! Canned queries: the `.rq` files of `queries/`, each with a description
//! (its leading comment) and typed parameters declared in that comment:
//!
//! ```text
//! # @param indicator string beds-per-1000-elderly  The indicator's code
//! # @param from date 2015-07-01  First day of the period
//! ```
//!
//! A parameter is a variable the query projects; its value is bound by
//! SPARQL variable substitution (SEP-0007), never pasted into the text, so a
//! value cannot change what the query does.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{Literal, NamedNode, Term};
use serde::Serialize;

/// The kinds of value a parameter takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamType {
    String,
    Integer,
    Decimal,
    Date,
    Iri,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Param {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: ParamType,
    pub default: Option<String>,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CannedQuery {
    /// The file stem: `cross-city-partners`.
    pub name: String,
    /// The leading comment, without `#` and without the parameter lines.
    pub description: String,
    pub parameters: Vec<Param>,
    /// The query text, as in the file.
    pub query: String,
}

impl CannedQuery {
    pub fn parse(name: &str, text: &str) -> Result<CannedQuery> {
        let mut description = Vec::new();
        let mut parameters = Vec::new();
        for line in text
            .lines()
            .map(str::trim)
            .take_while(|l| l.starts_with('#'))
        {
            let comment = line.trim_start_matches('#').trim();
            match comment.strip_prefix("@param") {
                Some(spec) => parameters
                    .push(parse_param(spec).with_context(|| format!("{name}.rq: {line}"))?),
                None => description.push(comment),
            }
        }
        Ok(CannedQuery {
            name: name.to_owned(),
            description: description.join(" ").trim().to_owned(),
            parameters,
            query: text.to_owned(),
        })
    }

    /// The bindings for the given values: each declared parameter gets the
    /// given value or its default; unknown names and ill-typed values are errors.
    pub fn bindings(&self, values: &HashMap<String, String>) -> Result<Vec<(String, Term)>> {
        if let Some(unknown) = values
            .keys()
            .find(|k| !self.parameters.iter().any(|p| &p.name == *k))
        {
            let known: Vec<&str> = self.parameters.iter().map(|p| p.name.as_str()).collect();
            bail!(
                "{} has no parameter {unknown:?} (it has: {})",
                self.name,
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            );
        }
        let mut out = Vec::new();
        for p in &self.parameters {
            if let Some(value) = values.get(&p.name).or(p.default.as_ref()) {
                let term =
                    typed_term(p.kind, value).with_context(|| format!("parameter {}", p.name))?;
                out.push((p.name.clone(), term));
            }
        }
        Ok(out)
    }
}

fn parse_param(spec: &str) -> Result<Param> {
    let mut words = spec.split_whitespace();
    let name = words
        .next()
        .ok_or_else(|| anyhow!("a parameter needs a name"))?;
    let kind = match words.next() {
        Some("string") => ParamType::String,
        Some("integer") => ParamType::Integer,
        Some("decimal") => ParamType::Decimal,
        Some("date") => ParamType::Date,
        Some("iri") => ParamType::Iri,
        other => bail!("unknown parameter type {other:?} (string, integer, decimal, date, iri)"),
    };
    // "name type [default]  description": two spaces end the default.
    let after_name = spec.trim_start()[name.len()..].trim_start();
    let rest = after_name
        .split_once(char::is_whitespace)
        .map_or("", |(_, r)| r)
        .trim_start();
    let (default, description) = match rest.split_once("  ") {
        Some((d, desc)) => (d.trim(), desc.trim()),
        None => (rest.trim(), ""),
    };
    let default = (!default.is_empty() && default != "-").then(|| default.to_owned());
    if let Some(d) = &default {
        typed_term(kind, d).with_context(|| format!("default of {name}"))?;
    }
    Ok(Param {
        name: name.to_owned(),
        kind,
        default,
        description: description.to_owned(),
    })
}

/// A value as an RDF term of the parameter's type, checked.
pub fn typed_term(kind: ParamType, value: &str) -> Result<Term> {
    let invalid = || {
        anyhow!(
            "{value:?} is not a valid {}",
            format!("{kind:?}").to_lowercase()
        )
    };
    Ok(match kind {
        ParamType::String => Literal::new_simple_literal(value).into(),
        ParamType::Integer => {
            let n: i64 = value.trim().parse().map_err(|_| invalid())?;
            Literal::from(n).into()
        }
        ParamType::Decimal => {
            let d: rust_decimal::Decimal = value.trim().parse().map_err(|_| invalid())?;
            Literal::new_typed_literal(d.normalize().to_string(), xsd::DECIMAL).into()
        }
        ParamType::Date => {
            let parts: Vec<&str> = value.trim().split('-').collect();
            let [y, m, d] = parts.as_slice() else {
                return Err(invalid());
            };
            let date = crate::model::Date::new(
                y.parse().map_err(|_| invalid())?,
                m.parse().map_err(|_| invalid())?,
                d.parse().map_err(|_| invalid())?,
            )
            .ok_or_else(invalid)?;
            Literal::new_typed_literal(date.to_string(), xsd::DATE).into()
        }
        ParamType::Iri => NamedNode::new(value.trim()).map_err(|_| invalid())?.into(),
    })
}

/// The canned queries of a folder, by name, in name order.
pub fn load_dir(dir: &Path) -> Result<Vec<CannedQuery>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .ok_or_else(|| anyhow!("bad file name {}", path.display()))?;
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            CannedQuery::parse(name, &text)
        })
        .collect()
}

/// The project's `queries/` folder: `./queries` when there is one, else the
/// one this binary was built from.
pub fn bundled_dir() -> PathBuf {
    let local = PathBuf::from("queries");
    if local.is_dir() {
        local
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("queries")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# Which tasks fall due in a period?\n# One row per task.\n\
                        # @param from date 2015-07-01  First day\n# @param to date 2015-12-31  Last day\n\
                        # @param city string -  The city, e.g. 南通市\nSELECT ?from ?to ?city WHERE {}\n";

    #[test]
    fn parses_description_and_parameters() {
        let q = CannedQuery::parse("due", TEXT).unwrap();
        assert_eq!(
            q.description,
            "Which tasks fall due in a period? One row per task."
        );
        assert_eq!(
            q.parameters[0],
            Param {
                name: "from".into(),
                kind: ParamType::Date,
                default: Some("2015-07-01".into()),
                description: "First day".into()
            }
        );
        assert_eq!(q.parameters[2].default, None);
        assert_eq!(q.parameters[2].description, "The city, e.g. 南通市");
    }

    #[test]
    fn binds_typed_values_and_defaults() {
        let q = CannedQuery::parse("due", TEXT).unwrap();
        let values = HashMap::from([("to".to_owned(), "2016-06-30".to_owned())]);
        let b = q.bindings(&values).unwrap();
        assert_eq!(b.len(), 2);
        assert_eq!(
            b[0].1.to_string(),
            "\"2015-07-01\"^^<http://www.w3.org/2001/XMLSchema#date>"
        );
        assert_eq!(
            b[1].1.to_string(),
            "\"2016-06-30\"^^<http://www.w3.org/2001/XMLSchema#date>"
        );
    }

    #[test]
    fn refuses_unknown_and_ill_typed_values() {
        let q = CannedQuery::parse("due", TEXT).unwrap();
        let err = q
            .bindings(&HashMap::from([("form".to_owned(), "x".to_owned())]))
            .unwrap_err();
        assert!(err.to_string().contains("no parameter \"form\""), "{err}");
        let err = q
            .bindings(&HashMap::from([(
                "from".to_owned(),
                "2015-13-01".to_owned(),
            )]))
            .unwrap_err();
        assert!(format!("{err:#}").contains("not a valid date"), "{err:#}");
    }

    #[test]
    fn a_hostile_string_stays_a_literal() {
        let t = typed_term(ParamType::String, "x\" } ; DROP ALL ; #").unwrap();
        assert_eq!(t.to_string(), "\"x\\\" } ; DROP ALL ; #\"");
    }

    #[test]
    fn every_bundled_query_parses() {
        let queries = load_dir(&bundled_dir()).unwrap();
        assert!(queries.iter().any(|q| q.name == "cross-city-partners"));
        assert!(
            queries.iter().all(|q| !q.description.is_empty()),
            "every query says what it answers"
        );
    }
}
