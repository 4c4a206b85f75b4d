//! Passages: the stretches of text where targets and funding are looked for
//! (each task's text, a document's goal section, the intro of a task section),
//! cut into sentences that know their source line.

/// A stretch of text made of source lines joined without breaks.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Passage {
    pub text: String,
    /// For each joined line: the byte offset in `text` where it starts and its
    /// 1-based source line number, in order.
    pub line_starts: Vec<(usize, usize)>,
    /// The task the passage belongs to; `None` for document-level text.
    pub task: Option<usize>,
    /// Byte offsets where a sentence ends though no mark says so: after a
    /// heading alone on its line. In text order ([`Passage::break_sentence`]
    /// adds them as the text grows).
    pub breaks: Vec<usize>,
}

impl Passage {
    /// A passage of one task's text, all of it on `first_line`.
    pub fn single(text: &str, first_line: usize, task: Option<usize>) -> Passage {
        Passage {
            text: text.to_owned(),
            line_starts: vec![(0, first_line)],
            task,
            breaks: Vec::new(),
        }
    }

    /// Appends a source line (trimmed by the caller).
    pub fn push_line(&mut self, line: &str, line_no: usize) {
        self.line_starts.push((self.text.len(), line_no));
        self.text.push_str(line);
    }

    /// Ends the current sentence here, where the text has no mark.
    pub fn break_sentence(&mut self) {
        self.breaks.push(self.text.len());
    }

    /// The source line holding byte `offset` of the text.
    pub fn line_at(&self, offset: usize) -> usize {
        let i = self
            .line_starts
            .partition_point(|(start, _)| *start <= offset);
        self.line_starts
            .get(i.saturating_sub(1))
            .map_or(0, |(_, line)| *line)
    }

    /// The sentences, split after 。；; ！？ (the mark stays with its
    /// sentence) and at the breaks.
    pub fn sentences(&self) -> Vec<Sentence<'_>> {
        let mut out = Vec::new();
        let mut start = 0;
        // The breaks are in text order: one pass over them with the text.
        let mut breaks = self.breaks.iter().copied().peekable();
        for (i, c) in self.text.char_indices() {
            let mut at_break = false;
            while let Some(b) = breaks.next_if(|&b| b <= i) {
                at_break |= b == i;
            }
            if at_break && i > start {
                self.push_sentence(&mut out, start, i);
                start = i;
            }
            if ends_sentence(c) {
                let end = i + c.len_utf8();
                self.push_sentence(&mut out, start, end);
                start = end;
            }
        }
        self.push_sentence(&mut out, start, self.text.len());
        out
    }

    fn push_sentence<'a>(&'a self, out: &mut Vec<Sentence<'a>>, start: usize, end: usize) {
        let text = &self.text[start..end];
        let lead = text.len() - text.trim_start().len();
        if !text.trim().is_empty() {
            out.push(Sentence {
                text: text.trim(),
                offset: start + lead,
                line: self.line_at(start + lead),
            });
        }
    }
}

/// Whether a character ends a sentence: 。；; ！？.
pub fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '；' | ';' | '！' | '？')
}

/// One sentence of a passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence<'a> {
    pub text: &'a str,
    /// Byte offset in the passage text.
    pub offset: usize,
    /// 1-based source line of its first character.
    pub line: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_know_their_lines() {
        let mut p = Passage::default();
        p.push_line("2015年，覆盖80%。护理员持证", 10);
        p.push_line("上岗率达到40%以上；", 12);
        p.push_line("到2017年，达到60%", 13);
        let s = p.sentences();
        let got: Vec<(&str, usize)> = s.iter().map(|s| (s.text, s.line)).collect();
        assert_eq!(
            got,
            vec![
                ("2015年，覆盖80%。", 10),
                ("护理员持证上岗率达到40%以上；", 10),
                ("到2017年，达到60%", 13)
            ]
        );
        assert_eq!(p.line_at(p.text.find("上岗").unwrap()), 12);
    }

    #[test]
    fn empty_passages_have_no_sentences() {
        assert!(Passage::default().sentences().is_empty());
        assert_eq!(Passage::single("。", 3, None).sentences().len(), 1);
    }
}

use super::headings::{self, Level};
use super::metadata;
use crate::knowledge::Knowledge;
use crate::model::LineRange;
use crate::text;

/// Document-level passages: the body text that stands outside every task,
/// but for a review of what was done before (发展基础). A goal section (主要目标, 发展目标, 工作目标 …), a part or a section
/// under one, is one passage, so that a year stated once carries over its
/// bullets; elsewhere each numbered
/// paragraph starts a passage of its own, so that it can be linked to the
/// table task it restates.
pub fn document_passages(
    lines: &[&str],
    outline: headings::Outline,
    tasks: &[LineRange],
    kb: &Knowledge,
) -> Vec<Passage> {
    let in_task = |no: usize| tasks.iter().any(|r| (r.first..=r.last).contains(&no));
    let mut out = Vec::new();
    let mut current: Option<Passage> = None;
    // The level of the goal heading whose text is being read.
    let mut goals: Option<Level> = None;
    // The level of the review heading (发展基础) whose text is being passed over.
    let mut in_review: Option<Level> = None;
    for (i, raw) in lines.iter().enumerate() {
        let line = text::trim(raw);
        if line.is_empty() {
            continue;
        }
        if in_task(i + 1) {
            out.extend(current.take());
            continue;
        }
        // Furniture (a page's fields, the document number, a date) holds no
        // goal, and the text around it is no one sentence.
        if metadata::is_furniture(line, &kb.lexicon) {
            if let Some(passage) = current.as_mut() {
                passage.break_sentence();
            }
            continue;
        }
        let numbered = outline.numbered(line);
        let level = numbered.as_ref().map(|n| n.level);
        if let Some(level @ (Level::Part | Level::Section)) = level {
            if in_review.is_none_or(|review| level <= review) {
                let title = headings::heading_title(line);
                in_review = kb.lexicon.is_review_section(title).then_some(level);
            }
        }
        if in_review.is_some() {
            out.extend(current.take());
            continue;
        }
        // A goal section is a part (二、发展目标) or a section under one
        // ((二)主要目标): it lasts up to the next heading of its level.
        let mut opens_goals = false;
        if let Some(level @ (Level::Part | Level::Section)) = level {
            if goals.is_none_or(|g| level <= g) {
                goals = kb
                    .lexicon
                    .is_goal_section(headings::heading_title(line))
                    .then_some(level);
                opens_goals = goals.is_some();
            }
        }
        match level {
            Some(Level::Part) => {
                out.extend(current.take());
                continue;
            }
            Some(Level::Section | Level::Item) if goals.is_none() || opens_goals => {
                out.extend(current.take())
            }
            _ => {}
        }
        let passage = current.get_or_insert_with(Passage::default);
        passage.push_line(line, i + 1);
        // A heading alone on its line ends there: the sentence after it is
        // one of its own ("第一节 发展目标" / "到2025年，…").
        if numbered.is_some_and(|n| headings::is_bare_title(n.rest)) {
            passage.break_sentence();
        }
    }
    out.extend(current);
    out
}

/// How much of `part` stands in `whole`: the share of `part`'s character
/// pairs found in `whole` (1.0 when a table cell restates a paragraph).
pub fn containment(part: &str, whole: &str) -> f64 {
    CharPairs::of(part).share_in(&CharPairs::of(whole))
}

/// The distinct pairs of adjacent characters of a text, blanks ignored:
/// built once per text when it is compared with many others.
#[derive(Debug, Clone, Default)]
pub struct CharPairs(Vec<(char, char)>);

impl CharPairs {
    pub fn of(s: &str) -> CharPairs {
        let chars: Vec<char> = s.chars().filter(|c| !text::is_blank_char(*c)).collect();
        let mut pairs: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
        pairs.sort_unstable();
        pairs.dedup();
        CharPairs(pairs)
    }

    /// The share of these pairs that `whole` has too (see [`containment`]).
    pub fn share_in(&self, whole: &CharPairs) -> f64 {
        if self.0.is_empty() {
            return 0.0;
        }
        // Both sorted and distinct: count the common pairs in one merge.
        let (mut i, mut j, mut common) = (0, 0, 0usize);
        while i < self.0.len() && j < whole.0.len() {
            match self.0[i].cmp(&whole.0[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    common += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        common as f64 / self.0.len() as f64
    }

    /// How many distinct pairs there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The pairs of many texts, indexed by pair: one text is compared with all
/// of them in time that grows with its own pairs, not with the sum of theirs.
#[derive(Debug, Default)]
pub struct PairIndex {
    /// Each pair, sorted, with the texts (by index, ascending) that hold it.
    postings: Vec<((char, char), Vec<usize>)>,
    /// Distinct pairs per text.
    sizes: Vec<usize>,
}

impl PairIndex {
    pub fn of<'t>(texts: impl IntoIterator<Item = &'t str>) -> PairIndex {
        let mut all: Vec<((char, char), usize)> = Vec::new();
        let mut sizes = Vec::new();
        for (i, text) in texts.into_iter().enumerate() {
            let pairs = CharPairs::of(text);
            sizes.push(pairs.len());
            all.extend(pairs.0.into_iter().map(|p| (p, i)));
        }
        all.sort_unstable();
        let mut postings: Vec<((char, char), Vec<usize>)> = Vec::new();
        for (pair, text) in all {
            match postings.last_mut() {
                Some((last, texts)) if *last == pair => texts.push(text),
                _ => postings.push((pair, vec![text])),
            }
        }
        PairIndex { postings, sizes }
    }

    /// Distinct pairs of text `i`.
    pub fn size(&self, i: usize) -> usize {
        self.sizes.get(i).copied().unwrap_or(0)
    }

    /// For each indexed text, how many of `pairs` it holds.
    pub fn common(&self, pairs: &CharPairs) -> Vec<usize> {
        let mut counts = vec![0; self.sizes.len()];
        for pair in &pairs.0 {
            if let Ok(k) = self.postings.binary_search_by(|(p, _)| p.cmp(pair)) {
                for &text in &self.postings[k].1 {
                    counts[text] += 1;
                }
            }
        }
        counts
    }
}

#[cfg(test)]
mod document_tests {
    use super::*;

    /// The document-level passages of a text without tasks.
    fn passages_of(src: &str, kb: &Knowledge) -> Vec<Passage> {
        let lines = text::lines(src);
        document_passages(&lines, headings::Outline::of(&lines), &[], kb)
    }

    #[test]
    fn body_text_outside_tasks_becomes_passages() {
        let src = "一、指导思想\n坚持2个原则。\n二、发展目标\n2015年，覆盖80%。\n（一）到2017年，\n\n达到90%。\n\
                   三、主要任务\n(一)设施计划。完善规划3项。\n要重点围绕产业。\n1.第一项任务，新增5家。\n\
                   2.第二项。\n四、政策措施\n1.加大投入10亿元。\n";
        let kb = Knowledge::bundled().unwrap();
        let lines = text::lines(src);
        // Lines 11-12 are the two tasks.
        let tasks = [
            LineRange {
                first: 11,
                last: 11,
            },
            LineRange {
                first: 12,
                last: 12,
            },
        ];
        let got: Vec<(String, usize)> =
            document_passages(&lines, headings::Outline::of(&lines), &tasks, kb)
                .iter()
                .map(|p| (p.text.clone(), p.line_starts[0].1))
                .collect();
        assert_eq!(
            got,
            vec![
                ("坚持2个原则。".to_owned(), 2),
                ("2015年，覆盖80%。（一）到2017年，达到90%。".to_owned(), 4),
                ("(一)设施计划。完善规划3项。要重点围绕产业。".to_owned(), 9),
                ("1.加大投入10亿元。".to_owned(), 14),
            ]
        );
    }

    #[test]
    fn a_goal_section_under_a_part_is_one_passage() {
        let src = "一、总体要求\n（一）指导思想。坚持2个原则。\n\
                   （二）主要目标。到2025年，实现以下目标：\n1.床位达到4万张；\n2.占比达到60%。\n\
                   （三）基本原则。\n1.政府主导。\n二、主要任务\n";
        let kb = Knowledge::bundled().unwrap();
        let got: Vec<String> = passages_of(src, kb).into_iter().map(|p| p.text).collect();
        assert_eq!(
            got,
            [
                "（一）指导思想。坚持2个原则。",
                "（二）主要目标。到2025年，实现以下目标：1.床位达到4万张；2.占比达到60%。",
                "（三）基本原则。",
                "1.政府主导。",
            ]
        );
    }

    #[test]
    fn a_heading_alone_on_its_line_ends_a_sentence() {
        let src = "第一章 规划背景\n第一节 发展基础\n床位达到3.2万张。\n第二章 总体要求\n\
                   第一节 发展目标\n到2025年，护理型床位占比达到55%。\n第三章 主要任务\n";
        let kb = Knowledge::bundled().unwrap();
        let passages = passages_of(src, kb);
        let sentences: Vec<(&str, usize)> = passages
            .iter()
            .flat_map(|p| p.sentences())
            .map(|s| (s.text, s.line))
            .collect();
        assert_eq!(
            sentences,
            [
                ("第一节 发展目标", 5),
                ("到2025年，护理型床位占比达到55%。", 6)
            ]
        );
    }

    #[test]
    fn page_and_document_furniture_is_no_text() {
        let src = "当前位置：首页 > 政策文件\n索 引 号：\t1136/2019-00012\t主题分类：\t民政\n\
                   某市养老服务实施意见\n饶府办发〔2019〕25号\n2019年8月16日\n\
                   各县（市、区）人民政府：\n现提出如下意见。\n";
        let kb = Knowledge::bundled().unwrap();
        let sentences: Vec<(String, usize)> = passages_of(src, kb)
            .iter()
            .flat_map(|p| {
                p.sentences()
                    .into_iter()
                    .map(|s| (s.text.to_owned(), s.line))
            })
            .collect();
        assert_eq!(
            sentences,
            [
                ("某市养老服务实施意见".to_owned(), 3),
                ("各县（市、区）人民政府：现提出如下意见。".to_owned(), 6)
            ]
        );
    }

    #[test]
    fn a_review_of_past_work_is_no_passage() {
        let src = "一、发展基础\n全市养老床位达到2.8万张。\n（一）设施更加完善。建成中心20个。\n\
                   二、发展环境与目标\n（一）发展现状\n护理型床位占比为45%。\n（二）发展目标\n\
                   到2025年，达到60%。\n三、主要任务\n";
        let kb = Knowledge::bundled().unwrap();
        let got: Vec<(String, usize)> = passages_of(src, kb)
            .iter()
            .map(|p| (p.text.clone(), p.line_at(0)))
            .collect();
        assert_eq!(got, [("（二）发展目标到2025年，达到60%。".to_owned(), 7)]);
    }

    #[test]
    fn containment_measures_a_restatement() {
        let paragraph =
            "2.建立开办和运营补助机制，扶持社会力量举办养老服务机构。对按标准建设的机构给予补助。";
        assert!(
            containment(
                "建立开办和运营补助机制，扶持社会力量举办养老服务机构。",
                paragraph
            ) > 0.95
        );
        assert!(containment("积极推行养老服务机构责任保险", paragraph) < 0.5);
        assert_eq!(containment("", paragraph), 0.0);
    }

    #[test]
    fn the_pair_index_counts_what_a_merge_counts() {
        let texts = [
            "建立开办和运营补助机制",
            "积极推行养老服务机构责任保险",
            "",
            "养老 服务",
        ];
        let index = PairIndex::of(texts);
        let query = CharPairs::of("扶持社会力量举办养老服务机构，建立补助机制。");
        let merged: Vec<usize> = texts
            .iter()
            .map(|t| {
                let pairs = CharPairs::of(t);
                (query.share_in(&pairs) * query.len() as f64).round() as usize
            })
            .collect();
        assert_eq!(index.common(&query), merged);
        assert_eq!(index.common(&query), vec![4, 5, 0, 3]);
        assert_eq!((index.size(0), index.size(2), index.size(3)), (10, 0, 3));
        assert_eq!(index.size(9), 0);
    }
}
