//! Splitting responsibility text into government bodies, writing each name
//! out in full (city prefix distributed, （老龄办） a body of its own) and
//! giving it a role.
//! STUB: to be written (helper "departments").

use crate::extract::records::ResponsibilityText;
use crate::knowledge::Knowledge;
use crate::model::{Department, Responsibility, Role};

/// The bodies responsible for a task. `task_text` is used for
/// `ResponsibilityText::InText` (bodies mentioned in the text, role
/// `mentioned`). Each body appears once per role, in order of appearance.
pub fn responsibilities(
    _source: &ResponsibilityText,
    _task_text: &str,
    _city: &str,
    _kb: &Knowledge,
) -> Vec<Responsibility> {
    Vec::new()
}

/// The bodies of one cell, names written out in full, without roles.
pub fn split_bodies(_cell: &str, _city: &str, _kb: &Knowledge) -> Vec<String> {
    Vec::new()
}

/// A department with its types from the code list.
pub fn department(name: &str, kb: &Knowledge) -> Department {
    Department {
        name: name.to_owned(),
        types: kb.department_types.classify(name),
    }
}

#[allow(dead_code)]
fn _role(_: Role) {}
