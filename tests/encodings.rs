//! Every seed, saved in other encodings and typed with other line ends,
//! spaces, widths and brackets, reads to the same document as the clean
//! UTF-8 file.

use std::path::Path;

use eldergraph::ingest::{read_document, ReadOptions};
use eldergraph::knowledge::Knowledge;
use eldergraph::model::Document;

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xfe, 0xff]
    } else {
        vec![0xff, 0xfe]
    };
    for unit in text.encode_utf16() {
        out.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

/// Full-width digits and letters (１２３, Ａ), as some editors type them.
fn full_width_alnum(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                char::from_u32(c as u32 + 0xfee0).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

/// Every other full-width bracket written half-width.
fn mixed_brackets(text: &str) -> String {
    let mut flip = false;
    text.chars()
        .map(|c| match c {
            '（' | '）' => {
                flip = !flip;
                if flip {
                    if c == '（' {
                        '('
                    } else {
                        ')'
                    }
                } else {
                    c
                }
            }
            _ => c,
        })
        .collect()
}

fn variants(text: &str) -> Vec<(&'static str, Vec<u8>)> {
    let (gb18030, _, _) = encoding_rs::GB18030.encode(text);
    vec![
        (
            "utf-8 with BOM",
            [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat(),
        ),
        ("utf-16le with BOM", utf16(text, false)),
        ("utf-16be with BOM", utf16(text, true)),
        ("gb18030", gb18030.into_owned()),
        ("crlf", text.replace('\n', "\r\n").into_bytes()),
        ("cr", text.replace('\n', "\r").into_bytes()),
        ("nbsp", text.replace(' ', "\u{a0}").into_bytes()),
        (
            "full-width digits and letters",
            full_width_alnum(text).into_bytes(),
        ),
        ("mixed brackets", mixed_brackets(text).into_bytes()),
    ]
}

fn read(path: &Path) -> Document {
    let kb = Knowledge::bundled().unwrap();
    read_document(path, kb, &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e:#}", path.display()))
}

#[test]
fn every_variant_reads_to_the_same_document() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let dir = tempfile::tempdir().unwrap();
    let mut names: Vec<_> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for seed in names {
        let clean = read(&seed);
        let text = std::fs::read_to_string(&seed).unwrap();
        let file_name = seed.file_name().unwrap();
        for (variant, bytes) in variants(&text) {
            let folder = dir.path().join(variant.replace(' ', "-"));
            std::fs::create_dir_all(&folder).unwrap();
            let path = folder.join(file_name);
            std::fs::write(&path, bytes).unwrap();
            let read = read(&path);
            assert_eq!(
                read.tasks.len(),
                clean.tasks.len(),
                "{variant} of {file_name:?}"
            );
            assert!(
                read == clean,
                "{variant} of {file_name:?} reads differently"
            );
        }
    }
}
