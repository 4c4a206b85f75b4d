//! Model → quads. What a document says (the document, its tasks and their
//! links to departments) goes to the named graph that is the document's own
//! IRI, so re-ingesting a document replaces exactly that. What is true of a
//! city whatever document names it (its label, its departments and their
//! types) goes to the city's graph, once, so that several documents of one
//! city never repeat a statement in the union default graph.

use std::collections::HashSet;

use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};

use super::iri;
use super::vocab::{eg, DCTERMS, EG, ORG, PROV, RDFS, SKOS};
use crate::model::{
    CitySource, Date, Decimal, Department, Document, FundingMention, Role, Source, Target, Task,
};

/// The graph (and IRI) of a document.
pub fn document_graph(doc: &Document) -> NamedNode {
    iri::document(&doc.file_name)
}

/// The statements of one document, split by the graph they belong to.
#[derive(Debug, Clone, Default)]
pub struct DocumentQuads {
    /// In the document's graph.
    pub document: Vec<Quad>,
    /// In the city's graph: descriptions of the city and its departments.
    pub city: Vec<Quad>,
}

/// All statements of one document.
pub fn document_quads(doc: &Document) -> DocumentQuads {
    let mut out = Quads {
        graph: document_graph(doc).into(),
        city_graph: iri::city_graph(&doc.city).into(),
        quads: DocumentQuads::default(),
        described: HashSet::new(),
    };
    out.document(doc);
    for task in &doc.tasks {
        out.task(doc, task);
    }
    for (i, target) in doc.targets.iter().enumerate() {
        out.target(doc, i + 1, target);
    }
    for (i, mention) in doc.funding.iter().enumerate() {
        out.funding(doc, i + 1, mention);
    }
    out.quads.city.sort_by_cached_key(|q| q.to_string());
    out.quads.city.dedup();
    out.quads
}

fn term(ns: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ns}{local}"))
}

fn egp(local: &str) -> NamedNode {
    term(EG, local)
}

fn zh(text: &str) -> Term {
    Literal::new_language_tagged_literal_unchecked(text, "zh").into()
}

fn plain(text: &str) -> Term {
    Literal::new_simple_literal(text).into()
}

fn integer(n: usize) -> Term {
    Literal::new_typed_literal(n.to_string(), xsd::INTEGER).into()
}

fn date(d: Date) -> Term {
    Literal::new_typed_literal(d.to_string(), xsd::DATE).into()
}

fn decimal(d: &Decimal) -> Term {
    Literal::new_typed_literal(d.normalize().to_string(), xsd::DECIMAL).into()
}

fn year(y: i32) -> Term {
    Literal::new_typed_literal(format!("{y:04}"), xsd::G_YEAR).into()
}

fn boolean(b: bool) -> Term {
    Literal::from(b).into()
}

/// The concept of a department type; a name no type matched gets `unknown`.
pub fn department_type_concepts(department: &Department) -> Vec<NamedNode> {
    if department.types.is_empty() {
        return vec![iri::code("department-type", "unknown")];
    }
    department
        .types
        .iter()
        .map(|code| iri::code("department-type", code))
        .collect()
}

/// The property linking a task to a body in a role.
pub fn role_property(role: Role) -> NamedNode {
    egp(match role {
        Role::Lead => eg::LEAD,
        Role::Participant => eg::PARTICIPANT,
        Role::Mentioned => eg::MENTIONS,
    })
}

struct Quads {
    graph: GraphName,
    city_graph: GraphName,
    quads: DocumentQuads,
    /// Departments already described: most are named by many tasks, and
    /// their description would only be repeated (then deduplicated).
    described: HashSet<Department>,
}

impl Quads {
    fn add(&mut self, s: &NamedNode, p: NamedNode, o: impl Into<Term>) {
        let subject: NamedOrBlankNode = s.clone().into();
        self.quads
            .document
            .push(Quad::new(subject, p, o, self.graph.clone()));
    }

    fn add_to_city(&mut self, s: &NamedNode, p: NamedNode, o: impl Into<Term>) {
        let subject: NamedOrBlankNode = s.clone().into();
        self.quads
            .city
            .push(Quad::new(subject, p, o, self.city_graph.clone()));
    }

    fn document(&mut self, doc: &Document) {
        let d = iri::document(&doc.file_name);
        let city = iri::city(&doc.city);
        self.add(&d, rdf::TYPE.into_owned(), egp(eg::POLICY_DOCUMENT));
        self.add(&d, egp(eg::FILE_NAME), plain(&doc.file_name));
        self.add(&d, egp(eg::LAYOUT), plain(doc.layout.code()));
        self.add(&d, egp(eg::CITY_PROP), city.clone());
        self.add(&d, term(DCTERMS, "spatial"), city.clone());
        self.add(
            &d,
            egp(eg::CITY_SOURCE),
            plain(city_source(doc.city_source)),
        );
        if let Some(county) = &doc.county {
            self.add(&d, egp(eg::COUNTY), zh(county));
        }
        let m = &doc.metadata;
        if let Some(title) = &m.title {
            self.add(&d, term(DCTERMS, "title"), zh(title));
        }
        if let Some(issuer) = &m.issuer {
            self.add(&d, egp(eg::ISSUING_BODY), zh(issuer));
        }
        if let Some(number) = &m.number {
            self.add(&d, term(DCTERMS, "identifier"), plain(number));
        }
        if let Some(issued) = m.issued {
            self.add(&d, term(DCTERMS, "issued"), date(issued));
        }
        self.add_to_city(&city, rdf::TYPE.into_owned(), egp(eg::CITY));
        self.add_to_city(&city, term(RDFS, "label"), zh(&doc.city));
        self.add_to_city(&city, term(SKOS, "prefLabel"), zh(&doc.city));
    }

    fn task(&mut self, doc: &Document, task: &Task) {
        let t = iri::task(&doc.file_name, task.position);
        let d = iri::document(&doc.file_name);
        self.add(&t, rdf::TYPE.into_owned(), egp(eg::TASK));
        self.add(&t, egp(eg::DOCUMENT), d.clone());
        self.add(&t, term(DCTERMS, "isPartOf"), d.clone());
        self.add(&t, egp(eg::CITY_PROP), iri::city(&doc.city));
        self.add(&t, egp(eg::POSITION), integer(task.position));
        self.add(&t, egp(eg::LABEL), plain(&task.label));
        self.add(&t, egp(eg::TEXT), zh(&task.text));
        if !task.section.is_empty() {
            self.add(&t, egp(eg::SECTION_PATH), zh(&task.section.join(" / ")));
        }
        for heading in &task.section {
            self.add(&t, egp(eg::SECTION_HEADING), zh(heading));
        }
        if let Some(deadline) = &task.deadline {
            self.add(&t, egp(eg::DEADLINE_TEXT), zh(&deadline.text));
            self.add(&t, egp(eg::ONGOING), boolean(deadline.ongoing));
            if let Some(due) = deadline.due {
                self.add(&t, egp(eg::DUE), date(due));
            }
        }
        for r in &task.responsibilities {
            let dep = self.department(&doc.city, &r.department);
            self.add(&t, role_property(r.role), dep);
        }
        self.source_span(doc, task, &t);
    }

    fn department(&mut self, city: &str, department: &Department) -> NamedNode {
        let dep = iri::department(city, &department.name);
        if !self.described.insert(department.clone()) {
            return dep;
        }
        self.add_to_city(&dep, rdf::TYPE.into_owned(), egp(eg::DEPARTMENT));
        self.add_to_city(
            &dep,
            rdf::TYPE.into_owned(),
            term(ORG, "FormalOrganization"),
        );
        self.add_to_city(&dep, term(RDFS, "label"), zh(&department.name));
        self.add_to_city(&dep, term(SKOS, "prefLabel"), zh(&department.name));
        self.add_to_city(&dep, egp(eg::CITY_PROP), iri::city(city));
        for concept in department_type_concepts(department) {
            self.add_to_city(&dep, term(ORG, "classification"), concept);
        }
        dep
    }

    fn target(&mut self, doc: &Document, n: usize, target: &Target) {
        let t = iri::statement(&doc.file_name, "target", n);
        self.add(&t, rdf::TYPE.into_owned(), egp(eg::TARGET));
        self.add(
            &t,
            egp(eg::INDICATOR),
            iri::code("indicator", &target.indicator),
        );
        self.add(&t, egp(eg::VALUE), decimal(&target.value));
        self.add(&t, egp(eg::UNIT_LABEL), plain(&target.unit));
        self.add(&t, egp(eg::COMPARATOR), plain(target.comparator.code()));
        if let Some(y) = target.year {
            self.add(&t, egp(eg::YEAR), year(y));
        }
        self.statement_source(doc, &t, &target.source);
    }

    fn funding(&mut self, doc: &Document, n: usize, mention: &FundingMention) {
        let f = iri::statement(&doc.file_name, "funding", n);
        self.add(&f, rdf::TYPE.into_owned(), egp(eg::FUNDING_MENTION));
        self.add(
            &f,
            egp(eg::FUNDING_SOURCE),
            iri::code("funding-source", &mention.source_code),
        );
        if let Some(amount) = &mention.amount {
            self.add(&f, egp(eg::AMOUNT), decimal(amount));
        }
        if let Some(max) = &mention.amount_max {
            self.add(&f, egp(eg::AMOUNT_MAX), decimal(max));
        }
        if let Some(basis) = mention.basis {
            self.add(&f, egp(eg::BASIS), plain(basis.code()));
        }
        self.statement_source(doc, &f, &mention.source);
    }

    /// The document, city, task, sentence and line a target or mention came from.
    fn statement_source(&mut self, doc: &Document, s: &NamedNode, source: &Source) {
        self.add(s, egp(eg::DOCUMENT), iri::document(&doc.file_name));
        self.add(s, egp(eg::CITY_PROP), iri::city(&doc.city));
        if let Some(position) = source.task {
            self.add(s, egp(eg::TASK_PROP), iri::task(&doc.file_name, position));
        }
        self.add(s, egp(eg::SENTENCE), zh(&source.sentence));
        self.add(s, egp(eg::LINE), integer(source.line));
    }

    fn source_span(&mut self, doc: &Document, task: &Task, t: &NamedNode) {
        let span = iri::source_span(&doc.file_name, task.position);
        self.add(t, term(PROV, "wasDerivedFrom"), span.clone());
        self.add(&span, rdf::TYPE.into_owned(), egp(eg::SOURCE_SPAN));
        self.add(
            &span,
            term(DCTERMS, "isPartOf"),
            iri::document(&doc.file_name),
        );
        self.add(&span, egp(eg::FILE_NAME), plain(&doc.file_name));
        self.add(&span, egp(eg::FIRST_LINE), integer(task.lines.first));
        self.add(&span, egp(eg::LAST_LINE), integer(task.lines.last));
        self.add(&span, egp(eg::EXCERPT), zh(&task.excerpt));
    }
}

fn city_source(source: CitySource) -> &'static str {
    match source {
        CitySource::Title => "title",
        CitySource::Gazetteer => "gazetteer",
        CitySource::Override => "override",
    }
}
