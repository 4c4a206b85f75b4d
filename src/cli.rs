//! The command line: parsing and printing only; the work is done by
//! `ingest`, `store`, `query` and `shacl`.

use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{Literal, NamedNodeRef, Term};
use oxigraph::sparql::{QueryExplanation, QueryResults};

use crate::canned::CannedQuery;
use crate::export::{self, Description, Filters, Source};
use crate::extract::ExtractOptions;
use crate::ingest::{self, Failure};
use crate::knowledge::Knowledge;
use crate::labels::Lang;
use crate::model::Role;
use crate::network::{render_image, Engine, ImageFormat, Network};
pub use crate::query::with_prefixes;
use crate::query::{self, OutputFormat};
use crate::rdf::mapping::DocumentQuads;
use crate::rdf::vocab::PREFIXES;
use crate::remote::RemoteStore;
use crate::shacl::{self, Shapes};
use crate::shards::{self, ExtractFormat};
use crate::store::GraphStore;

const DEFAULT_STORE: &str = "eldergraph-store";

/// Chinese municipal elderly-care policy documents as a knowledge graph.
///
/// eldergraph reads implementation opinions and responsibility tables,
/// extracts cities, tasks, departments and their roles, and deadlines, keeps
/// them as RDF in an embedded Oxigraph store, and answers SPARQL.
///
/// A first session:
///
///   eldergraph ingest                      # the bundled seeds/ into ./eldergraph-store
///   eldergraph stats                       # what is in the store, per city
///   eldergraph query --file queries/tasks.rq --format csv
///   eldergraph show 南通市 25               # one task, its departments and source lines
#[derive(Debug, Parser)]
#[command(name = "eldergraph", version, verbatim_doc_comment)]
pub struct Cli {
    /// The store folder (created on first ingest).
    #[arg(long, global = true, env = "ELDERGRAPH_STORE", default_value = DEFAULT_STORE)]
    pub store: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read documents into the store, replacing earlier versions of each.
    ///
    /// Each document becomes one named graph (its IRI ends with the file
    /// name's stem); ingesting a file again replaces that graph, in one
    /// transaction. A file that cannot be read is reported and skipped: the
    /// others are still ingested and the exit status is 1.
    ///
    /// Files are read on every core and written in order; documents new to
    /// the store go through Oxigraph's bulk loader and land together at the
    /// end (a killed run writes none of them), then, when they are a quarter
    /// of the store or more, the store is compacted for the queries that
    /// follow. A progress bar shows on a terminal.
    ///
    /// With --remote URL the graphs go to an external triple store instead,
    /// through the SPARQL 1.1 Graph Store HTTP Protocol: each document's
    /// graph PUT (replaced), its city's descriptions POSTed (merged into the
    /// shared city graph), the ontology PUT once per run. The local store is
    /// not opened.
    ///
    ///   eldergraph ingest corpus/ --remote http://127.0.0.1:7878/store       # Oxigraph server
    ///   eldergraph ingest corpus/ --remote http://fuseki:3030/eldercare/data # Fuseki
    #[command(verbatim_doc_comment)]
    Ingest {
        /// Files or folders (walked recursively). Default: the bundled seeds/.
        paths: Vec<PathBuf>,
        /// The city of the documents, when their text does not tell (e.g. 南通市).
        #[arg(long)]
        city: Option<String>,
        /// Extract and report, but write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Decode files with this encoding (gbk, gb18030, utf-16le, utf-8 …)
        /// instead of detecting it (a BOM still wins).
        #[arg(long, value_parser = parse_encoding)]
        encoding: Option<&'static encoding_rs::Encoding>,
        /// Refuse files larger than this many megabytes.
        #[arg(long, value_name = "MB", default_value_t = 64)]
        max_size: u64,
        /// Write to this Graph Store Protocol endpoint instead of the local
        /// store (http://HOST:PORT/store for Oxigraph's server; user:password@
        /// in the URL for basic authentication).
        #[arg(long, value_name = "URL", conflicts_with = "dry_run")]
        remote: Option<String>,
        /// Do not compact the store at the end, even after a large bulk
        /// load: for a store that is only dumped or copied, or to compact
        /// later with `eldergraph compact`. Queries on an uncompacted store
        /// are about twice as slow.
        #[arg(long, conflicts_with_all = ["dry_run", "remote"])]
        no_compact: bool,
    },
    /// Merge the store's files into one sorted run per index.
    ///
    /// `load` does this itself, and `ingest` after loading a quarter of the
    /// store or more; run it after `--no-compact`, or after many small
    /// ingests, before heavy querying. It rewrites the whole store, on
    /// every core (about 20 s for 10 000 documents on two), and needs the
    /// store to itself: stop a server that has it open for writing.
    Compact,
    /// Write documents' RDF to standard output, without a store.
    ///
    /// One chunk per document: its named graph and the descriptions of its
    /// city and departments (in the city's graph). Any batch engine can shard
    /// a corpus over many runs: their outputs concatenated and loaded (with
    /// `eldergraph load` or any store's loader) give what one `ingest` of all
    /// the files gives. The ontology is written only with --with-ontology:
    /// once, in its own run, for the whole corpus.
    ///
    ///   eldergraph extract --with-ontology > out/ontology.nq
    ///   find corpus -name '*.txt' | parallel -X eldergraph extract {} '>' out/{#}.nq
    ///   cat out/*.nq | eldergraph --store fresh-store load -
    ///
    /// Files that cannot be read are reported on standard error and skipped;
    /// the exit status is then 1.
    #[command(verbatim_doc_comment)]
    Extract {
        /// Files or folders (walked recursively).
        #[arg(required_unless_present = "with_ontology")]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExtractFormat::Nquads)]
        format: ExtractFormat,
        /// Also write the ontology, code lists and shapes, each in its graph.
        #[arg(long)]
        with_ontology: bool,
        /// The city of the documents, when their text does not tell (e.g. 南通市).
        #[arg(long)]
        city: Option<String>,
        /// Decode files with this encoding instead of detecting it.
        #[arg(long, value_parser = parse_encoding)]
        encoding: Option<&'static encoding_rs::Encoding>,
        /// Refuse files larger than this many megabytes.
        #[arg(long, value_name = "MB", default_value_t = 64)]
        max_size: u64,
    },
    /// Add N-Quads or TriG files (the output of extract, `-` for standard
    /// input) to the store, as they are: nothing is replaced, so load into
    /// a fresh store, and keep `ingest` for updates. The store is then
    /// compacted, as after a large `ingest`.
    Load {
        /// Files; `.trig` is read as TriG, anything else as N-Quads.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Do not compact the store afterwards (see `compact`).
        #[arg(long)]
        no_compact: bool,
    },
    /// Answer a SPARQL query.
    ///
    /// The default graph is the union of all documents' graphs and the
    /// ontology, so queries need no GRAPH clause. Labels are tagged @zh:
    /// compare with STR(?label) = "南通市".
    ///
    ///   eldergraph query 'SELECT (COUNT(*) AS ?n) WHERE { ?t a eg:Task }'
    ///   eldergraph query queries/cross-city-partners.rq --format csv
    ///   eldergraph query --documents new-docs/ --file queries/targets.rq
    ///
    /// With --documents the query is answered over those documents alone,
    /// read into memory as `ingest` would write them (with the ontology):
    /// the store is not opened, nothing is written. Files that cannot be
    /// read are reported on standard error and left out; the exit status
    /// is then 1.
    ///
    /// Prefixes eg:, rdfs:, skos:, org:, prov:, dcterms:, xsd: are predeclared.
    #[command(verbatim_doc_comment)]
    Query {
        /// The query text, or the path of a file holding it (as --file).
        #[arg(required_unless_present = "file", conflicts_with = "file")]
        query: Option<String>,
        /// A file holding the query.
        #[arg(long, short)]
        file: Option<PathBuf>,
        /// Output format: table on a terminal, csv otherwise (turtle for CONSTRUCT).
        #[arg(long, value_enum)]
        format: Option<OutputFormat>,
        /// A value for a parameter the query file declares (`# @param NAME TYPE DEFAULT`):
        /// --param indicator=nursing-bed-share. Bound safely, never pasted into the text.
        #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_key_value)]
        params: Vec<(String, String)>,
        /// Write Oxigraph's query plan, with the rows and time of each step,
        /// as JSON to this file (- for standard error): which join is slow.
        #[arg(long, value_name = "FILE")]
        explain: Option<PathBuf>,
        /// Answer over these documents (files or folders; repeat the option
        /// for more), read into memory, instead of the store.
        #[arg(long = "documents", value_name = "PATH")]
        documents: Vec<PathBuf>,
        /// With --documents: their city, when their text does not tell (e.g. 南通市).
        #[arg(long, requires = "documents")]
        city: Option<String>,
        /// With --documents: decode them with this encoding (gbk, gb18030,
        /// utf-16le …) instead of detecting it.
        #[arg(long, value_parser = parse_encoding, requires = "documents")]
        encoding: Option<&'static encoding_rs::Encoding>,
    },
    /// Serve a SPARQL endpoint and the analysts' workbench over HTTP.
    ///
    ///   eldergraph serve                       # http://127.0.0.1:7878/
    ///   curl 'http://127.0.0.1:7878/query' --data-urlencode 'query=ASK {}'
    ///
    /// The SPARQL 1.1 Protocol at /query, the canned queries of queries/ at
    /// /queries and /queries/NAME?PARAM=VALUE, the workbench at /. Read-only
    /// unless --allow-update; loopback only unless --bind says otherwise.
    #[command(verbatim_doc_comment)]
    Serve(crate::server::ServeOptions),
    /// Export a network for Gephi, Cytoscape, D3, Graphviz or networkx.
    ///
    /// NETWORK is one of
    ///   partners     department types; an edge where two types share a task
    ///                (lead or participant): tasks, cities, city_list;
    ///                nodes: code, label_zh, label_en, broader, family,
    ///                tasks_led, tasks_joined, cities, city_list
    ///   departments  each city's departments (南通市民政局 …) with city and
    ///                types; an edge where two share tasks, weighted by them
    ///   tasks        tasks and departments (bipartite); edges carry the role
    /// or --query FILE: a CONSTRUCT, or a SELECT with ?source ?target
    /// (optional ?weight; other columns become edge attributes).
    ///
    ///   eldergraph export partners --format gexf --out partners.gexf
    ///   eldergraph export partners --format graphml --lang en --min-weight 5 > partners.graphml
    ///   eldergraph export departments --city 南通市 --format cytoscape --out nantong.cyjs
    ///   eldergraph export tasks --department-type civil-affairs --role lead --format d3 --out tasks.json
    ///   eldergraph export --query queries/cross-city-partners.rq --format dot --out partners.dot
    ///
    /// Node ids are the IRIs (GraphML: a compact form, the IRI in `iri`);
    /// attribute types are declared (GraphML keys, GEXF attribute classes).
    /// Without --format the extension of --out decides (.graphml, .gexf,
    /// .cyjs, .dot). Gephi: File → Open. Cytoscape: File → Import → Network
    /// from File.
    #[command(verbatim_doc_comment)]
    Export {
        #[command(flatten)]
        network: NetworkArgs,
        /// graphml, gexf, cytoscape (Cytoscape.js JSON), d3 (node-link JSON) or dot.
        #[arg(long, value_enum)]
        format: Option<export::Format>,
        /// The file to write (default: standard output).
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Draw a network as a picture (SVG or PNG), laid out by Graphviz.
    ///
    /// The networks and filters of `export`. Nodes are coloured by family
    /// (民政 with 老龄办 …) and sized by weighted degree, edges are as wide
    /// as they are heavy, and a legend says what is what; labels in Chinese
    /// (--lang zh, the default) or English.
    ///
    ///   eldergraph render partners --min-weight 10 --out partners.svg
    ///   eldergraph render partners --lang en --out partners.png
    ///   eldergraph render departments --city 常州市 --engine sfdp --out changzhou.svg
    ///   eldergraph render --query my-network.rq --out mine.svg
    #[command(verbatim_doc_comment)]
    Render {
        #[command(flatten)]
        network: NetworkArgs,
        /// The picture to write: .svg or .png.
        #[arg(long, short)]
        out: PathBuf,
        /// Graphviz layout: neato (spring model), sfdp (large networks) or dot (layered).
        #[arg(long, default_value = "neato")]
        engine: Engine,
        /// Stop Graphviz after this many seconds.
        #[arg(long, default_value_t = 60)]
        timeout: u64,
    },
    /// Chart the cities' targets for one indicator, side by side (SVG).
    ///
    /// One bar per city and year, the unit on the y axis, each bar labelled
    /// with its target (≥30: at least 30); labels in Chinese or English.
    /// INDICATOR is a code of ontology/indicators.ttl (or its zh or en label).
    ///
    ///   eldergraph chart beds-per-1000-elderly --out beds.svg
    ///   eldergraph chart nursing-bed-share --lang en --city 南通市,银川市 --out nursing.svg
    ///
    /// --query FILE charts any SELECT with a category, a series and a value
    /// column (named category, series, value, or say which with --category,
    /// --series, --value; optional: label over the bars, unit for the axis):
    ///
    ///   eldergraph chart --query queries/targets-by-indicator.rq --param indicator=nursing-bed-share \
    ///       --category city --series year --out nursing.svg
    #[command(verbatim_doc_comment)]
    Chart {
        /// The indicator: beds-per-1000-elderly, nursing-bed-share … (or use --query).
        #[arg(required_unless_present = "query", conflicts_with = "query")]
        indicator: Option<String>,
        /// A SPARQL SELECT with category, series and value columns.
        #[arg(long, short, value_name = "FILE")]
        query: Option<PathBuf>,
        /// A value for a parameter the query file declares (--param NAME=VALUE).
        #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_key_value, requires = "query")]
        params: Vec<(String, String)>,
        /// The column of the categories along the x axis.
        #[arg(long, default_value = "category", requires = "query")]
        category: String,
        /// The column of the series (one colour each).
        #[arg(long, default_value = "series", requires = "query")]
        series: String,
        /// The column of the values.
        #[arg(long, default_value = "value", requires = "query")]
        value: String,
        /// Only these cities (南通市 or 南通; repeat or separate with commas).
        #[arg(long, value_delimiter = ',', conflicts_with = "query")]
        city: Vec<String>,
        /// Labels in zh or en.
        #[arg(long, default_value = "zh")]
        lang: Lang,
        /// The title (default: the indicator's name).
        #[arg(long)]
        title: Option<String>,
        /// The SVG file to write.
        #[arg(long, short)]
        out: PathBuf,
    },
    /// Write the whole store as RDF to standard output.
    Dump {
        #[arg(long, value_enum, default_value_t = DumpFormat::Nquads)]
        format: DumpFormat,
    },
    /// Counts per city: documents, tasks, departments.
    Stats,
    /// Check the graph against the SHACL shapes of ontology/shapes.ttl.
    ///
    /// Every document, city, department, task, source span, target and
    /// funding mention is checked: required properties, datatypes, code
    /// lists, and that a task of a document not read as numbered-prose has a
    /// lead. The union of all graphs is validated.
    ///
    ///   eldergraph validate                    # shapes and focus nodes, then the results
    ///   eldergraph validate --format json      # for scripts
    ///   eldergraph validate --format turtle    # a standard sh:ValidationReport
    ///
    /// Exit status: 0 when the graph conforms, 1 when it does not (or on error).
    #[command(verbatim_doc_comment)]
    Validate {
        #[arg(long, value_enum, default_value_t = ValidateFormat::Table)]
        format: ValidateFormat,
    },
    /// One task: its text, section, departments and roles, deadline and source lines.
    ///
    ///   eldergraph show 南通市 25
    #[command(verbatim_doc_comment)]
    Show {
        /// The city, with its suffix (南通市).
        city: String,
        /// The task's position in its document (1-based, as in tasks.rq).
        task: usize,
    },
}

/// Which network, narrowed how, labelled in which language.
#[derive(Debug, Args)]
pub struct NetworkArgs {
    /// partners, departments or tasks (or use --query).
    #[arg(required_unless_present = "query", conflicts_with = "query")]
    pub network: Option<String>,
    /// A SPARQL file: a CONSTRUCT, or a SELECT with ?source ?target (optional ?weight).
    #[arg(long, short, value_name = "FILE")]
    pub query: Option<PathBuf>,
    /// A value for a parameter the query file declares (--param NAME=VALUE).
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_key_value, requires = "query")]
    pub params: Vec<(String, String)>,
    /// Only these cities (南通市 or 南通; repeat or separate with commas).
    #[arg(long, value_delimiter = ',')]
    pub city: Vec<String>,
    /// Only edges with a department of these types at one end (code, or zh or en label).
    #[arg(long = "department-type", value_name = "TYPE", value_delimiter = ',')]
    pub department_type: Vec<String>,
    /// Only these roles: lead, participant, mentioned (default: lead and
    /// participant; tasks: all three).
    #[arg(long, value_delimiter = ',', value_parser = export::filters::parse_role)]
    pub role: Vec<Role>,
    /// Drop edges lighter than this (shared tasks), then nodes left alone.
    #[arg(long, value_name = "W")]
    pub min_weight: Option<f64>,
    /// Labels in zh or en.
    #[arg(long, default_value = "zh")]
    pub lang: Lang,
}

impl NetworkArgs {
    fn source(&self) -> Result<Source> {
        match (&self.network, &self.query) {
            (Some(name), _) => Ok(Source::Named(name.parse()?)),
            (None, Some(file)) => {
                let text = std::fs::read_to_string(file)
                    .with_context(|| format!("cannot read {}", file.display()))?;
                let canned = CannedQuery::parse("query", &text)?;
                let values: HashMap<String, String> = self.params.iter().cloned().collect();
                let bindings = canned.bindings(&values)?;
                Ok(Source::Query { text, bindings })
            }
            (None, None) => Err(anyhow!(
                "name a network (partners, departments, tasks) or give --query FILE"
            )),
        }
    }

    fn filters(&self) -> Filters {
        Filters {
            cities: self.city.clone(),
            department_types: self.department_type.clone(),
            roles: self.role.clone(),
            min_weight: self.min_weight,
        }
    }

    /// The network, built from the store at `store_path`.
    fn build(&self, store_path: &Path) -> Result<(Network, Description)> {
        let source = self.source()?;
        let store = GraphStore::open_read_only(store_path)?;
        let network = export::build(
            &store,
            Knowledge::bundled()?,
            &source,
            &self.filters(),
            self.lang,
        )?;
        Ok((network, Description::of(&source, self.lang)))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DumpFormat {
    /// N-Quads: every statement with its graph.
    Nquads,
    /// TriG: graphs kept, readable.
    Trig,
    /// Turtle: all graphs merged.
    Turtle,
    /// N-Triples: all graphs merged.
    Ntriples,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValidateFormat {
    /// The shapes and their focus nodes, then one line per result.
    Table,
    /// Results and per-shape counts as JSON.
    Json,
    /// A SHACL sh:ValidationReport in Turtle.
    Turtle,
}

/// Runs the command line and returns the process exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Parses an encoding label for `--encoding`.
fn parse_encoding(label: &str) -> Result<&'static encoding_rs::Encoding, String> {
    crate::text::encoding_for_label(label).ok_or_else(|| {
        format!("unknown encoding {label:?} (try gbk, gb18030, utf-8, utf-16le, big5)")
    })
}

/// Parses `NAME=VALUE` for `--param`.
fn parse_key_value(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.trim().to_owned(), v.to_owned()))
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| format!("expected NAME=VALUE, got {s:?}"))
}

/// The reader went away (`eldergraph query … | head`): not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Ingest {
            paths,
            city,
            dry_run,
            encoding,
            max_size,
            remote,
            no_compact,
        } => {
            let options = ingest::ReadOptions {
                encoding,
                max_bytes: max_size.saturating_mul(1 << 20),
                extract: ExtractOptions { city },
            };
            let target = match (dry_run, remote.as_deref()) {
                (true, _) => Target::Nowhere,
                (false, Some(url)) => Target::Remote(url),
                (false, None) => Target::Store {
                    compact: !no_compact,
                },
            };
            ingest(&cli.store, paths, &options, target)
        }
        Command::Compact => {
            let store = GraphStore::open(&cli.store)?;
            let started = Instant::now();
            store.compact()?;
            eprintln!(
                "compacted {} in {:.1} s",
                cli.store.display(),
                started.elapsed().as_secs_f64()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Extract {
            paths,
            format,
            with_ontology,
            city,
            encoding,
            max_size,
        } => {
            let options = ingest::ReadOptions {
                encoding,
                max_bytes: max_size.saturating_mul(1 << 20),
                extract: ExtractOptions { city },
            };
            extract(&paths, &options, format, with_ontology)
        }
        Command::Load { files, no_compact } => load(&cli.store, &files, !no_compact),
        Command::Query {
            query,
            file,
            format,
            params,
            explain,
            documents,
            city,
            encoding,
        } => {
            let text = query_text(query, file)?;
            // Declared parameters (with their defaults) apply to any query text.
            let canned = CannedQuery::parse("query", &text)?;
            let values: HashMap<String, String> = params.into_iter().collect();
            let bindings = canned.bindings(&values)?;
            let (store, read_all) = if documents.is_empty() {
                (GraphStore::open_read_only(&cli.store)?, true)
            } else {
                let options = ingest::ReadOptions {
                    encoding,
                    extract: ExtractOptions { city },
                    ..ingest::ReadOptions::default()
                };
                documents_in_memory(&documents, &options)?
            };
            run_query(&store, &text, &bindings, format, explain.as_deref())?;
            Ok(if read_all {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Serve(options) => {
            crate::server::serve(&cli.store, options)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Dump { format } => {
            dump(&GraphStore::open_read_only(&cli.store)?, format)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats => {
            stats(&GraphStore::open_read_only(&cli.store)?)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { city, task } => show(&GraphStore::open_read_only(&cli.store)?, &city, task),
        Command::Validate { format } => validate(&GraphStore::open_read_only(&cli.store)?, format),
        Command::Export {
            network,
            format,
            out,
        } => {
            let format = match (format, &out) {
                (Some(f), _) => f,
                (None, Some(path)) => export::Format::from_path(path)?,
                (None, None) => {
                    return Err(anyhow!(
                        "say which format: --format graphml|gexf|cytoscape|d3|dot"
                    ))
                }
            };
            let (net, description) = network.build(&cli.store)?;
            let mut bytes = Vec::new();
            export::write(&net, format, &description, &mut bytes)?;
            write_output(out.as_deref(), &bytes)?;
            if let Some(path) = &out {
                report_network(&net, "written to", path);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Chart {
            indicator,
            query,
            params,
            category,
            series,
            value,
            city,
            lang,
            title,
            out,
        } => chart(
            &cli.store,
            indicator,
            query,
            params,
            crate::chart::Columns {
                category,
                series,
                value,
            },
            city,
            lang,
            title,
            &out,
        ),
        Command::Render {
            network,
            out,
            engine,
            timeout,
        } => {
            let image = ImageFormat::from_path(&out)
                .ok_or_else(|| anyhow!("{}: the picture must be .svg or .png", out.display()))?;
            let (net, _) = network.build(&cli.store)?;
            let dot = crate::network::to_dot(&net, network.lang);
            let bytes = render_image(&dot, engine, Duration::from_secs(timeout), image)?;
            write_output(Some(&out), &bytes)?;
            report_network(&net, "drawn to", &out);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// "54 nodes, 370 edges drawn to partners.svg", on standard error.
fn report_network(network: &Network, done: &str, path: &Path) {
    let (nodes, edges) = (network.nodes.len(), network.edges.len());
    eprintln!("{nodes} nodes, {edges} edges {done} {}", path.display());
}

#[allow(clippy::too_many_arguments)]
fn chart(
    store_path: &Path,
    indicator: Option<String>,
    query: Option<PathBuf>,
    params: Vec<(String, String)>,
    columns: crate::chart::Columns,
    cities: Vec<String>,
    lang: Lang,
    title: Option<String>,
    out: &Path,
) -> Result<ExitCode> {
    let is_svg = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if !is_svg {
        return Err(anyhow!("{}: charts are written as .svg", out.display()));
    }
    let store = GraphStore::open_read_only(store_path)?;
    let mut chart = match (indicator, query) {
        (Some(indicator), _) => crate::chart::indicator::build(
            &store,
            Knowledge::bundled()?,
            &indicator,
            &cities,
            lang,
        )?,
        (None, Some(file)) => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let canned = CannedQuery::parse("query", &text)?;
            let values: HashMap<String, String> = params.into_iter().collect();
            let bindings = canned.bindings(&values)?;
            crate::chart::from_query(&store, &text, &bindings, &columns, lang)?
        }
        (None, None) => return Err(anyhow!("name an indicator or give --query FILE")),
    };
    if let Some(title) = title {
        chart.title = title;
    }
    let svg = crate::chart::draw::to_svg(&chart)?;
    write_output(Some(out), svg.as_bytes())?;
    eprintln!(
        "{} bars ({} categories, {} series) drawn to {}",
        chart.bars.len(),
        chart.categories.len(),
        chart.series.len(),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes to the file, or to standard output without one.
fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match path {
        Some(path) => {
            std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
        }
        None => {
            let mut out = io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()?;
            Ok(())
        }
    }
}

/// The seeds shipped with the project.
pub fn bundled_seeds() -> PathBuf {
    let local = PathBuf::from("seeds");
    if local.is_dir() {
        local
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
    }
}

/// Where `ingest` writes.
#[derive(Clone, Copy)]
enum Target<'a> {
    /// Nowhere: a dry run.
    Nowhere,
    /// A Graph Store Protocol endpoint.
    Remote(&'a str),
    /// The local store.
    Store { compact: bool },
}

fn ingest(
    store_path: &Path,
    paths: Vec<PathBuf>,
    options: &ingest::ReadOptions,
    target: Target<'_>,
) -> Result<ExitCode> {
    let kb = Knowledge::bundled()?;
    let paths = if paths.is_empty() {
        vec![bundled_seeds()]
    } else {
        paths
    };
    let (files, mut failures) = ingest::collect_files(&paths);
    let remote = match target {
        Target::Remote(url) => {
            let remote = RemoteStore::new(url)?;
            // Nothing else would get through if this fails: stop here.
            remote.put_ontology()?;
            Some(remote)
        }
        _ => None,
    };
    let (store, compact) = match target {
        Target::Store { compact } => {
            let store = GraphStore::open(store_path)?;
            store.load_ontology()?;
            (Some(store), compact)
        }
        _ => (None, false),
    };
    let push = |graph: NamedNodeRef<'_>, quads: &DocumentQuads| match &remote {
        Some(remote) => remote.push_document(graph, quads),
        None => Ok(()),
    };
    let destination = match (&store, &remote) {
        (Some(store), _) => ingest::Destination::Store(store),
        (None, Some(_)) => ingest::Destination::Each(&push),
        (None, None) => ingest::Destination::Nowhere,
    };
    let (ingested, bar) = ingest_with_progress(&files, destination, kb, options, store.is_some());
    if let Some(store) = store.filter(|_| compact && ingested.compaction_pays) {
        bar.set_message("compacting the store…");
        if let Err(e) = store.compact() {
            // The documents are written; only the queries are slower.
            eprintln!("warning: {e:#}; `eldergraph compact` can do it later");
        }
    }
    bar.finish_and_clear();
    let summaries = ingested.summaries;
    failures.extend(ingested.failures);
    let outcome = match (&remote, target) {
        (Some(remote), _) => format!("pushed to {}", remote.shown()),
        (None, Target::Store { .. }) => format!("ingested into {}", store_path.display()),
        (None, _) => "read (dry run, nothing written)".to_owned(),
    };
    print_ingest_report(&summaries, &failures, &outcome)?;
    Ok(if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `ingest::ingest_files` on every core, with a progress bar naming the file
/// at hand; the bar is left to the caller, for what follows and to clear.
/// With `writes`, the bar says when the last batches are being written.
fn ingest_with_progress(
    files: &[PathBuf],
    destination: ingest::Destination<'_>,
    kb: &Knowledge,
    options: &ingest::ReadOptions,
    writes: bool,
) -> (ingest::Ingested, indicatif::ProgressBar) {
    let bar = progress_bar(files.len());
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let ingested = ingest::ingest_files(files, destination, kb, options, threads, &mut |path| {
        bar.inc(1);
        if writes && bar.position() >= bar.length().unwrap_or(0) {
            // What follows the last document may take a while.
            bar.set_message("writing the last batches…");
        } else {
            bar.set_message(path.display().to_string());
        }
    });
    (ingested, bar)
}

/// A progress bar on a terminal, for more than a few files; hidden otherwise.
fn progress_bar(files: usize) -> indicatif::ProgressBar {
    if files <= 3 || !io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(files as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:30} {pos}/{len} documents, {elapsed} elapsed, {eta} left  {wide_msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

fn print_ingest_report(
    summaries: &[ingest::Summary],
    failures: &[Failure],
    outcome: &str,
) -> Result<()> {
    let mut out = io::stdout().lock();
    let header = [
        "document",
        "city",
        "layout",
        "tasks",
        "departments",
        "unknown",
        "targets",
        "funding",
        "unplaced",
    ]
    .map(String::from);
    let rows: Vec<Vec<String>> = summaries
        .iter()
        .map(|s| {
            vec![
                s.file_name.clone(),
                s.city.clone(),
                s.layout.to_string(),
                s.tasks.to_string(),
                s.departments.to_string(),
                s.unknown_departments.len().to_string(),
                s.targets.to_string(),
                s.funding.to_string(),
                s.unplaced.len().to_string(),
            ]
        })
        .collect();
    if !rows.is_empty() {
        query::write_table(&header, &rows, &mut out)?;
    }
    for s in summaries
        .iter()
        .filter(|s| !s.unknown_departments.is_empty())
    {
        writeln!(
            out,
            "untyped departments in {}: {}",
            s.file_name,
            s.unknown_departments.join("、")
        )?;
    }
    for s in summaries.iter().filter(|s| !s.unplaced.is_empty()) {
        writeln!(
            out,
            "numbers not placed as a target or funding in {} ({}):",
            s.file_name,
            s.unplaced.len()
        )?;
        for (line, sentence) in &s.unplaced {
            writeln!(out, "  {}:{line}  {sentence}", s.file_name)?;
        }
    }
    for failure in failures {
        eprintln!("error: {failure}");
    }
    writeln!(
        out,
        "{} document(s) {outcome}; {} failed",
        summaries.len(),
        failures.len()
    )?;
    Ok(())
}

/// `eldergraph extract`: each document's quads to standard output.
fn extract(
    paths: &[PathBuf],
    options: &ingest::ReadOptions,
    format: ExtractFormat,
    with_ontology: bool,
) -> Result<ExitCode> {
    let kb = Knowledge::bundled()?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    if with_ontology {
        let graphs = crate::store::ontology_graphs()?;
        for (_, quads) in &graphs {
            shards::write_chunk(&mut out, format, quads)?;
        }
        if paths.is_empty() {
            out.flush()?;
            eprintln!("the ontology extracted: {} graphs", graphs.len());
            return Ok(ExitCode::SUCCESS);
        }
    }
    let (files, mut failures) = ingest::collect_files(paths);
    let mut written = 0;
    for path in &files {
        let result = ingest::ingest_file_with(path, kb, options, |_, quads| {
            shards::write_chunk(&mut out, format, &quads.document)?;
            shards::write_chunk(&mut out, format, &quads.city)
        });
        match result {
            Ok(_) => written += 1,
            Err(error) if is_broken_pipe(&error) => return Err(error),
            Err(error) => failures.push(Failure {
                path: path.clone(),
                error,
            }),
        }
    }
    out.flush()?;
    for failure in &failures {
        eprintln!("error: {failure}");
    }
    eprintln!("{written} document(s) extracted; {} failed", failures.len());
    Ok(if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `eldergraph load`: N-Quads or TriG added to the store as they are.
fn load(store_path: &Path, files: &[PathBuf], compact: bool) -> Result<ExitCode> {
    let store = GraphStore::open(store_path)?;
    for file in files {
        let format = if file.extension().is_some_and(|e| e == "trig") {
            RdfFormat::TriG
        } else {
            RdfFormat::NQuads
        };
        let mut loader = store.inner().bulk_loader();
        let loaded = if file.as_os_str() == "-" {
            loader.load_from_reader(format, io::stdin().lock())
        } else {
            let reader = std::fs::File::open(file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            loader.load_from_reader(format, io::BufReader::new(reader))
        };
        loaded.with_context(|| format!("{}", file.display()))?;
        loader
            .commit()
            .with_context(|| format!("{}", file.display()))?;
    }
    let summary = format!(
        "{} statements in {} graphs in {}",
        store.len()?,
        store.inner().named_graphs().count(),
        store_path.display()
    );
    if compact {
        store.compact()?;
    }
    eprintln!("{summary}");
    Ok(ExitCode::SUCCESS)
}

/// The text of the query: given as text, or read from a file named by
/// --file or by the argument itself (`eldergraph query queries/tasks.rq`).
/// A query text is never the path of an existing file, and a path ending in
/// .rq that names nothing is an error about the file, not about SPARQL.
fn query_text(query: Option<String>, file: Option<PathBuf>) -> Result<String> {
    let file = match (query, file) {
        (Some(q), None) if looks_like_query_file(&q) => PathBuf::from(q),
        (Some(q), _) => return Ok(q),
        (None, Some(f)) => f,
        (None, None) => return Err(anyhow!("give a query or --file")),
    };
    std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))
}

fn looks_like_query_file(argument: &str) -> bool {
    let path = Path::new(argument);
    !argument.contains('\n')
        && (path.is_file() || path.extension().is_some_and(|e| e == "rq" || e == "sparql"))
}

/// An in-memory store holding the ontology and the documents of `paths`, as
/// `ingest` would write them; false when some file could not be read (each
/// is reported on standard error).
fn documents_in_memory(
    paths: &[PathBuf],
    options: &ingest::ReadOptions,
) -> Result<(GraphStore, bool)> {
    let kb = Knowledge::bundled()?;
    let (files, mut failures) = ingest::collect_files(paths);
    let store = GraphStore::in_memory()?;
    store.load_ontology()?;
    let destination = ingest::Destination::Store(&store);
    let (ingested, bar) = ingest_with_progress(&files, destination, kb, options, true);
    bar.finish_and_clear();
    failures.extend(ingested.failures);
    for failure in &failures {
        eprintln!("error: {failure}");
    }
    if ingested.summaries.is_empty() {
        return Err(anyhow!(
            "no document could be read from the --documents given"
        ));
    }
    Ok((store, failures.is_empty()))
}

fn run_query(
    store: &GraphStore,
    sparql: &str,
    bindings: &[(String, Term)],
    format: Option<OutputFormat>,
    explain: Option<&Path>,
) -> Result<()> {
    let bindings: Vec<(&str, Term)> = bindings
        .iter()
        .map(|(n, t)| (n.as_str(), t.clone()))
        .collect();
    let sparql = with_prefixes(sparql);
    // The plan's file is opened first, so that a bad path fails before the query runs.
    let plan_out = explain.map(plan_writer).transpose()?;
    let (results, plan) = match plan_out {
        Some(out) => {
            let (results, plan) = store.explain(&sparql, &bindings)?;
            (results, Some((plan, out)))
        }
        None => (store.query_with(&sparql, &bindings)?, None),
    };
    let format = format.unwrap_or(if io::stdout().is_terminal() {
        OutputFormat::Table
    } else {
        OutputFormat::Csv
    });
    let mut out = io::BufWriter::new(io::stdout().lock());
    query::write_results(results, format, &mut out)?;
    out.flush()?;
    // After the results: the plan's statistics are complete only once every
    // row has been read.
    if let Some((plan, mut out)) = plan {
        write_plan(&plan, &mut out)?;
    }
    Ok(())
}

/// Where `--explain` writes: a file, or standard error for `-`.
fn plan_writer(path: &Path) -> Result<Box<dyn Write>> {
    if path == Path::new("-") {
        return Ok(Box::new(io::stderr()));
    }
    let file = std::fs::File::create(path)
        .with_context(|| format!("cannot write the plan to {}", path.display()))?;
    Ok(Box::new(io::BufWriter::new(file)))
}

fn write_plan(plan: &QueryExplanation, out: &mut dyn Write) -> Result<()> {
    plan.write_in_json(&mut *out)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

fn dump(store: &GraphStore, format: DumpFormat) -> Result<()> {
    let out = io::BufWriter::new(io::stdout().lock());
    let rdf_format = match format {
        DumpFormat::Nquads => RdfFormat::NQuads,
        DumpFormat::Trig => RdfFormat::TriG,
        DumpFormat::Turtle => RdfFormat::Turtle,
        DumpFormat::Ntriples => RdfFormat::NTriples,
    };
    let mut serializer = RdfSerializer::from_format(rdf_format);
    for (prefix, iri) in PREFIXES {
        serializer = serializer.with_prefix(*prefix, *iri)?;
    }
    let mut writer = serializer.for_writer(out);
    if rdf_format.supports_datasets() {
        for quad in store.inner().iter() {
            writer.serialize_quad(&quad?)?;
        }
    } else {
        // Graphs merged: a statement made in several graphs is written once.
        let mut seen = std::collections::HashSet::new();
        for quad in store.inner().iter() {
            let triple = oxigraph::model::Triple::from(quad?);
            if !seen.contains(&triple) {
                writer.serialize_triple(&triple)?;
                seen.insert(triple);
            }
        }
    }
    writer.finish()?.flush()?;
    Ok(())
}

fn validate(store: &GraphStore, format: ValidateFormat) -> Result<ExitCode> {
    let report = shacl::validate(store, &Shapes::bundled()?)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    match format {
        ValidateFormat::Table => report.write_table(&mut out)?,
        ValidateFormat::Json => {
            let json = serde_json::to_string_pretty(&report.to_json())?;
            writeln!(out, "{json}")?;
        }
        ValidateFormat::Turtle => report.write_turtle(&mut out)?,
    }
    out.flush()?;
    Ok(if report.conforms() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

const STATS_QUERY: &str = "
SELECT ?city
  (COUNT(DISTINCT ?doc) AS ?documents)
  (COUNT(DISTINCT ?task) AS ?tasks)
  (COUNT(DISTINCT ?dep) AS ?departments)
WHERE {
  ?c a eg:City ; rdfs:label ?city .
  { ?doc a eg:PolicyDocument ; eg:city ?c }
  UNION { ?task a eg:Task ; eg:city ?c }
  UNION { ?dep a eg:Department ; eg:city ?c }
}
GROUP BY ?city ORDER BY ?city";

fn stats(store: &GraphStore) -> Result<()> {
    let mut out = io::stdout().lock();
    let results = store.query(&with_prefixes(STATS_QUERY))?;
    query::write_results(results, OutputFormat::Table, &mut out)?;
    writeln!(
        out,
        "{} statements in {} graphs",
        store.len()?,
        store.inner().named_graphs().count()
    )?;
    Ok(())
}

const SHOW_TASK: &str = "
SELECT ?city ?n ?document ?label ?section ?text ?deadline ?due ?ongoing ?first ?last ?excerpt WHERE {
  ?task a eg:Task ; eg:city/rdfs:label ?cityLabel ; eg:position ?position ;
        eg:document/eg:fileName ?document ; eg:label ?label ; eg:text ?text ;
        prov:wasDerivedFrom ?span .
  ?span eg:firstLine ?first ; eg:lastLine ?last ; eg:excerpt ?excerpt .
  OPTIONAL { ?task eg:sectionPath ?section }
  OPTIONAL { ?task eg:deadlineText ?deadline ; eg:ongoing ?ongoing OPTIONAL { ?task eg:due ?due } }
  FILTER(STR(?cityLabel) = ?city && ?position = ?n)
} ORDER BY ?document";

const SHOW_DEPARTMENTS: &str = "
SELECT ?city ?n ?doc ?role ?department ?type WHERE {
  VALUES (?p ?role) { (eg:lead \"lead\") (eg:participant \"participant\") (eg:mentions \"mentioned\") }
  ?task a eg:Task ; eg:city/rdfs:label ?cityLabel ; eg:position ?position ;
        eg:document/eg:fileName ?document ; ?p ?dep .
  ?dep rdfs:label ?department ; org:classification/skos:notation ?type .
  FILTER(STR(?cityLabel) = ?city && ?position = ?n && ?document = ?doc)
} ORDER BY ?role ?department ?type";

fn show(store: &GraphStore, city: &str, position: usize) -> Result<ExitCode> {
    let mut out = io::stdout().lock();
    let bind = |q: &str, doc: Option<&str>| {
        let mut bindings = vec![
            ("city", Term::from(Literal::new_simple_literal(city))),
            ("n", Term::from(Literal::from(position as i64))),
        ];
        if let Some(doc) = doc {
            bindings.push(("doc", Term::from(Literal::new_simple_literal(doc))));
        }
        store.query_with(&with_prefixes(q), &bindings)
    };
    let QueryResults::Solutions(tasks) = bind(SHOW_TASK, None)? else {
        return Err(anyhow!("unexpected result kind"));
    };
    let mut found = 0;
    for solution in tasks {
        let solution = solution?;
        found += 1;
        let get = |v: &str| solution.get(v).map(query::display_term).unwrap_or_default();
        writeln!(
            out,
            "{city} task {position} (printed {}) in {}",
            get("label"),
            get("document")
        )?;
        if !get("section").is_empty() {
            writeln!(out, "section:  {}", get("section"))?;
        }
        writeln!(out, "text:     {}", get("text"))?;
        if !get("deadline").is_empty() {
            let due = if get("due").is_empty() {
                "no date".to_owned()
            } else {
                format!("due {}", get("due"))
            };
            writeln!(
                out,
                "deadline: {} ({due}, ongoing: {})",
                get("deadline"),
                get("ongoing")
            )?;
        }
        let QueryResults::Solutions(deps) = bind(SHOW_DEPARTMENTS, Some(&get("document")))? else {
            continue;
        };
        // One line per department, its types gathered.
        let mut listed: Vec<(String, String, Vec<String>)> = Vec::new();
        for dep in deps {
            let dep = dep?;
            let d = |v: &str| dep.get(v).map(query::display_term).unwrap_or_default();
            match listed.last_mut() {
                Some((role, name, types)) if *role == d("role") && *name == d("department") => {
                    types.push(d("type"))
                }
                _ => listed.push((d("role"), d("department"), vec![d("type")])),
            }
        }
        for (role, name, types) in listed {
            writeln!(out, "{role:<12} {name}  [{}]", types.join(", "))?;
        }
        writeln!(
            out,
            "source:   {} lines {}–{}",
            get("document"),
            get("first"),
            get("last")
        )?;
        for line in get("excerpt").lines() {
            writeln!(out, "  │ {line}")?;
        }
        writeln!(out)?;
    }
    if found == 0 {
        eprintln!("no task {position} in a document of {city} (cities are written with their suffix: 南通市)");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}
