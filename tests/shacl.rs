//! The bundled SHACL shapes on the seeds' store: it conforms; the shapes
//! cover every property the mapping writes; a store broken on purpose
//! (`tests/shacl/broken.ru`) gives exactly its four violations, through the
//! library and through `eldergraph validate`.

mod common;

use std::collections::BTreeSet;
use std::process::Output;

use common::eldergraph;
use eldergraph::rdf::vocab::{EG, GRAPH, ID};
use eldergraph::shacl::{self, term_text, Report, Shapes, SH, SHAPES_NS};
use eldergraph::store::GraphStore;
use oxigraph::sparql::SparqlEvaluator;

const BROKEN: &str = include_str!("shacl/broken.ru");
const DOC: &str = "https://w3id.org/eldergraph/id/document/000_3484524b0a9dfb8d";

fn break_store(store: &GraphStore) {
    SparqlEvaluator::new()
        .parse_update(BROKEN)
        .expect("broken.ru parses")
        .on_store(store.inner())
        .execute()
        .expect("broken.ru applies");
}

/// (focus, path, shape, component, value) of each result.
type Found = (String, String, String, String, String);

fn found(report: &Report) -> BTreeSet<Found> {
    report
        .results
        .iter()
        .map(|r| {
            (
                term_text(&r.focus),
                r.path
                    .as_ref()
                    .map(|p| p.as_str().to_owned())
                    .unwrap_or_default(),
                r.source_shape.to_string(),
                r.component.as_str().trim_start_matches(SH).to_owned(),
                r.value.as_ref().map(term_text).unwrap_or_default(),
            )
        })
        .collect()
}

/// The four violations `broken.ru` makes.
fn expected_violations() -> BTreeSet<Found> {
    let task = format!("{DOC}/task/999");
    [
        (
            task.clone(),
            format!("{EG}lead"),
            format!("<{SHAPES_NS}TaskShape>"),
            "SPARQLConstraintComponent".to_owned(),
            task,
        ),
        (
            format!("{ID}department/南通市/市测试局"),
            "http://www.w3.org/ns/org#classification".to_owned(),
            format!("<{SHAPES_NS}Department-classification>"),
            "MinCountConstraintComponent".to_owned(),
            String::new(),
        ),
        (
            format!("{DOC}/target/1"),
            format!("{EG}value"),
            format!("<{SHAPES_NS}Target-value>"),
            "DatatypeConstraintComponent".to_owned(),
            "\"20\"".to_owned(),
        ),
        (
            format!("{DOC}/target/10"),
            format!("{EG}comparator"),
            format!("<{SHAPES_NS}Target-comparator>"),
            "InConstraintComponent".to_owned(),
            "\">\"".to_owned(),
        ),
    ]
    .into_iter()
    .collect()
}

#[test]
fn the_seeds_conform() {
    let report = shacl::validate(common::seeds_store(), &Shapes::bundled().unwrap()).unwrap();
    assert!(report.conforms(), "{:#?}", report.results);
    let focus = |shape: &str| {
        report
            .shapes
            .iter()
            .find(|s| s.shape.to_string() == format!("<{SHAPES_NS}{shape}>"))
            .unwrap_or_else(|| panic!("{shape}"))
            .focus_nodes
    };
    // Not vacuous: every class has its instances checked.
    assert_eq!(focus("PolicyDocumentShape"), 5);
    assert_eq!(focus("TaskShape"), 227);
    assert_eq!(focus("SourceSpanShape"), 227);
    assert_eq!(focus("CityShape"), 5);
    assert!(focus("DepartmentShape") > 100);
    assert!(focus("TargetShape") > 50);
    assert!(focus("FundingMentionShape") > 50);
}

#[test]
fn every_property_the_mapping_writes_has_a_property_shape() {
    let shapes = Shapes::bundled().unwrap();
    let covered: BTreeSet<(String, String)> = shapes
        .node_shapes
        .iter()
        .flat_map(|n| {
            n.target_classes.iter().flat_map(move |c| {
                n.properties
                    .iter()
                    .map(move |p| (c.as_str().to_owned(), p.path.as_str().to_owned()))
            })
        })
        .collect();
    let targets: Vec<String> = shapes
        .node_shapes
        .iter()
        .flat_map(|n| n.target_classes.iter().map(|c| format!("<{}>", c.as_str())))
        .collect();
    // What documents and cities' graphs say, by class of the subject.
    let written = common::run_csv(
        common::seeds_store(),
        &format!(
            "SELECT DISTINCT ?class ?p WHERE {{
               GRAPH ?g {{ ?s ?p ?o }} ?s a ?class .
               FILTER (STRSTARTS(STR(?g), \"{ID}\") || STRSTARTS(STR(?g), \"{GRAPH}city/\"))
               FILTER (?p != <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>)
               FILTER (?class IN ({}))
             }}",
            targets.join(", ")
        ),
    );
    assert!(written.len() > 40, "{written:?}");
    for row in &written {
        let pair = (row["class"].clone(), row["p"].clone());
        assert!(covered.contains(&pair), "no property shape for {pair:?}");
    }
    // And every class the shapes target is in the data.
    let classes: BTreeSet<&str> = written.iter().map(|r| r["class"].as_str()).collect();
    assert_eq!(classes.len(), targets.len(), "{classes:?}");
}

#[test]
fn a_broken_store_gives_exactly_its_violations() {
    let store = common::new_seeds_store();
    break_store(&store);
    let report = shacl::validate(&store, &Shapes::bundled().unwrap()).unwrap();
    assert!(!report.conforms());
    assert_eq!(found(&report), expected_violations());
    assert_eq!(report.results.len(), 4, "{:#?}", report.results);
}

fn json_results(out: &Output) -> Vec<(String, String)> {
    let json: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {out:?}"));
    let mut results: Vec<(String, String)> = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["focusNode"].as_str().unwrap().to_owned(),
                r["resultPath"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    results.sort();
    results
}

#[test]
fn validate_command_exit_status_and_formats() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    assert!(eldergraph(&store, &["ingest"]).status.success());

    let out = eldergraph(&store, &["validate", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json_results(&out), []);
    let out = eldergraph(&store, &["validate"]);
    assert_eq!(out.status.code(), Some(0));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("egsh:TaskShape            eg:Task            227"),
        "{table}"
    );
    assert!(table.contains("conforms: "), "{table}");

    // Break the store on disk, through the library.
    {
        let opened = GraphStore::open(&store).unwrap();
        break_store(&opened);
    }
    let out = eldergraph(&store, &["validate", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected: Vec<(String, String)> = expected_violations()
        .into_iter()
        .map(|(focus, path, ..)| (focus, path))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(json_results(&out), expected);

    let out = eldergraph(&store, &["validate"]);
    assert_eq!(out.status.code(), Some(1));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("does not conform: 4 result(s)"), "{table}");
    assert!(table.contains("egsh:Target-comparator"), "{table}");

    let out = eldergraph(&store, &["validate", "--format", "turtle"]);
    assert_eq!(out.status.code(), Some(1));
    let report = GraphStore::in_memory().unwrap();
    report
        .inner()
        .load_from_slice(oxigraph::io::RdfFormat::Turtle, &out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    let rows = common::run_csv(
        &report,
        "PREFIX sh: <http://www.w3.org/ns/shacl#>
         SELECT ?focus ?path WHERE {
           [] a sh:ValidationReport ; sh:conforms false ;
              sh:result [ sh:focusNode ?focus ; sh:resultPath ?path ;
                          sh:resultSeverity sh:Violation ; sh:sourceShape ?shape ] }
         ORDER BY ?focus ?path",
    );
    let got: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r["focus"].clone(), r["path"].clone()))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn a_countys_plan_conforms_and_names_its_county() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("county.txt");
    std::fs::write(
        &file,
        "孝昌县人民政府办公室文件\n孝政办发〔2023〕5号\n\n\
         关于印发养老服务体系建设实施方案的通知\n\n\
         二、重点任务\n\
         （一）加强设施建设。推进乡镇区域养老服务中心建设。（县民政局负责）\n",
    )
    .unwrap();
    let kb = eldergraph::knowledge::Knowledge::bundled().unwrap();
    let store = GraphStore::in_memory().unwrap();
    store.load_ontology().unwrap();
    eldergraph::ingest::ingest_file(
        &file,
        Some(&store),
        kb,
        &eldergraph::ingest::ReadOptions::default(),
    )
    .unwrap();
    let report = shacl::validate(&store, &Shapes::bundled().unwrap()).unwrap();
    assert!(report.conforms(), "{:#?}", report.results);
    let rows = common::run_csv(
        &store,
        &format!(
            "SELECT ?county ?city ?body WHERE {{
               ?d <{EG}county> ?county ; <{EG}city> ?c .
               ?c <http://www.w3.org/2000/01/rdf-schema#label> ?city .
               ?t <{EG}document> ?d ; <{EG}lead> ?b .
               ?b <http://www.w3.org/2000/01/rdf-schema#label> ?body .
             }}"
        ),
    );
    let got: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r["county"].as_str(), r["city"].as_str(), r["body"].as_str()))
        .collect();
    assert_eq!(got, [("孝昌县", "孝感市", "孝昌县民政局")]);
}
