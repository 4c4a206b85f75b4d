//! Cities and the places inside them (districts, counties, county-level
//! cities), from `ontology/gazetteer.csv`.
//! STUB: to be written (helper "city-metadata-deadline").

use anyhow::Result;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CityEntry {
    /// Full name with suffix: 南通市.
    pub name: String,
    /// Name without suffix: 南通.
    pub short: String,
    pub province: String,
    /// Districts, counties and county-level cities: 崇川区, 如皋市, 如皋 …
    pub places: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Gazetteer {
    cities: Vec<CityEntry>,
}

impl Gazetteer {
    pub fn from_csv(_data: &str) -> Result<Gazetteer> {
        Ok(Gazetteer::default())
    }

    pub fn cities(&self) -> &[CityEntry] {
        &self.cities
    }

    pub fn city(&self, name: &str) -> Option<&CityEntry> {
        self.cities.iter().find(|c| c.name == name)
    }
}
