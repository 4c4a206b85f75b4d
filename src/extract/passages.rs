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
}

impl Passage {
    /// A passage of one task's text, all of it on `first_line`.
    pub fn single(text: &str, first_line: usize, task: Option<usize>) -> Passage {
        Passage {
            text: text.to_owned(),
            line_starts: vec![(0, first_line)],
            task,
        }
    }

    /// Appends a source line (trimmed by the caller).
    pub fn push_line(&mut self, line: &str, line_no: usize) {
        self.line_starts.push((self.text.len(), line_no));
        self.text.push_str(line);
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

    /// The sentences, split after 。；; ！？ (the mark stays with its sentence).
    pub fn sentences(&self) -> Vec<Sentence<'_>> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, c) in self.text.char_indices() {
            if matches!(c, '。' | '；' | ';' | '！' | '？') {
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
