//! Validation: every constraint of the shapes becomes a SPARQL query on the
//! store's union default graph that selects the focus nodes (and values)
//! that violate it.

use std::collections::BTreeSet;

use anyhow::{anyhow, Context, Result};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::sparql::{QueryResults, QuerySolution};

use super::report::{Report, ShapeSummary, ValidationResult};
use super::shapes::{sh, Constraint, NodeKind, NodeShape, PropertyShape, Shapes, SparqlConstraint};
use crate::rdf::vocab::XSD;
use crate::store::GraphStore;

/// Datatypes whose lexical forms Oxigraph checks: a literal of one of them
/// that Oxigraph could not read (`"abc"^^xsd:integer`) is not a value of the
/// datatype, and casting it to the datatype fails.
const CHECKED_DATATYPES: &[&str] = &[
    "integer",
    "decimal",
    "double",
    "float",
    "boolean",
    "date",
    "dateTime",
    "time",
    "gYear",
    "gYearMonth",
    "gMonth",
    "gMonthDay",
    "gDay",
    "duration",
    "dayTimeDuration",
    "yearMonthDuration",
];

/// Validates the store's union graph against `shapes`.
pub fn validate(store: &GraphStore, shapes: &Shapes) -> Result<Report> {
    let mut report = Report::default();
    for shape in &shapes.node_shapes {
        let focus_nodes = focus_nodes(store, shape)?;
        let node_results_before = report.results.len();
        for property in &shape.properties {
            let before = report.results.len();
            for constraint in &property.constraints {
                let sparql = constraint_query(shape, property, constraint);
                for solution in solutions(store, &sparql, &[])
                    .with_context(|| format!("{} ({})", property.id, constraint.component()))?
                {
                    report
                        .results
                        .push(core_result(property, constraint, &solution)?);
                }
            }
            report.shapes.push(ShapeSummary {
                shape: property.id.clone(),
                parent: Some(shape.id.clone()),
                target_classes: shape.target_classes.clone(),
                focus_nodes: focus_nodes.len(),
                constraints: property.constraints.len(),
                results: report.results.len() - before,
            });
        }
        let before = report.results.len();
        for constraint in &shape.sparql {
            for focus in &focus_nodes {
                let solutions = sparql_solutions(store, constraint, focus)
                    .with_context(|| format!("{} (sh:sparql)", constraint.id))?;
                for solution in solutions {
                    report
                        .results
                        .push(sparql_result(shape, constraint, focus, &solution)?);
                }
            }
        }
        report.shapes.push(ShapeSummary {
            shape: shape.id.clone(),
            parent: None,
            target_classes: shape.target_classes.clone(),
            focus_nodes: focus_nodes.len(),
            constraints: shape.sparql.len(),
            results: report.results.len() - before,
        });
        // Results in a stable order, shape by shape; a statement in several
        // graphs of the union gives one result.
        report.results[node_results_before..].sort_by_key(ValidationResult::sort_key);
    }
    report.results.dedup();
    Ok(report)
}

/// The SHACL instances of the target classes: `rdf:type/rdfs:subClassOf*`.
fn target_pattern(shape: &NodeShape) -> String {
    let unions: Vec<String> = shape
        .target_classes
        .iter()
        .map(|c| {
            format!(
                "{{ ?this <{}>/<{}>* {c} }}",
                rdf::TYPE.as_str(),
                SUB_CLASS_OF
            )
        })
        .collect();
    format!(
        "{{ SELECT DISTINCT ?this WHERE {{ {} }} }}",
        unions.join(" UNION ")
    )
}

const SUB_CLASS_OF: &str = "http://www.w3.org/2000/01/rdf-schema#subClassOf";

fn focus_nodes(store: &GraphStore, shape: &NodeShape) -> Result<Vec<Term>> {
    let sparql = format!(
        "SELECT ?this WHERE {} ORDER BY ?this",
        target_pattern(shape)
    );
    solutions(store, &sparql, &[])?
        .into_iter()
        .map(|s| {
            s.get("this")
                .cloned()
                .ok_or_else(|| anyhow!("a focus node query returned no ?this"))
        })
        .collect()
}

/// The query selecting the violations of one constraint: `?this`, and
/// `?value` where the result has a value.
pub(crate) fn constraint_query(
    shape: &NodeShape,
    property: &PropertyShape,
    constraint: &Constraint,
) -> String {
    let target = target_pattern(shape);
    let path = &property.path;
    let values = |filter: String| {
        format!("SELECT DISTINCT ?this ?value WHERE {{ {target} ?this {path} ?value . FILTER ({filter}) }}")
    };
    match constraint {
        Constraint::MinCount(n) => format!(
            "SELECT ?this WHERE {{ {target} OPTIONAL {{ ?this {path} ?value }} }} \
             GROUP BY ?this HAVING (COUNT(DISTINCT ?value) < {n})"
        ),
        Constraint::MaxCount(n) => format!(
            "SELECT ?this WHERE {{ {target} ?this {path} ?value }} \
             GROUP BY ?this HAVING (COUNT(DISTINCT ?value) > {n})"
        ),
        Constraint::Datatype(datatype) => values(format!("!({})", datatype_test(datatype))),
        Constraint::Class(class) => format!(
            "SELECT DISTINCT ?this ?value WHERE {{ {target} ?this {path} ?value . \
             FILTER NOT EXISTS {{ ?value <{}>/<{SUB_CLASS_OF}>* {class} }} }}",
            rdf::TYPE.as_str()
        ),
        Constraint::NodeKind(kind) => values(format!("!({})", node_kind_test(*kind))),
        Constraint::In(members) => {
            let tests: Vec<String> = members
                .iter()
                .map(|m| format!("sameTerm(?value, {m})"))
                .collect();
            if tests.is_empty() {
                values("true".to_owned())
            } else {
                values(format!("!({})", tests.join(" || ")))
            }
        }
        // A value that cannot be compared violates the constraint too.
        Constraint::MinInclusive(min) => values(format!("!COALESCE({min} <= ?value, false)")),
        Constraint::LessThanOrEquals(other) => format!(
            "SELECT DISTINCT ?this ?value WHERE {{ {target} ?this {path} ?value . \
             ?this {other} ?other . FILTER (!COALESCE(?value <= ?other, false)) }}"
        ),
    }
}

/// True when `?value` is a well-formed literal of `datatype`.
fn datatype_test(datatype: &NamedNode) -> String {
    let mut test = format!("isLiteral(?value) && DATATYPE(?value) = {datatype}");
    if let Some(local) = datatype.as_str().strip_prefix(XSD) {
        if CHECKED_DATATYPES.contains(&local) {
            // Oxigraph keeps a literal it cannot read as a plain typed
            // literal; casting it fails, casting a valid one is the identity.
            test.push_str(&format!(
                " && COALESCE(sameTerm({datatype}(?value), ?value), false)"
            ));
        }
    }
    test
}

fn node_kind_test(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Iri => "isIRI(?value)",
        NodeKind::BlankNode => "isBlank(?value)",
        NodeKind::Literal => "isLiteral(?value)",
        NodeKind::BlankNodeOrIri => "isBlank(?value) || isIRI(?value)",
        NodeKind::BlankNodeOrLiteral => "isBlank(?value) || isLiteral(?value)",
        NodeKind::IriOrLiteral => "isIRI(?value) || isLiteral(?value)",
    }
}

fn solutions(
    store: &GraphStore,
    sparql: &str,
    bindings: &[(&str, Term)],
) -> Result<Vec<QuerySolution>> {
    let QueryResults::Solutions(solutions) = store.query_with(sparql, bindings)? else {
        return Err(anyhow!("not a SELECT query: {sparql}"));
    };
    Ok(solutions.collect::<Result<Vec<_>, _>>()?)
}

/// Runs a SPARQL constraint with `$this` pre-bound to the focus node.
fn sparql_solutions(
    store: &GraphStore,
    constraint: &SparqlConstraint,
    focus: &Term,
) -> Result<Vec<QuerySolution>> {
    let QueryResults::Solutions(solutions) =
        store.evaluate(constraint.query.clone(), &[("this", focus.clone())])?
    else {
        return Err(anyhow!(
            "sh:select of {} is not a SELECT query",
            constraint.id
        ));
    };
    let solutions = solutions.collect::<Result<Vec<_>, _>>()?;
    if let Some(failure) = solutions.iter().find_map(|s| s.get("failure")) {
        return Err(anyhow!(
            "sh:select of {} reported a failure ({failure}) for {focus}",
            constraint.id
        ));
    }
    Ok(solutions)
}

fn core_result(
    property: &PropertyShape,
    constraint: &Constraint,
    solution: &QuerySolution,
) -> Result<ValidationResult> {
    let focus = solution
        .get("this")
        .cloned()
        .ok_or_else(|| anyhow!("a constraint query returned no ?this"))?;
    let value = solution.get("value").cloned();
    let message = property
        .message
        .clone()
        .unwrap_or_else(|| default_message(property, constraint, value.as_ref()));
    Ok(ValidationResult {
        focus,
        path: Some(property.path.clone()),
        value,
        message,
        severity: property.severity,
        source_shape: property.id.clone(),
        component: constraint.component(),
        source_constraint: None,
    })
}

fn default_message(
    property: &PropertyShape,
    constraint: &Constraint,
    value: Option<&Term>,
) -> Literal {
    let path = &property.path;
    let value = value.map(ToString::to_string).unwrap_or_default();
    Literal::new_simple_literal(match constraint {
        Constraint::MinCount(n) => format!("fewer than {n} values of {path}"),
        Constraint::MaxCount(n) => format!("more than {n} values of {path}"),
        Constraint::Datatype(d) => format!("{value} is not a literal of datatype {d}"),
        Constraint::Class(c) => format!("{value} is not an instance of {c}"),
        Constraint::NodeKind(k) => format!("{value} is not of node kind sh:{}", k.name()),
        Constraint::MinInclusive(min) => format!("{value} is less than {min}"),
        Constraint::LessThanOrEquals(other) => {
            format!("{value} is not less than or equal to every value of {other}")
        }
        Constraint::In(members) => format!(
            "{value} is not one of {}",
            members
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })
}

fn sparql_result(
    shape: &NodeShape,
    constraint: &SparqlConstraint,
    focus: &Term,
    solution: &QuerySolution,
) -> Result<ValidationResult> {
    let path = match solution.get("path") {
        Some(Term::NamedNode(n)) => Some(n.clone()),
        _ => None,
    };
    // In a node shape, a result without ?value has the focus node as its value.
    let value = solution
        .get("value")
        .cloned()
        .or_else(|| Some(focus.clone()));
    let message = constraint
        .message
        .as_ref()
        .or(shape.message.as_ref())
        .map(|m| fill_message(m, solution))
        .unwrap_or_else(|| {
            Literal::new_simple_literal(format!("{focus} violates {}", constraint.id))
        });
    Ok(ValidationResult {
        focus: solution
            .get("this")
            .cloned()
            .unwrap_or_else(|| focus.clone()),
        path,
        value,
        message,
        severity: shape.severity,
        source_shape: shape.id.clone(),
        component: sh("SPARQLConstraintComponent"),
        source_constraint: Some(constraint.id.clone()),
    })
}

/// Replaces `{?var}` and `{$var}` in a message by the solution's values.
fn fill_message(message: &Literal, solution: &QuerySolution) -> Literal {
    let mut text = message.value().to_owned();
    let names: BTreeSet<String> = solution
        .variables()
        .iter()
        .map(|v| v.as_str().to_owned())
        .collect();
    for name in names {
        let shown = solution
            .get(name.as_str())
            .map(|t| match t {
                Term::Literal(l) => l.value().to_owned(),
                other => super::report::term_text(other),
            })
            .unwrap_or_default();
        for sigil in ['?', '$'] {
            text = text.replace(&format!("{{{sigil}{name}}}"), &shown);
        }
    }
    match message.language() {
        Some(language) => Literal::new_language_tagged_literal_unchecked(text, language),
        None => Literal::new_simple_literal(text),
    }
}
