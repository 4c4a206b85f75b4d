//! The indicator code list (SKOS, `ontology/indicators.ttl`).
//! STUB: to be written (helper "targets").

use anyhow::Result;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    pub code: String,
    pub iri: String,
    pub zh: String,
    pub en: String,
    /// The unit as `indicators.csv` gives it ("%", "beds per 1000 older people").
    pub unit: String,
}

#[derive(Debug, Default)]
pub struct Indicators {
    indicators: Vec<Indicator>,
}

impl Indicators {
    pub fn from_turtle(_turtle: &str) -> Result<Indicators> {
        Ok(Indicators::default())
    }

    pub fn all(&self) -> &[Indicator] {
        &self.indicators
    }

    pub fn get(&self, code: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.code == code)
    }
}
