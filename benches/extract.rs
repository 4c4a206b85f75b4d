//! Micro-benchmarks of the extraction stages, on the bundled seeds, so that
//! a regression in one stage shows: `cargo bench` (criterion; HTML reports
//! are off, the figures print). Whole-corpus figures are bench/run.py's.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use eldergraph::extract::{self, departments, numbers, ExtractOptions};
use eldergraph::knowledge::Knowledge;
use eldergraph::{rdf, text};

/// The seeds as (file name, bytes), read once.
fn seeds() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("seeds/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy().into();
            (name, std::fs::read(&p).expect("a seed"))
        })
        .collect()
}

/// Responsibility cells in the shapes the genre writes them.
const CELLS: &[&str] = &[
    "市民政局、市发展改革委、市财政局、市自然资源和规划局",
    "牵头单位：市卫生健康委；配合单位：市民政局、市医保局，各县（市）区人民政府",
    "市民政局（老龄办）、市人力资源社会保障局按照职责分工负责",
    "市住房和城乡建设局及各辖市、区人民政府",
    "市国土局、规划局、建设局、消防支队，供水（电、气、暖）、通信有线等单位",
    "老龄办各县（市）区人民政府",
];

/// Sentences with quantities: targets, funding, ratios, Chinese numerals.
const SENTENCES: &[&str] = &[
    "到2020年，每千名老年人拥有养老床位数达到40张以上，护理型床位占比不低于50%。",
    "市、区两级财政按1∶1比例分担，每张床位补助4000元至6000元。",
    "三分之一以上的社区建成嵌入式养老服务设施，新增养老床位1.2万张。",
    "各级福彩公益金用于养老服务的比例不低于55%，每年投入不少于100亿元。",
    "二〇二二年底前，农村敬老院护理型床位比例提高到百分之六十。",
];

fn bench(c: &mut Criterion) {
    let kb = Knowledge::bundled().expect("bundled knowledge");
    let seeds = seeds();
    let texts: Vec<(String, String)> = seeds
        .iter()
        .map(|(name, bytes)| {
            let decoded = text::decode(bytes, None).expect("a seed decodes");
            (name.clone(), decoded.text)
        })
        .collect();
    let bytes: u64 = seeds.iter().map(|(_, b)| b.len() as u64).sum();

    let mut group = c.benchmark_group("seeds");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("decode (encoding detection, canonical form)", |b| {
        b.iter(|| {
            for (_, raw) in &seeds {
                black_box(text::decode(raw, None).ok());
            }
        })
    });
    group.bench_function("layout detection and task records", |b| {
        b.iter(|| {
            for (_, source) in &texts {
                black_box(extract::detect_layout(&text::lines(source), kb));
            }
        })
    });
    group.bench_function("extract (the whole document model)", |b| {
        b.iter(|| {
            for (name, source) in &texts {
                black_box(extract::extract(name, source, kb, &ExtractOptions::default()).ok());
            }
        })
    });
    let documents: Vec<_> = texts
        .iter()
        .filter_map(|(name, source)| {
            extract::extract(name, source, kb, &ExtractOptions::default()).ok()
        })
        .collect();
    group.bench_function("map to RDF quads", |b| {
        b.iter(|| {
            for document in &documents {
                black_box(rdf::document_quads(document));
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group("snippets");
    group.throughput(Throughput::Elements(CELLS.len() as u64));
    group.bench_function("department splitting and typing (per cell)", |b| {
        b.iter(|| {
            for cell in CELLS {
                for body in departments::split_bodies(cell, "南通市", kb) {
                    black_box(departments::department(&body, kb));
                }
            }
        })
    });
    group.throughput(Throughput::Elements(SENTENCES.len() as u64));
    group.bench_function("number parsing (per sentence)", |b| {
        b.iter(|| {
            for sentence in SENTENCES {
                black_box(numbers::quantities(sentence));
                black_box(numbers::years(sentence));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
