//! Structural phrases of the genre (table headers, role labels, section
//! titles, deadline words), read from `ontology/lexicon.csv`.

use anyhow::{bail, Context, Result};

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
}

#[derive(Debug, Default)]
pub struct Lexicon {
    entries: Vec<(String, String, String)>,
    table_headers: Vec<(String, ColumnRole)>,
    role_labels: Vec<(String, Role)>,
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
            let (kind, phrase, value) = (field(0), field(1), field(2));
            if kind.is_empty() || phrase.is_empty() {
                continue;
            }
            match kind.as_str() {
                "table-header" => lexicon
                    .table_headers
                    .push((phrase.clone(), column_role(&value)?)),
                "role-label" => lexicon.role_labels.push((phrase.clone(), role(&value)?)),
                _ => {}
            }
            lexicon.entries.push((kind, phrase, value));
        }
        // Longest phrases first, so that 牵头单位 wins over 牵头.
        lexicon
            .role_labels
            .sort_by_key(|(p, _)| std::cmp::Reverse(p.chars().count()));
        Ok(lexicon)
    }

    /// The phrases of one kind, in file order.
    pub fn phrases<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.entries
            .iter()
            .filter(move |(k, _, _)| k == kind)
            .map(|(_, p, _)| p.as_str())
    }

    /// The column a header cell names ("牵头部门" → Lead); spaces are ignored.
    pub fn column_role(&self, header_cell: &str) -> Option<ColumnRole> {
        let cell: String = header_cell.chars().filter(|c| !c.is_whitespace()).collect();
        self.table_headers
            .iter()
            .find(|(p, _)| *p == cell)
            .map(|(_, r)| *r)
    }

    /// Role labels, longest first.
    pub fn role_labels(&self) -> &[(String, Role)] {
        &self.role_labels
    }

    pub fn is_task_section(&self, title: &str) -> bool {
        self.phrases("task-section").any(|p| title.contains(p))
    }

    pub fn is_goal_section(&self, title: &str) -> bool {
        self.phrases("goal-section").any(|p| title.contains(p))
    }

    /// True when `text` contains a phrase of `kind`.
    pub fn mentions(&self, kind: &str, text: &str) -> bool {
        self.phrases(kind).any(|p| text.contains(p))
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
        assert_eq!(lexicon.column_role("备注"), None);
        assert!(lexicon.is_task_section("四、具体任务"));
        assert!(lexicon.is_goal_section("二、发展目标"));
        assert!(!lexicon.is_task_section("五、组织保障"));
        assert_eq!(lexicon.role_labels()[0].0.chars().count(), 4);
    }
}
