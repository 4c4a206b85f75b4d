//! Documents' RDF as text, without a store: what `eldergraph extract`
//! prints, so that any batch engine can shard the extraction and any store
//! can load the result.
//!
//! Every call writes one self-contained chunk (N-Quads lines; a TriG or
//! Turtle document with its own prefixes), so chunks written one after the
//! other, by one process or by many and concatenated, parse as one file.

use std::io::Write;

use anyhow::Result;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, Quad, Triple};

use crate::rdf::vocab::PREFIXES;

/// The formats of `eldergraph extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExtractFormat {
    /// N-Quads: one statement per line with its graph; shard with this.
    Nquads,
    /// TriG: graphs kept, readable.
    Trig,
    /// Turtle: triples only, each graph's under a `# graph <IRI>` comment;
    /// graph names are lost when it is loaded.
    Turtle,
}

/// Writes `quads` as one chunk.
pub fn write_chunk(out: &mut dyn Write, format: ExtractFormat, quads: &[Quad]) -> Result<()> {
    match format {
        ExtractFormat::Nquads => {
            let mut writer = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(&mut *out);
            for quad in quads {
                writer.serialize_quad(quad)?;
            }
            writer.finish()?;
        }
        ExtractFormat::Trig => {
            let mut writer = with_prefixes(RdfFormat::TriG)?.for_writer(&mut *out);
            for quad in quads {
                writer.serialize_quad(quad)?;
            }
            writer.finish()?;
            writeln!(out)?;
        }
        ExtractFormat::Turtle => {
            for (graph, triples) in by_graph(quads) {
                match &graph {
                    GraphName::DefaultGraph => writeln!(out, "# default graph")?,
                    name => writeln!(out, "# graph {name}")?,
                }
                let mut writer = with_prefixes(RdfFormat::Turtle)?.for_writer(&mut *out);
                for triple in &triples {
                    writer.serialize_triple(triple)?;
                }
                writer.finish()?;
                writeln!(out)?;
            }
        }
    }
    Ok(())
}

fn with_prefixes(format: RdfFormat) -> Result<RdfSerializer> {
    let mut serializer = RdfSerializer::from_format(format);
    for (prefix, iri) in PREFIXES {
        serializer = serializer.with_prefix(*prefix, *iri)?;
    }
    Ok(serializer)
}

/// The triples of each graph, graphs in the order they first appear.
pub fn by_graph(quads: &[Quad]) -> Vec<(GraphName, Vec<Triple>)> {
    let mut graphs: Vec<(GraphName, Vec<Triple>)> = Vec::new();
    for quad in quads {
        let triple = Triple::new(
            quad.subject.clone(),
            quad.predicate.clone(),
            quad.object.clone(),
        );
        match graphs.iter_mut().find(|(g, _)| *g == quad.graph_name) {
            Some((_, triples)) => triples.push(triple),
            None => graphs.push((quad.graph_name.clone(), vec![triple])),
        }
    }
    graphs
}
