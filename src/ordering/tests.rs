//! The lifted sort must give the engine's order wherever SPARQL defines one.

use oxigraph::io::RdfFormat;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use spargebra::{Query, SparqlParser};

use super::{lift, sorted};

const DATA: &str = r#"
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:city "上海市" ; ex:n 10 ; ex:name "乙" ; ex:at "2025-12-31T00:00:00Z"^^xsd:dateTime .
ex:b ex:city "北京市" ; ex:n 9.5 ; ex:name "甲" ; ex:at "2025-06-30T00:00:00Z"^^xsd:dateTime .
ex:c ex:city "北京市" ; ex:n "1e1"^^xsd:double ; ex:name "甲乙" ; ex:at "2026-01-01T08:00:00+08:00"^^xsd:dateTime .
ex:d ex:city "上海市" ; ex:n -3 ; ex:name "a"@en .
ex:e ex:city "上海市" ; ex:n "2"^^xsd:nonNegativeInteger ; ex:name "B"@en .
ex:f ex:city "广州市" ; ex:name "甲" ; ex:due "2025-12-31"^^xsd:date .
ex:g ex:city "广州市" ; ex:n 10 ; ex:name _:x ; ex:due "2025-01-31"^^xsd:date .
ex:h ex:city "广州市" ; ex:n 100 ; ex:name ex:z .
"#;

fn store() -> Store {
    let store = Store::new().unwrap();
    store
        .load_from_slice(RdfFormat::Turtle, DATA.as_bytes())
        .unwrap();
    store
}

fn parse(sparql: &str) -> Query {
    SparqlParser::new()
        .parse_query(&format!("PREFIX ex: <http://example.org/> {sparql}"))
        .unwrap()
}

/// Rows as text, blank nodes hidden (their labels differ between runs).
fn rows(results: QueryResults<'static>) -> Vec<Vec<String>> {
    let QueryResults::Solutions(solutions) = results else {
        panic!("expected solutions");
    };
    let variables = solutions.variables().to_vec();
    solutions
        .map(|s| {
            let s = s.unwrap();
            variables
                .iter()
                .map(|v| match s.get(v) {
                    Some(oxigraph::model::Term::BlankNode(_)) => "_:b".to_owned(),
                    Some(t) => t.to_string(),
                    None => String::new(),
                })
                .collect()
        })
        .collect()
}

fn by_engine(store: &Store, sparql: &str) -> Vec<Vec<String>> {
    let results = SparqlEvaluator::new()
        .for_query(parse(sparql))
        .on_store(store)
        .execute()
        .unwrap();
    rows(results)
}

fn by_lift(store: &Store, sparql: &str) -> Vec<Vec<String>> {
    let (query, order) = lift(parse(sparql));
    assert!(order.is_some(), "expected {sparql} to be lifted");
    let results = SparqlEvaluator::new()
        .for_query(query)
        .on_store(store)
        .execute();
    rows(sorted(results, order.as_ref()).unwrap())
}

#[test]
fn the_lifted_sort_gives_the_engines_order() {
    let store = store();
    for sparql in [
        "SELECT ?s ?city WHERE { ?s ex:city ?city } ORDER BY ?city ?s",
        "SELECT ?s ?n WHERE { ?s ex:n ?n } ORDER BY DESC(?n) ?s",
        "SELECT ?s ?n WHERE { ?s ex:city ?c OPTIONAL { ?s ex:n ?n } } ORDER BY ?n ?s",
        "SELECT ?s ?n WHERE { ?s ex:city ?c OPTIONAL { ?s ex:n ?n } } ORDER BY DESC(?n) DESC(?s)",
        "SELECT ?s ?at WHERE { ?s ex:at ?at } ORDER BY ?at",
        "SELECT ?s ?due WHERE { ?s ex:due ?due } ORDER BY ?due",
        "SELECT ?s WHERE { ?s ex:name ?name FILTER(isLiteral(?name) && lang(?name) = '') } ORDER BY ?name ?s",
        "SELECT ?s ?name WHERE { ?s ex:name ?name FILTER(lang(?name) = 'en') } ORDER BY ?name",
        "SELECT ?s ?name WHERE { ?s ex:name ?name FILTER(!isLiteral(?name)) } ORDER BY DESC(?name)",
        "SELECT ?city (COUNT(*) AS ?n) WHERE { ?s ex:city ?city } GROUP BY ?city ORDER BY DESC(?n) ?city",
        "SELECT DISTINCT ?city WHERE { ?s ex:city ?city } ORDER BY ?city",
        "SELECT ?s WHERE { ?s ex:city ?city ; ex:n ?n } ORDER BY ?city DESC(?n) LIMIT 3 OFFSET 1",
    ] {
        assert_eq!(by_lift(&store, sparql), by_engine(&store, sparql), "{sparql}");
    }
}

#[test]
fn numbers_sort_by_value_across_datatypes() {
    // 10, 1e1 and 10 are equal values: the next key, ?s, orders them.
    let rows = by_lift(&store(), "SELECT ?s WHERE { ?s ex:n ?n } ORDER BY ?n ?s");
    let subjects: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    let expected = ["d", "e", "b", "a", "c", "g", "h"].map(|s| format!("<http://example.org/{s}>"));
    assert_eq!(subjects, expected);
}

#[test]
fn a_hidden_key_is_sorted_on_and_not_returned() {
    let rows = by_lift(
        &store(),
        "SELECT ?s WHERE { ?s ex:n ?n } ORDER BY DESC(?n) ?s LIMIT 2 OFFSET 1",
    );
    assert_eq!(
        rows,
        [["<http://example.org/a>"], ["<http://example.org/c>"]]
    );
}

#[test]
fn what_only_the_engine_can_sort_is_left_to_it() {
    for sparql in [
        "SELECT ?s WHERE { ?s ex:n ?n } ORDER BY (?n * 2)",
        "SELECT DISTINCT ?s WHERE { ?s ex:n ?n } ORDER BY ?n",
        "SELECT ?s WHERE { ?s ex:n ?n }",
        "ASK { ?s ex:n ?n }",
        "CONSTRUCT { ?s ex:n ?n } WHERE { ?s ex:n ?n } ORDER BY ?n",
        "SELECT ?s WHERE { { SELECT ?s ?n WHERE { ?s ex:n ?n } ORDER BY ?n LIMIT 2 } }",
    ] {
        let query = parse(sparql);
        let (after, order) = lift(query.clone());
        assert_eq!(order, None, "{sparql}");
        assert_eq!(after, query, "{sparql}");
    }
}
