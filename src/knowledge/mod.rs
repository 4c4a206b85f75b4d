//! Domain knowledge that is data, not code: code lists (SKOS, Turtle), the
//! gazetteer and the lexicon of structural phrases (CSV), all kept under
//! `ontology/` and compiled into the binary so that it runs anywhere.

pub mod department_types;
pub mod funding_sources;
pub mod gazetteer;
pub mod indicators;
pub mod lexicon;
pub mod scheme;
pub mod turtle;

use std::sync::OnceLock;

use anyhow::{Context, Result};

pub use department_types::DepartmentTypes;
pub use funding_sources::FundingSources;
pub use gazetteer::Gazetteer;
pub use indicators::Indicators;
pub use lexicon::Lexicon;

/// A file of `ontology/` that is also loaded into the store, in its own graph.
pub struct OntologyFile {
    pub name: &'static str,
    pub turtle: &'static str,
}

/// The Turtle files loaded into every store (ontology, code lists, shapes).
pub const ONTOLOGY_FILES: &[OntologyFile] = &[
    OntologyFile {
        name: "eldergraph.ttl",
        turtle: include_str!("../../ontology/eldergraph.ttl"),
    },
    OntologyFile {
        name: "department-types.ttl",
        turtle: include_str!("../../ontology/department-types.ttl"),
    },
    OntologyFile {
        name: "indicators.ttl",
        turtle: include_str!("../../ontology/indicators.ttl"),
    },
    OntologyFile {
        name: "funding-sources.ttl",
        turtle: include_str!("../../ontology/funding-sources.ttl"),
    },
    OntologyFile {
        name: "roles.ttl",
        turtle: include_str!("../../ontology/roles.ttl"),
    },
    OntologyFile {
        name: "shapes.ttl",
        turtle: include_str!("../../ontology/shapes.ttl"),
    },
];

/// Everything the extractor knows about the genre.
pub struct Knowledge {
    pub department_types: DepartmentTypes,
    pub gazetteer: Gazetteer,
    pub lexicon: Lexicon,
    pub indicators: Indicators,
    pub funding_sources: FundingSources,
}

impl Knowledge {
    /// The knowledge bundled with this build, parsed once per process.
    pub fn bundled() -> Result<&'static Knowledge> {
        static BUNDLED: OnceLock<std::result::Result<Knowledge, String>> = OnceLock::new();
        BUNDLED
            .get_or_init(|| Knowledge::parse_bundled().map_err(|e| format!("{e:#}")))
            .as_ref()
            .map_err(|e| anyhow::anyhow!("bundled ontology data is invalid: {e}"))
    }

    fn parse_bundled() -> Result<Knowledge> {
        Ok(Knowledge {
            department_types: DepartmentTypes::from_turtle(include_str!(
                "../../ontology/department-types.ttl"
            ))
            .context("ontology/department-types.ttl")?,
            gazetteer: Gazetteer::from_csv(include_str!("../../ontology/gazetteer.csv"))
                .context("ontology/gazetteer.csv")?,
            lexicon: Lexicon::from_csv(include_str!("../../ontology/lexicon.csv"))
                .context("ontology/lexicon.csv")?,
            indicators: Indicators::from_turtle(include_str!("../../ontology/indicators.ttl"))
                .context("ontology/indicators.ttl")?,
            funding_sources: FundingSources::from_turtle(include_str!(
                "../../ontology/funding-sources.ttl"
            ))
            .context("ontology/funding-sources.ttl")?,
        })
    }
}
