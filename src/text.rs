//! Bytes to text, and the normalisations every later stage relies on.

use encoding_rs::{Encoding, GB18030, GBK, UTF_8};

/// Splits text into lines on `\n`, `\r\n` or a lone `\r`.
pub fn lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['\n', '\r']) {
        out.push(&rest[..i]);
        let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
        rest = &rest[i + skip..];
    }
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// Whether a line is a page number left by copying out of a PDF: "— 2 —",
/// "-12-", "第3页", "第 3 页 共 10 页". A bare number is none: in a table it
/// is a row's number.
pub fn is_page_number(line: &str) -> bool {
    if trim(line).len() > 40 {
        return false;
    }
    let s = fold_width(&squash(line));
    let is_dash = |c: char| matches!(c, '—' | '–' | '-' | '―' | '─');
    let is_number =
        |t: &str| !t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit());
    if s.starts_with(is_dash) && s.ends_with(is_dash) {
        return is_number(s.trim_matches(is_dash));
    }
    let Some((page, rest)) = s.strip_prefix('第').and_then(|t| t.split_once('页')) else {
        return false;
    };
    let of_pages = rest.trim_start_matches([',', '，', '/', '、']);
    is_number(page)
        && (of_pages.is_empty()
            || of_pages
                .strip_prefix('共')
                .and_then(|t| t.strip_suffix('页'))
                .is_some_and(is_number))
}

/// True for every kind of blank: ASCII, NBSP, full-width space, BOM.
pub fn is_blank_char(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}'
}

/// Removes all blanks: "市 委\n\n宣传部" → "市委宣传部".
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !is_blank_char(*c)).collect()
}

/// Trims blanks of every kind from both ends.
pub fn trim(s: &str) -> &str {
    s.trim_matches(is_blank_char)
}

/// Folds full-width ASCII variants (１２３, ％, （） , ：) to their ASCII forms,
/// for matching numbers and markers; the stored text keeps the original.
pub fn fold_width(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

pub fn fold_char(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' | '\u{a0}' => ' ',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_are_told_from_row_numbers() {
        for page in [
            "— 2 —",
            "-12-",
            "－３－",
            "—2—",
            "第3页",
            "第 3 页 共 10 页",
            "第3页，共10页",
        ] {
            assert!(is_page_number(page), "{page}");
        }
        for text in ["2", "——", "— 二 —", "第3页说明", "2025年", "第一页", "1-2"] {
            assert!(!is_page_number(text), "{text}");
        }
    }

    #[test]
    fn splits_every_line_ending() {
        assert_eq!(lines("a\r\nb\rc\nd"), vec!["a", "b", "c", "d"]);
        assert_eq!(lines("a\n\nb\n"), vec!["a", "", "b"]);
    }

    #[test]
    fn squashes_and_folds() {
        assert_eq!(squash("市 委\n\n宣传部"), "市委宣传部");
        assert_eq!(squash("市民政局\u{3000}  （老龄办）"), "市民政局（老龄办）");
        assert_eq!(fold_width("１２３％（一）："), "123%(一):");
    }
}

/// Why bytes are not a text we can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Binary {
        kind: &'static str,
    },
    /// Bytes that are not valid in the encoding (the detected or forced one).
    Invalid {
        encoding: &'static str,
        line: usize,
        column: usize,
    },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Binary { kind } => {
                write!(f, "not a text file ({kind}); convert it to plain text first")
            }
            DecodeError::Invalid { encoding, line, column } if *encoding == "UTF-8" => write!(
                f,
                "line {line}, byte {column}: not valid UTF-8, and not recognisably GB18030/GBK or UTF-16 either (force one with --encoding)"
            ),
            DecodeError::Invalid { encoding, line, column } => write!(
                f,
                "line {line}, byte {column}: not valid {encoding} (force another with --encoding)"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// A decoded text and the encoding it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// The encoding named by a label ("gbk", "gb18030", "utf-16le", "utf-8" …).
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// Decodes a file's bytes: a BOM wins (UTF-8, UTF-16); then a forced
/// encoding; then UTF-8 if the bytes are valid UTF-8; then the encoding a
/// detector guesses (GB18030 for GBK files). Binary files are refused. The
/// text is then put in canonical form (see [`canonical`]).
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded, DecodeError> {
    let (encoding, body) = match Encoding::for_bom(bytes) {
        Some((encoding, bom)) => (encoding, &bytes[bom..]),
        None => {
            if let Some(kind) = binary_kind(bytes) {
                return Err(DecodeError::Binary { kind });
            }
            (forced.unwrap_or_else(|| detect(bytes)), bytes)
        }
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if had_errors {
        let (line, column) = first_invalid(encoding, body);
        return Err(DecodeError::Invalid {
            encoding: encoding.name(),
            line,
            column,
        });
    }
    Ok(Decoded {
        text: canonical(&text),
        encoding: encoding.name(),
    })
}

/// UTF-8 when the bytes are valid UTF-8, else the detector's guess.
fn detect(bytes: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let guess = detector.guess(Some(b"cn"), false);
    // Simplified-Chinese guesses are decoded as GB18030, the superset of GBK.
    if guess == GBK || guess == GB18030 {
        GB18030
    } else {
        guess
    }
}

/// Line and byte column of the first bytes `encoding` cannot decode.
fn first_invalid(encoding: &'static Encoding, bytes: &[u8]) -> (usize, usize) {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3);
    let mut consumed = 0;
    // Decode in small steps to find where the first malformed sequence starts.
    for chunk in bytes.chunks(64) {
        let (result, read) = decoder.decode_to_string_without_replacement(chunk, &mut out, false);
        if let encoding_rs::DecoderResult::Malformed(_, _) = result {
            consumed += read;
            break;
        }
        consumed += read;
        if out.capacity() - out.len() < 256 {
            out.reserve(1024);
        }
    }
    let before = &bytes[..consumed.min(bytes.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = before.len()
        - before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |p| p + 1);
    (line, column.max(1))
}

/// The canonical form every later stage sees, so that the same document
/// reads to the same graph however it was typed: full-width ASCII letters,
/// digits and signs become ASCII (１２３％ → 123%), except the Chinese
/// punctuation that is full-width in canonical text (，：；！？); ASCII
/// brackets become full-width （ ）; NBSP and other odd spaces become spaces;
/// zero-width characters and a stray BOM go.
pub fn canonical(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}'))
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            '，' | '：' | '；' | '！' | '？' | '（' | '）' => c,
            '\u{ff01}'..='\u{ff5e}' => fold_char(c),
            '\u{a0}' | '\u{2002}'..='\u{200a}' | '\u{202f}' | '\u{205f}' => ' ',
            _ => c,
        })
        .collect()
}

/// An XML file: text, but markup rather than a document's text. (A web
/// page is read as the text it shows: `html`.)
pub fn markup_kind(text: &str) -> Option<&'static str> {
    text.trim_start()
        .starts_with("<?xml")
        .then_some("an XML file")
}

fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF document"),
        (b"PK\x03\x04", "a ZIP archive or an Office document"),
        (b"\xd0\xcf\x11\xe0", "an old Office document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"\x1f\x8b", "a gzip archive"),
    ];
    if let Some((_, kind)) = SIGNATURES.iter().find(|(sig, _)| bytes.starts_with(sig)) {
        return Some(kind);
    }
    bytes.contains(&0).then_some("binary data")
}

#[cfg(test)]
mod decode_tests {
    use super::*;

    fn utf8(bytes: &[u8]) -> String {
        decode(bytes, None).unwrap().text
    }

    #[test]
    fn decodes_utf8_with_and_without_bom() {
        assert_eq!(utf8("序号".as_bytes()), "序号");
        assert_eq!(utf8(b"\xef\xbb\xbfabc"), "abc");
        assert_eq!(decode(b"abc", None).unwrap().encoding, "UTF-8");
    }

    #[test]
    fn decodes_utf16_with_bom_and_gb18030_by_detection() {
        let text = "市民政局（老龄办）负责，各区实施。到2020年，护理型床位占比达到60%以上。";
        let mut utf16 = vec![0xff, 0xfe];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(
            decode(&utf16, None).unwrap(),
            Decoded {
                text: text.into(),
                encoding: "UTF-16LE"
            }
        );
        let (gbk, _, _) = GBK.encode(text);
        let decoded = decode(&gbk, None).unwrap();
        assert_eq!((decoded.text.as_str(), decoded.encoding), (text, "gb18030"));
        let forced = decode(&gbk, encoding_for_label("gbk")).unwrap();
        assert_eq!(forced.text, text);
    }

    #[test]
    fn canonical_text_folds_width_and_brackets() {
        assert_eq!(
            canonical("１２３％，（一）(二)：Ａ"),
            "123%，（一）（二）：A"
        );
        assert_eq!(canonical("a\u{a0}b\u{200b}c\u{feff}"), "a bc");
    }

    #[test]
    fn refuses_binary_and_locates_bad_bytes() {
        assert_eq!(
            decode(b"%PDF-1.4 ...", None),
            Err(DecodeError::Binary {
                kind: "a PDF document"
            })
        );
        assert_eq!(
            decode(b"ab\0cd", None),
            Err(DecodeError::Binary {
                kind: "binary data"
            })
        );
        let err = decode(b"ok\nfine\nab\xffcd", encoding_for_label("utf-8")).unwrap_err();
        assert_eq!(
            err,
            DecodeError::Invalid {
                encoding: "UTF-8",
                line: 3,
                column: 3
            }
        );
    }
}
