//! Splitting responsibility text into government bodies, writing each name
//! out in full (city prefix distributed, （老龄办） a body of its own) and
//! giving it a role.
//!
//! A cell is read in stages, each a small function below:
//! 1. blanks removed, brackets around the whole text dropped;
//! 2. sections by role label ("牵头单位：… 配合单位：…"), each with its role;
//! 3. fragments at list separators outside brackets (、，；);
//! 4. a role verb closing a fragment ("…按照职责分工负责", "各区实施") is cut off
//!    and remembered;
//! 5. 和/及 split where they join two bodies, never inside a name
//!    (住房和城乡建设局);
//! 6. fragments that are no body on their own join their neighbour
//!    (各辖市 + 区人民政府; 供水（电、气、暖） + 通信有线等单位);
//! 7. bodies written without separator are split (老龄办各县（市）区人民政府),
//!    and a department in a closing bracket becomes a body (市民政局（老龄办）);
//! 8. roles resolved, names cleaned, the city prefix distributed.
//!
//! Which words name which type is knowledge of `DepartmentTypes` (Turtle);
//! role labels, role verbs and the other words that steer the reader
//! (conjunctions, suffixes of organisations, filler, levels…) come from the
//! lexicon (`ontology/lexicon.csv`, see [`Words`]). Only punctuation
//! (separators, brackets) is written here.

use crate::extract::records::ResponsibilityText;
use crate::knowledge::lexicon::{kind, ColumnRole};
use crate::knowledge::{DepartmentTypes, Knowledge, Lexicon};
use crate::model::{Department, Responsibility, Role};
use crate::text::squash;

/// The bodies responsible for a task. `task_text` is used for
/// `ResponsibilityText::InText` (bodies mentioned in the text, role
/// `mentioned`). Each body appears once per role, in order of appearance.
pub fn responsibilities(
    source: &ResponsibilityText,
    task_text: &str,
    city: &str,
    kb: &Knowledge,
) -> Vec<Responsibility> {
    let reader = Reader::new(city, kb);
    let named = match source {
        ResponsibilityText::Columns { lead, participants } => {
            let mut raw = reader.read(lead, Role::Lead, true);
            raw.extend(reader.read(participants, Role::Participant, true));
            reader.write_out(raw)
        }
        ResponsibilityText::Labelled(text)
        | ResponsibilityText::Bracketed(text)
        | ResponsibilityText::Stated(text) => {
            reader.write_out(reader.read(text, Role::Lead, false))
        }
        ResponsibilityText::FirstListedLeads(text) => {
            let mut raw = reader.read(text, Role::Lead, false);
            // Labels in the cell say who leads; without them, the order does.
            if raw.iter().all(|(_, role)| *role == Role::Lead) {
                for (_, role) in raw.iter_mut().skip(1) {
                    *role = Role::Participant;
                }
            }
            reader.write_out(raw)
        }
        ResponsibilityText::InText => reader
            .mentions(task_text)
            .into_iter()
            .map(|name| (name, Role::Mentioned))
            .collect(),
    };
    named
        .into_iter()
        .map(|(name, role)| Responsibility {
            department: department(&name, kb),
            role,
        })
        .collect()
}

/// Whether `text` says that the body listed first leads: a first-place word
/// of the lexicon (第一位, 首位 …) right before "为牵头" or "是牵头"
/// ("排在第一位的为牵头单位", "列首位者为牵头部门").
pub fn says_first_listed_leads(text: &str, kb: &Knowledge) -> bool {
    let text = squash(text);
    kb.lexicon
        .occurrences(kind::FIRST_LISTED, &text)
        .iter()
        .any(|o| {
            let after: String = text[o.end..].chars().take(6).collect();
            after.contains("为牵头") || after.contains("是牵头")
        })
}

/// Whether `sentence` only says who does a task, so that it reads as a
/// responsibility cell: it opens with a role label and a colon ("责任单位：…",
/// "牵头：…"), or each of its clauses is a list of bodies closed by a role
/// verb ("市民政局牵头，市发展改革委、市财政局配合"; "…按照职责分工负责").
pub fn names_only_bodies(sentence: &str, kb: &Knowledge) -> bool {
    if opens_with_role_label(sentence, kb) {
        return true;
    }
    let reader = Reader::new("", kb);
    let words = &reader.words;
    let verbs: Vec<&str> = words
        .lead_verbs()
        .chain(words.participant_verbs.iter().map(String::as_str))
        .collect();
    !sentence.is_empty()
        && sentence.split(['，', ',', '；', ';']).all(|clause| {
            without_closing_verbs(clause, &verbs).is_some_and(|bodies| reader.lists_bodies(bodies))
        })
}

/// A clause without the role verbs that close it, one or a chain of them
/// ("民政部门负责落实", "市民政局牵头负责"); `None` when no verb closes it.
fn without_closing_verbs<'a>(clause: &'a str, verbs: &[&str]) -> Option<&'a str> {
    let strip = |text: &'a str| verbs.iter().find_map(|verb| text.strip_suffix(verb));
    let mut rest = strip(clause)?;
    while let Some(shorter) = strip(rest) {
        rest = shorter;
    }
    Some(rest)
}

/// Whether `text` may name a body: it holds a department keyword and a word
/// that ends the names of organisations (民政局, 各区政府 …), or a verb that
/// says who leads (各区负责). An ending alone is none: 行 of a bank ends
/// 上线运行 too.
pub fn names_a_body(text: &str, kb: &Knowledge) -> bool {
    let reader = Reader::new("", kb);
    (reader.org_suffix_in(text) && reader.is_typed(text))
        || reader.words.lead_verbs().any(|verb| text.contains(verb))
}

/// Whether `text` opens with a role label and a colon ("责任单位：", "牵头：").
pub fn opens_with_role_label(text: &str, kb: &Knowledge) -> bool {
    let chars: Vec<char> = text.chars().take(12).collect();
    Reader::new("", kb)
        .label_at(&chars, 0)
        .is_some_and(|(len, _)| matches!(chars.get(len - 1), Some('：' | ':')))
}

/// Longest list of bodies a paragraph may open with before its colon.
const MAX_OPENING_BODIES_CHARS: usize = 40;

/// The bodies a paragraph opens with, before a colon, in a division of
/// duties by department: "市民政局：负责制定…", "市财政局、市民政局：…" give
/// the list. `None` for a role label ("责任单位：…") or any other opening.
pub fn opening_bodies<'a>(text: &'a str, kb: &Knowledge) -> Option<&'a str> {
    let colon = text.find(['：', ':'])?;
    let head = text[..colon].trim();
    let short = head.chars().count() <= MAX_OPENING_BODIES_CHARS;
    let one_list = !head.contains(['，', ',', '。', '；', ';']);
    (short && one_list && !opens_with_role_label(text, kb))
        .then_some(head)
        .filter(|head| Reader::new("", kb).lists_bodies(head))
}

/// The bodies of one cell, names written out in full, without roles.
pub fn split_bodies(cell: &str, city: &str, kb: &Knowledge) -> Vec<String> {
    let reader = Reader::new(city, kb);
    let mut names: Vec<String> = Vec::new();
    for (name, _) in reader.write_out(reader.read(cell, Role::Lead, false)) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// The bodies a task's text mentions (role `mentioned`): a department keyword
/// with an organisational suffix (民政部门, 市民政局, 榆次区民政局); bodies of the
/// province or the state and generic ones (有关部门) are left out.
pub fn mentioned_bodies(text: &str, city: &str, kb: &Knowledge) -> Vec<String> {
    Reader::new(city, kb).mentions(text)
}

/// A body written at the level of the county or district a document is of,
/// with that county's name: 县民政局 in 孝昌县's plan is 孝昌县民政局, so that
/// the plans of two counties of one city do not share their bodies.
/// "各县（市、区）…", "区县民政局" and names that carry a place are left.
pub fn of_county(name: &str, county: &str, kb: &Knowledge) -> Option<String> {
    let level = county.chars().last()?;
    let rest = name.strip_prefix(level)?;
    let next = rest.chars().next()?;
    let levels = kb.lexicon.chars(kind::LEVEL);
    let another_level_or_bracket = levels.contains(&next) || OPENING.contains(&next);
    (!another_level_or_bracket).then(|| format!("{county}{rest}"))
}

/// A department with its types from the code list.
pub fn department(name: &str, kb: &Knowledge) -> Department {
    Department {
        name: name.to_owned(),
        types: kb.department_types.classify(name),
    }
}

// ---------------------------------------------------------------------------
// The grammar of responsibility text.

/// List separators (full and half width). A colon separates too: what
/// precedes it is a label or nothing.
const SEPARATORS: &[char] = &[
    '、', '，', ',', '；', ';', '：', ':', '。', '/', '／', '\\', '＼', '|', '｜',
];
const OPENING: &[char] = &['（', '('];
const CLOSING: &[char] = &['）', ')'];

/// The words of the genre that steer the reader, from the lexicon
/// (`ontology/lexicon.csv`, where a comment above each kind says what its
/// words do). Word lists are longest first, which matters where the first
/// match is taken (conjunctions, mention suffixes and gaps).
struct Words<'a> {
    /// bracket-lead-verb and lead-verb: "…负责", "市民政局牵头".
    lead_verbs: [&'a [String]; 2],
    /// "各区实施", "市财政局协助".
    participant_verbs: &'a [String],
    /// 和, 及, 会同…: split only between two bodies (住房和城乡建设局 stays
    /// whole).
    conjunctions: &'a [String],
    /// Conjunctions after bodies that lead (会同).
    leading_conjunctions: &'a [String],
    /// How names of organisations end (局, 委员会…).
    org_suffixes: &'a [String],
    /// Administrative levels (市, 县, 区…).
    levels: &'a [char],
    /// "等单位", "等有关部门".
    enumeration_ends: &'a [String],
    /// 部门, 单位: endings any bare keywords listed before them share.
    shared_endings: &'a [String],
    /// "按照职责分工" between a body and its role verb.
    trailing_filler: &'a [String],
    /// "由" before a body.
    leading_filler: &'a [String],
    /// A bracket opening with these qualifies the name before it (含…).
    qualifiers: &'a [String],
    /// Starts of names of the province or the state (省, 国家…).
    higher_levels: &'a [String],
    /// Running text before a keyword naming a lower level (县级, 乡镇…).
    lower_levels: &'a [String],
    /// Endings of bodies that are no city department (公司, 银行…).
    company_endings: &'a [String],
    /// Words of untyped names that are no particular body (有关, 相关…).
    generic_words: &'a [String],
    /// Suffixes that make a keyword in running text a body (民政 + 部门).
    mention_suffixes: &'a [String],
    /// Words between a keyword and its suffix in running text (监督管理).
    mention_gaps: &'a [String],
    /// Last characters of keywords that name a body by themselves (残联).
    self_naming_ends: &'a [char],
    /// Characters that are no part of a place name before 区/县.
    non_place_chars: &'a [char],
    /// Marks beside a body that make it the lead (市民政局*).
    lead_marks: &'a [char],
}

impl<'a> Words<'a> {
    fn new(lexicon: &'a Lexicon) -> Words<'a> {
        Words {
            lead_verbs: [
                lexicon.words(kind::BRACKET_LEAD_VERB),
                lexicon.words(kind::LEAD_VERB),
            ],
            participant_verbs: lexicon.words(kind::BRACKET_PARTICIPANT_VERB),
            conjunctions: lexicon.words(kind::CONJUNCTION),
            leading_conjunctions: lexicon.words(kind::LEADING_CONJUNCTION),
            org_suffixes: lexicon.words(kind::ORG_SUFFIX),
            levels: lexicon.chars(kind::LEVEL),
            enumeration_ends: lexicon.words(kind::ENUMERATION_END),
            shared_endings: lexicon.words(kind::SHARED_ENDING),
            trailing_filler: lexicon.words(kind::TRAILING_FILLER),
            leading_filler: lexicon.words(kind::LEADING_FILLER),
            qualifiers: lexicon.words(kind::QUALIFIER),
            higher_levels: lexicon.words(kind::HIGHER_LEVEL),
            lower_levels: lexicon.words(kind::LOWER_LEVEL),
            company_endings: lexicon.words(kind::COMPANY_ENDING),
            generic_words: lexicon.words(kind::GENERIC_WORD),
            mention_suffixes: lexicon.words(kind::MENTION_SUFFIX),
            mention_gaps: lexicon.words(kind::MENTION_GAP),
            self_naming_ends: lexicon.chars(kind::SELF_NAMING_END),
            non_place_chars: lexicon.chars(kind::NON_PLACE_CHAR),
            lead_marks: lexicon.chars(kind::LEAD_MARK),
        }
    }

    fn lead_verbs(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.lead_verbs
            .iter()
            .flat_map(|verbs| verbs.iter().map(String::as_str))
    }

    /// Whether a name ends like an organisation, a closing bracket aside
    /// ("县（市、区）政府（管委会）" ends in 政府).
    fn has_org_suffix(&self, name: &str) -> bool {
        let head = match trailing_bracket(name) {
            Some((head, _)) if !head.is_empty() => head,
            _ => name.to_owned(),
        };
        self.org_suffixes.iter().any(|s| head.ends_with(s.as_str()))
    }

    /// Removes filler around a body ("由市民政局按照职责分工" → 市民政局).
    fn strip_filler(&self, text: &str) -> String {
        let mut text = text.to_owned();
        loop {
            let before = text.len();
            for filler in self.trailing_filler {
                if let Some(head) = text.strip_suffix(filler.as_str()) {
                    text = head.to_owned();
                }
            }
            for filler in self.leading_filler {
                if let Some(tail) = text.strip_prefix(filler.as_str()) {
                    text = tail.to_owned();
                }
            }
            if text.len() == before {
                return text;
            }
        }
    }

    /// A role word at `at` that belongs to a name ("市老龄工作指导中心",
    /// "实施办"): what follows it, up to the end of the fragment, ends like an
    /// organisation.
    fn verb_inside_name(&self, chars: &[char], at: usize) -> bool {
        let rest: String = chars[at..].iter().collect();
        self.has_org_suffix(&rest)
    }

    /// "各辖市" + "区人民政府" → "各辖市、区人民政府": a collective that ends in a
    /// level joins a following piece that starts with one and names a government.
    fn join_level_words(&self, pieces: Vec<Piece>) -> Vec<Piece> {
        let mut out: Vec<Piece> = Vec::new();
        for piece in pieces {
            if let Some(prev) = out.last_mut() {
                if prev.marker.is_none()
                    && self.is_open_collective(&prev.text)
                    && self.continues_collective(&piece.text)
                {
                    prev.text = format!("{}、{}", prev.text, piece.text);
                    prev.marker = piece.marker;
                    continue;
                }
            }
            out.push(piece);
        }
        out
    }

    fn is_open_collective(&self, text: &str) -> bool {
        text.starts_with('各')
            && !self.has_org_suffix(text)
            && text
                .chars()
                .last()
                .is_some_and(|c| self.levels.contains(&c))
    }

    fn continues_collective(&self, text: &str) -> bool {
        let starts_with_level = text
            .chars()
            .next()
            .is_some_and(|c| self.levels.contains(&c));
        starts_with_level
            && (text.chars().count() <= 2 || text.contains("政府") || text.contains("管委会"))
    }

    /// The suffix after a keyword, across at most two gap words ("食品药品" +
    /// "监督管理" + "局"); or none when the keyword names a body itself (残联).
    fn body_tail(&self, chars: &[char], span: &std::ops::Range<usize>) -> Option<Tail> {
        let mut at = span.end;
        let mut text = String::new();
        for _ in 0..=2 {
            if let Some(suffix) = self
                .mention_suffixes
                .iter()
                .find(|s| starts_with_at(chars, at, s))
            {
                return Some(Tail {
                    text: format!("{text}{suffix}"),
                    end: Some(at + suffix.chars().count()),
                });
            }
            let gap = self
                .mention_gaps
                .iter()
                .find(|g| starts_with_at(chars, at, g))?;
            if gap != "等" {
                text.push_str(gap);
            }
            at += gap.chars().count();
        }
        None
    }

    /// A keyword that names a body by itself (残联, 法院, 团市委) needs no suffix.
    fn self_named(&self, chars: &[char], span: &std::ops::Range<usize>) -> Option<Tail> {
        let last = chars.get(span.end.checked_sub(1)?)?;
        self.self_naming_ends.contains(last).then(|| Tail {
            text: String::new(),
            end: Some(span.end),
        })
    }

    /// The start of a two-character place name before 区/县 (榆次区), if the two
    /// characters can be one.
    fn named_place_start(&self, before: &[char]) -> Option<usize> {
        let level_at = before.len().checked_sub(1)?;
        let start = level_at.checked_sub(2)?;
        let name = &before[start..level_at];
        name.iter()
            .all(|c| is_han(*c) && !self.non_place_chars.contains(c))
            .then_some(start)
    }

    /// Whether `before` ends in a bracket listing levels ("县（市、区）"), so that
    /// what follows is a body of those levels; "（一）" is only an item number.
    fn closes_levels(&self, before: &[char]) -> bool {
        let text: String = before.iter().collect();
        trailing_bracket(&text)
            .is_some_and(|(_, content)| content.chars().any(|c| self.levels.contains(&c)))
    }
}

/// A role that a verb or a bracket gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    /// "…负责": the role of this piece and of the unmarked pieces before it.
    Closes(Role),
    /// "（牵头）": the role of this piece only.
    Own(Role),
}

#[derive(Debug, Clone)]
struct Piece {
    text: String,
    marker: Option<Marker>,
}

impl Piece {
    fn new(text: impl Into<String>, marker: Option<Marker>) -> Piece {
        Piece {
            text: text.into(),
            marker,
        }
    }
}

/// The city a document belongs to, as names are written in it.
struct CityNames {
    /// 南通市
    full: String,
    /// 南通: names containing it are not city departments (上海银保监局).
    short: String,
    /// What a city department's name starts with: 市 (州 for an
    /// autonomous prefecture, 盟 for a league).
    prefix: &'static str,
}

impl CityNames {
    fn new(city: &str) -> CityNames {
        let city = squash(city);
        let (short, prefix) = [
            ("自治州", "州"),
            ("地区", "地区"),
            ("盟", "盟"),
            ("市", "市"),
        ]
        .iter()
        .find_map(|(suffix, prefix)| city.strip_suffix(suffix).map(|s| (s.to_owned(), *prefix)))
        .unwrap_or_else(|| (city.clone(), "市"));
        // One character is too short to tell a city's name inside another word.
        let short = if short.chars().count() >= 2 {
            short
        } else {
            String::new()
        };
        CityNames {
            full: city,
            short,
            prefix,
        }
    }
}

struct Reader<'a> {
    types: &'a DepartmentTypes,
    kb: &'a Knowledge,
    words: Words<'a>,
    city: CityNames,
    /// The city's districts, counties and county-level cities (格尔木市):
    /// their bodies are not the city's.
    places: &'a [String],
}

/// A role label met in a text: the role it gives, and whether it names the
/// whole responsibility (责任单位) rather than one role of it.
#[derive(Clone, Copy)]
struct Label {
    role: Role,
    whole: bool,
}

/// The role of the bodies under a header word used as a label ("负责单位：").
fn header_role(column: ColumnRole) -> Option<Role> {
    match column {
        ColumnRole::Lead | ColumnRole::Responsibility => Some(Role::Lead),
        ColumnRole::Participant => Some(Role::Participant),
        _ => None,
    }
}

impl<'a> Reader<'a> {
    fn new(city: &str, kb: &'a Knowledge) -> Reader<'a> {
        Reader {
            types: &kb.department_types,
            kb,
            words: Words::new(&kb.lexicon),
            city: CityNames::new(city),
            places: kb
                .gazetteer
                .city(city)
                .map_or(&[][..], |entry| entry.places.as_slice()),
        }
    }

    /// Bodies and roles of a text, names as written. With `forced`, every
    /// body gets `default` (a column's role), whatever labels or verbs say.
    fn read(&self, text: &str, default: Role, forced: bool) -> Vec<(String, Role)> {
        let text = strip_enclosing_brackets(&squash(text));
        let mut out = Vec::new();
        for (role, section) in self.sections(&text, default) {
            let pieces = self.pieces(&section);
            if forced {
                out.extend(pieces.into_iter().map(|p| (p.text, default)));
            } else {
                out.extend(resolve_roles(pieces, role));
            }
        }
        out
    }

    // -- 2. sections -------------------------------------------------------

    /// The text cut at role labels, each part with the role of the label
    /// before it (`default` before the first), or after it and 为
    /// ("市民政局为牵头单位"). A label naming the whole
    /// responsibility (责任单位) beside a lead label (牵头单位) names the
    /// others, as such a column does beside a lead column: participants.
    fn sections(&self, text: &str, default: Role) -> Vec<(Role, String)> {
        let chars: Vec<char> = text.chars().collect();
        let mut sections = Vec::new();
        let (mut label, mut current) = (None, String::new());
        let mut i = 0;
        while i < chars.len() {
            if let Some((len, next)) = self.label_at(&chars, i) {
                // "市民政局为牵头单位": a label after 为 names the body before it.
                if let Some(body) = current.strip_suffix('为').filter(|b| !b.is_empty()) {
                    sections.push((Some(next), body.to_owned()));
                    current.clear();
                    label = None;
                    i += len;
                    continue;
                }
                if !current.is_empty() {
                    sections.push((label, std::mem::take(&mut current)));
                }
                label = Some(next);
                i += len;
                continue;
            }
            current.push(chars[i]);
            i += 1;
        }
        if !current.is_empty() {
            sections.push((label, current));
        }
        let beside_lead = sections
            .iter()
            .any(|(l, _)| matches!(l, Some(l) if l.role == Role::Lead && !l.whole));
        sections
            .into_iter()
            .map(|(l, text)| match l {
                None => (default, text),
                Some(l) if l.whole && beside_lead => (Role::Participant, text),
                Some(l) => (l.role, text),
            })
            .collect()
    }

    /// A label at `i`: a role label of the lexicon (colon optional), or a
    /// verb or column header followed by a colon ("牵头：", "负责单位：").
    /// Returns its length in characters, colon included.
    fn label_at(&self, chars: &[char], i: usize) -> Option<(usize, Label)> {
        let colon_at = |end: usize| chars.get(end).is_some_and(|c| *c == '：' || *c == ':');
        for (label, role) in self.kb.lexicon.role_labels() {
            if starts_with_at(chars, i, label) {
                let end = i + label.chars().count();
                return Some((
                    end - i + usize::from(colon_at(end)),
                    self.label(*role, label),
                ));
            }
        }
        for len in (2..=4).rev() {
            let end = i + len;
            if end > chars.len() || !colon_at(end) {
                continue;
            }
            let word: String = chars[i..end].iter().collect();
            let role = self
                .verb_role(&word)
                .or_else(|| self.kb.lexicon.column_role(&word).and_then(header_role));
            if let Some(role) = role {
                return Some((len + 1, self.label(role, &word)));
            }
        }
        None
    }

    /// The label `word` giving `role`: whole when it is a responsibility
    /// column's header (责任单位).
    fn label(&self, role: Role, word: &str) -> Label {
        let whole = self.kb.lexicon.column_role(word) == Some(ColumnRole::Responsibility);
        Label { role, whole }
    }

    fn verb_role(&self, word: &str) -> Option<Role> {
        if self.words.lead_verbs().any(|v| v == word) {
            Some(Role::Lead)
        } else if self.words.participant_verbs.iter().any(|v| v == word) {
            Some(Role::Participant)
        } else {
            None
        }
    }

    // -- 3.–7. pieces ------------------------------------------------------

    /// The bodies of one section, each with the role marker it carries.
    fn pieces(&self, section: &str) -> Vec<Piece> {
        let mut pieces: Vec<Piece> = Vec::new();
        // "A、B会同C、D负责": A and B lead, C and D take part.
        let mut after_leading = false;
        for fragment in fragments(section) {
            let (body, verb) = self.cut_verb(&fragment);
            let parts = self.split_conjunctions(&body);
            let last = parts.len() - 1;
            let led = verb != Some(Role::Participant);
            let leading_at = parts
                .iter()
                .position(|(_, leading)| *leading)
                .filter(|_| led);
            if leading_at.is_some() && !after_leading {
                for piece in pieces.iter_mut().filter(|p| p.marker.is_none()) {
                    piece.marker = Some(Marker::Own(Role::Lead));
                }
            }
            for (i, (part, _)) in parts.into_iter().enumerate() {
                let marker = match leading_at {
                    Some(at) if i < at && !after_leading => Some(Marker::Own(Role::Lead)),
                    Some(_) => Some(Marker::Own(Role::Participant)),
                    None if after_leading && led => Some(Marker::Own(Role::Participant)),
                    None => verb.filter(|_| i == last).map(Marker::Closes),
                };
                pieces.push(Piece::new(part, marker));
            }
            after_leading |= leading_at.is_some();
        }
        let pieces = self.words.join_level_words(pieces);
        let pieces = self.share_endings(pieces);
        let pieces = self.join_enumerations(pieces);
        pieces
            .into_iter()
            .flat_map(|p| self.split_piece(p))
            .collect()
    }

    /// A fragment without the role verb that closes it ("各区实施" → 各区,
    /// participant) and the filler before the verb.
    fn cut_verb(&self, fragment: &str) -> (String, Option<Role>) {
        let chars: Vec<char> = fragment.chars().collect();
        let inside = bracketed(&chars);
        for i in 0..chars.len() {
            if inside[i] {
                continue;
            }
            let here = |verb: &str| starts_with_at(&chars, i, verb);
            let role = if self.words.lead_verbs().any(here) {
                Role::Lead
            } else if self.words.participant_verbs.iter().any(|v| here(v)) {
                Role::Participant
            } else {
                continue;
            };
            if self.words.verb_inside_name(&chars, i) {
                continue;
            }
            let body: String = chars[..i].iter().collect();
            return (self.words.strip_filler(&body), Some(role));
        }
        (self.words.strip_filler(fragment), None)
    }

    /// Splits at 和/及… where a body ends before it and one starts after it
    /// (or a generic one, dropped later: "市民政局会同有关部门"); each part
    /// with whether a leading conjunction (会同) stands before it.
    fn split_conjunctions(&self, text: &str) -> Vec<(String, bool)> {
        let chars: Vec<char> = text.chars().collect();
        let inside = bracketed(&chars);
        let mut parts = Vec::new();
        let (mut start, mut i) = (0, 0);
        let mut after_leading = false;
        while i < chars.len() {
            let conjunction = self
                .words
                .conjunctions
                .iter()
                .find(|c| !inside[i] && starts_with_at(&chars, i, c));
            if let Some(c) = conjunction {
                let end = i + c.chars().count();
                let left: String = chars[start..i].iter().collect();
                let right: String = chars[end..].iter().collect();
                let generic_right = self
                    .words
                    .generic_words
                    .iter()
                    .any(|w| right.starts_with(w.as_str()));
                if self.is_body(&left) && (generic_right || self.starts_with_body(&right)) {
                    parts.push((left, after_leading));
                    after_leading = self.words.leading_conjunctions.contains(c);
                    (start, i) = (end, end);
                    continue;
                }
            }
            i += 1;
        }
        parts.push((chars[start..].iter().collect(), after_leading));
        parts
    }

    /// Department keywords listed bare before a name share its ending:
    /// "民政、财政部门" are 民政部门 and 财政部门, "发改、住建、自然资源等部门"
    /// are three bodies (等 dropped), not one collective. A generic ending
    /// (lexicon shared-ending: 部门, 单位) is shared by any such run; a
    /// bureau's own (局, 委) only by a run that opens the list ("市民政、
    /// 财政局"): after a name with an ending of its own, a bare one lost its
    /// ending ("市规划局、住房和城乡建设、财政局" keeps its middle name as
    /// written). Fragments that are no department ("供水（电、气、暖）、通信有线
    /// 等单位") are left to [`Self::join_enumerations`].
    fn share_endings(&self, mut pieces: Vec<Piece>) -> Vec<Piece> {
        let bare = |p: &Piece| {
            p.marker.is_none()
                && !p.text.contains(OPENING)
                && !self.words.has_org_suffix(&p.text)
                && self.is_typed(&p.text)
        };
        // A name with a prefix of its own (市委老干部局 after 市老年大学)
        // stands alone: only one written short shares its ending.
        let written_short = |t: &str| {
            !self.carries_prefix(t) && !self.opens_at_another_level(t) && !t.starts_with('各')
        };
        for k in 1..pieces.len() {
            if !written_short(&pieces[k].text) {
                continue;
            }
            let Some((named, ending)) = self.keyword_and_ending(&pieces[k].text) else {
                continue;
            };
            let Some(from) = (0..k).rev().take_while(|&j| bare(&pieces[j])).last() else {
                continue;
            };
            let ending = ending.strip_prefix('等').unwrap_or(&ending).to_owned();
            let generic = self.words.shared_endings.contains(&ending);
            if !generic && from > 0 {
                continue;
            }
            for piece in &mut pieces[from..k] {
                piece.text.push_str(&ending);
            }
            pieces[k].text = format!("{named}{ending}");
        }
        pieces
    }

    /// A name cut after its last department keyword, when an organisational
    /// ending that names no department follows it ("财政部门" → 财政, 部门;
    /// "财政局" → 财政, 局; "自然资源等部门" → 自然资源, 等部门).
    fn keyword_and_ending(&self, name: &str) -> Option<(String, String)> {
        if name.contains(OPENING) || !self.words.has_org_suffix(name) {
            return None;
        }
        let end = self.types.keyword_spans(name).last()?.end;
        let chars: Vec<char> = name.chars().collect();
        let ending: String = chars.get(end..)?.iter().collect();
        let own = ending.trim_start_matches('等');
        let is_ending = !own.is_empty()
            && self.words.org_suffixes.iter().any(|s| s == own)
            && !self.is_typed(own);
        is_ending.then(|| (chars[..end].iter().collect(), ending))
    }

    /// "通信有线等单位" is one collective body together with the fragments
    /// before it that are no body on their own ("供水（电、气、暖）").
    fn join_enumerations(&self, pieces: Vec<Piece>) -> Vec<Piece> {
        let mut out: Vec<Piece> = Vec::new();
        for mut piece in pieces {
            if self.is_open_enumeration(&piece.text) {
                let mut members = Vec::new();
                while let Some(prev) = out.last() {
                    if prev.marker.is_some()
                        || prev.text.is_empty()
                        || self.words.has_org_suffix(&prev.text)
                    {
                        break;
                    }
                    members.push(out.pop().map(|p| p.text).unwrap_or_default());
                }
                members.reverse();
                members.push(piece.text);
                piece.text = members.join("、");
            }
            out.push(piece);
        }
        out
    }

    fn is_open_enumeration(&self, text: &str) -> bool {
        self.words.enumeration_ends.iter().any(|end| {
            text.strip_suffix(end.as_str())
                .is_some_and(|head| !head.is_empty() && !self.words.has_org_suffix(head))
        })
    }

    /// One piece split where bodies follow without separator, and a
    /// department in its closing bracket made a body of its own.
    fn split_piece(&self, piece: Piece) -> Vec<Piece> {
        let glued = self.split_glued(&piece.text);
        let last = glued.len() - 1;
        let mut out = Vec::new();
        for (i, text) in glued.into_iter().enumerate() {
            let mut parts = self.split_bracket(&text);
            match piece.marker {
                Some(Marker::Closes(role)) if i == last => {
                    if let Some(p) = parts.last_mut() {
                        p.marker = p.marker.or(Some(Marker::Closes(role)));
                    }
                }
                // A role of its own is each part's.
                Some(Marker::Own(role)) => {
                    for p in &mut parts {
                        p.marker = p.marker.or(Some(Marker::Own(role)));
                    }
                }
                _ => {}
            }
            out.extend(parts);
        }
        out
    }

    /// "市财政局保监部门" → 市财政局, 保监部门: a typed name with an
    /// organisational suffix directly followed by another body that starts
    /// with a department keyword or 各. Never inside one name: 市委老干部局
    /// (市委 alone has no type), 人民银行常州支行 (常州支行 starts with no keyword),
    /// 市政府督查室, 市委宣传部 (what follows the government or the party
    /// committee is one of its offices), 市公安局交警支队 (a unit of the same
    /// type).
    fn split_glued(&self, text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let inside = bracketed(&chars);
        let mut parts = Vec::new();
        let mut start = 0;
        for i in 1..chars.len() {
            if inside[i] || inside[i - 1] || i <= start {
                continue;
            }
            let left: String = chars[start..i].iter().collect();
            let right: String = chars[i..].iter().collect();
            if self.words.has_org_suffix(&left)
                && !self.has_offices(&left)
                && self.is_typed(&left)
                && self.starts_new_body(&right)
                && self.is_body(&right)
                && !self.is_unit_of(&right, &left)
            {
                parts.push(left);
                start = i;
            }
        }
        parts.push(chars[start..].iter().collect());
        parts
    }

    /// Whether `unit`, glued after `parent`, is one of its units: written
    /// without a prefix of its own and of the parent's type (市公安局交警支队,
    /// 市卫健委疾控中心), where 市财政局保监部门 names two bodies.
    fn is_unit_of(&self, unit: &str, parent: &str) -> bool {
        let types = self.types.classify(unit);
        let parent_types = self.types.classify(parent);
        !unit.starts_with(self.city.prefix)
            && !unit.starts_with('各')
            && !types.is_empty()
            && types.iter().all(|t| parent_types.contains(t))
    }

    /// A government or the party committee (市政府, 市委): what follows its
    /// name is one of its offices.
    fn has_offices(&self, name: &str) -> bool {
        name.ends_with("政府") || name == format!("{}委", self.city.prefix)
    }

    /// "市民政局（老龄办）" → 市民政局, 老龄办; "市民政局（牵头）" → 市民政局 as
    /// lead. Kept whole: an alternative form of a government
    /// ("政府（管委会）"), a qualifier ("（含开发区）"), or a bracket that names
    /// no department ("供水（电、气、暖）").
    fn split_bracket(&self, text: &str) -> Vec<Piece> {
        let marks = self.words.lead_marks;
        let unmarked = text.trim_matches(|c| marks.contains(&c));
        if unmarked.len() < text.len() {
            let marked = (!unmarked.trim().is_empty())
                .then(|| Piece::new(unmarked, Some(Marker::Own(Role::Lead))));
            return marked.into_iter().collect();
        }
        let whole = || vec![Piece::new(text, None)];
        let Some((head, content)) = trailing_bracket(text) else {
            return whole();
        };
        if let Some(role) = self.role_word(&content) {
            return vec![Piece::new(head, Some(Marker::Own(role)))];
        }
        // "市财政局（按职责分工）": a filler says nothing of the body.
        if self.words.trailing_filler.contains(&content) {
            return vec![Piece::new(head, None)];
        }
        if head.ends_with("政府")
            || head.ends_with("管委会")
            || self
                .words
                .qualifiers
                .iter()
                .any(|q| content.starts_with(q.as_str()))
        {
            return whole();
        }
        let inner = fragments(&content);
        if inner.is_empty() || !inner.iter().all(|b| self.is_body(b)) {
            return whole();
        }
        std::iter::once(head)
            .filter(|h| !h.is_empty())
            .chain(inner)
            .map(|t| Piece::new(t, None))
            .collect()
    }

    /// The role that bracket content such as "牵头", "牵头单位" or
    /// "按职责分工负责" gives the body before it.
    fn role_word(&self, content: &str) -> Option<Role> {
        let labels = self.kb.lexicon.role_labels();
        if let Some((_, role)) = labels.iter().find(|(l, _)| l == content) {
            return Some(*role);
        }
        match self.cut_verb(content) {
            (body, Some(role)) if body.is_empty() => Some(role),
            _ => None,
        }
    }

    // -- body tests --------------------------------------------------------

    /// Whether `text` is nothing but bodies at 、, filler aside: each ends
    /// like an organisation or a level ("市民政局、各区"), or is a keyword
    /// sharing the ending of the last ("财政、民政部门").
    fn lists_bodies(&self, text: &str) -> bool {
        let words = &self.words;
        let text = words.strip_filler(text.trim());
        let items = split_outside_brackets(&text, &['、']);
        let shared = items.last().is_some_and(|last| {
            words
                .shared_endings
                .iter()
                .any(|e| last.ends_with(e.as_str()))
        });
        !text.is_empty()
            && items.iter().all(|item| {
                // 各县（市、区）: the level stands before the bracket.
                let head = trailing_bracket(item).map_or_else(|| item.clone(), |(h, _)| h);
                words.has_org_suffix(item)
                    || head
                        .chars()
                        .last()
                        .is_some_and(|c| words.levels.contains(&c))
                    || (shared && self.is_typed(item))
            })
    }

    fn is_typed(&self, name: &str) -> bool {
        !self.types.classify(name).is_empty()
    }

    /// A name that stands on its own as a body: typed, and ending like an
    /// organisation or being a government known by its shape (各区, 崇川区).
    fn is_body(&self, name: &str) -> bool {
        let types = self.types.classify(name);
        !types.is_empty()
            && (self.words.has_org_suffix(name)
                || name.starts_with('各')
                || !self.types.takes_city_prefix(&types))
    }

    /// Whether some body starts `text`: "各…", "市…", or a prefix of it is a body.
    fn starts_with_body(&self, text: &str) -> bool {
        if text.starts_with('各') || text.starts_with(self.city.prefix) {
            return true;
        }
        let chars: Vec<char> = text.chars().collect();
        (1..=chars.len()).any(|n| self.is_body(&chars[..n].iter().collect::<String>()))
    }

    /// Whether `text` starts a new name: with 各 or with a department keyword
    /// (after the city prefix, if any).
    fn starts_new_body(&self, text: &str) -> bool {
        if text.starts_with('各') {
            return true;
        }
        let offset = if self.carries_prefix(text) {
            self.city.prefix.chars().count()
        } else {
            0
        };
        let spans = self.types.keyword_spans(text);
        spans.first().is_some_and(|s| s.start == offset)
    }

    // -- 8. names ----------------------------------------------------------

    /// Names cleaned and written out in full, the city prefix distributed
    /// when any body of the text carries it; generic bodies dropped; each
    /// (name, role) once.
    fn write_out(&self, raw: Vec<(String, Role)>) -> Vec<(String, Role)> {
        let cleaned: Vec<(String, Role)> = raw
            .into_iter()
            .map(|(name, role)| (self.clean(&name), role))
            .filter(|(name, _)| self.is_named(name))
            .collect();
        let prefix = self.city.prefix;
        let distribute = cleaned.iter().any(|(n, _)| self.carries_prefix(n));
        let mut out: Vec<(String, Role)> = Vec::new();
        for (name, role) in cleaned {
            let name = if distribute && self.takes_city_prefix(&name) {
                format!("{prefix}{name}")
            } else {
                name
            };
            if !out.iter().any(|(n, r)| *n == name && *r == role) {
                out.push((name, role));
            }
        }
        // A body that leads takes no part besides (a task merged over two
        // measures may name it in both roles).
        let leads: Vec<String> = out
            .iter()
            .filter(|(_, r)| *r == Role::Lead)
            .map(|(n, _)| n.clone())
            .collect();
        out.retain(|(n, r)| *r != Role::Participant || !leads.contains(n));
        out
    }

    /// Punctuation and stray brackets trimmed, "等部门" dropped after a
    /// named body, and the city's own name written as the prefix
    /// (上海市民政局 → 市民政局).
    fn clean(&self, name: &str) -> String {
        let mut name = trim_stray(name);
        // "通信有线等单位" keeps its ending: without it, it names nothing.
        let enumerated = self
            .words
            .enumeration_ends
            .iter()
            .find_map(|end| name.strip_suffix(end.as_str()));
        if let Some(head) = enumerated.filter(|head| self.words.has_org_suffix(head)) {
            name = head.to_owned();
        } else if let Some(head) = name.strip_suffix('等').filter(|h| self.is_body(h)) {
            name = head.to_owned();
        }
        name = self.cut_trailing_words(name);
        let city = &self.city;
        if !city.full.is_empty() && city.full != city.prefix {
            if let Some(rest) = name.strip_prefix(city.full.as_str()) {
                if !rest.is_empty() {
                    name = format!("{}{rest}", city.prefix);
                }
            }
        }
        name
    }

    /// "市民政局督促" → 市民政局: a name that ends like no organisation loses a
    /// short tail without any department keyword after a typed body.
    fn cut_trailing_words(&self, name: String) -> String {
        if self.words.has_org_suffix(&name) || self.is_body(&name) {
            return name;
        }
        let chars: Vec<char> = name.chars().collect();
        for p in (1..chars.len()).rev() {
            let tail: String = chars[p..].iter().collect();
            if tail.chars().count() > 4 || !self.types.keyword_spans(&tail).is_empty() {
                break;
            }
            let head: String = chars[..p].iter().collect();
            if self.words.has_org_suffix(&head) && self.is_typed(&head) {
                return head;
            }
        }
        name
    }

    /// Whether a cleaned name names a body: it has a Chinese character, is
    /// more than a level word, and is not generic (有关部门).
    fn is_named(&self, name: &str) -> bool {
        let has_han = name.chars().any(is_han);
        let bare_level = name.chars().count() == 1;
        let generic = self
            .words
            .generic_words
            .iter()
            .any(|w| name.contains(w.as_str()))
            && !self.is_typed(name);
        has_han && !bare_level && !generic && !self.is_time(name)
    }

    /// A time limit that strayed into a list of bodies ("2021年底前",
    /// "持续推进"): a time word, and no ending of an organisation.
    fn is_time(&self, name: &str) -> bool {
        super::table::looks_like_deadline(name, self.kb)
            && !self.org_suffix_in(name)
            && !self.is_typed(name)
    }

    fn org_suffix_in(&self, text: &str) -> bool {
        self.words
            .org_suffixes
            .iter()
            .any(|suffix| text.contains(suffix.as_str()))
    }

    /// Whether `name` opens with the city prefix (市民政局), not with a
    /// keyword that merely begins with its character (市场监管局, 市容局).
    fn carries_prefix(&self, name: &str) -> bool {
        name.starts_with(self.city.prefix)
            && self
                .types
                .keyword_spans(name)
                .first()
                .is_none_or(|span| span.start > 0)
    }

    /// Whether `name` opens with another level than the city's, right
    /// before its department keyword: 区民政局, 县卫健局 are a district's or a
    /// county's, beside 市医保局 in the same cell.
    fn opens_at_another_level(&self, name: &str) -> bool {
        name.chars().next().is_some_and(|first| {
            !self.city.prefix.starts_with(first)
                && self.words.levels.contains(&first)
                && self
                    .types
                    .keyword_spans(name)
                    .first()
                    .is_some_and(|span| span.start == 1)
        })
    }

    /// Whether the city prefix belongs before a name written without it.
    fn takes_city_prefix(&self, name: &str) -> bool {
        let (prefix, words) = (self.city.prefix, &self.words);
        let short = &self.city.short;
        let city_words = [
            format!("{prefix}委"),
            format!("{prefix}政府"),
            format!("{prefix}人民政府"),
        ];
        !self.carries_prefix(name)
            && !self.opens_at_another_level(name)
            && !name.starts_with('各')
            && !self
                .places
                .iter()
                .any(|place| name.starts_with(place.as_str()))
            && !city_words.iter().any(|w| name.contains(w.as_str()))
            && (short.is_empty() || !name.contains(short.as_str()))
            && !words
                .higher_levels
                .iter()
                .any(|h| name.starts_with(h.as_str()))
            && !words
                .company_endings
                .iter()
                .any(|e| name.ends_with(e.as_str()))
            && self.types.takes_city_prefix(&self.types.classify(name))
    }

    // -- mentions in running text -------------------------------------------

    /// Bodies named in running text: a department keyword followed by an
    /// organisational suffix, with the city prefix or a named place before
    /// it; not bodies of the province or the state, of a lower level named
    /// generically, or issuers of a cited document.
    fn mentions(&self, text: &str) -> Vec<String> {
        let text = squash(text);
        let chars: Vec<char> = text.chars().collect();
        let spans = self.types.keyword_spans(&text);
        // Backwards, so that "规划、国土、住房和城乡建设部门" can share the
        // suffix of its last member.
        let mut tails: Vec<Option<Tail>> = vec![None; spans.len()];
        for i in (0..spans.len()).rev() {
            let next = spans.get(i + 1).zip(tails.get(i + 1).cloned().flatten());
            tails[i] = (self.words.body_tail(&chars, &spans[i]))
                .or_else(|| self.words.self_named(&chars, &spans[i]))
                .or_else(|| shared_tail(&chars, &spans[i], next));
        }
        let mut names: Vec<String> = Vec::new();
        for (span, tail) in spans.iter().zip(tails) {
            let Some(tail) = tail else { continue };
            if tail.end.is_some_and(|end| cites_document(&chars, end)) {
                continue;
            }
            let Some(start) = self.mention_start(&chars, span.start) else {
                continue;
            };
            let name: String = chars[start..span.end].iter().collect::<String>() + &tail.text;
            let name = self.clean(&name);
            if self.is_named(&name) && !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    /// Where a mention starts, given where its keyword starts: at the city
    /// prefix or a named place (榆次区) before the keyword. `None` for bodies
    /// of the province or the state (省民政厅) and of a lower level named
    /// generically (县民政部门).
    fn mention_start(&self, chars: &[char], keyword_start: usize) -> Option<usize> {
        let before = &chars[..keyword_start];
        let words = &self.words;
        if words.higher_levels.iter().any(|h| ends_with(before, h)) {
            return None;
        }
        let prefix = self.city.prefix;
        // The party committee's departments: 市委组织部, 吕梁市委宣传部.
        let party = format!("{prefix}委");
        let head = [party.as_str(), prefix]
            .into_iter()
            .find(|head| ends_with(before, head));
        if let Some(head) = head {
            let at = keyword_start - head.chars().count();
            let short = &self.city.short;
            if !short.is_empty() && ends_with(&chars[..at], short) {
                return Some(at - short.chars().count());
            }
            return Some(at);
        }
        match before.last() {
            Some('区' | '县') => words.named_place_start(before),
            Some(c) if CLOSING.contains(c) && words.closes_levels(before) => None,
            _ if words.lower_levels.iter().any(|l| ends_with(before, l)) => None,
            _ => Some(keyword_start),
        }
    }
}

/// What follows a keyword in running text to make it a body: the text to
/// append, and where it ends in the text (none when shared from a later
/// member of a list).
#[derive(Debug, Clone)]
struct Tail {
    text: String,
    end: Option<usize>,
}

/// A list member without a suffix of its own shares the "部门" of the next
/// member when only a list separator stands between them.
fn shared_tail(
    chars: &[char],
    span: &std::ops::Range<usize>,
    next: Option<(&std::ops::Range<usize>, Tail)>,
) -> Option<Tail> {
    let (next_span, next_tail) = next?;
    let joined = chars.get(span.end).is_some_and(|c| "、和及与".contains(*c));
    (joined && next_span.start == span.end + 1 && next_tail.text.ends_with("部门")).then(|| Tail {
        text: "部门".to_owned(),
        end: None,
    })
}

/// A body right before a document title or "关于…" is the issuer of a cited
/// document, not a body acting in the task.
fn cites_document(chars: &[char], end: usize) -> bool {
    starts_with_at(chars, end, "《") || starts_with_at(chars, end, "关于")
}

// ---------------------------------------------------------------------------
// Text helpers (by character, never by byte, so that no input can panic).

/// Resolves the roles of a section's pieces: a verb closes the pieces
/// before it, a bracket marks its own piece, the rest get `default` — or
/// participant when something in a lead section was explicitly marked lead
/// ("市民政局牵头，市财政局").
fn resolve_roles(pieces: Vec<Piece>, default: Role) -> Vec<(String, Role)> {
    let mut roles: Vec<Option<Role>> = vec![None; pieces.len()];
    let (mut open_from, mut explicit_lead) = (0, false);
    for (i, piece) in pieces.iter().enumerate() {
        match piece.marker {
            Some(Marker::Own(role)) => roles[i] = Some(role),
            Some(Marker::Closes(role)) => {
                for r in &mut roles[open_from..=i] {
                    r.get_or_insert(role);
                }
                open_from = i + 1;
            }
            None => continue,
        }
        explicit_lead |= roles[i] == Some(Role::Lead);
    }
    let rest = if explicit_lead && default == Role::Lead {
        Role::Participant
    } else {
        default
    };
    pieces
        .into_iter()
        .zip(roles)
        .map(|(p, r)| (p.text, r.unwrap_or(rest)))
        .collect()
}

/// Parts of a text between separators that stand outside brackets.
fn fragments(text: &str) -> Vec<String> {
    let mut parts = split_outside_brackets(text, SEPARATORS);
    parts.retain(|p| !p.is_empty());
    parts
}

/// `text` cut at `separators` where they stand outside brackets, empty
/// parts kept ("各县（市、区）、市民政局" → 各县（市、区）, 市民政局).
fn split_outside_brackets(text: &str, separators: &[char]) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let inside = bracketed(&chars);
    let mut parts = Vec::new();
    let mut current = String::new();
    for (c, inside) in chars.iter().zip(inside) {
        if !inside && separators.contains(c) {
            parts.push(std::mem::take(&mut current));
        } else {
            current.push(*c);
        }
    }
    parts.push(current);
    parts
}

/// For each character, whether it lies within a matched pair of brackets
/// (the brackets included). Unmatched brackets protect nothing, so a stray
/// "（" cannot swallow the rest of a cell.
fn bracketed(chars: &[char]) -> Vec<bool> {
    let mut inside = vec![false; chars.len()];
    let mut open = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        if OPENING.contains(c) {
            open.push(i);
        } else if CLOSING.contains(c) {
            if let Some(start) = open.pop() {
                inside[start..=i].fill(true);
            }
        }
    }
    inside
}

/// The text before a bracket that closes the text, and the bracket's content.
fn trailing_bracket(text: &str) -> Option<(String, String)> {
    let chars: Vec<char> = text.chars().collect();
    let last = chars.len().checked_sub(1)?;
    if !CLOSING.contains(&chars[last]) {
        return None;
    }
    let mut depth = 0usize;
    for i in (0..=last).rev() {
        if CLOSING.contains(&chars[i]) {
            depth += 1;
        } else if OPENING.contains(&chars[i]) {
            depth -= 1;
            if depth == 0 {
                let head = chars[..i].iter().collect();
                let content = chars[i + 1..last].iter().collect();
                return Some((head, content));
            }
        }
    }
    None
}

/// "(市民政局牵头，各区负责)" → its content, when one bracket pair encloses
/// the whole text.
fn strip_enclosing_brackets(text: &str) -> String {
    let mut text = text.to_owned();
    while let Some((head, content)) = trailing_bracket(&text) {
        if !head.is_empty() {
            break;
        }
        text = content;
    }
    text
}

/// Stray punctuation and unmatched brackets trimmed from both ends.
fn trim_stray(name: &str) -> String {
    let stray = |c: char| {
        SEPARATORS.contains(&c)
            || "“”\"'‘’《》【】〔〕[]·.-—_".contains(c)
            || crate::text::is_blank_char(c)
    };
    let mut chars: Vec<char> = name.chars().collect();
    loop {
        let before = chars.len();
        while chars.first().is_some_and(|c| stray(*c)) {
            chars.remove(0);
        }
        while chars.last().is_some_and(|c| stray(*c)) {
            chars.pop();
        }
        let inside = bracketed(&chars);
        if chars.first().is_some_and(|c| OPENING.contains(c)) && !inside[0] {
            chars.remove(0);
        } else if chars.last().is_some_and(|c| CLOSING.contains(c)) && !inside[chars.len() - 1] {
            chars.pop();
        }
        if chars.len() == before {
            return chars.into_iter().collect();
        }
    }
}

fn starts_with_at(chars: &[char], at: usize, word: &str) -> bool {
    (at..)
        .zip(word.chars())
        .all(|(i, w)| chars.get(i) == Some(&w))
}

fn ends_with(chars: &[char], word: &str) -> bool {
    let n = word.chars().count();
    chars.len() >= n && starts_with_at(chars, chars.len() - n, word)
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    const NANTONG: &str = "南通市";
    const CHANGZHOU: &str = "常州市";
    const YINCHUAN: &str = "银川市";
    const JINZHONG: &str = "晋中市";
    const SHANGHAI: &str = "上海市";

    fn kb() -> &'static Knowledge {
        Knowledge::bundled().unwrap()
    }

    fn short(role: Role) -> &'static str {
        match role {
            Role::Lead => "L",
            Role::Participant => "P",
            Role::Mentioned => "M",
        }
    }

    /// Responsibilities as "name/L" strings, for compact expectations.
    fn read(source: ResponsibilityText, text: &str, city: &str) -> Vec<String> {
        responsibilities(&source, text, city, kb())
            .into_iter()
            .map(|r| format!("{}/{}", r.department.name, short(r.role)))
            .collect()
    }

    fn columns(lead: &str, participants: &str, city: &str) -> Vec<String> {
        let source = ResponsibilityText::Columns {
            lead: lead.to_owned(),
            participants: participants.to_owned(),
        };
        read(source, "", city)
    }

    fn labelled(cell: &str, city: &str) -> Vec<String> {
        read(ResponsibilityText::Labelled(cell.to_owned()), "", city)
    }

    fn bracketed(text: &str, city: &str) -> Vec<String> {
        read(ResponsibilityText::Bracketed(text.to_owned()), "", city)
    }

    fn in_text(text: &str, city: &str) -> Vec<String> {
        read(ResponsibilityText::InText, text, city)
    }

    fn bodies(cell: &str, city: &str) -> Vec<String> {
        split_bodies(cell, city, kb())
    }

    // -- 000 (南通): lead and participant columns ---------------------------

    #[test]
    fn nantong_distributes_the_prefix_and_keeps_collectives_whole() {
        assert_eq!(
            columns(
                "市房管局",
                "市国土局、规划局、建设局，县（市、区）政府（管委会）",
                NANTONG
            ),
            [
                "市房管局/L",
                "市国土局/P",
                "市规划局/P",
                "市建设局/P",
                "县（市、区）政府（管委会）/P"
            ]
        );
    }

    #[test]
    fn nantong_bracket_names_a_body_of_its_own() {
        let expected = ["市民政局/L", "市老龄办/L", "县（市、区）政府（管委会）/P"];
        assert_eq!(
            columns(
                "市民政局\n（老龄办）",
                "县（市、区）政府（管委会）",
                NANTONG
            ),
            expected
        );
        assert_eq!(
            columns(
                "\t市民政局　  （老龄办）",
                "\t县（市、区）政府（管委会）",
                NANTONG
            ),
            expected
        );
    }

    #[test]
    fn nantong_name_broken_over_lines_is_one_body() {
        assert_eq!(
            columns("市 委\n\n宣传部", "市文明办、民政局（老龄办）", NANTONG),
            ["市委宣传部/L", "市文明办/P", "市民政局/P", "市老龄办/P"]
        );
    }

    #[test]
    fn bodies_of_the_city_s_own_counties_take_no_city_prefix() {
        assert_eq!(
            columns(
                "市民政局",
                "如皋市卫生健康委、崇川区民政局、卫生健康委",
                NANTONG
            ),
            [
                "市民政局/L",
                "如皋市卫生健康委/P",
                "崇川区民政局/P",
                "市卫生健康委/P"
            ]
        );
    }

    #[test]
    fn departments_of_the_party_committee_keep_it_in_their_names() {
        assert_eq!(
            in_text(
                "市委组织部要加强指导，吕梁市委宣传部要做好宣传引导。",
                "吕梁市"
            ),
            ["市委组织部/M", "市委宣传部/M"]
        );
    }

    #[test]
    fn a_countys_bodies_are_named_with_it() {
        let kb = Knowledge::bundled().unwrap();
        let of = |name: &str, county: &str| of_county(name, county, kb);
        assert_eq!(of("县民政局", "孝昌县").as_deref(), Some("孝昌县民政局"));
        assert_eq!(
            of("县委宣传部", "孝昌县").as_deref(),
            Some("孝昌县委宣传部")
        );
        assert_eq!(of("区卫健局", "芦淞区").as_deref(), Some("芦淞区卫健局"));
        // Another level, a list of levels, a place already named, the city's.
        assert_eq!(of("市医保局芦淞分局", "芦淞区"), None);
        assert_eq!(of("县（市、区）民政局", "孝昌县"), None);
        assert_eq!(of("区县民政局", "芦淞区"), None);
        assert_eq!(of("孝昌县民政局", "孝昌县"), None);
        assert_eq!(of("各乡镇人民政府", "孝昌县"), None);
        assert_eq!(of("县", "孝昌县"), None);
    }

    #[test]
    fn a_time_limit_among_bodies_is_no_body() {
        assert_eq!(
            labelled("市民政局、市财政局，2021年底前", NANTONG),
            ["市民政局/L", "市财政局/L"]
        );
        assert_eq!(columns("市民政局", "持续推进", NANTONG), ["市民政局/L"]);
        // A body whose name holds a time word stays a body.
        assert_eq!(
            columns("市民政局", "市长期护理保险经办中心", NANTONG),
            ["市民政局/L", "市长期护理保险经办中心/P"]
        );
    }

    #[test]
    fn nantong_separator_before_a_line_break() {
        assert_eq!(
            columns("市发改委、\n\n各县（市）政府", "市规划局、民政局 ", NANTONG),
            ["市发改委/L", "各县（市）政府/L", "市规划局/P", "市民政局/P"]
        );
    }

    #[test]
    fn nantong_long_list() {
        assert_eq!(
            bodies(
                "市卫计委、教育局、商务局、民政局、文广新局、体育局、旅游局、司法局",
                NANTONG
            ),
            [
                "市卫计委",
                "市教育局",
                "市商务局",
                "市民政局",
                "市文广新局",
                "市体育局",
                "市旅游局",
                "市司法局"
            ]
        );
    }

    #[test]
    fn nantong_named_districts_take_no_prefix() {
        assert_eq!(
            bodies("市财政局，崇川区、港闸区、市开发区", NANTONG),
            ["市财政局", "崇川区", "港闸区", "市开发区"]
        );
    }

    #[test]
    fn nantong_more_cells() {
        assert_eq!(
            bodies("市公安局、卫计委、人社局、食药监局，市消防支队", NANTONG),
            [
                "市公安局",
                "市卫计委",
                "市人社局",
                "市食药监局",
                "市消防支队"
            ]
        );
        assert_eq!(
            bodies(
                "市中级法院、市民政局（老龄办），县（市、区）政府（管委会）",
                NANTONG
            ),
            [
                "市中级法院",
                "市民政局",
                "市老龄办",
                "县（市、区）政府（管委会）"
            ]
        );
        assert_eq!(
            bodies(
                "市民政局（老龄办）、市委老干部局，县（市、区）政府（管委会）",
                NANTONG
            ),
            [
                "市民政局",
                "市老龄办",
                "市委老干部局",
                "县（市、区）政府（管委会）"
            ]
        );
        assert_eq!(
            bodies("市金融办、残联，县（市、区）政府（管委会）", NANTONG),
            ["市金融办", "市残联", "县（市、区）政府（管委会）"]
        );
    }

    // -- 001 (常州): flat table ----------------------------------------------

    #[test]
    fn changzhou_joins_bodies_with_he_and_keeps_ge_xiashi_qu_whole() {
        assert_eq!(
            columns(
                "市民政局",
                "市发改委、商务局、工商局和各辖市、区人民政府",
                CHANGZHOU
            ),
            [
                "市民政局/L",
                "市发改委/P",
                "市商务局/P",
                "市工商局/P",
                "各辖市、区人民政府/P"
            ]
        );
    }

    #[test]
    fn changzhou_more_cells() {
        assert_eq!(
            bodies("市老龄办、团市委、市妇联", CHANGZHOU),
            ["市老龄办", "团市委", "市妇联"]
        );
        assert_eq!(
            bodies(
                "市发改委、银监分局、人民银行常州支行、各辖市、区人民政府",
                CHANGZHOU
            ),
            [
                "市发改委",
                "市银监分局",
                "人民银行常州支行",
                "各辖市、区人民政府"
            ]
        );
        assert_eq!(
            bodies("市建设局、供电公司、各市（区）人民政府", CHANGZHOU),
            ["市建设局", "供电公司", "各市（区）人民政府"]
        );
        assert_eq!(
            bodies("市财政局、人力资源社会保障局", CHANGZHOU),
            ["市财政局", "市人力资源社会保障局"]
        );
    }

    // -- 003 (银川): one cell with labels ------------------------------------

    #[test]
    fn yinchuan_labels_on_two_lines() {
        assert_eq!(
            labelled(
                "牵头单位：市规划局\n配合部门：市民政局和各县（市）区人民政府",
                YINCHUAN
            ),
            ["市规划局/L", "市民政局/P", "各县（市）区人民政府/P"]
        );
    }

    #[test]
    fn yinchuan_labels_on_one_line() {
        assert_eq!(
            labelled(
                "牵头单位：市发展改革委配合单位：市卫计委、教育局、文广局、体育旅游局和各县（市）区人民政府",
                YINCHUAN
            ),
            [
                "市发展改革委/L",
                "市卫计委/P",
                "市教育局/P",
                "市文广局/P",
                "市体育旅游局/P",
                "各县（市）区人民政府/P"
            ]
        );
    }

    #[test]
    fn yinchuan_participants_only() {
        assert_eq!(
            labelled(
                "配合单位：市民政局、发展改革委、商务局、老龄办和各县（市）区人民政府",
                YINCHUAN
            ),
            [
                "市民政局/P",
                "市发展改革委/P",
                "市商务局/P",
                "市老龄办/P",
                "各县（市）区人民政府/P"
            ]
        );
    }

    #[test]
    fn whole_responsibility_label_beside_a_lead_label_names_participants() {
        // As a 责任单位 column beside a 牵头单位 column does, in either order.
        let expected = ["市民政局/L", "市财政局/P", "各县（区）人民政府/P"];
        assert_eq!(
            labelled(
                "牵头单位：市民政局；责任单位：市财政局、各县（区）人民政府",
                JINZHONG
            ),
            expected
        );
        let reversed = labelled(
            "责任单位：市财政局、各县（区）人民政府；牵头单位：市民政局",
            JINZHONG,
        );
        assert_eq!(reversed.len(), 3);
        assert!(expected.iter().all(|e| reversed.iter().any(|r| r == e)));
        // Alone, it names the leads.
        assert_eq!(
            labelled("责任单位：市民政局、市财政局", JINZHONG),
            ["市民政局/L", "市财政局/L"]
        );
        // A lead verb is no lead label: what the label names stays lead.
        assert_eq!(
            bracketed("责任单位：市民政局牵头，市财政局配合", JINZHONG),
            ["市民政局/L", "市财政局/P"]
        );
    }

    #[test]
    fn yinchuan_missing_separators() {
        assert_eq!(
            labelled(
                "配合单位：市住房和城乡建设局、老龄办各县（市）区人民政府",
                YINCHUAN
            ),
            [
                "市住房和城乡建设局/P",
                "市老龄办/P",
                "各县（市）区人民政府/P"
            ]
        );
        assert_eq!(
            labelled(
                "配合单位：市财政局保监部门、各保险公司和各县（市）区人民政府",
                YINCHUAN
            ),
            [
                "市财政局/P",
                "市保监部门/P",
                "各保险公司/P",
                "各县（市）区人民政府/P"
            ]
        );
    }

    #[test]
    fn yinchuan_housing_and_construction_without_ju_is_one_body() {
        let r = responsibilities(
            &ResponsibilityText::Labelled(
                "配合单位：市规划局、住房和城乡建设、财政局和各县（市）区人民政府".into(),
            ),
            "",
            YINCHUAN,
            kb(),
        );
        let names: Vec<&str> = r.iter().map(|r| r.department.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "市规划局",
                "市住房和城乡建设",
                "市财政局",
                "各县（市）区人民政府"
            ]
        );
        assert_eq!(r[1].department.types, ["housing", "construction"]);
        assert!(r.iter().all(|r| r.role == Role::Participant));
    }

    #[test]
    fn bare_keywords_share_a_generic_ending() {
        let names = |cell: &str| split_bodies(cell, "荆门市", kb());
        assert_eq!(names("市民政、财政部门"), ["市民政部门", "市财政部门"]);
        // Listed with 等: bodies each, not one collective.
        assert_eq!(
            names("市发改、住建、自然资源等部门"),
            ["市发改部门", "市住建部门", "市自然资源部门"]
        );
        // A bureau's own ending, by a run that opens the list.
        assert_eq!(names("市民政、财政局"), ["市民政局", "市财政局"]);
        // Not by one after a name with an ending of its own, nor by a name
        // with a prefix of its own, nor to fragments that are no department.
        assert_eq!(
            names("市老年大学、市委老干部局"),
            ["市老年大学", "市委老干部局"]
        );
        assert_eq!(
            names("市规划局、住房和城乡建设、财政局"),
            ["市规划局", "市住房和城乡建设", "市财政局"]
        );
        assert_eq!(
            names("供水（电、气、暖）、通信有线等单位"),
            ["供水（电、气、暖）、通信有线等单位"]
        );
    }

    #[test]
    fn yinchuan_unlabelled_cell_is_all_lead() {
        let cell = "市国税局、地税局、财政局、发展改革委（物价局）、建设局、供水（电、气、暖）、通信有线等单位和各县（市）区人民政府";
        let r = responsibilities(
            &ResponsibilityText::Labelled(cell.into()),
            "",
            YINCHUAN,
            kb(),
        );
        let got: Vec<(&str, Role, &[String])> = r
            .iter()
            .map(|r| {
                (
                    r.department.name.as_str(),
                    r.role,
                    r.department.types.as_slice(),
                )
            })
            .collect();
        let names: Vec<&str> = got.iter().map(|g| g.0).collect();
        assert_eq!(
            names,
            [
                "市国税局",
                "市地税局",
                "市财政局",
                "市发展改革委",
                "市物价局",
                "市建设局",
                "供水（电、气、暖）、通信有线等单位",
                "各县（市）区人民政府"
            ]
        );
        assert!(got.iter().all(|g| g.1 == Role::Lead));
        assert_eq!(got[4].2, ["pricing"]);
        assert_eq!(got[6].2, ["utilities"]);
    }

    #[test]
    fn yinchuan_collective_without_brackets() {
        assert_eq!(
            labelled("各县市区人民政府", YINCHUAN),
            ["各县市区人民政府/L"]
        );
    }

    // -- 004 (上海): closing brackets of prose tasks --------------------------

    #[test]
    fn shanghai_lead_before_fuze_participant_before_shishi() {
        assert_eq!(
            bracketed(
                "市规划资源局、市民政局、市住房城乡建设管理委按照职责分工负责，各区实施",
                SHANGHAI
            ),
            [
                "市规划资源局/L",
                "市民政局/L",
                "市住房城乡建设管理委/L",
                "各区/P"
            ]
        );
        assert_eq!(
            bracketed("市民政局负责,各涉农区实施", SHANGHAI),
            ["市民政局/L", "各涉农区/P"]
        );
    }

    #[test]
    fn shanghai_without_participants() {
        assert_eq!(
            bracketed(
                "市医保局、市民政局、市卫生健康委、市财政局、上海银保监局按照职责分工负责",
                SHANGHAI
            ),
            [
                "市医保局/L",
                "市民政局/L",
                "市卫生健康委/L",
                "市财政局/L",
                "上海银保监局/L"
            ]
        );
    }

    #[test]
    fn shanghai_names_with_the_city_take_no_prefix() {
        assert_eq!(
            bracketed(
                "上海银保监局、人民银行上海总部、上海证监局、市地方金融监管局、市公安局、市市场监管局、市民政局按照职责分工负责",
                SHANGHAI
            ),
            [
                "上海银保监局/L",
                "人民银行上海总部/L",
                "上海证监局/L",
                "市地方金融监管局/L",
                "市公安局/L",
                "市市场监管局/L",
                "市民政局/L"
            ]
        );
    }

    // -- 002 (晋中): bodies mentioned in prose --------------------------------

    #[test]
    fn jinzhong_mentions_need_a_keyword_and_a_suffix() {
        let text = "运营补助由实施养老机构许可民政部门(榆次区、开发区范围内300张床位以上的养老机构由市民政局许可,\
                    300张床位〈含300张〉以下的养老机构分别由榆次区民政局、开发区社管处许可)的同级财政负担。\
                    在省财政给予一次性建设补助的基础上,由市财政分别给予补助。";
        assert_eq!(
            in_text(text, JINZHONG),
            ["民政部门/M", "市民政局/M", "榆次区民政局/M"]
        );
    }

    #[test]
    fn jinzhong_skips_bodies_of_the_province_and_the_state() {
        let text = "按照省民政厅、省发改委、省财政厅《关于做好全省农村老年人日间照料中心建设工作的通知》的要求。\
                    贯彻落实民政部、国家标准化管理委员会等部门联合印发的意见,国务院有关部门、全国老龄委";
        assert!(in_text(text, JINZHONG).is_empty());
    }

    #[test]
    fn jinzhong_mentions_in_a_task() {
        let text = "对经卫生计生部门和民政部门批准,许可设立的非营利性医养融合医疗机构,卫生计生部门按照相应标准予以审批。\
                    鼓励社区卫生服务中心与社区日间照料中心加强合作。国土部门应优先给予用地保障。";
        assert_eq!(
            in_text(text, JINZHONG),
            ["卫生计生部门/M", "民政部门/M", "国土部门/M"]
        );
    }

    #[test]
    fn jinzhong_fees_of_several_bodies() {
        let text = "国土资源部门收取的土地复垦费、住房城乡建设部门收取的房屋登记费;人防部门收取的防空地下室易地建设费。\
                    享受晋中市人民政府办公厅《关于印发扶持高校毕业生创业实施意见等文件的通知》,由县级财政负担。";
        assert_eq!(
            in_text(text, JINZHONG),
            ["国土资源部门/M", "住房城乡建设部门/M", "人防部门/M"]
        );
    }

    #[test]
    fn mentions_share_the_suffix_of_a_list_and_normalise_the_city() {
        assert_eq!(
            in_text(
                "规划、国土、住房和城乡建设部门要统筹规划。晋中市民政局负责。",
                JINZHONG
            ),
            [
                "规划部门/M",
                "国土部门/M",
                "住房和城乡建设部门/M",
                "市民政局/M"
            ]
        );
        assert!(in_text("由县民政部门和有关部门负责,县级民政部门", JINZHONG).is_empty());
        assert!(in_text("县（市、区）民政部门负责", JINZHONG).is_empty());
        assert_eq!(in_text("（一）民政部门负责", JINZHONG), ["民政部门/M"]);
    }

    // -- other shapes of the genre ----------------------------------------

    #[test]
    fn responsibility_label_and_semicolon() {
        assert_eq!(
            labelled(
                "责任单位：市卫生健康委员会；配合单位：市医疗保障局、市财政局",
                "杭州市"
            ),
            ["市卫生健康委员会/L", "市医疗保障局/P", "市财政局/P"]
        );
    }

    #[test]
    fn lead_and_cooperate_verbs() {
        assert_eq!(
            labelled("市民政局牵头，市财政局、市人社局配合", "杭州市"),
            ["市民政局/L", "市财政局/P", "市人社局/P"]
        );
        assert_eq!(
            bracketed("(市民政局牵头，各区政府负责落实)", "杭州市"),
            ["市民政局/L", "各区政府/L"]
        );
    }

    #[test]
    fn bracket_marker_makes_the_others_participants() {
        assert_eq!(
            labelled("市财政局、市民政局（牵头）、市卫生健康委", "杭州市"),
            ["市财政局/P", "市民政局/L", "市卫生健康委/P"]
        );
    }

    #[test]
    fn a_marked_body_leads_and_the_others_take_part() {
        assert_eq!(
            labelled("责任单位：市民政局*、市财政局、市卫健委", "襄阳市"),
            ["市民政局/L", "市财政局/P", "市卫健委/P"]
        );
        assert_eq!(
            labelled("★市卫健委、市医保局、 ※ ", "襄阳市"),
            ["市卫健委/L", "市医保局/P"]
        );
        // Unmarked, a list of bodies responsible all lead.
        assert_eq!(
            labelled("责任单位：市民政局、市财政局", "襄阳市"),
            ["市民政局/L", "市财政局/L"]
        );
    }

    #[test]
    fn verbs_in_brackets_and_after_filler() {
        assert_eq!(
            labelled("市民政局（牵头）、市财政局（按职责分工负责）", "杭州市"),
            ["市民政局/L", "市财政局/L"]
        );
        assert_eq!(
            bracketed(
                "市民政局、市财政局按职责分工负责；各区县政府具体落实",
                "杭州市"
            ),
            ["市民政局/L", "市财政局/L", "各区县政府/P"]
        );
        assert_eq!(
            bracketed("市民政局牵头负责，各区政府、管委会落实", "杭州市"),
            ["市民政局/L", "各区政府/P", "管委会/P"]
        );
    }

    #[test]
    fn other_separators_brackets_and_trailing_words() {
        assert_eq!(
            bodies("市卫生计生委\\市民政局｜市老龄办", "成都市"),
            ["市卫生计生委", "市民政局", "市老龄办"]
        );
        assert_eq!(
            bodies("【市民政局、财政局等有关部门】", "成都市"),
            ["市民政局", "市财政局"]
        );
        assert_eq!(bodies("市民政局等相关部门", "成都市"), ["市民政局"]);
        assert_eq!(bodies("市民政局督促", "成都市"), ["市民政局"]);
        assert_eq!(
            bodies("市老龄工作指导中心、市民政局", "成都市"),
            ["市老龄工作指导中心", "市民政局"]
        );
        assert_eq!(
            bracketed("各区政府负责，市民政局指导", "成都市"),
            ["各区政府/L", "市民政局/P"]
        );
    }

    #[test]
    fn district_departments_are_not_governments() {
        let r = responsibilities(
            &ResponsibilityText::Labelled("市民政局、各区民政局".into()),
            "",
            "成都市",
            kb(),
        );
        let got: Vec<(&str, &[String])> = r
            .iter()
            .map(|r| (r.department.name.as_str(), r.department.types.as_slice()))
            .collect();
        assert_eq!(got[1].0, "各区民政局");
        assert_eq!(got[1].1, ["civil-affairs"]);
    }

    #[test]
    fn short_labels_with_a_colon() {
        assert_eq!(
            labelled("牵头：市民政局；配合：市财政局、人社局", "杭州市"),
            ["市民政局/L", "市财政局/P", "市人社局/P"]
        );
    }

    #[test]
    fn semicolon_lists_and_half_width_brackets() {
        assert_eq!(
            bodies("市民政局(老龄办);市财政局;市卫生健康委员会", "杭州市"),
            ["市民政局", "市老龄办", "市财政局", "市卫生健康委员会"]
        );
        assert_eq!(
            bodies("县(市、区)政府(管委会),市发展改革委(物价局)", "南通市"),
            ["县(市、区)政府(管委会)", "市发展改革委", "市物价局"]
        );
    }

    #[test]
    fn never_splits_inside_names_with_he() {
        assert_eq!(
            bodies(
                "市人力资源和社会保障局、住房和城乡建设委员会和市发展和改革委员会",
                "杭州市"
            ),
            [
                "市人力资源和社会保障局",
                "市住房和城乡建设委员会",
                "市发展和改革委员会"
            ]
        );
        assert_eq!(
            bodies("市卫生和计划生育委员会及各区、县人民政府", "杭州市"),
            ["市卫生和计划生育委员会", "各区、县人民政府"]
        );
    }

    #[test]
    fn generic_bodies_and_filler_are_dropped() {
        assert_eq!(
            bodies(
                "由市民政局会同有关部门负责，各区县、市直相关单位实施",
                "杭州市"
            ),
            ["市民政局", "各区县"]
        );
        assert_eq!(
            bodies("市民政局、市财政局等部门", "杭州市"),
            ["市民政局", "市财政局"]
        );
        assert_eq!(
            bodies("市政府办公室、市政府督查室", "杭州市"),
            ["市政府办公室", "市政府督查室"]
        );
    }

    #[test]
    fn city_name_written_out_becomes_the_prefix() {
        assert_eq!(
            bodies("杭州市民政局、财政局", "杭州市"),
            ["市民政局", "市财政局"]
        );
    }

    #[test]
    fn autonomous_prefecture_distributes_its_own_prefix() {
        assert_eq!(
            bodies("州民政局、财政局、各县（市）人民政府", "延边朝鲜族自治州"),
            ["州民政局", "州财政局", "各县（市）人民政府"]
        );
    }

    #[test]
    fn a_note_says_that_the_body_listed_first_leads() {
        for note in [
            "排在第一位的为牵头单位",
            "（列首位者为牵头部门）",
            "注：责任单位中第一个为牵头单位，其他为配合单位。",
        ] {
            assert!(says_first_listed_leads(note, kb()), "{note}");
        }
        assert!(!says_first_listed_leads(
            "把养老服务摆在第一位，由市民政局牵头推进",
            kb()
        ));
        assert!(!says_first_listed_leads("市民政局牵头", kb()));
    }

    #[test]
    fn the_body_listed_first_leads_where_a_note_says_so() {
        let read_first = |cell: &str| {
            read(
                ResponsibilityText::FirstListedLeads(cell.to_owned()),
                "",
                "清远市",
            )
        };
        assert_eq!(
            read_first("市民政局、市市场监管局、市卫生健康局"),
            ["市民政局/L", "市市场监管局/P", "市卫生健康局/P"]
        );
        // Labels in the cell win over the order.
        assert_eq!(
            read_first("配合单位：市财政局；牵头单位：市民政局"),
            ["市财政局/P", "市民政局/L"]
        );
        assert_eq!(
            read_first("各县（市、区）人民政府"),
            ["各县（市、区）人民政府/L"]
        );
    }

    #[test]
    fn a_name_that_opens_with_the_prefix_character_still_takes_the_prefix() {
        // 市场监管局 begins with 市 the way 市场 does, not as the city's prefix.
        assert_eq!(
            bodies("市民政局、市场监管局、应急管理局", "肇庆市"),
            ["市民政局", "市市场监管局", "市应急管理局"]
        );
        assert_eq!(
            bodies("市市场监管局、民政局", "肇庆市"),
            ["市市场监管局", "市民政局"]
        );
        assert_eq!(
            bodies("市容环境卫生管理局、民政局", "肇庆市"),
            ["市容环境卫生管理局", "民政局"]
        );
    }

    #[test]
    fn roles_named_after_the_body_or_by_other_words() {
        let cell = |text: &str| read(ResponsibilityText::Labelled(text.into()), "", JINZHONG);
        assert_eq!(
            cell("市民政局为牵头单位，市财政局为配合单位"),
            ["市民政局/L", "市财政局/P"]
        );
        assert_eq!(
            cell("主责单位：市民政局；协办单位：市财政局"),
            ["市民政局/L", "市财政局/P"]
        );
        assert_eq!(
            cell("市民政局负总责，市财政局协助"),
            ["市民政局/L", "市财政局/P"]
        );
        // A filler in brackets is no part of the name.
        assert_eq!(
            cell("市民政局、市财政局（按职责分工）"),
            ["市民政局/L", "市财政局/L"]
        );
    }

    #[test]
    fn bodies_before_hui_tong_lead_and_those_after_take_part() {
        let bracketed = |text: &str| read(ResponsibilityText::Bracketed(text.into()), "", JINZHONG);
        assert_eq!(
            bracketed("市民政局会同市大数据局负责"),
            ["市民政局/L", "市大数据局/P"]
        );
        assert_eq!(
            bracketed("市民政局、市财政局会同市卫健委、市医保局负责"),
            ["市民政局/L", "市财政局/L", "市卫健委/P", "市医保局/P"]
        );
        assert_eq!(
            bracketed("市民政局会同市大数据局负责，市财政局配合"),
            ["市民政局/L", "市大数据局/P", "市财政局/P"]
        );
        assert_eq!(bracketed("市民政局会同有关部门负责"), ["市民政局/L"]);
        // Without 会同, the bodies a lead verb closes all lead.
        assert_eq!(
            bracketed("市民政局和市大数据局负责"),
            ["市民政局/L", "市大数据局/L"]
        );
    }

    #[test]
    fn a_unit_glued_to_its_parent_is_one_body() {
        assert_eq!(
            bodies("市公安局交警支队、市卫健委疾控中心", "株洲市"),
            ["市公安局交警支队", "市卫健委疾控中心"]
        );
        // Of another type, or with a prefix of its own: two bodies.
        assert_eq!(
            bodies("市财政局保监部门", "株洲市"),
            ["市财政局", "市保监部门"]
        );
        assert_eq!(
            bodies("市卫健委市疾控中心", "株洲市"),
            ["市卫健委", "市疾控中心"]
        );
    }

    #[test]
    fn a_body_of_another_level_takes_no_city_prefix() {
        // A district's plan names its own bureaus beside the city's branch.
        assert_eq!(
            bodies("区卫健局、区民政局、市医保局芦淞分局", "株洲市"),
            ["区卫健局", "区民政局", "市医保局芦淞分局"]
        );
        assert_eq!(
            bodies("市民政局、县卫健局、财政局", "株洲市"),
            ["市民政局", "县卫健局", "市财政局"]
        );
        // 区域 is no level: the keyword does not start after 区.
        assert_eq!(
            bodies("市民政局、区域医疗中心", "株洲市"),
            ["市民政局", "市区域医疗中心"]
        );
    }

    #[test]
    fn no_prefix_without_one_in_the_cell() {
        assert_eq!(bodies("民政局、财政局", "杭州市"), ["民政局", "财政局"]);
    }

    #[test]
    fn a_body_once_per_role() {
        // Once, and a body that leads takes no part besides.
        assert_eq!(
            columns("市民政局、市民政局", "市民政局、财政局、市财政局", "杭州市"),
            ["市民政局/L", "市财政局/P"]
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        let odd = [
            "",
            " ",
            "（",
            "）",
            "((市民政局",
            "市民政局）)",
            "、、，，",
            "牵头单位：",
            "配合单位：：",
            "负责",
            "各",
            "市",
            "和和和",
            "市民政局（老龄办",
            "（老龄办）",
            "🙂市民政局🙂",
            "\u{feff}市\u{200b}民政局",
            "等单位",
            "（）（）",
            "市民政局（（老龄办））",
        ];
        for text in odd {
            for source in [
                ResponsibilityText::Labelled(text.into()),
                ResponsibilityText::Bracketed(text.into()),
                ResponsibilityText::Columns {
                    lead: text.into(),
                    participants: text.into(),
                },
                ResponsibilityText::InText,
            ] {
                let _ = responsibilities(&source, text, "", kb());
                let _ = responsibilities(&source, text, "上海市", kb());
            }
        }
        assert_eq!(bodies("（老龄办）", "南通市"), ["老龄办"]);
        assert_eq!(bodies("市民政局（老龄办", "南通市"), ["市民政局（老龄办"]);
    }

    /// Strings built from the characters that steer the reader (brackets,
    /// separators, conjunctions, verbs, suffixes, levels) and some others.
    #[test]
    fn never_panics_on_generated_input() {
        let alphabet: Vec<char> = "（）()、，,；;：:和及与各市县区局委办政府牵头配合负责实施等单位部门民政老龄财政上海🙂\u{3000} \n"
            .chars()
            .collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize
        };
        for _ in 0..3000 {
            let len = next() % 24;
            let text: String = (0..len)
                .map(|_| alphabet[next() % alphabet.len()])
                .collect();
            let _ = split_bodies(&text, "上海市", kb());
            let _ = mentioned_bodies(&text, "南通市", kb());
            let source = ResponsibilityText::Columns {
                lead: text.clone(),
                participants: text.chars().rev().collect(),
            };
            let _ = responsibilities(&source, &text, "延边朝鲜族自治州", kb());
        }
    }
}
