//! Records: what a layout reader pulls out of the text, before any
//! interpretation of departments or deadlines.

use crate::model::LineRange;

/// Where a task's responsible bodies are written, as raw text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponsibilityText {
    /// Separate lead (牵头部门) and participant (参与部门) columns.
    Columns { lead: String, participants: String },
    /// One cell, "牵头单位：… 配合单位：…", or bodies without labels (all lead).
    Labelled(String),
    /// A cell, bracket or sentence of bodies (Labelled, Bracketed, Stated) in
    /// a document that notes that the body listed first leads ("排在第一位的
    /// 为牵头单位", in a header or a line of its own): without roles of their
    /// own, the others take part.
    FirstListedLeads(String),
    /// The closing bracket of a prose task, without the brackets:
    /// "市民政局、市卫生健康委按照职责分工负责，各区实施".
    Bracketed(String),
    /// The closing sentence of a prose task when it only says who does it:
    /// "市民政局牵头，市财政局配合", "责任单位：市民政局、市财政局".
    Stated(String),
    /// No responsibility column: bodies are only mentioned in the task text.
    InText,
}

/// One task as read from the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRecord {
    /// The number as printed.
    pub label: String,
    /// Heading path, outermost first, already repaired.
    pub section: Vec<String>,
    pub text: String,
    /// Where each source line of `text` starts: (byte offset, 1-based line).
    pub text_lines: Vec<(usize, usize)>,
    pub lines: LineRange,
    pub responsibility: ResponsibilityText,
    /// The time-progress cell, if the layout has one.
    pub deadline: Option<String>,
}

impl ResponsibilityText {
    /// The same text, its first body leading where it names no roles: the
    /// document says so of every list ("排在第一位的为牵头单位").
    pub fn first_listed_leading(self) -> ResponsibilityText {
        match self {
            ResponsibilityText::Labelled(text)
            | ResponsibilityText::Bracketed(text)
            | ResponsibilityText::Stated(text) => ResponsibilityText::FirstListedLeads(text),
            other => other,
        }
    }
}
