//! The networks, pictures and charts of the seeds' store: the partner
//! network against `cross-city-partners.rq` (same pairs, same counts), its
//! filters against the responsibilities, every export format written from
//! it, DOT read back by Graphviz, the department and task networks, the
//! command line's errors, and the beds chart.
//!
//! The Python suite (`tests/python/test_exports.py`, run by
//! `tests/clients.rs`) reads the same exports with networkx, JSON Schema
//! and Graphviz.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::process::{Command, Stdio};

use common::{contract, root, seeds_store};
use eldergraph::chart;
use eldergraph::export::{self, Description, Filters, Format, NetworkName, Source};
use eldergraph::knowledge::Knowledge;
use eldergraph::labels::Lang;
use eldergraph::model::Role;
use eldergraph::network::{self, Network, Value};

const DT: &str = "https://w3id.org/eldergraph/code/department-type/";

fn kb() -> &'static Knowledge {
    Knowledge::bundled().expect("knowledge")
}

fn named(name: NetworkName, filters: &Filters, lang: Lang) -> Network {
    export::build(seeds_store(), kb(), &Source::Named(name), filters, lang)
        .unwrap_or_else(|e| panic!("{name}: {e:#}"))
}

fn partners(filters: &Filters) -> Network {
    named(NetworkName::Partners, filters, Lang::Zh)
}

fn attribute<'a>(attributes: &'a [(String, Value)], name: &str) -> Option<&'a Value> {
    attributes.iter().find(|(n, _)| n == name).map(|(_, v)| v)
}

fn integer(attributes: &[(String, Value)], name: &str) -> i64 {
    match attribute(attributes, name) {
        Some(Value::Integer(n)) => *n,
        other => panic!("{name}: {other:?}"),
    }
}

fn code(iri: &str) -> &str {
    iri.strip_prefix(DT)
        .unwrap_or_else(|| panic!("not a type: {iri}"))
}

/// (type_a, type_b) → (cities, tasks, weight) of a partner network.
type Pairs = BTreeMap<(String, String), (i64, i64, f64)>;

fn pairs(network: &Network) -> Pairs {
    network
        .edges
        .iter()
        .map(|e| {
            let (a, b) = (code(&e.source), code(&e.target));
            let key = if a < b { (a, b) } else { (b, a) };
            (
                (key.0.to_owned(), key.1.to_owned()),
                (
                    integer(&e.attributes, "cities"),
                    integer(&e.attributes, "tasks"),
                    e.weight,
                ),
            )
        })
        .collect()
}

/// The partner pairs recomputed from `responsibilities.rq`: tasks of the
/// cities given (all when empty), departments in the roles given.
fn pairs_from_responsibilities(cities: &[&str], roles: &[&str]) -> Pairs {
    let rows = contract("responsibilities");
    let mut by_task: BTreeMap<(String, String), BTreeSet<(String, String)>> = BTreeMap::new();
    for r in rows.iter().filter(|r| {
        roles.contains(&r["role"].as_str())
            && r["department_type"] != "unknown"
            && (cities.is_empty() || cities.contains(&r["city"].as_str()))
    }) {
        by_task
            .entry((r["city"].clone(), r["task"].clone()))
            .or_default()
            .insert((r["department"].clone(), r["department_type"].clone()));
    }
    // Per pair: the cities and the (city, task) keys.
    type Sets = (BTreeSet<String>, BTreeSet<(String, String)>);
    let mut sets: BTreeMap<(String, String), Sets> = BTreeMap::new();
    for ((city, task), deps) in &by_task {
        for (d1, t1) in deps {
            for (d2, t2) in deps {
                if d1 != d2 && t1 < t2 {
                    let e = sets.entry((t1.clone(), t2.clone())).or_default();
                    e.0.insert(city.clone());
                    e.1.insert((city.clone(), task.clone()));
                }
            }
        }
    }
    sets.into_iter()
        .map(|(k, (c, t))| (k, (c.len() as i64, t.len() as i64, t.len() as f64)))
        .collect()
}

#[test]
fn the_partner_network_is_the_answer_of_cross_city_partners() {
    let rows = contract("cross-city-partners");
    let expected: Pairs = rows
        .iter()
        .map(|r| {
            let tasks: i64 = r["tasks"].parse().unwrap();
            (
                (r["type_a"].clone(), r["type_b"].clone()),
                (r["cities"].parse().unwrap(), tasks, tasks as f64),
            )
        })
        .collect();
    let net = partners(&Filters::default());
    assert_eq!(net.edges.len(), rows.len());
    assert_eq!(pairs(&net), expected);
    let types: BTreeSet<&str> = rows
        .iter()
        .flat_map(|r| [r["type_a"].as_str(), r["type_b"].as_str()])
        .collect();
    let nodes: BTreeSet<&str> = net.nodes.iter().map(|n| code(&n.id)).collect();
    assert_eq!(nodes, types);
    // Edge order is the contract's: most cities, then most tasks.
    assert_eq!(code(&net.edges[0].source), rows[0]["type_a"]);
    assert_eq!(code(&net.edges[0].target), rows[0]["type_b"]);
    // The list of cities is as long as their count.
    for e in &net.edges {
        match attribute(&e.attributes, "city_list") {
            Some(Value::List(cities)) => {
                assert_eq!(cities.len() as i64, integer(&e.attributes, "cities"))
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn partner_nodes_carry_labels_family_and_counts() {
    let net = partners(&Filters::default());
    let node = |c: &str| {
        net.node(&format!("{DT}{c}"))
            .unwrap_or_else(|| panic!("no node {c}"))
    };
    let aging = node("aging-office");
    assert_eq!(aging.label, "老龄工作");
    let text = |n: &network::Node, a: &str| match attribute(&n.attributes, a) {
        Some(Value::Text(t)) => t.clone(),
        other => panic!("{a}: {other:?}"),
    };
    assert_eq!(text(aging, "code"), "aging-office");
    assert_eq!(text(aging, "label_zh"), "老龄工作");
    assert_eq!(text(aging, "label_en"), "Office on Ageing");
    assert_eq!(text(aging, "broader"), "civil-affairs");
    assert_eq!(text(aging, "family"), "civil-affairs");
    assert!(attribute(&node("civil-affairs").attributes, "broader").is_none());

    // Tasks led and joined, and cities, recomputed from the responsibilities.
    let rows = contract("responsibilities");
    let mut led: BTreeMap<&str, BTreeSet<(&str, &str)>> = BTreeMap::new();
    let mut joined: BTreeMap<&str, BTreeSet<(&str, &str)>> = BTreeMap::new();
    let mut cities: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for r in &rows {
        let key = (r["city"].as_str(), r["task"].as_str());
        let t = r["department_type"].as_str();
        match r["role"].as_str() {
            "lead" => led.entry(t).or_default().insert(key),
            "participant" => joined.entry(t).or_default().insert(key),
            _ => continue,
        };
        cities.entry(t).or_default().insert(r["city"].as_str());
    }
    for n in &net.nodes {
        let c = code(&n.id);
        assert_eq!(
            integer(&n.attributes, "tasks_led"),
            led.get(c).map_or(0, |s| s.len()) as i64,
            "{c}"
        );
        assert_eq!(
            integer(&n.attributes, "tasks_joined"),
            joined.get(c).map_or(0, |s| s.len()) as i64,
            "{c}"
        );
        assert_eq!(
            integer(&n.attributes, "cities"),
            cities.get(c).map_or(0, |s| s.len()) as i64,
            "{c}"
        );
    }

    let en = named(NetworkName::Partners, &Filters::default(), Lang::En);
    assert_eq!(
        en.node(&format!("{DT}civil-affairs"))
            .map(|n| n.label.as_str()),
        Some("Civil Affairs")
    );
}

#[test]
fn partner_filters_narrow_cities_roles_types_and_weights() {
    let nantong = partners(&Filters {
        cities: vec!["南通".into()],
        ..Filters::default()
    });
    assert_eq!(
        pairs(&nantong),
        pairs_from_responsibilities(&["南通市"], &["lead", "participant"])
    );
    assert!(nantong.edges.iter().all(
        |e| attribute(&e.attributes, "city_list") == Some(&Value::List(vec!["南通市".into()]))
    ));

    let two = partners(&Filters {
        cities: vec!["南通市".into(), "常州市".into()],
        ..Filters::default()
    });
    assert_eq!(
        pairs(&two),
        pairs_from_responsibilities(&["南通市", "常州市"], &["lead", "participant"])
    );

    let leads = partners(&Filters {
        roles: vec![Role::Lead],
        ..Filters::default()
    });
    assert_eq!(pairs(&leads), pairs_from_responsibilities(&[], &["lead"]));

    // Edges with finance at one end: those of the whole network, unchanged.
    let all = pairs(&partners(&Filters::default()));
    let finance = pairs(&partners(&Filters {
        department_types: vec!["财政".into()],
        ..Filters::default()
    }));
    let expected: Pairs = all
        .iter()
        .filter(|((a, b), _)| a == "finance" || b == "finance")
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(finance, expected);

    let heavy = partners(&Filters {
        min_weight: Some(10.0),
        ..Filters::default()
    });
    let expected: Pairs = all
        .iter()
        .filter(|(_, (_, tasks, _))| *tasks >= 10)
        .map(|(k, v)| (k.clone(), *v))
        .collect();
    assert_eq!(pairs(&heavy), expected);
    let ends: BTreeSet<&str> = heavy
        .edges
        .iter()
        .flat_map(|e| [e.source.as_str(), e.target.as_str()])
        .collect();
    assert_eq!(heavy.nodes.len(), ends.len());
}

#[test]
fn filter_errors_name_what_exists() {
    let build = |filters: Filters| {
        export::build(
            seeds_store(),
            kb(),
            &Source::Named(NetworkName::Partners),
            &filters,
            Lang::Zh,
        )
        .map(|_| ())
        .unwrap_err()
        .to_string()
    };
    let err = build(Filters {
        cities: vec!["南京市".into()],
        ..Filters::default()
    });
    assert_eq!(
        err,
        "no city \"南京市\" in the store; its cities are: 上海市, 南通市, 常州市, 晋中市, 银川市"
    );
    let err = build(Filters {
        department_types: vec!["civil".into()],
        ..Filters::default()
    });
    assert!(err.contains("did you mean: civil-affairs"), "{err}");
    let err = build(Filters {
        min_weight: Some(1000.0),
        ..Filters::default()
    });
    assert_eq!(
        err,
        "nothing to export: the network has no edges weighing 1000 or more \
         (lead and participant count; --role mentioned adds mentions)"
    );
    assert!("graph".parse::<NetworkName>().is_err());
}

#[test]
fn the_department_network_links_departments_of_one_city() {
    let net = named(NetworkName::Departments, &Filters::default(), Lang::Zh);
    // Recomputed: pairs of departments sharing a task as lead or participant.
    let rows = contract("responsibilities");
    let mut by_task: BTreeMap<(&str, &str), BTreeSet<&str>> = BTreeMap::new();
    for r in rows.iter().filter(|r| r["role"] != "mentioned") {
        by_task
            .entry((r["city"].as_str(), r["task"].as_str()))
            .or_default()
            .insert(r["department"].as_str());
    }
    let mut expected: BTreeMap<(String, String, String), i64> = BTreeMap::new();
    for ((city, _), deps) in &by_task {
        for a in deps {
            for b in deps {
                if a < b {
                    *expected
                        .entry((city.to_string(), a.to_string(), b.to_string()))
                        .or_default() += 1;
                }
            }
        }
    }
    let name = |iri: &str| -> String {
        // …/department/CITY/NAME
        iri.rsplit('/').next().unwrap().to_owned()
    };
    let got: BTreeMap<(String, String, String), i64> = net
        .edges
        .iter()
        .map(|e| {
            let city = match attribute(&e.attributes, "city") {
                Some(Value::Text(c)) => c.clone(),
                other => panic!("{other:?}"),
            };
            let (a, b) = (name(&e.source), name(&e.target));
            let (a, b) = if a < b { (a, b) } else { (b, a) };
            assert_eq!(e.weight, integer(&e.attributes, "tasks") as f64);
            ((city, a, b), integer(&e.attributes, "tasks"))
        })
        .collect();
    assert_eq!(got, expected);
    let civil = net
        .node("https://w3id.org/eldergraph/id/department/南通市/市民政局")
        .expect("南通市民政局");
    assert_eq!(civil.label, "南通市民政局");
    assert_eq!(
        attribute(&civil.attributes, "types"),
        Some(&Value::List(vec!["civil-affairs".into()]))
    );
    assert_eq!(civil.family.as_deref(), Some("civil-affairs"));

    let changzhou = named(
        NetworkName::Departments,
        &Filters {
            cities: vec!["常州市".into()],
            ..Filters::default()
        },
        Lang::En,
    );
    assert!(changzhou
        .nodes
        .iter()
        .all(|n| attribute(&n.attributes, "city") == Some(&Value::Text("常州市".into()))));
    assert!(changzhou
        .nodes
        .iter()
        .any(|n| n.label == "常州市民政局 (Civil Affairs)"));
}

#[test]
fn the_task_network_is_bipartite_with_roles() {
    let net = named(NetworkName::Tasks, &Filters::default(), Lang::Zh);
    let rows = contract("responsibilities");
    let expected: BTreeSet<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["city"].as_str(),
                r["task"].as_str(),
                r["department"].as_str(),
                r["role"].as_str(),
            )
        })
        .collect();
    assert_eq!(net.edges.len(), expected.len());
    let kind = |id: &str| match net.node(id).and_then(|n| attribute(&n.attributes, "kind")) {
        Some(Value::Text(k)) => k.clone(),
        other => panic!("{id}: {other:?}"),
    };
    for e in &net.edges {
        assert_eq!(kind(&e.source), "task");
        assert_eq!(kind(&e.target), "department");
    }
    let task_nodes = net
        .nodes
        .iter()
        .filter(|n| attribute(&n.attributes, "bipartite") == Some(&Value::Integer(0)))
        .count();
    let tasks: BTreeSet<(&str, &str)> = expected.iter().map(|(c, t, _, _)| (*c, *t)).collect();
    assert_eq!(task_nodes, tasks.len());
    let task = net
        .node("https://w3id.org/eldergraph/id/document/004_4835a2eaf0c18e86/task/1")
        .expect("上海市 task 1");
    assert_eq!(task.label, "上海市 任务1");
    assert_eq!(
        attribute(&task.attributes, "city"),
        Some(&Value::Text("上海市".into()))
    );
    assert!(matches!(attribute(&task.attributes, "text"), Some(Value::Text(t)) if !t.is_empty()));

    let leads = named(
        NetworkName::Tasks,
        &Filters {
            roles: vec![Role::Lead],
            department_types: vec!["civil-affairs".into()],
            ..Filters::default()
        },
        Lang::Zh,
    );
    let expected_leads = rows
        .iter()
        .filter(|r| r["role"] == "lead" && r["department_type"] == "civil-affairs")
        .count();
    assert_eq!(leads.edges.len(), expected_leads);
    assert!(leads
        .edges
        .iter()
        .all(|e| attribute(&e.attributes, "role") == Some(&Value::Text("lead".into()))));
}

#[test]
fn a_query_gives_the_same_partner_network() {
    let text = std::fs::read_to_string(root().join("queries/cross-city-partners.rq")).unwrap();
    let from_query = export::build(
        seeds_store(),
        kb(),
        &Source::Query {
            text,
            bindings: vec![],
        },
        &Filters::default(),
        Lang::Zh,
    )
    .expect("a network");
    let by_code: BTreeMap<(String, String), f64> = from_query
        .edges
        .iter()
        .map(|e| ((e.source.clone(), e.target.clone()), e.weight))
        .collect();
    let named: BTreeMap<(String, String), f64> = pairs(&partners(&Filters::default()))
        .into_iter()
        .map(|(k, (_, _, w))| (k, w))
        .collect();
    assert_eq!(by_code, named);

    let err = export::build(
        seeds_store(),
        kb(),
        &Source::Query {
            text: "SELECT ?city ?tasks WHERE { ?c a eg:City ; rdfs:label ?city } ".into(),
            bindings: vec![],
        },
        &Filters::default(),
        Lang::Zh,
    )
    .map(|_| ())
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("the result has the columns: city, tasks"),
        "{err}"
    );
}

fn written(network: &Network, format: Format) -> String {
    let description = Description::of(&Source::Named(NetworkName::Partners), Lang::Zh);
    let mut out = Vec::new();
    export::write(network, format, &description, &mut out).expect("written");
    String::from_utf8(out).expect("UTF-8")
}

fn graphviz(args: &[&str], input: &str) -> Option<std::process::Output> {
    let mut child = match Command::new("dot")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(_) => {
            eprintln!("note: Graphviz is not installed; scripts/bootstrap installs it");
            return None;
        }
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    Some(child.wait_with_output().unwrap())
}

#[test]
fn every_format_holds_the_whole_partner_network() {
    let net = partners(&Filters::default());
    let (n, m) = (net.nodes.len(), net.edges.len());

    let graphml = written(&net, Format::Graphml);
    assert_eq!(graphml.matches("<node id=").count(), n);
    assert_eq!(graphml.matches("<edge id=").count(), m);
    assert!(graphml.contains("<node id=\"dt:civil-affairs\">"));
    assert!(graphml.contains(
        "<key id=\"n_tasks_led\" for=\"node\" attr.name=\"tasks_led\" attr.type=\"long\"/>"
    ));

    let gexf = written(&net, Format::Gexf);
    assert_eq!(gexf.matches("<node id=").count(), n);
    assert_eq!(gexf.matches("<edge id=").count(), m);
    assert!(gexf.contains(&format!("<node id=\"{DT}civil-affairs\" label=\"民政\">")));

    for format in [Format::Cytoscape, Format::D3] {
        let json: serde_json::Value = serde_json::from_str(&written(&net, format)).unwrap();
        let (nodes, edges) = match format {
            Format::Cytoscape => (&json["elements"]["nodes"], &json["elements"]["edges"]),
            _ => (&json["nodes"], &json["links"]),
        };
        assert_eq!(nodes.as_array().map(Vec::len), Some(n), "{format:?}");
        assert_eq!(edges.as_array().map(Vec::len), Some(m), "{format:?}");
    }

    // Graphviz reads the DOT: it draws it, and its JSON has every node and edge.
    let dot = written(&net, Format::Dot);
    let Some(svg) = graphviz(&["-Tsvg"], &dot) else {
        return;
    };
    assert!(
        svg.status.success(),
        "{}",
        String::from_utf8_lossy(&svg.stderr)
    );
    let parsed = graphviz(&["-Tjson0"], &dot).unwrap();
    assert!(parsed.status.success());
    let json: serde_json::Value = serde_json::from_slice(&parsed.stdout).unwrap();
    assert_eq!(json["objects"].as_array().map(Vec::len), Some(n));
    let edges = json["edges"].as_array().unwrap();
    assert_eq!(edges.len(), m);
    let weights: BTreeMap<(String, String), f64> = edges
        .iter()
        .map(|e| {
            let end = |k: &str| {
                let i = e[k].as_u64().unwrap() as usize;
                code(json["objects"][i]["name"].as_str().unwrap()).to_owned()
            };
            let (a, b) = (end("tail"), end("head"));
            let key = if a < b { (a, b) } else { (b, a) };
            (key, e["tasks"].as_str().unwrap().parse().unwrap())
        })
        .collect();
    let expected: BTreeMap<(String, String), f64> = pairs(&net)
        .into_iter()
        .map(|(k, (_, _, w))| (k, w))
        .collect();
    assert_eq!(weights, expected);
}

#[test]
fn render_draws_svg_and_png_with_a_legend() {
    let net = partners(&Filters {
        min_weight: Some(10.0),
        ..Filters::default()
    });
    let dot = network::to_dot(&net, Lang::Zh);
    if graphviz(&["-V"], "").is_none() {
        return;
    }
    let svg = network::render_image(
        &dot,
        network::Engine::Neato,
        network::DEFAULT_TIMEOUT,
        network::ImageFormat::Svg,
    )
    .expect("an SVG");
    let svg = String::from_utf8(svg).unwrap();
    for text in [
        "民政",
        "财政",
        "部门类型合作网络",
        "线宽：共同任务",
        "节点大小",
    ] {
        assert!(svg.contains(text), "{text} not in the SVG");
    }
    let png = network::render_image(
        &dot,
        network::Engine::Neato,
        network::DEFAULT_TIMEOUT,
        network::ImageFormat::Png,
    )
    .expect("a PNG");
    assert!(png.starts_with(b"\x89PNG"));
}

#[test]
fn the_beds_chart_has_every_city_and_year() {
    let chart =
        chart::indicator::build(seeds_store(), kb(), "beds-per-1000-elderly", &[], Lang::Zh)
            .expect("a chart");
    assert_eq!(
        chart.categories,
        ["上海市", "南通市", "常州市", "晋中市", "银川市"]
    );
    assert_eq!(chart.series, ["2015年", "2017年", "2020年", "2022年"]);
    assert_eq!(chart.y_label, "张/千名老年人");
    let bars: Vec<(&str, &str, f64, &str)> = chart
        .bars
        .iter()
        .map(|b| {
            (
                chart.categories[b.category].as_str(),
                chart.series[b.series].as_str(),
                b.value,
                b.label.as_str(),
            )
        })
        .collect();
    assert_eq!(
        bars,
        [
            ("上海市", "2022年", 30.0, "≥30"),
            ("南通市", "2015年", 30.0, "30"),
            ("南通市", "2020年", 40.0, "40"),
            ("常州市", "2015年", 40.0, "40"),
            ("晋中市", "2020年", 40.0, "40"),
            ("银川市", "2015年", 30.0, "≥30"),
            ("银川市", "2017年", 32.0, "≥32"),
            ("银川市", "2020年", 35.0, "≥35"),
        ]
    );
    let svg = chart::draw::to_svg(&chart).expect("an SVG");
    for text in [
        "每千名老年人拥有养老床位数",
        "张/千名老年人",
        "银川市",
        "≥35",
    ] {
        assert!(svg.contains(text), "{text}");
    }
    // The README's chart is this one (regenerate it with the command the
    // README gives when the seeds or the drawing change).
    let readme_chart =
        std::fs::read_to_string(root().join("docs/beds-per-1000-elderly.svg")).unwrap();
    assert!(
        readme_chart == svg,
        "docs/beds-per-1000-elderly.svg is out of date: \
         eldergraph chart beds-per-1000-elderly --out docs/beds-per-1000-elderly.svg"
    );

    let en = chart::indicator::build(
        seeds_store(),
        kb(),
        "beds-per-1000-elderly",
        &["银川".into()],
        Lang::En,
    )
    .expect("a chart");
    assert_eq!(en.categories, ["银川市"]);
    assert_eq!(en.series, ["2015", "2017", "2020"]);
    assert_eq!(en.y_label, "beds per 1000 older people");
    assert_eq!(
        en.title,
        "Elderly-care beds per 1000 older people: targets by city"
    );

    // Any SELECT with a category, a series and a value.
    let text = std::fs::read_to_string(root().join("queries/targets-by-indicator.rq")).unwrap();
    let columns = chart::Columns {
        category: "city".into(),
        series: "year".into(),
        value: "value".into(),
    };
    // Its parameter's default: beds-per-1000-elderly.
    let bindings = eldergraph::canned::CannedQuery::parse("targets-by-indicator", &text)
        .unwrap()
        .bindings(&Default::default())
        .unwrap();
    let from_query =
        chart::from_query(seeds_store(), &text, &bindings, &columns, Lang::Zh).unwrap();
    let mut categories = from_query.categories.clone();
    categories.sort();
    assert_eq!(categories, chart.categories);
    assert_eq!(from_query.bars.len(), 8);
    assert_eq!(from_query.y_label, "beds per 1000 older people");
}

#[test]
fn the_command_line_writes_files_and_explains_errors() {
    use std::path::Path;
    use std::process::Output;
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let run = |args: &[&str]| -> Output {
        Command::new(env!("CARGO_BIN_EXE_eldergraph"))
            .arg("--store")
            .arg(&store)
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("run eldergraph")
    };
    let stderr = |o: &Output| String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(run(&["ingest"]).status.success());
    let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();

    // The extension says the format; the count goes to standard error.
    let out = run(&["export", "partners", "--out", &path("p.gexf")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("54 nodes, 370 edges written to"),
        "{}",
        stderr(&out)
    );
    assert!(std::fs::read_to_string(path("p.gexf"))
        .unwrap()
        .contains("<gexf "));
    // Standard output without --out.
    let out = run(&[
        "export",
        "departments",
        "--city",
        "常州",
        "--format",
        "d3",
        "--lang",
        "en",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["graph"]["network"], "departments");

    let out = run(&["export", "partner", "--format", "gexf"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("unknown network \"partner\": use partners, departments or tasks")
    );
    let out = run(&["export", "partners", "--out", &path("p.json")]);
    assert!(
        stderr(&out).contains("say which format with --format"),
        "{}",
        stderr(&out)
    );
    let out = run(&[
        "export",
        "--query",
        "queries/documents.rq",
        "--format",
        "graphml",
    ]);
    assert!(
        stderr(&out).contains("the result has the columns: document, city, title, layout, tasks"),
        "{}",
        stderr(&out)
    );
    let out = run(&[
        "export",
        "--query",
        "queries/cross-city-partners.rq",
        "--city",
        "南通市",
        "--format",
        "dot",
    ]);
    assert!(
        stderr(&out).contains("put the condition in the query"),
        "{}",
        stderr(&out)
    );
    let out = run(&["export", "partners", "--role", "chair", "--format", "dot"]);
    assert!(
        stderr(&out).contains("use lead, participant or mentioned"),
        "{}",
        stderr(&out)
    );

    if graphviz(&["-V"], "").is_some() {
        let out = run(&[
            "render",
            "partners",
            "--min-weight",
            "20",
            "--out",
            &path("p.png"),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(std::fs::read(path("p.png"))
            .unwrap()
            .starts_with(b"\x89PNG"));
    }
    let out = run(&["render", "partners", "--out", &path("p.pdf")]);
    assert!(
        stderr(&out).contains("must be .svg or .png"),
        "{}",
        stderr(&out)
    );

    let out = run(&["chart", "beds-per-1000-elderly", "--out", &path("beds.svg")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("8 bars (5 categories, 4 series)"),
        "{}",
        stderr(&out)
    );
    assert!(Path::new(&path("beds.svg")).exists());
    let out = run(&["chart", "beds", "--out", &path("x.svg")]);
    assert!(
        stderr(&out).contains("unknown indicator \"beds\""),
        "{}",
        stderr(&out)
    );
    let out = run(&[
        "chart",
        "--query",
        "queries/documents.rq",
        "--out",
        &path("x.svg"),
    ]);
    assert!(
        stderr(&out).contains("the result has the columns: document, city, title, layout, tasks"),
        "{}",
        stderr(&out)
    );
    let out = run(&["export", "--help"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("eldergraph export partners --format gexf")
    );
}
