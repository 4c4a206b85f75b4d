//! SPARQL results in the formats other tools read, and a table for people.

use std::io::Write;

use anyhow::{bail, Result};
use clap::ValueEnum;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::QueryResults;
use unicode_width::UnicodeWidthStr;

use crate::rdf::vocab::{CODE, ID, PREFIXES};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned columns for reading in a terminal (default on a terminal).
    Table,
    /// SPARQL 1.1 CSV results (default when output is not a terminal).
    Csv,
    /// SPARQL 1.1 TSV results (terms in Turtle syntax).
    Tsv,
    /// SPARQL 1.1 JSON results.
    Json,
    /// SPARQL 1.1 XML results.
    Xml,
    /// Turtle, for CONSTRUCT and DESCRIBE.
    Turtle,
    /// N-Triples, for CONSTRUCT and DESCRIBE.
    Ntriples,
    /// N-Quads, for CONSTRUCT and DESCRIBE.
    Nquads,
}

impl OutputFormat {
    fn results_format(self) -> Option<QueryResultsFormat> {
        match self {
            OutputFormat::Csv => Some(QueryResultsFormat::Csv),
            OutputFormat::Tsv => Some(QueryResultsFormat::Tsv),
            OutputFormat::Json => Some(QueryResultsFormat::Json),
            OutputFormat::Xml => Some(QueryResultsFormat::Xml),
            _ => None,
        }
    }

    fn rdf_format(self) -> Option<RdfFormat> {
        match self {
            OutputFormat::Turtle => Some(RdfFormat::Turtle),
            OutputFormat::Ntriples => Some(RdfFormat::NTriples),
            OutputFormat::Nquads => Some(RdfFormat::NQuads),
            _ => None,
        }
    }
}

/// The query with the project's prefixes declared, unless it declares its own.
pub fn with_prefixes(sparql: &str) -> String {
    let mut text = String::new();
    for (prefix, iri) in PREFIXES {
        if !sparql.contains(&format!("PREFIX {prefix}:"))
            && !sparql.contains(&format!("prefix {prefix}:"))
        {
            text.push_str(&format!("PREFIX {prefix}: <{iri}>\n"));
        }
    }
    text.push_str(sparql);
    text
}

/// Writes query results; `format` must suit the kind of query.
pub fn write_results(
    results: QueryResults<'_>,
    format: OutputFormat,
    out: &mut dyn Write,
) -> Result<()> {
    match results {
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            if format == OutputFormat::Table {
                let mut rows = Vec::new();
                for solution in solutions {
                    let solution = solution?;
                    rows.push(
                        variables
                            .iter()
                            .map(|v| solution.get(v).map(display_term).unwrap_or_default())
                            .collect(),
                    );
                }
                let header: Vec<String> = variables.iter().map(|v| v.as_str().to_owned()).collect();
                return write_table(&header, &rows, out);
            }
            let Some(results_format) = format.results_format() else {
                bail!("a SELECT query answers in table, csv, tsv, json or xml, not {format:?}");
            };
            let mut writer = QueryResultsSerializer::from_format(results_format)
                .serialize_solutions_to_writer(out, variables)?;
            for solution in solutions {
                writer.serialize(&solution?)?;
            }
            writer.finish()?;
        }
        QueryResults::Boolean(value) => match format.results_format() {
            Some(f) => {
                QueryResultsSerializer::from_format(f).serialize_boolean_to_writer(out, value)?;
            }
            None => writeln!(out, "{value}")?,
        },
        QueryResults::Graph(triples) => {
            let rdf_format = match format {
                OutputFormat::Table => RdfFormat::Turtle,
                f => match f.rdf_format() {
                    Some(r) => r,
                    None => bail!("a CONSTRUCT or DESCRIBE query answers in turtle, ntriples or nquads, not {format:?}"),
                },
            };
            let mut serializer = RdfSerializer::from_format(rdf_format);
            for (prefix, iri) in PREFIXES {
                serializer = serializer.with_prefix(*prefix, *iri)?;
            }
            let mut writer = serializer.for_writer(out);
            for triple in triples {
                writer.serialize_triple(&triple?)?;
            }
            writer.finish()?;
        }
    }
    Ok(())
}

/// A SELECT answer as plain text: the variable names, and per solution
/// each value (IRIs in full, literals' lexical values, unbound as "").
pub fn solutions_as_text(results: QueryResults<'_>) -> Result<(Vec<String>, Vec<Vec<String>>)> {
    let QueryResults::Solutions(solutions) = results else {
        bail!("expected a SELECT query");
    };
    let header: Vec<String> = solutions
        .variables()
        .iter()
        .map(|v| v.as_str().to_owned())
        .collect();
    let mut rows = Vec::new();
    for solution in solutions {
        let solution = solution?;
        rows.push(
            solution
                .values()
                .iter()
                .map(|t| t.as_ref().map(term_text).unwrap_or_default())
                .collect(),
        );
    }
    Ok((header, rows))
}

/// A term as plain text: an IRI in full, a literal's lexical value.
pub fn term_text(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => n.as_str().to_owned(),
        Term::Literal(l) => l.value().to_owned(),
        other => other.to_string(),
    }
}

/// A term for people: IRIs shortened with the usual prefixes, literals bare.
pub fn display_term(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => shorten(n.as_str()),
        Term::Literal(l) => l.value().to_owned(),
        other => other.to_string(),
    }
}

fn shorten(iri: &str) -> String {
    let ours = [("id", ID), ("code", CODE)];
    for (prefix, ns) in ours.iter().chain(PREFIXES.iter()) {
        if let Some(local) = iri.strip_prefix(ns) {
            return format!("{prefix}:{local}");
        }
    }
    format!("<{iri}>")
}

/// Aligned columns, CJK characters counted double-width.
pub fn write_table(header: &[String], rows: &[Vec<String>], out: &mut dyn Write) -> Result<()> {
    let one_line = |s: &str| s.replace(['\n', '\r'], " ");
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            let w = one_line(cell).width().min(60);
            if let Some(width) = widths.get_mut(i) {
                *width = (*width).max(w);
            }
        }
    }
    let line = |cells: &[String], out: &mut dyn Write| -> Result<()> {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| pad(&truncate(&one_line(c), *w), *w))
            .collect();
        writeln!(out, "{}", parts.join("  ").trim_end())?;
        Ok(())
    };
    line(header, out)?;
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    writeln!(out, "{}", rule.join("  "))?;
    for row in rows {
        line(row, out)?;
    }
    writeln!(
        out,
        "({} row{})",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    )?;
    Ok(())
}

fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_owned();
    }
    let mut out = String::new();
    for c in s.chars() {
        if out.width() + c.to_string().width() + 1 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
}
