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
