//! The department-type code list (SKOS, `ontology/department-types.ttl`) and
//! the classification of a department name into types.
//! STUB: to be written (helper "departments").

use anyhow::Result;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartmentType {
    pub code: String,
    pub iri: String,
    pub zh: String,
    pub en: String,
    /// Code of the broader type, if any (aging-office → civil-affairs).
    pub broader: Option<String>,
}

#[derive(Debug, Default)]
pub struct DepartmentTypes {
    types: Vec<DepartmentType>,
}

impl DepartmentTypes {
    pub fn from_turtle(_turtle: &str) -> Result<DepartmentTypes> {
        Ok(DepartmentTypes::default())
    }

    pub fn all(&self) -> &[DepartmentType] {
        &self.types
    }

    pub fn get(&self, code: &str) -> Option<&DepartmentType> {
        self.types.iter().find(|t| t.code == code)
    }

    /// Type codes of a department name, all that apply (住房和城乡建设局 →
    /// housing, construction); empty when none matches.
    pub fn classify(&self, _name: &str) -> Vec<String> {
        Vec::new()
    }
}
