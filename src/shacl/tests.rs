//! The validator on small graphs: each constraint kind conforming and
//! violated, the SPARQL constraints' pre-binding, the refusals, the reports.

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, Term};

use super::*;
use crate::store::GraphStore;

const PREFIXES: &str = "
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
";

const EX: &str = "http://example.org/";

/// A store holding `graphs`, each Turtle text in a named graph of its own.
fn store(graphs: &[&str]) -> GraphStore {
    let store = GraphStore::in_memory().unwrap();
    for (i, data) in graphs.iter().enumerate() {
        let graph = NamedNode::new(format!("urn:graph:{i}")).unwrap();
        let text = format!("{PREFIXES}{data}");
        let quads = RdfParser::from_format(RdfFormat::Turtle)
            .with_default_graph(graph.clone())
            .for_slice(text.as_bytes())
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        store.replace_graph(graph.as_ref(), &quads).unwrap();
    }
    store
}

fn shapes(turtle: &str) -> anyhow::Result<Shapes> {
    Shapes::from_turtle(&format!("{PREFIXES}{turtle}"))
}

fn check(shapes_ttl: &str, data: &str) -> Report {
    validate(&store(&[data]), &shapes(shapes_ttl).unwrap()).unwrap()
}

fn short(term: &Term) -> String {
    let text = term_text(term);
    text.strip_prefix(EX).map(str::to_owned).unwrap_or(text)
}

/// (focus, path, value, component) of each result, `ex:` and `sh:` stripped.
fn found(report: &Report) -> Vec<(String, String, String, String)> {
    report
        .results
        .iter()
        .map(|r| {
            (
                short(&r.focus),
                r.path
                    .as_ref()
                    .map(|p| short(&p.clone().into()))
                    .unwrap_or_default(),
                r.value.as_ref().map(short).unwrap_or_default(),
                r.component
                    .as_str()
                    .strip_prefix(SH)
                    .unwrap()
                    .trim_end_matches("ConstraintComponent")
                    .to_owned(),
            )
        })
        .collect()
}

fn result(
    focus: &str,
    path: &str,
    value: &str,
    component: &str,
) -> (String, String, String, String) {
    (focus.into(), path.into(), value.into(), component.into())
}

/// A node shape on ex:Thing with one property shape on `path` holding `constraint`.
fn property(path: &str, constraint: &str) -> String {
    format!(
        "ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property ex:ThingShape-p .
         ex:ThingShape-p sh:path {path} ; {constraint} ."
    )
}

fn refusal(turtle: &str) -> String {
    format!("{:#}", shapes(turtle).unwrap_err())
}

// ── Core constraints ─────────────────────────────────────────────────────

#[test]
fn min_count() {
    let s = property("ex:p", "sh:minCount 1");
    let report = check(
        &s,
        "ex:a a ex:Thing ; ex:p 1 . ex:b a ex:Thing . ex:c ex:p 1 .",
    );
    assert_eq!(found(&report), [result("b", "p", "", "MinCount")]);
    assert!(!report.conforms());
    assert!(check(&s, "ex:a a ex:Thing ; ex:p 1, 2 .").conforms());
}

#[test]
fn max_count_counts_distinct_values_across_graphs() {
    let s = property("ex:p", "sh:maxCount 1");
    let report = check(
        &s,
        "ex:a a ex:Thing ; ex:p 1, 2 . ex:b a ex:Thing ; ex:p 1 . ex:c a ex:Thing .",
    );
    assert_eq!(found(&report), [result("a", "p", "", "MaxCount")]);
    // The same statement in two graphs of the union is one value.
    let two = store(&["ex:a a ex:Thing ; ex:p 1 .", "ex:a ex:p 1 ."]);
    assert!(validate(&two, &shapes(&s).unwrap()).unwrap().conforms());
}

#[test]
fn datatype_checks_type_and_lexical_form() {
    let s = property("ex:p", "sh:datatype xsd:integer");
    let report = check(
        &s,
        r#"ex:a a ex:Thing ; ex:p 1, "2"^^xsd:integer .
           ex:b a ex:Thing ; ex:p "3" .
           ex:c a ex:Thing ; ex:p "abc"^^xsd:integer .
           ex:d a ex:Thing ; ex:p 4.0, ex:x ."#,
    );
    assert_eq!(
        found(&report),
        [
            result("b", "p", "\"3\"", "Datatype"),
            result(
                "c",
                "p",
                "\"abc\"^^<http://www.w3.org/2001/XMLSchema#integer>",
                "Datatype"
            ),
            // Oxigraph keeps values in canonical form: 4.0 is "4"^^xsd:decimal.
            result(
                "d",
                "p",
                "\"4\"^^<http://www.w3.org/2001/XMLSchema#decimal>",
                "Datatype"
            ),
            result("d", "p", "x", "Datatype"),
        ]
    );
}

#[test]
fn datatype_of_dates_years_booleans_decimals() {
    for (datatype, good, bad) in [
        (
            "xsd:date",
            r#""2015-12-31"^^xsd:date"#,
            r#""2015-02-30"^^xsd:date"#,
        ),
        ("xsd:gYear", r#""2020"^^xsd:gYear"#, r#""20x"^^xsd:gYear"#),
        ("xsd:boolean", "true", r#""yes"^^xsd:boolean"#),
        ("xsd:decimal", "2.5", r#""2,5"^^xsd:decimal"#),
        ("xsd:decimal", "2.5", r#""2.5"^^xsd:double"#),
        (
            "xsd:gYear",
            r#""2020"^^xsd:gYear"#,
            r#""2020"^^xsd:integer"#,
        ),
    ] {
        let s = property("ex:p", &format!("sh:datatype {datatype}"));
        let report = check(
            &s,
            &format!("ex:a a ex:Thing ; ex:p {good} . ex:b a ex:Thing ; ex:p {bad} ."),
        );
        let focus: Vec<String> = found(&report).into_iter().map(|r| r.0).collect();
        assert_eq!(focus, ["b"], "{datatype}: {good} passes, {bad} fails");
    }
}

#[test]
fn datatype_lang_string_and_string() {
    let lang = property("ex:p", "sh:datatype rdf:langString");
    let string = property("ex:p", "sh:datatype xsd:string");
    let data = r#"ex:a a ex:Thing ; ex:p "南通市"@zh . ex:b a ex:Thing ; ex:p "南通市" ."#;
    assert_eq!(
        found(&check(&lang, data)),
        [result("b", "p", "\"南通市\"", "Datatype")]
    );
    assert_eq!(
        found(&check(&string, data)),
        [result("a", "p", "\"南通市\"@zh", "Datatype")]
    );
}

#[test]
fn class_follows_subclasses() {
    let s = property("ex:p", "sh:class ex:City");
    let report = check(
        &s,
        r#"ex:Capital rdfs:subClassOf ex:City .
           ex:x a ex:City . ex:y a ex:Capital . ex:z a ex:Other .
           ex:a a ex:Thing ; ex:p ex:x, ex:y .
           ex:b a ex:Thing ; ex:p ex:z, "ex:x" ."#,
    );
    assert_eq!(
        found(&report),
        [
            result("b", "p", "\"ex:x\"", "Class"),
            result("b", "p", "z", "Class")
        ]
    );
}

#[test]
fn node_kind() {
    let s = property("ex:p", "sh:nodeKind sh:IRI");
    let report = check(
        &s,
        r#"ex:a a ex:Thing ; ex:p ex:x . ex:b a ex:Thing ; ex:p "x", [] ."#,
    );
    let got = found(&report);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.iter().all(|r| r.0 == "b" && r.3 == "NodeKind"));
    let s = property("ex:p", "sh:nodeKind sh:IRIOrLiteral");
    let report = check(
        &s,
        r#"ex:a a ex:Thing ; ex:p ex:x, "x" . ex:b a ex:Thing ; ex:p [] ."#,
    );
    assert_eq!(found(&report).len(), 1);
    assert_eq!(found(&report)[0].0, "b");
}

#[test]
fn in_compares_terms_not_values() {
    let s = property("ex:p", r#"sh:in ( ">=" "<=" 1 ex:x )"#);
    let report = check(
        &s,
        r#"ex:a a ex:Thing ; ex:p ">=", 1, ex:x .
           ex:b a ex:Thing ; ex:p ">", 1.0, ">="@en, ex:y ."#,
    );
    let values: Vec<String> = found(&report).into_iter().map(|r| r.2).collect();
    assert_eq!(
        values,
        [
            "\"1\"^^<http://www.w3.org/2001/XMLSchema#decimal>",
            "\">\"",
            "\">=\"@en",
            "y"
        ]
    );
}

#[test]
fn min_inclusive_and_less_than_or_equals() {
    let s = property(
        "ex:first",
        "sh:minInclusive 1 ; sh:lessThanOrEquals ex:last",
    );
    let report = check(
        &s,
        r#"ex:a a ex:Thing ; ex:first 2 ; ex:last 2 .
           ex:b a ex:Thing ; ex:first 0 ; ex:last 3 .
           ex:c a ex:Thing ; ex:first 5 ; ex:last 4 .
           ex:d a ex:Thing ; ex:first "x" ; ex:last 4 ."#,
    );
    assert_eq!(
        found(&report),
        [
            result(
                "b",
                "first",
                "\"0\"^^<http://www.w3.org/2001/XMLSchema#integer>",
                "MinInclusive"
            ),
            result(
                "c",
                "first",
                "\"5\"^^<http://www.w3.org/2001/XMLSchema#integer>",
                "LessThanOrEquals"
            ),
            result("d", "first", "\"x\"", "LessThanOrEquals"),
            result("d", "first", "\"x\"", "MinInclusive"),
        ]
    );
}

#[test]
fn targets_include_instances_of_subclasses_once() {
    let s = property("ex:p", "sh:minCount 1");
    let report = check(
        &s,
        "ex:Special rdfs:subClassOf ex:Thing . ex:a a ex:Special, ex:Thing . ex:b a ex:Other .",
    );
    assert_eq!(found(&report), [result("a", "p", "", "MinCount")]);
    assert_eq!(
        report
            .shapes
            .iter()
            .find(|s| s.parent.is_none())
            .unwrap()
            .focus_nodes,
        1
    );
}

#[test]
fn messages_severity_and_defaults() {
    let s = "ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property ex:P, ex:Q .
             ex:P sh:path ex:p ; sh:minCount 1 ; sh:severity sh:Warning ;
                 sh:message \"Il manque p\"@fr, \"p is missing\"@en .
             ex:Q sh:path ex:q ; sh:minCount 1 .";
    let report = check(s, "ex:a a ex:Thing .");
    assert!(
        !report.conforms(),
        "a warning is a result: the data does not conform"
    );
    let p = report
        .results
        .iter()
        .find(|r| r.source_shape.to_string() == "<http://example.org/P>")
        .unwrap();
    assert_eq!(p.severity, Severity::Warning);
    assert_eq!(p.message.value(), "p is missing");
    let q = report
        .results
        .iter()
        .find(|r| r.source_shape.to_string() == "<http://example.org/Q>")
        .unwrap();
    assert_eq!(q.severity, Severity::Violation);
    assert_eq!(
        q.message.value(),
        "fewer than 1 values of <http://example.org/q>"
    );
}

// ── SPARQL constraints ───────────────────────────────────────────────────

const LEAD_RULE: &str = r#"
    ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ; sh:sparql ex:Rule .
    ex:Rule a sh:SPARQLConstraint ;
        sh:prefixes ex:prefixes ;
        sh:message "{$this} has no lead"@en ;
        sh:select """SELECT $this ?path WHERE {
            FILTER NOT EXISTS { $this ex:lead ?any }
            FILTER NOT EXISTS { $this ex:document/ex:layout "prose" }
            BIND (ex:lead AS ?path)
        }""" .
    ex:prefixes sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
"#;

#[test]
fn sparql_constraint_pre_binds_this() {
    let report = check(
        LEAD_RULE,
        r#"ex:table ex:layout "table" . ex:prose ex:layout "prose" .
           ex:a a ex:Thing ; ex:document ex:table ; ex:lead ex:x .
           ex:b a ex:Thing ; ex:document ex:table .
           ex:c a ex:Thing ; ex:document ex:prose .
           ex:d a ex:Thing .
           ex:e ex:document ex:table ."#,
    );
    // Without a value, a node shape's result has the focus node as its value.
    assert_eq!(
        found(&report),
        [
            result("b", "lead", "b", "SPARQL"),
            result("d", "lead", "d", "SPARQL")
        ]
    );
    let r = &report.results[0];
    assert_eq!(r.message.value(), "http://example.org/b has no lead");
    assert_eq!(
        r.source_shape.to_string(),
        "<http://example.org/ThingShape>"
    );
    assert_eq!(
        r.source_constraint
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("<http://example.org/Rule>")
    );
}

#[test]
fn sparql_constraint_value_and_message_template() {
    let s = r#"
        ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ; sh:sparql [
            sh:message "{?value} is negative" ;
            sh:select """SELECT $this ?value WHERE { $this <http://example.org/n> ?value FILTER (?value < 0) }"""
        ] ."#;
    let report = check(s, "ex:a a ex:Thing ; ex:n 1, -2 . ex:b ex:n -3 .");
    assert_eq!(found(&report).len(), 1);
    assert_eq!(found(&report)[0].0, "a");
    assert_eq!(report.results[0].message.value(), "-2 is negative");
    assert_eq!(report.results[0].path, None);
}

// ── The subset: anything else is refused ─────────────────────────────────

#[test]
fn refuses_shacl_outside_the_subset() {
    let node = "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property ex:P .";
    for (extra, expected) in [
        (
            "ex:P sh:path ex:p ; sh:pattern \"^a\" .",
            "sh:pattern on <http://example.org/P>",
        ),
        (
            "ex:P sh:path ex:p ; sh:or ( [ sh:minCount 1 ] ) .",
            "sh:or on <http://example.org/P>",
        ),
        ("ex:P sh:path ( ex:p ex:q ) .", "only IRI paths"),
        ("ex:P sh:path [ sh:inversePath ex:p ] .", "only IRI paths"),
        ("ex:P sh:path ex:p ; sh:minCount 1, 2 .", "at most one"),
        ("ex:P sh:path ex:p ; sh:minCount -1 .", "non-negative"),
        ("ex:P sh:path ex:p ; sh:nodeKind sh:Thing .", "sh:nodeKind"),
        ("ex:P sh:path ex:p ; sh:in ( [] ) .", "blank node"),
        (
            "ex:P sh:path ex:p ; sh:deactivated true .",
            "sh:deactivated",
        ),
        (
            "ex:P sh:path ex:p . ex:S sh:targetNode ex:a .",
            "sh:targetNode on <http://example.org/S>",
        ),
        ("ex:P sh:path ex:p . ex:S sh:closed true .", "sh:closed"),
        (
            "ex:P sh:path ex:p . ex:Lost a sh:PropertyShape ; sh:path ex:q .",
            "not reachable",
        ),
        (
            "ex:P sh:path ex:p . ex:T sh:targetNode ex:a .",
            "not reachable",
        ),
        (
            "ex:P sh:path ex:p ; sh:sparql [ sh:select \"SELECT $this WHERE {}\" ] .",
            "node shapes only",
        ),
    ] {
        let message = refusal(&format!("{node}\n{extra}"));
        assert!(message.contains(expected), "{extra}\n→ {message}");
    }
    let message = refusal("ex:S a sh:NodeShape ; sh:property [ sh:path ex:p ] .");
    assert!(message.contains("no sh:targetClass"), "{message}");
    let message = refusal("ex:S a sh:NodeShape, rdfs:Class ; sh:targetClass ex:Thing .");
    assert!(message.contains("implicit class targets"), "{message}");
}

#[test]
fn refuses_sparql_outside_the_subset() {
    for (select, expected) in [
        ("ASK { $this ?p ?o }", "must be a SELECT"),
        ("SELECT ?x WHERE { ?x ?p ?o }", "must project $this"),
        (
            "SELECT $this WHERE { $this ?p ?o MINUS { $this a ?c } }",
            "MINUS",
        ),
        (
            "SELECT $this WHERE { VALUES ?o { 1 } $this ?p ?o }",
            "VALUES",
        ),
        (
            "SELECT $this WHERE { $this ?p $currentShape }",
            "$currentShape",
        ),
        ("SELECT $this FROM <urn:g> WHERE { $this ?p ?o }", "FROM"),
        ("SELECT $this WHERE { $this ex:p ?o }", "ex"),
        ("SELECT $this WHERE { $this", "sh:select"),
    ] {
        let shape = format!(
            "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:sparql [ sh:select \"\"\"{select}\"\"\" ] ."
        );
        let message = refusal(&shape);
        assert!(message.contains(expected), "{select}\n→ {message}");
    }
    let message = refusal(
        "ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:sparql [ sh:ask \"ASK {}\" ] .",
    );
    assert!(message.contains("no sh:select"), "{message}");
}

// ── Reports ──────────────────────────────────────────────────────────────

#[test]
fn reports_as_json_table_and_turtle() {
    let s = property(
        "ex:p",
        "sh:minCount 1 ; sh:datatype xsd:integer ; sh:message \"p, an integer\"",
    );
    let report = check(
        &s,
        r#"ex:a a ex:Thing . ex:b a ex:Thing ; ex:p "x" . ex:c a ex:Thing ; ex:p 1 ."#,
    );

    let json = report.to_json();
    assert_eq!(json["conforms"], false);
    assert_eq!(json["results"].as_array().unwrap().len(), 2);
    assert_eq!(json["results"][1]["focusNode"], "http://example.org/b");
    assert_eq!(json["results"][1]["resultPath"], "http://example.org/p");
    assert_eq!(json["results"][1]["value"], "\"x\"");
    assert_eq!(
        json["results"][1]["resultSeverity"],
        format!("{SH}Violation")
    );
    assert_eq!(json["counts"]["http://example.org/ThingShape-p"], 2);
    assert_eq!(json["shapes"][0]["focusNodes"], 3);

    let mut table = Vec::new();
    report.write_table(&mut table).unwrap();
    let table = String::from_utf8(table).unwrap();
    assert!(table.contains("p, an integer"), "{table}");
    assert!(table.contains("does not conform: 2 result(s)"), "{table}");

    let mut turtle = Vec::new();
    report.write_turtle(&mut turtle).unwrap();
    let parsed = store(&[std::str::from_utf8(&turtle).unwrap()]);
    let count = |q: &str| match parsed.query(&format!("PREFIX sh: <{SH}> {q}")).unwrap() {
        oxigraph::sparql::QueryResults::Solutions(s) => s.count(),
        _ => unreachable!(),
    };
    assert_eq!(
        count("SELECT * { ?r a sh:ValidationReport ; sh:conforms false }"),
        1
    );
    assert_eq!(
        count(
            "SELECT * { ?r sh:result [ a sh:ValidationResult ; sh:focusNode ?f ; sh:resultPath ?p ;
               sh:resultMessage ?m ; sh:resultSeverity sh:Violation ; sh:sourceShape ?s ;
               sh:sourceConstraintComponent ?c ] }"
        ),
        2
    );
    assert_eq!(count("SELECT * { ?x sh:value \"x\" }"), 1);
}

#[test]
fn conforming_report() {
    let s = property("ex:p", "sh:minCount 1");
    let report = check(&s, "ex:a a ex:Thing ; ex:p 1 .");
    assert!(report.conforms());
    assert_eq!(report.to_json()["results"].as_array().unwrap().len(), 0);
    let mut turtle = Vec::new();
    report.write_turtle(&mut turtle).unwrap();
    let turtle = String::from_utf8(turtle).unwrap();
    assert!(turtle.contains("sh:conforms true"), "{turtle}");
    assert!(!turtle.contains("sh:result"), "{turtle}");
}

// ── The bundled shapes ───────────────────────────────────────────────────

#[test]
fn bundled_shapes_are_in_the_subset_and_documented() {
    let shapes = Shapes::bundled().unwrap();
    let names: Vec<String> = shapes
        .node_shapes
        .iter()
        .map(|s| s.id.to_string())
        .collect();
    let mut expected: Vec<String> = [
        "CityShape",
        "DepartmentShape",
        "FundingMentionShape",
        "PolicyDocumentShape",
        "SourceSpanShape",
        "TargetShape",
        "TaskShape",
    ]
    .iter()
    .map(|n| format!("<{SHAPES_NS}{n}>"))
    .collect();
    expected.sort();
    assert_eq!(names, expected);
    for shape in &shapes.node_shapes {
        for property in &shape.properties {
            assert!(
                property.message.is_some(),
                "{} has no sh:message",
                property.id
            );
            assert!(
                !property.constraints.is_empty(),
                "{} constrains nothing",
                property.id
            );
        }
        for constraint in &shape.sparql {
            assert!(
                constraint.message.is_some(),
                "{} has no sh:message",
                constraint.id
            );
        }
    }
}
