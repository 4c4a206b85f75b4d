//! Bytes to text, and the normalisations every later stage relies on.

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
    Binary { kind: &'static str },
    InvalidUtf8 { line: usize, column: usize },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Binary { kind } => write!(
                f,
                "not a text file ({kind}); convert it to plain text first"
            ),
            DecodeError::InvalidUtf8 { line, column } => write!(
                f,
                "line {line}, byte {column}: not valid UTF-8 (is it GB18030/GBK? save it as UTF-8)"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes a file's bytes: UTF-8 with or without BOM; binary files refused.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    if let Some(kind) = binary_kind(bytes) {
        return Err(DecodeError::Binary { kind });
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let before = &bytes[..e.valid_up_to()];
            let line = before.iter().filter(|b| **b == b'\n').count() + 1;
            let column = before.len()
                - before
                    .iter()
                    .rposition(|b| *b == b'\n')
                    .map_or(0, |p| p + 1)
                + 1;
            Err(DecodeError::InvalidUtf8 { line, column })
        }
    }
}

fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF document"),
        (b"PK\x03\x04", "a ZIP archive or an Office document"),
        (b"\xd0\xcf\x11\xe0", "an old Office document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
    ];
    if let Some((_, kind)) = SIGNATURES.iter().find(|(sig, _)| bytes.starts_with(sig)) {
        return Some(kind);
    }
    bytes.contains(&0).then_some("binary data")
}

#[cfg(test)]
mod decode_tests {
    use super::*;

    #[test]
    fn decodes_utf8_with_and_without_bom() {
        assert_eq!(decode("序号".as_bytes()).unwrap(), "序号");
        assert_eq!(decode(b"\xef\xbb\xbfabc").unwrap(), "abc");
    }

    #[test]
    fn refuses_binary_and_locates_bad_utf8() {
        assert_eq!(
            decode(b"%PDF-1.4 ..."),
            Err(DecodeError::Binary {
                kind: "a PDF document"
            })
        );
        assert_eq!(
            decode(b"ab\0cd"),
            Err(DecodeError::Binary {
                kind: "binary data"
            })
        );
        assert_eq!(
            decode(b"ok\nfine\nab\xffcd"),
            Err(DecodeError::InvalidUtf8 { line: 3, column: 3 })
        );
    }
}
