//! Structural phrases of the genre (table headers, role labels, section
//! titles, deadline words, the words of the department splitter), read from
//! `ontology/lexicon.csv`.

use std::borrow::Cow;

use aho_corasick::AhoCorasick;
use anyhow::{bail, Context, Result};
use rustc_hash::FxHashMap as HashMap;

use crate::model::Role;

/// What a responsibility-table column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnRole {
    Number,
    Task,
    Lead,
    Participant,
    /// One cell for all bodies, with or without 牵头/配合 labels.
    Responsibility,
    Deadline,
    /// A category of the rows ("类别": 一、居家养老), blank where the one
    /// above goes on: a heading, not a cell of the task.
    Category,
    /// A column that is none of the task's fields (责任领导, 联系人, 备注):
    /// read past, so that the columns after it keep their roles.
    Other,
}

/// The kinds (first column of `lexicon.csv`) that the code reads. Each must
/// have at least one row in the bundled file (a test checks).
pub mod kind {
    pub const TABLE_HEADER: &str = "table-header";
    pub const TABLE_HEADER_WORD: &str = "table-header-word";
    pub const ROLE_LABEL: &str = "role-label";
    pub const TASK_SECTION: &str = "task-section";
    pub const GOAL_SECTION: &str = "goal-section";
    pub const REVIEW_SECTION: &str = "review-section";
    pub const NON_TASK_SECTION: &str = "non-task-section";
    pub const DEADLINE_ONGOING: &str = "deadline-ongoing";
    pub const DEADLINE_WORD: &str = "deadline-word";
    pub const DEADLINE_FALSE_FRIEND: &str = "deadline-false-friend";
    pub const DEADLINE_MID_YEAR: &str = "deadline-mid-year";
    pub const DEADLINE_NEXT_YEAR: &str = "deadline-next-year";
    pub const DEADLINE_THIS_YEAR: &str = "deadline-this-year";
    pub const TABLE_END: &str = "table-end";
    pub const DITTO_CELL: &str = "ditto-cell";
    pub const BOX_TITLE: &str = "box-title";
    pub const BRACKET_LEAD_VERB: &str = "bracket-lead-verb";
    pub const BRACKET_PARTICIPANT_VERB: &str = "bracket-participant-verb";
    pub const LEAD_VERB: &str = "lead-verb";
    pub const FIRST_LISTED: &str = "first-listed";
    pub const CONJUNCTION: &str = "conjunction";
    pub const LEADING_CONJUNCTION: &str = "leading-conjunction";
    pub const ORG_SUFFIX: &str = "org-suffix";
    pub const LEVEL: &str = "level";
    pub const ENUMERATION_END: &str = "enumeration-end";
    pub const SHARED_ENDING: &str = "shared-ending";
    pub const TRAILING_FILLER: &str = "trailing-filler";
    pub const LEADING_FILLER: &str = "leading-filler";
    pub const QUALIFIER: &str = "qualifier";
    pub const HIGHER_LEVEL: &str = "higher-level";
    pub const LOWER_LEVEL: &str = "lower-level";
    pub const COMPANY_ENDING: &str = "company-ending";
    pub const GENERIC_WORD: &str = "generic-word";
    pub const MENTION_SUFFIX: &str = "mention-suffix";
    pub const MENTION_GAP: &str = "mention-gap";
    pub const SELF_NAMING_END: &str = "self-naming-end";
    pub const NON_PLACE_CHAR: &str = "non-place-char";
    pub const LEAD_MARK: &str = "lead-mark";
    pub const PROJECT_HEADER_WORD: &str = "project-header-word";
    pub const ELLIPSIS_SCOPE: &str = "ellipsis-scope";
    pub const ELLIPSIS_WORD: &str = "ellipsis-word";
    pub const INDICATOR_TABLE_NAME: &str = "indicator-table-name";
    pub const INDICATOR_TABLE_BASELINE: &str = "indicator-table-baseline";
    pub const INDICATOR_TABLE_UNIT: &str = "indicator-table-unit";
    pub const GOAL_WORD: &str = "goal-word";
    pub const AT_LEAST_BEFORE: &str = "at-least-before";
    pub const AT_MOST_BEFORE: &str = "at-most-before";
    pub const ABOUT_BEFORE: &str = "about-before";
    pub const AT_LEAST_AFTER: &str = "at-least-after";
    pub const AT_MOST_AFTER: &str = "at-most-after";
    pub const ABOUT_AFTER: &str = "about-after";
    pub const PAST_MARKER: &str = "past-marker";
    pub const CHANGE_VERB: &str = "change-verb";
    pub const PAST_ADJECTIVAL: &str = "past-adjectival";
    pub const CHANGE_FROM: &str = "change-from";
    pub const CHANGE_TO: &str = "change-to";
    pub const BASELINE_MARKER: &str = "baseline-marker";
    pub const BASELINE_COMMITMENT: &str = "baseline-commitment";
    pub const SUBSET_MARKER: &str = "subset-marker";
    pub const TITLE_GENRE: &str = "title-genre";
    pub const ISSUER_ENDING: &str = "issuer-ending";
    pub const ISSUER_VERB: &str = "issuer-verb";
    pub const RED_HEAD_ENDING: &str = "red-head-ending";
    pub const PAGE_FIELD_TITLE: &str = "page-field-title";
    pub const PAGE_FIELD_ISSUER: &str = "page-field-issuer";
    pub const PAGE_FIELD_NUMBER: &str = "page-field-number";
    pub const PAGE_FIELD_DATE: &str = "page-field-date";
    pub const PAGE_FIELD_OTHER: &str = "page-field-other";
    pub const PAGE_HOME: &str = "page-home";
    pub const SUBSIDY_MARKER: &str = "subsidy-marker";
    pub const PAYER_VERB: &str = "payer-verb";
    pub const MONEY_BACK_REFERENCE: &str = "money-back-reference";
    pub const ARRANGE_VERB: &str = "arrange-verb";
    pub const STANDARD_WORD: &str = "standard-word";
    pub const EARNED_WORD: &str = "earned-word";
    pub const QUALIFIER_UNIT: &str = "qualifier-unit";
    pub const SHARE_WORD: &str = "share-word";
    pub const TOTAL_WORD: &str = "total-word";
    pub const PER_YEAR_WORD: &str = "per-year-word";
    pub const PER_MONTH_WORD: &str = "per-month-word";
    pub const PER_DAY_WORD: &str = "per-day-word";
    pub const FUNDING_RECIPIENT: &str = "funding-recipient";

    /// Kinds whose phrases are single characters, read with
    /// [`Lexicon::chars`](super::Lexicon::chars).
    pub const CHARACTERS: &[&str] = &[LEVEL, SELF_NAMING_END, NON_PLACE_CHAR, LEAD_MARK];

    /// Every kind the code reads.
    pub const ALL: &[&str] = &[
        TABLE_HEADER,
        TABLE_HEADER_WORD,
        ROLE_LABEL,
        TASK_SECTION,
        GOAL_SECTION,
        REVIEW_SECTION,
        NON_TASK_SECTION,
        DEADLINE_ONGOING,
        DEADLINE_WORD,
        DEADLINE_FALSE_FRIEND,
        DEADLINE_MID_YEAR,
        DEADLINE_NEXT_YEAR,
        DEADLINE_THIS_YEAR,
        TABLE_END,
        DITTO_CELL,
        BOX_TITLE,
        BRACKET_LEAD_VERB,
        BRACKET_PARTICIPANT_VERB,
        LEAD_VERB,
        FIRST_LISTED,
        LEAD_MARK,
        PROJECT_HEADER_WORD,
        CONJUNCTION,
        LEADING_CONJUNCTION,
        ORG_SUFFIX,
        LEVEL,
        ENUMERATION_END,
        SHARED_ENDING,
        TRAILING_FILLER,
        LEADING_FILLER,
        QUALIFIER,
        HIGHER_LEVEL,
        LOWER_LEVEL,
        COMPANY_ENDING,
        GENERIC_WORD,
        MENTION_SUFFIX,
        MENTION_GAP,
        SELF_NAMING_END,
        NON_PLACE_CHAR,
        ELLIPSIS_SCOPE,
        ELLIPSIS_WORD,
        INDICATOR_TABLE_NAME,
        INDICATOR_TABLE_BASELINE,
        INDICATOR_TABLE_UNIT,
        GOAL_WORD,
        AT_LEAST_BEFORE,
        AT_MOST_BEFORE,
        ABOUT_BEFORE,
        AT_LEAST_AFTER,
        AT_MOST_AFTER,
        ABOUT_AFTER,
        PAST_MARKER,
        CHANGE_VERB,
        PAST_ADJECTIVAL,
        CHANGE_FROM,
        CHANGE_TO,
        BASELINE_MARKER,
        BASELINE_COMMITMENT,
        SUBSET_MARKER,
        SUBSIDY_MARKER,
        PAYER_VERB,
        MONEY_BACK_REFERENCE,
        ARRANGE_VERB,
        STANDARD_WORD,
        EARNED_WORD,
        QUALIFIER_UNIT,
        SHARE_WORD,
        TOTAL_WORD,
        PER_YEAR_WORD,
        PER_MONTH_WORD,
        PER_DAY_WORD,
        FUNDING_RECIPIENT,
        TITLE_GENRE,
        ISSUER_ENDING,
        ISSUER_VERB,
        RED_HEAD_ENDING,
        PAGE_FIELD_TITLE,
        PAGE_FIELD_ISSUER,
        PAGE_FIELD_NUMBER,
        PAGE_FIELD_DATE,
        PAGE_FIELD_OTHER,
        PAGE_HOME,
    ];
}

/// The longest header cell read by its words: longer cells are text.
pub const MAX_HEADER_CHARS: usize = 8;

#[derive(Debug, Default)]
pub struct Lexicon {
    entries: Vec<(String, String, String)>,
    table_headers: Vec<(String, ColumnRole)>,
    table_header_words: Vec<(String, ColumnRole)>,
    role_labels: Vec<(String, Role)>,
    /// Place words of elliptical target clauses and their kind, longest first.
    ellipsis_scopes: Vec<(String, String)>,
    /// The phrases of each kind, longest first (equal lengths in file order).
    words: HashMap<String, Vec<String>>,
    /// The phrases of each kind of [`kind::CHARACTERS`], as characters.
    chars: HashMap<String, Vec<char>>,
    /// The values of [`Lexicon::words`], in the same order.
    values: HashMap<String, Vec<String>>,
    /// One automaton per kind over its phrases (in the order of `words`),
    /// for [`Lexicon::mentions`] and [`Lexicon::occurrences`].
    matchers: HashMap<String, AhoCorasick>,
}

/// A phrase of the lexicon found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence<'a> {
    /// Byte offsets in the text.
    pub start: usize,
    pub end: usize,
    /// The value of the phrase's row.
    pub value: &'a str,
}

impl Lexicon {
    pub fn from_csv(data: &str) -> Result<Lexicon> {
        let mut lexicon = Lexicon::default();
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .flexible(true)
            .from_reader(data.as_bytes());
        for (i, record) in reader.records().enumerate() {
            let record = record.with_context(|| format!("row {}", i + 2))?;
            let field = |n: usize| record.get(n).unwrap_or("").trim().to_owned();
            let (row_kind, phrase, value) = (field(0), field(1), field(2));
            if row_kind.is_empty() || phrase.is_empty() {
                continue;
            }
            match row_kind.as_str() {
                kind::TABLE_HEADER => lexicon
                    .table_headers
                    .push((phrase.clone(), column_role(&value)?)),
                kind::TABLE_HEADER_WORD => lexicon
                    .table_header_words
                    .push((phrase.clone(), column_role(&value)?)),
                kind::ROLE_LABEL => lexicon.role_labels.push((phrase.clone(), role(&value)?)),
                kind::ELLIPSIS_SCOPE if value.is_empty() => {
                    bail!("row {}: {row_kind} {phrase:?} needs a kind of place", i + 2)
                }
                kind::ELLIPSIS_SCOPE => lexicon
                    .ellipsis_scopes
                    .push((phrase.clone(), value.clone())),
                _ => {}
            }
            if kind::CHARACTERS.contains(&row_kind.as_str()) {
                let mut chars = phrase.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => lexicon.chars.entry(row_kind.clone()).or_default().push(c),
                    _ => bail!(
                        "row {}: {row_kind} takes single characters, not {phrase:?}",
                        i + 2
                    ),
                }
            }
            lexicon
                .words
                .entry(row_kind.clone())
                .or_default()
                .push(phrase.clone());
            lexicon.entries.push((row_kind, phrase, value));
        }
        // Longest phrases first, so that 牵头单位 wins over 牵头 (a stable
        // sort: equal lengths keep the order of the file).
        let longest_first = |p: &String| std::cmp::Reverse(p.chars().count());
        lexicon.role_labels.sort_by_key(|(p, _)| longest_first(p));
        lexicon
            .ellipsis_scopes
            .sort_by_key(|(p, _)| longest_first(p));
        for words in lexicon.words.values_mut() {
            words.sort_by_key(longest_first);
        }
        for (kind, words) in &lexicon.words {
            let value_of = |w: &String| {
                lexicon
                    .entries
                    .iter()
                    .find(|(k, p, _)| k == kind && p == w)
                    .map_or_else(String::new, |(_, _, v)| v.clone())
            };
            let values = words.iter().map(value_of).collect();
            lexicon.values.insert(kind.clone(), values);
            let matcher = AhoCorasick::new(words)
                .with_context(|| format!("the phrases of {kind} make no automaton"))?;
            lexicon.matchers.insert(kind.clone(), matcher);
        }
        Ok(lexicon)
    }

    /// The phrases of one kind, in file order.
    pub fn phrases<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.entries
            .iter()
            .filter(move |(k, _, _)| k == kind)
            .map(|(_, p, _)| p.as_str())
    }

    /// The phrases of one kind, longest first (equal lengths in file order);
    /// empty for a kind the file does not have.
    pub fn words(&self, kind: &str) -> &[String] {
        self.words.get(kind).map_or(&[], Vec::as_slice)
    }

    /// The characters of a kind of [`kind::CHARACTERS`], in file order;
    /// empty for any other kind.
    pub fn chars(&self, kind: &str) -> &[char] {
        self.chars.get(kind).map_or(&[], Vec::as_slice)
    }

    /// The column a listed header names ("牵头部门" → Lead); spaces are ignored.
    pub fn column_role(&self, header_cell: &str) -> Option<ColumnRole> {
        self.listed_header(&without_blanks(header_cell))
    }

    /// The first listed header of the number column (序号).
    pub fn number_header(&self) -> Option<&str> {
        self.table_headers
            .iter()
            .find(|(_, r)| *r == ColumnRole::Number)
            .map(|(p, _)| p.as_str())
    }

    fn listed_header(&self, cell: &str) -> Option<ColumnRole> {
        self.table_headers
            .iter()
            .find(|(p, _)| p == cell)
            .map(|(_, r)| *r)
    }

    /// The column a cell of a table's header row names: a listed header, else
    /// the first header word the cell holds ("主要责任单位" → Responsibility)
    /// if it is short enough to be a header. A note in brackets after the
    /// header ("责任单位（列第一位的为牵头单位）") is not part of it.
    pub fn header_cell_role(&self, header_cell: &str) -> Option<ColumnRole> {
        let cell = without_blanks(header_cell);
        let cell = without_note(&cell);
        self.listed_header(cell).or_else(|| {
            (cell.chars().count() <= MAX_HEADER_CHARS)
                .then(|| {
                    self.table_header_words
                        .iter()
                        .find(|(w, _)| cell.contains(w.as_str()))
                })
                .flatten()
                .map(|(_, r)| *r)
        })
    }

    /// Role labels, longest first.
    pub fn role_labels(&self) -> &[(String, Role)] {
        &self.role_labels
    }

    /// Place words of elliptical target clauses with their kind ("农村" →
    /// "rural"), longest first.
    pub fn ellipsis_scopes(&self) -> &[(String, String)] {
        &self.ellipsis_scopes
    }

    pub fn is_task_section(&self, title: &str) -> bool {
        self.mentions(kind::TASK_SECTION, title)
    }

    pub fn is_goal_section(&self, title: &str) -> bool {
        self.mentions(kind::GOAL_SECTION, title)
    }

    /// A heading over what was done before the document (发展基础, 现状):
    /// its numbers are achievements, not goals. A title that names goals
    /// too ("现状与目标") is none.
    pub fn is_review_section(&self, title: &str) -> bool {
        self.mentions(kind::REVIEW_SECTION, title)
            && !self.is_goal_section(title)
            && !self.mentions(kind::GOAL_WORD, title)
    }

    /// True when `text` names a time with a word of one of `kinds`
    /// (deadline-word, deadline-ongoing) that is not part of a false friend
    /// (长期 of 长期护理).
    pub fn names_time(&self, kinds: &[&str], text: &str) -> bool {
        let friends = self.words(kind::DEADLINE_FALSE_FRIEND);
        let text: Cow<'_, str> = if friends.iter().any(|f| text.contains(f.as_str())) {
            friends
                .iter()
                .fold(text.to_owned(), |t, f| t.replace(f.as_str(), ""))
                .into()
        } else {
            text.into()
        };
        kinds.iter().any(|k| self.mentions(k, &text))
    }

    /// True when `text` contains a phrase of `kind`.
    pub fn mentions(&self, kind: &str, text: &str) -> bool {
        self.matchers.get(kind).is_some_and(|m| m.is_match(text))
    }

    /// Every occurrence of a phrase of `kind` in `text`, overlapping ones
    /// included, with the phrase's value.
    pub fn occurrences<'a>(&'a self, kind: &str, text: &str) -> Vec<Occurrence<'a>> {
        let (Some(matcher), Some(values)) = (self.matchers.get(kind), self.values.get(kind)) else {
            return Vec::new();
        };
        matcher
            .find_overlapping_iter(text)
            .map(|m| Occurrence {
                start: m.start(),
                end: m.end(),
                value: values
                    .get(m.pattern().as_usize())
                    .map_or("", String::as_str),
            })
            .collect()
    }

    /// True when `text` starts with a phrase of `kind`.
    pub fn starts_with(&self, kind: &str, text: &str) -> bool {
        self.words(kind)
            .iter()
            .any(|p| text.starts_with(p.as_str()))
    }
}

fn without_blanks(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A header without the note in brackets that closes it: "完成时限（年）" →
/// 完成时限. A header that is only a bracket stays as it is.
fn without_note(header: &str) -> &str {
    let Some(body) = header.strip_suffix(['）', ')']) else {
        return header;
    };
    match body.rfind(['（', '(']) {
        Some(open) if open > 0 => &header[..open],
        _ => header,
    }
}

fn column_role(value: &str) -> Result<ColumnRole> {
    Ok(match value {
        "number" => ColumnRole::Number,
        "task" => ColumnRole::Task,
        "lead" => ColumnRole::Lead,
        "participant" => ColumnRole::Participant,
        "responsibility" => ColumnRole::Responsibility,
        "deadline" => ColumnRole::Deadline,
        "category" => ColumnRole::Category,
        "other" => ColumnRole::Other,
        other => bail!("unknown column role {other:?}"),
    })
}

fn role(value: &str) -> Result<Role> {
    Ok(match value {
        "lead" => Role::Lead,
        "participant" => Role::Participant,
        "mentioned" => Role::Mentioned,
        other => bail!("unknown role {other:?}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurrences_give_positions_and_values_overlapping_ones_too() {
        let lexicon = Lexicon::from_csv(
            "kind,phrase,value\nrecipient,老年人,person\nrecipient,年人,other\nrecipient,机构,organization\n",
        )
        .unwrap();
        let text = "养老机构和老年人";
        let found: Vec<(&str, &str)> = lexicon
            .occurrences("recipient", text)
            .iter()
            .map(|o| (&text[o.start..o.end], o.value))
            .collect();
        assert_eq!(
            found,
            [
                ("机构", "organization"),
                ("老年人", "person"),
                ("年人", "other")
            ]
        );
        assert!(lexicon.occurrences("none", text).is_empty());
    }

    #[test]
    fn headers_not_listed_whole_are_named_by_their_words() {
        let lexicon = Lexicon::from_csv(include_str!("../../ontology/lexicon.csv")).unwrap();
        let roles: Vec<Option<ColumnRole>> = [
            "主要任务",
            "工作事项",
            "具体举措",
            "主要责任单位",
            "牵头责任单位",
            "协助单位",
            "协同单位",
            "时间要求",
            "任务完成时间",
            "备注",
            "责任领导",
            "分管市领导",
            "推进养老服务工作任务落实",
        ]
        .iter()
        .map(|h| lexicon.header_cell_role(h))
        .collect();
        use ColumnRole::*;
        assert_eq!(
            roles,
            [
                Some(Task),
                Some(Task),
                Some(Task),
                Some(Responsibility),
                Some(Lead),
                Some(Participant),
                Some(Participant),
                Some(Deadline),
                Some(Deadline),
                // Columns of no task field, read past.
                Some(Other),
                Some(Other),
                Some(Other),
                None
            ]
        );
        // Elsewhere (labels in a cell, repeated headers) only listed headers count.
        assert_eq!(lexicon.column_role("主要责任单位"), None);
    }

    #[test]
    fn a_note_in_brackets_after_a_header_is_not_part_of_it() {
        let lexicon = Lexicon::from_csv(include_str!("../../ontology/lexicon.csv")).unwrap();
        assert_eq!(
            lexicon.header_cell_role("责任单位（列第一位的为牵头单位）"),
            Some(ColumnRole::Responsibility)
        );
        assert_eq!(
            lexicon.header_cell_role("完成时限(年)"),
            Some(ColumnRole::Deadline)
        );
        assert_eq!(without_note("（备注）"), "（备注）");
        assert_eq!(without_note("牵头单位"), "牵头单位");
        assert_eq!(lexicon.header_cell_role("（说明）"), None);
    }

    #[test]
    fn reads_headers_and_labels() {
        let lexicon = Lexicon::from_csv(include_str!("../../ontology/lexicon.csv")).unwrap();
        assert_eq!(lexicon.column_role("牵头部门"), Some(ColumnRole::Lead));
        assert_eq!(
            lexicon.column_role("  时间进度"),
            Some(ColumnRole::Deadline)
        );
        assert_eq!(
            lexicon.column_role("负 责 单 位"),
            Some(ColumnRole::Responsibility)
        );
        assert_eq!(lexicon.column_role("备注"), Some(ColumnRole::Other));
        assert_eq!(lexicon.column_role("说明文字"), None);
        assert!(lexicon.is_task_section("四、具体任务"));
        assert!(lexicon.is_goal_section("二、发展目标"));
        assert!(lexicon.is_goal_section("一、行动目标"));
        assert!(lexicon.is_task_section("二、重点行动"));
        assert!(!lexicon.is_task_section("五、组织保障"));
        assert_eq!(lexicon.role_labels()[0].0.chars().count(), 4);
    }

    #[test]
    fn every_kind_the_code_reads_has_rows() {
        let lexicon = Lexicon::from_csv(include_str!("../../ontology/lexicon.csv")).unwrap();
        for read in kind::ALL {
            assert!(
                lexicon.phrases(read).next().is_some(),
                "ontology/lexicon.csv has no row of kind {read:?}"
            );
            assert_eq!(
                lexicon.words(read).len(),
                lexicon.phrases(read).count(),
                "{read}"
            );
        }
        for chars in kind::CHARACTERS {
            assert!(kind::ALL.contains(chars), "{chars}");
            assert!(!lexicon.chars(chars).is_empty(), "{chars}");
        }
    }

    #[test]
    fn words_are_longest_first_and_characters_single() {
        let lexicon = Lexicon::from_csv(
            "kind,phrase,value\n\
             # a comment,,\n\
             w,办,\nw,办公室,\nw,局,\nw,委员会,\n\
             level,市,\nlevel,县,\n",
        )
        .unwrap();
        assert_eq!(lexicon.words("w"), ["办公室", "委员会", "办", "局"]);
        assert_eq!(
            lexicon.phrases("w").collect::<Vec<_>>(),
            ["办", "办公室", "局", "委员会"]
        );
        assert_eq!(lexicon.chars(kind::LEVEL), ['市', '县']);
        assert!(lexicon.words("none").is_empty());
        assert!(lexicon.chars("w").is_empty());
        let err = Lexicon::from_csv("kind,phrase,value\nlevel,市,\nlevel,县级,\n").unwrap_err();
        assert!(format!("{err:#}").contains("row 3"), "{err:#}");
    }
}
