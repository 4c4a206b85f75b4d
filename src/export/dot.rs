//! Graphviz DOT: the picture's DOT of [`network::to_dot_with`] (styles,
//! legend), with every node's and edge's attributes as DOT attributes
//! (lists joined by `|`; names Graphviz uses get a `data_` prefix) and the
//! weight as Graphviz's `weight`. `dot`, `neato` and `sfdp` draw it as it
//! is; `gvpr`, networkx (pydot) and Gephi read the attributes.

use std::io::Write;

use anyhow::Result;

use super::Description;
use crate::network::{self, Network};

pub fn write(network: &Network, description: &Description, out: &mut dyn Write) -> Result<()> {
    let dot = network::to_dot_with(network, description.lang, true);
    out.write_all(dot.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tiny;

    #[test]
    fn dot_carries_ids_attributes_and_weights() {
        let dot = tiny::written(write);
        let dt = "https://w3id.org/eldergraph/code/department-type/";
        assert!(dot.starts_with("graph network {\n"), "{dot}");
        assert!(dot.contains(&format!("\"{dt}civil-affairs\" [label=\"民政\", tooltip=")));
        assert!(dot
            .contains(r#""code"="civil-affairs", "tasks_led"="3", "share"="0.5", "top"="true"];"#));
        assert!(dot.contains(&format!(
            "\"{dt}civil-affairs\" -- \"{dt}finance\" [penwidth=8.00, tooltip=\"民政 — 财政：共同任务 4，city_list 南通市, 常州市\", weight=\"4\", \"tasks\"=\"4\", \"city_list\"=\"南通市|常州市\"];"
        )), "{dot}");
        assert!(dot.contains(r#"[label="老龄 \"办\" & <co>""#));
        assert_eq!(dot.matches(" -- ").count(), 2);
    }
}
