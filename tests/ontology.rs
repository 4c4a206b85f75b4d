//! The ontology files parse, define every term the mapping writes, and the
//! department-type scheme carries every code of the contract.

use eldergraph::knowledge::turtle::TurtleIndex;
use eldergraph::knowledge::{Knowledge, ONTOLOGY_FILES};
use eldergraph::rdf::vocab::{eg, EG};

const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
const RDFS_COMMENT: &str = "http://www.w3.org/2000/01/rdf-schema#comment";

#[test]
fn every_ontology_file_parses() {
    for file in ONTOLOGY_FILES {
        TurtleIndex::parse(file.turtle).unwrap_or_else(|e| panic!("{}: {e:#}", file.name));
    }
}

#[test]
fn every_term_the_mapping_writes_is_defined_with_labels_in_both_languages() {
    let ontology = TurtleIndex::parse(include_str!("../ontology/eldergraph.ttl")).unwrap();
    for local in eg::ALL_LOCAL_NAMES {
        let iri = format!("{EG}{local}");
        assert!(
            ontology.literal(&iri, RDFS_LABEL, Some("zh")).is_some(),
            "{iri} lacks a zh label"
        );
        assert!(
            ontology.literal(&iri, RDFS_LABEL, Some("en")).is_some(),
            "{iri} lacks an en label"
        );
        assert!(
            ontology.literal(&iri, RDFS_COMMENT, None).is_some(),
            "{iri} lacks a comment"
        );
    }
}

#[test]
fn department_types_carry_every_contract_code_with_its_labels() {
    let kb = Knowledge::bundled().unwrap();
    // The header's last column name holds a comma: read rows flexibly.
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/contract/department-types.csv"
        ))
        .unwrap();
    let mut count = 0;
    for row in reader.records() {
        let row = row.unwrap();
        let (code, zh, en, broader) = (&row[0], &row[1], &row[2], &row[3]);
        let t = kb
            .department_types
            .get(code)
            .unwrap_or_else(|| panic!("{code} missing"));
        assert_eq!((t.zh.as_str(), t.en.as_str()), (zh, en), "{code}");
        assert_eq!(t.broader.as_deref().unwrap_or(""), broader, "{code}");
        count += 1;
    }
    assert!(count >= 50);
}

/// The code column of a contract CSV (its header's last column may hold a comma).
fn contract_rows(file: &str) -> Vec<csv::StringRecord> {
    let path = format!("{}/tests/contract/{file}", env!("CARGO_MANIFEST_DIR"));
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .unwrap();
    reader.records().map(Result::unwrap).collect()
}

#[test]
fn indicators_carry_every_contract_code_with_labels_and_unit() {
    let kb = Knowledge::bundled().unwrap();
    let rows = contract_rows("indicators.csv");
    assert_eq!(rows.len(), 23);
    for row in rows {
        let i = kb
            .indicators
            .get(&row[0])
            .unwrap_or_else(|| panic!("{} missing", &row[0]));
        assert_eq!(
            (i.zh.as_str(), i.en.as_str(), i.unit.as_str()),
            (&row[1], &row[2], &row[3])
        );
    }
}

#[test]
fn funding_sources_carry_every_contract_code_with_labels() {
    let kb = Knowledge::bundled().unwrap();
    let rows = contract_rows("funding-sources.csv");
    assert_eq!(rows.len(), 15);
    for row in rows {
        let s = kb
            .funding_sources
            .get(&row[0])
            .unwrap_or_else(|| panic!("{} missing", &row[0]));
        assert_eq!((s.zh.as_str(), s.en.as_str()), (&row[1], &row[2]));
    }
}
