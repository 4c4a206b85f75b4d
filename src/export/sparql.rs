//! SELECT answers as rows of terms by variable name, for the network
//! builders.

use std::collections::HashMap;

use anyhow::{bail, Result};
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;

use crate::store::GraphStore;

/// The prefixes the builders' queries use.
pub const PREFIXES: &str = "\
PREFIX eg: <https://w3id.org/eldergraph/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
";

/// One solution: bound variables only.
pub type Row = HashMap<String, Term>;

/// Runs a SELECT (the prefixes above declared) and collects its solutions.
pub fn select(store: &GraphStore, query: &str) -> Result<Vec<Row>> {
    let QueryResults::Solutions(solutions) = store.query(&format!("{PREFIXES}{query}"))? else {
        bail!("expected a SELECT query");
    };
    let mut rows = Vec::new();
    for solution in solutions {
        let solution = solution?;
        rows.push(
            solution
                .iter()
                .map(|(v, t)| (v.as_str().to_owned(), t.clone()))
                .collect(),
        );
    }
    Ok(rows)
}

pub use crate::query::term_text as text;

/// The text of a variable, empty when unbound.
pub fn get(row: &Row, var: &str) -> String {
    row.get(var).map(text).unwrap_or_default()
}

/// An integer variable (a count), 0 when unbound or not a number.
pub fn integer(row: &Row, var: &str) -> i64 {
    get(row, var).parse().unwrap_or(0)
}

/// A `|`-separated GROUP_CONCAT, split, sorted and deduplicated.
pub fn list(row: &Row, var: &str) -> Vec<String> {
    let mut items: Vec<String> = get(row, var)
        .split('|')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    items.sort();
    items.dedup();
    items
}

/// Fills a query template: each `{{NAME}}` is replaced by its text.
pub fn fill(template: &str, parts: &[(&str, &str)]) -> String {
    let mut query = template.to_owned();
    for (name, value) in parts {
        query = query.replace(&format!("{{{{{name}}}}}"), value);
    }
    query
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_templates() {
        assert_eq!(
            fill("A {{X}} B {{Y}} {{X}}", &[("X", "1"), ("Y", "")]),
            "A 1 B  1"
        );
    }

    #[test]
    fn reads_rows() {
        let store = GraphStore::in_memory().expect("store");
        let rows = select(
            &store,
            r#"SELECT ?a ?n ?l ?u WHERE { VALUES (?a ?n ?l) { (eg:x 3 "b|a|b") } }"#,
        )
        .expect("rows");
        assert_eq!(get(&rows[0], "a"), "https://w3id.org/eldergraph/ns#x");
        assert_eq!(integer(&rows[0], "n"), 3);
        assert_eq!(list(&rows[0], "l"), ["a", "b"]);
        assert_eq!(get(&rows[0], "u"), "");
        assert!(select(&store, "ASK {}").is_err());
    }
}
