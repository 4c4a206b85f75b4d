//! The funding-source code list (SKOS, `ontology/funding-sources.ttl`).
//! STUB: to be written (helper "funding").

use anyhow::Result;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FundingSource {
    pub code: String,
    pub iri: String,
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Default)]
pub struct FundingSources {
    sources: Vec<FundingSource>,
}

impl FundingSources {
    pub fn from_turtle(_turtle: &str) -> Result<FundingSources> {
        Ok(FundingSources::default())
    }

    pub fn all(&self) -> &[FundingSource] {
        &self.sources
    }

    pub fn get(&self, code: &str) -> Option<&FundingSource> {
        self.sources.iter().find(|s| s.code == code)
    }
}
