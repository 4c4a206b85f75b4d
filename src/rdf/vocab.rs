//! IRIs of the eldergraph ontology and of the standard vocabularies it reuses.
//! The terms are defined (labels, comments, domains) in `ontology/eldergraph.ttl`.

pub const EG: &str = "https://w3id.org/eldergraph/ns#";
/// Resources (cities, departments, documents, tasks).
pub const ID: &str = "https://w3id.org/eldergraph/id/";
/// Code lists (SKOS concept schemes).
pub const CODE: &str = "https://w3id.org/eldergraph/code/";
/// Graphs holding the ontology files.
pub const GRAPH: &str = "https://w3id.org/eldergraph/graph/";

pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
pub const ORG: &str = "http://www.w3.org/ns/org#";
pub const PROV: &str = "http://www.w3.org/ns/prov#";
pub const DCTERMS: &str = "http://purl.org/dc/terms/";
pub const OWL: &str = "http://www.w3.org/2002/07/owl#";

/// Prefixes used when writing Turtle and in the README's queries.
pub const PREFIXES: &[(&str, &str)] = &[
    ("eg", EG),
    ("rdf", RDF),
    ("rdfs", RDFS),
    ("xsd", XSD),
    ("skos", SKOS),
    ("org", ORG),
    ("prov", PROV),
    ("dcterms", DCTERMS),
    ("owl", OWL),
];

macro_rules! terms {
    ($ns:ident: $($name:ident = $local:literal),* $(,)?) => {
        $(pub const $name: &str = concat!($local);)*
        /// Local names of this vocabulary, for the ontology consistency test.
        pub const ALL_LOCAL_NAMES: &[&str] = &[$($local),*];
    };
}

/// Local names in the `eg:` namespace.
pub mod eg {
    terms!(EG:
        POLICY_DOCUMENT = "PolicyDocument",
        CITY = "City",
        DEPARTMENT = "Department",
        TASK = "Task",
        SOURCE_SPAN = "SourceSpan",
        FILE_NAME = "fileName",
        LAYOUT = "layout",
        ISSUING_BODY = "issuingBody",
        CITY_PROP = "city",
        DOCUMENT = "document",
        POSITION = "position",
        LABEL = "label",
        SECTION_PATH = "sectionPath",
        SECTION_HEADING = "sectionHeading",
        TEXT = "text",
        LEAD = "lead",
        PARTICIPANT = "participant",
        MENTIONS = "mentions",
        INVOLVES = "involves",
        DEADLINE_TEXT = "deadlineText",
        DUE = "due",
        ONGOING = "ongoing",
        FIRST_LINE = "firstLine",
        LAST_LINE = "lastLine",
        EXCERPT = "excerpt",
        TARGET = "Target",
        FUNDING_MENTION = "FundingMention",
        INDICATOR = "indicator",
        VALUE = "value",
        UNIT_LABEL = "unitLabel",
        COMPARATOR = "comparator",
        YEAR = "year",
        TASK_PROP = "task",
        FUNDING_SOURCE = "fundingSource",
        AMOUNT = "amount",
        AMOUNT_MAX = "amountMax",
        BASIS = "basis",
        SENTENCE = "sentence",
        LINE = "line",
        CITY_SOURCE = "citySource",
        COUNTY = "county",
    );
}
