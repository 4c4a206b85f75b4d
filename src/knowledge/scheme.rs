//! What the SKOS code lists share: reading a concept (code, labels, IRI), the
//! `eg:` properties more than one list uses, the folding of labels and text
//! for matching, and the keyword matcher of the department types and funding
//! sources (longest keyword first, never overlapping, shadow words blocking).
//!
//! Each list keeps what is its own: extra fields (broader type, unit…), how
//! regular expressions take part, and the indicators' matcher with its "…"
//! gaps and first/last occurrences, which is a different algorithm.

use std::collections::HashSet;
use std::ops::Range;

use anyhow::{bail, Context, Result};
use regex::Regex;
use rustc_hash::FxHashMap as HashMap;

use super::turtle::{TurtleIndex, SKOS_CONCEPT, SKOS_HIDDEN_LABEL, SKOS_NOTATION, SKOS_PREF_LABEL};
use crate::text::{fold_char, is_blank_char};

/// A regular expression over width-folded text without blanks that names
/// the concept it is given on.
pub const NAME_PATTERN: &str = "https://w3id.org/eldergraph/ns#namePattern";
/// On the scheme: a word that blocks a keyword inside it (人民政府 ⊃ 民政,
/// 市财政局 ⊃ 市财政).
pub const SHADOW_LABEL: &str = "https://w3id.org/eldergraph/ns#shadowLabel";

/// What every code list knows of a concept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concept {
    /// `skos:notation`; the IRI is the scheme's IRI plus the code.
    pub code: String,
    pub iri: String,
    /// `skos:prefLabel` in Chinese.
    pub zh: String,
    /// `skos:prefLabel` in English.
    pub en: String,
}

/// Reads concept `iri` of the scheme whose IRI is `scheme`; errors name the
/// concept.
pub fn read_concept(index: &TurtleIndex, scheme: &str, iri: &str) -> Result<Concept> {
    read_concept_fields(index, scheme, iri).with_context(|| format!("concept <{iri}>"))
}

fn read_concept_fields(index: &TurtleIndex, scheme: &str, iri: &str) -> Result<Concept> {
    // Without a notation, the code is what the IRI adds to the scheme's.
    let code = index
        .literal(iri, SKOS_NOTATION, None)
        .or_else(|| iri.strip_prefix(scheme).map(str::to_owned))
        .context("no skos:notation")?;
    if iri != format!("{scheme}{code}") {
        bail!("IRI does not end in its notation {code:?}");
    }
    let label = |lang| index.literal(iri, SKOS_PREF_LABEL, Some(lang));
    Ok(Concept {
        zh: label("zh").context("no skos:prefLabel in zh")?,
        en: label("en").context("no skos:prefLabel in en")?,
        iri: iri.to_owned(),
        code,
    })
}

/// Every `skos:Concept` of the file, in file order, each completed by
/// `complete` with the list's own fields; a code listed twice is an error.
pub fn read_concepts<T>(
    index: &TurtleIndex,
    scheme: &str,
    mut complete: impl FnMut(Concept) -> Result<T>,
) -> Result<Vec<T>> {
    let mut codes = HashSet::new();
    let mut list = Vec::new();
    for iri in index.instances_of(SKOS_CONCEPT) {
        let concept = read_concept(index, scheme, iri)?;
        // Cannot fail while every IRI is the scheme's plus the code; kept so
        // that the lists' `get` stays unambiguous if that rule is relaxed.
        if !codes.insert(concept.code.clone()) {
            bail!("concept <{iri}>: code {} is listed twice", concept.code);
        }
        list.push(complete(concept).with_context(|| format!("concept <{iri}>"))?);
    }
    Ok(list)
}

/// Each concept's `eg:namePattern`s, compiled, with the concept's index.
pub fn read_name_patterns<'a>(
    index: &TurtleIndex,
    concepts: impl IntoIterator<Item = &'a Concept>,
) -> Result<Vec<(Regex, usize)>> {
    let mut patterns = Vec::new();
    for (i, concept) in concepts.into_iter().enumerate() {
        for pattern in index.literals(&concept.iri, NAME_PATTERN, None) {
            let re = Regex::new(pattern)
                .with_context(|| format!("name pattern of {}: {pattern}", concept.code))?;
            patterns.push((re, i));
        }
    }
    Ok(patterns)
}

/// A label as matched: width-folded (（ → (), blanks removed.
pub fn fold_label(label: &str) -> Vec<char> {
    label
        .chars()
        .filter(|c| !is_blank_char(*c))
        .map(fold_char)
        .collect()
}

/// Text as the matchers see it: width-folded, blanks dropped or kept, with
/// the way back to the bytes of the text as given.
#[derive(Debug)]
pub struct FoldedText {
    text: String,
    chars: Vec<char>,
    /// Per char: its byte range in the text as given.
    source: Vec<Range<usize>>,
    /// Per char: its byte offset in `text`.
    offsets: Vec<usize>,
    source_len: usize,
}

impl FoldedText {
    /// Blanks are ignored: "市 财政" matches 市财政.
    pub fn without_blanks(text: &str) -> FoldedText {
        FoldedText::fold(text, true)
    }

    /// Blanks are kept, so char indices are those of `text.chars()`.
    pub fn with_blanks(text: &str) -> FoldedText {
        FoldedText::fold(text, false)
    }

    fn fold(text: &str, drop_blanks: bool) -> FoldedText {
        let mut folded = FoldedText {
            text: String::with_capacity(text.len()),
            chars: Vec::new(),
            source: Vec::new(),
            offsets: Vec::new(),
            source_len: text.len(),
        };
        for (at, c) in text.char_indices() {
            if drop_blanks && is_blank_char(c) {
                continue;
            }
            let f = fold_char(c);
            folded.offsets.push(folded.text.len());
            folded.text.push(f);
            folded.chars.push(f);
            folded.source.push(at..at + c.len_utf8());
        }
        folded
    }

    /// The folded text, for regular expressions.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn chars(&self) -> &[char] {
        &self.chars
    }

    /// The char index of a byte offset of [`FoldedText::as_str`] (a char
    /// boundary, as regex matches give).
    pub fn char_at(&self, offset: usize) -> usize {
        self.offsets.partition_point(|&o| o < offset)
    }

    /// Where char `i` starts in the text as given; the text's length when
    /// `i` is past the last char.
    pub fn source_start(&self, i: usize) -> usize {
        self.source.get(i).map_or(self.source_len, |r| r.start)
    }

    /// The bytes of the text as given that a non-empty char range covers,
    /// from the start of its first char to the end of its last.
    pub fn source_range(&self, chars: Range<usize>) -> Range<usize> {
        self.source[chars.start].start..self.source[chars.end - 1].end
    }
}

/// Which of two overlapping matches of the same length is taken.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Ties {
    /// The keyword added first (shadow words come first), then the earlier
    /// match: the list's order is its author's priority.
    #[default]
    ListOrder,
    /// A shadow word, then the match that starts first, whatever the list's
    /// order; regular-expression matches compete on equal terms.
    ShadowsThenTextOrder,
}

/// A keyword (folded) and the concepts it names, by index; none for a shadow
/// word, which only blocks what it covers.
#[derive(Debug)]
struct Keyword {
    chars: Vec<char>,
    concepts: Vec<usize>,
}

/// Keywords found greedily: longest first, never overlapping.
#[derive(Debug, Default)]
pub struct KeywordIndex {
    /// In the order added (file order): the rank of [`Ties::ListOrder`].
    keywords: Vec<Keyword>,
    ties: Ties,
    /// The keywords (by rank) that start with each char, in rank order.
    by_first: HashMap<char, Vec<usize>>,
}

/// A keyword (or named range) taken in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeywordMatch {
    /// Char range in the folded text.
    pub chars: Range<usize>,
    /// Byte range in the text as given.
    pub bytes: Range<usize>,
    /// The concepts named, by index, ascending.
    pub concepts: Vec<usize>,
}

/// A possible match before the greedy choice; `rank` is the keyword's place
/// in the list, named ranges coming after all keywords.
#[derive(Debug)]
struct Candidate {
    chars: Range<usize>,
    concepts: Vec<usize>,
    rank: usize,
}

impl KeywordIndex {
    pub fn new(ties: Ties) -> KeywordIndex {
        KeywordIndex {
            keywords: Vec::new(),
            ties,
            by_first: HashMap::default(),
        }
    }

    /// The scheme's shadow words (`eg:shadowLabel`), then every concept's
    /// keywords (`skos:hiddenLabel`); concept indices follow `concepts`.
    pub fn from_scheme<'a>(
        index: &TurtleIndex,
        scheme: &str,
        concepts: impl IntoIterator<Item = &'a Concept>,
        ties: Ties,
    ) -> KeywordIndex {
        let mut keywords = KeywordIndex::new(ties);
        for word in index.literals(scheme, SHADOW_LABEL, None) {
            keywords.add_shadow(word);
        }
        for (i, concept) in concepts.into_iter().enumerate() {
            for label in index.literals(&concept.iri, SKOS_HIDDEN_LABEL, None) {
                keywords.add_keyword(label, i);
            }
        }
        keywords
    }

    /// A shadow word that is also a keyword stays a keyword.
    pub fn add_shadow(&mut self, word: &str) {
        let chars = fold_label(word);
        if !chars.is_empty() && self.position(&chars).is_none() {
            self.push(Keyword {
                chars,
                concepts: Vec::new(),
            });
        }
    }

    /// One keyword may be given for several concepts: it then names all.
    pub fn add_keyword(&mut self, label: &str, concept: usize) {
        let chars = fold_label(label);
        if chars.is_empty() {
            return;
        }
        match self.position(&chars) {
            Some(k) => push_new(&mut self.keywords[k].concepts, concept),
            None => self.push(Keyword {
                chars,
                concepts: vec![concept],
            }),
        }
    }

    fn push(&mut self, keyword: Keyword) {
        self.by_first
            .entry(keyword.chars[0])
            .or_default()
            .push(self.keywords.len());
        self.keywords.push(keyword);
    }

    fn position(&self, chars: &[char]) -> Option<usize> {
        self.keywords.iter().position(|k| k.chars == chars)
    }

    /// The keywords taken in `text`, in text order; shadow words block but
    /// are not reported.
    pub fn find(&self, text: &FoldedText) -> Vec<KeywordMatch> {
        self.find_with(text, [])
    }

    /// Like [`KeywordIndex::find`], with `named` char ranges (and the concept
    /// each names) competing with the keywords; a range that a keyword also
    /// covers names the concepts of both.
    pub fn find_with(
        &self,
        text: &FoldedText,
        named: impl IntoIterator<Item = (Range<usize>, usize)>,
    ) -> Vec<KeywordMatch> {
        let mut candidates = self.occurrences(text.chars());
        for (k, (chars, concept)) in named.into_iter().enumerate() {
            add_named(&mut candidates, chars, concept, self.keywords.len() + k);
        }
        self.order(&mut candidates);
        let mut matches: Vec<KeywordMatch> = take_greedily(candidates, text.chars().len())
            .into_iter()
            .filter(|c| !c.concepts.is_empty())
            .map(|c| to_match(c, text))
            .collect();
        matches.sort_by_key(|m| m.chars.start);
        matches
    }

    /// Every occurrence of every keyword, overlapping ones included.
    fn occurrences(&self, chars: &[char]) -> Vec<Candidate> {
        let mut candidates = Vec::new();
        // Only the keywords starting with the char at hand are tried there.
        for (start, c) in chars.iter().enumerate() {
            let Some(ranks) = self.by_first.get(c) else {
                continue;
            };
            for &rank in ranks {
                let keyword = &self.keywords[rank];
                if chars[start..].starts_with(&keyword.chars) {
                    candidates.push(Candidate {
                        chars: start..start + keyword.chars.len(),
                        concepts: keyword.concepts.clone(),
                        rank,
                    });
                }
            }
        }
        // Keyword by keyword, each in text order, as a scan per keyword gives.
        candidates.sort_unstable_by_key(|c| (c.rank, c.chars.start));
        candidates
    }

    /// Longest first, then by the tie rule (a stable sort: otherwise in the
    /// order found).
    fn order(&self, candidates: &mut [Candidate]) {
        let longest = |c: &Candidate| std::cmp::Reverse(c.chars.len());
        match self.ties {
            Ties::ListOrder => candidates.sort_by_key(|c| (longest(c), c.rank, c.chars.start)),
            Ties::ShadowsThenTextOrder => {
                candidates.sort_by_key(|c| (longest(c), !c.concepts.is_empty(), c.chars.start))
            }
        }
    }
}

fn push_new(concepts: &mut Vec<usize>, concept: usize) {
    if !concepts.contains(&concept) {
        concepts.push(concept);
    }
}

/// A named range joins a keyword (not a shadow) of the same range, or is a
/// candidate of its own, ranked `rank`.
fn add_named(candidates: &mut Vec<Candidate>, chars: Range<usize>, concept: usize, rank: usize) {
    let same = candidates
        .iter_mut()
        .find(|c| c.chars == chars && !c.concepts.is_empty());
    match same {
        Some(c) => push_new(&mut c.concepts, concept),
        None => candidates.push(Candidate {
            chars,
            concepts: vec![concept],
            rank,
        }),
    }
}

/// Candidates in order, each taken unless it overlaps one taken before.
fn take_greedily(candidates: Vec<Candidate>, len: usize) -> Vec<Candidate> {
    let mut taken = vec![false; len];
    let mut chosen = Vec::new();
    for c in candidates {
        if c.chars.is_empty() || taken[c.chars.clone()].contains(&true) {
            continue;
        }
        taken[c.chars.clone()].fill(true);
        chosen.push(c);
    }
    chosen
}

fn to_match(mut c: Candidate, text: &FoldedText) -> KeywordMatch {
    c.concepts.sort_unstable();
    KeywordMatch {
        bytes: text.source_range(c.chars.clone()),
        chars: c.chars,
        concepts: c.concepts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEME: &str = "https://example.org/code/";

    fn index(concepts: &str) -> TurtleIndex {
        let head = r#"@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
            @prefix eg: <https://w3id.org/eldergraph/ns#> .
            @prefix c: <https://example.org/code/> ."#;
        TurtleIndex::parse(&format!("{head}\n{concepts}")).unwrap()
    }

    fn error(result: Result<impl std::fmt::Debug>) -> String {
        format!("{:#}", result.unwrap_err())
    }

    #[test]
    fn reads_code_labels_and_iri() {
        let index =
            index(r#"c:a a skos:Concept ; skos:notation "a" ; skos:prefLabel "甲"@zh, "A"@en ."#);
        let a = read_concept(&index, SCHEME, "https://example.org/code/a").unwrap();
        assert_eq!(
            a,
            Concept {
                code: "a".into(),
                iri: "https://example.org/code/a".into(),
                zh: "甲".into(),
                en: "A".into(),
            }
        );
    }

    #[test]
    fn without_a_notation_the_code_is_the_end_of_the_iri() {
        let index = index(r#"c:b a skos:Concept ; skos:prefLabel "乙"@zh, "B"@en ."#);
        let all = read_concepts(&index, SCHEME, Ok).unwrap();
        assert_eq!(all[0].code, "b");
    }

    #[test]
    fn errors_name_the_concept_and_what_is_wrong() {
        let iri = "https://example.org/code/a";
        let cases = [
            (
                r#"c:a a skos:Concept ; skos:notation "b" ; skos:prefLabel "甲"@zh, "A"@en ."#,
                "does not end in its notation",
            ),
            (
                r#"c:a a skos:Concept ; skos:notation "a" ; skos:prefLabel "A"@en ."#,
                "no skos:prefLabel in zh",
            ),
            (
                r#"c:a a skos:Concept ; skos:notation "a" ; skos:prefLabel "甲"@zh ."#,
                "no skos:prefLabel in en",
            ),
        ];
        for (turtle, why) in cases {
            let message = error(read_concept(&index(turtle), SCHEME, iri));
            assert!(message.contains(&format!("concept <{iri}>")), "{message}");
            assert!(message.contains(why), "{message}");
        }
        let outside = index(
            r#"<https://example.org/other/a> a skos:Concept ; skos:prefLabel "甲"@zh, "A"@en ."#,
        );
        let message = error(read_concepts(&outside, SCHEME, Ok));
        assert!(message.contains("no skos:notation"), "{message}");
    }

    #[test]
    fn errors_of_the_lists_own_fields_name_the_concept() {
        let index =
            index(r#"c:a a skos:Concept ; skos:notation "a" ; skos:prefLabel "甲"@zh, "A"@en ."#);
        let message = error(read_concepts(&index, SCHEME, |_| -> Result<()> {
            bail!("no unit")
        }));
        assert_eq!(message, "concept <https://example.org/code/a>: no unit");
    }

    #[test]
    fn reads_name_patterns_and_rejects_bad_ones() {
        let index = index(
            r#"c:a a skos:Concept ; skos:notation "a" ; skos:prefLabel "甲"@zh, "A"@en .
               c:b a skos:Concept ; skos:notation "b" ; skos:prefLabel "乙"@zh, "B"@en ;
                 eg:namePattern "^乙+$" ."#,
        );
        let concepts = read_concepts(&index, SCHEME, Ok).unwrap();
        let patterns = read_name_patterns(&index, &concepts).unwrap();
        assert_eq!(patterns.len(), 1);
        assert!(patterns[0].0.is_match("乙乙") && patterns[0].1 == 1);
        let bad = super::tests::index(
            r#"c:a a skos:Concept ; skos:notation "a" ; skos:prefLabel "甲"@zh, "A"@en ;
                 eg:namePattern "(" ."#,
        );
        let concepts = read_concepts(&bad, SCHEME, Ok).unwrap();
        assert!(error(read_name_patterns(&bad, &concepts)).contains("name pattern of a"));
    }

    #[test]
    fn folds_width_and_drops_or_keeps_blanks() {
        assert_eq!(
            fold_label(" 县（市、区）\u{3000}"),
            "县(市、区)".chars().collect::<Vec<_>>()
        );
        let text = "市 财政（１）";
        let without = FoldedText::without_blanks(text);
        assert_eq!(without.as_str(), "市财政(1)");
        assert_eq!(&text[without.source_range(0..3)], "市 财政");
        assert_eq!(without.source_start(1), "市 ".len());
        assert_eq!(without.source_start(6), text.len());
        assert_eq!(without.char_at("市财政(".len()), 4);
        let with = FoldedText::with_blanks(text);
        assert_eq!(with.as_str(), "市 财政(1)");
        assert_eq!(with.chars().len(), text.chars().count());
    }

    fn keywords(ties: Ties, shadows: &[&str], labels: &[(&str, usize)]) -> KeywordIndex {
        let mut index = KeywordIndex::new(ties);
        for word in shadows {
            index.add_shadow(word);
        }
        for (label, concept) in labels {
            index.add_keyword(label, *concept);
        }
        index
    }

    fn found(index: &KeywordIndex, text: &str) -> Vec<(String, Vec<usize>)> {
        index
            .find(&FoldedText::without_blanks(text))
            .into_iter()
            .map(|m| (text[m.bytes].to_owned(), m.concepts))
            .collect()
    }

    #[test]
    fn longest_keyword_first_never_overlapping() {
        let index = keywords(
            Ties::ListOrder,
            &[],
            &[("民政", 0), ("民政局", 1), ("局长", 2)],
        );
        assert_eq!(
            found(&index, "民政局长和民政"),
            [("民政局".to_owned(), vec![1]), ("民政".to_owned(), vec![0])]
        );
    }

    #[test]
    fn shadows_block_and_are_not_reported() {
        let index = keywords(Ties::ListOrder, &["人民政府"], &[("民政", 0)]);
        assert!(found(&index, "县人民政府").is_empty());
        assert_eq!(found(&index, "县民政局"), [("民政".to_owned(), vec![0])]);
        // A shadow word that is also a keyword names its concept.
        let index = keywords(Ties::ListOrder, &["财政"], &[("财政", 3)]);
        assert_eq!(found(&index, "财政"), [("财政".to_owned(), vec![3])]);
    }

    #[test]
    fn one_keyword_names_every_concept_it_is_given_for() {
        let index = keywords(
            Ties::ListOrder,
            &[],
            &[("住建", 4), ("住建", 2), ("住建", 4)],
        );
        assert_eq!(found(&index, "市住建局"), [("住建".to_owned(), vec![2, 4])]);
    }

    #[test]
    fn blanks_and_width_are_ignored_and_ranges_are_of_the_text_as_given() {
        let index = keywords(Ties::ListOrder, &[], &[("县(市)", 0)]);
        let text = "各 县（市） 政府";
        let m = &index.find(&FoldedText::without_blanks(text))[0];
        assert_eq!(&text[m.bytes.clone()], "县（市）");
        assert_eq!(m.chars, 1..5);
        // Kept blanks separate what they stand between.
        let index = keywords(Ties::ListOrder, &[], &[("民政", 0)]);
        assert!(index.find(&FoldedText::with_blanks("民 政")).is_empty());
        assert_eq!(index.find(&FoldedText::with_blanks(" 民政"))[0].chars, 1..3);
    }

    #[test]
    fn ties_of_length_follow_the_rule_of_the_index() {
        // "bc" is listed first, "ab" starts first: they overlap in "abc".
        let labels = [("bc", 0), ("ab", 1)];
        let list_order = keywords(Ties::ListOrder, &[], &labels);
        assert_eq!(found(&list_order, "abc"), [("bc".to_owned(), vec![0])]);
        let text_order = keywords(Ties::ShadowsThenTextOrder, &[], &labels);
        assert_eq!(found(&text_order, "abc"), [("ab".to_owned(), vec![1])]);
        // Shadows win ties under both rules.
        for ties in [Ties::ListOrder, Ties::ShadowsThenTextOrder] {
            let index = keywords(ties, &["bc"], &[("ab", 1)]);
            assert!(found(&index, "abc").is_empty(), "{ties:?}");
        }
    }

    #[test]
    fn named_ranges_compete_and_join_keywords_of_the_same_range() {
        let index = keywords(Ties::ShadowsThenTextOrder, &["市财政局"], &[("市财政", 0)]);
        let text = FoldedText::without_blanks("市县财政和市财政");
        let got = index.find_with(&text, [(0..4, 1), (5..8, 2), (0..1, 0)]);
        let ranges: Vec<_> = got
            .iter()
            .map(|m| (m.chars.clone(), m.concepts.clone()))
            .collect();
        assert_eq!(ranges, [(0..4, vec![1]), (5..8, vec![0, 2])]);
        // A shadow is never joined: the same range stays blocked.
        let text = FoldedText::without_blanks("市财政局");
        assert!(index.find_with(&text, [(0..4, 1)]).is_empty());
    }

    #[test]
    fn odd_texts_find_nothing() {
        let index = keywords(Ties::ListOrder, &["人民政府"], &[("民政", 0)]);
        for text in ["", " ", "民", "🙂", "\u{feff}"] {
            assert!(found(&index, text).is_empty(), "{text:?}");
        }
    }
}
