//! Every seed, saved in other encodings, typed with other line ends,
//! spaces, widths and brackets, or shown on a web page, reads to the same
//! document as the clean UTF-8 file; and a page laid out with paragraphs
//! and a table reads as the text it shows.

use std::path::Path;

use eldergraph::ingest::{read_document, ReadOptions};
use eldergraph::knowledge::Knowledge;
use eldergraph::model::Document;

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xfe, 0xff]
    } else {
        vec![0xff, 0xfe]
    };
    for unit in text.encode_utf16() {
        out.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

/// Full-width digits and letters (１２３, Ａ), as some editors type them.
fn full_width_alnum(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                char::from_u32(c as u32 + 0xfee0).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

/// Every other full-width bracket written half-width.
fn mixed_brackets(text: &str) -> String {
    let mut flip = false;
    text.chars()
        .map(|c| match c {
            '（' | '）' => {
                flip = !flip;
                if flip {
                    if c == '（' {
                        '('
                    } else {
                        ')'
                    }
                } else {
                    c
                }
            }
            _ => c,
        })
        .collect()
}

fn variants(text: &str) -> Vec<(&'static str, Vec<u8>)> {
    let (gb18030, _, _) = encoding_rs::GB18030.encode(text);
    vec![
        (
            "utf-8 with BOM",
            [b"\xef\xbb\xbf".as_slice(), text.as_bytes()].concat(),
        ),
        ("utf-16le with BOM", utf16(text, false)),
        ("utf-16be with BOM", utf16(text, true)),
        ("gb18030", gb18030.into_owned()),
        ("crlf", text.replace('\n', "\r\n").into_bytes()),
        ("cr", text.replace('\n', "\r").into_bytes()),
        ("nbsp", text.replace(' ', "\u{a0}").into_bytes()),
        (
            "full-width digits and letters",
            full_width_alnum(text).into_bytes(),
        ),
        ("mixed brackets", mixed_brackets(text).into_bytes()),
        ("web page", preformatted_page(text).into_bytes()),
    ]
}

/// The text as a web page that shows it preformatted, line for line.
fn preformatted_page(text: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>政策文件</title>\
         <script>var page = 1;</script></head>\n<body><pre>\n{}</pre></body></html>\n",
        escape(text)
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn read(path: &Path) -> Document {
    let kb = Knowledge::bundled().unwrap();
    read_document(path, kb, &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e:#}", path.display()))
}

#[test]
fn every_variant_reads_to_the_same_document() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let dir = tempfile::tempdir().unwrap();
    let mut names: Vec<_> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for seed in names {
        let clean = read(&seed);
        let text = std::fs::read_to_string(&seed).unwrap();
        let file_name = seed.file_name().unwrap();
        for (variant, bytes) in variants(&text) {
            let folder = dir.path().join(variant.replace(' ', "-"));
            std::fs::create_dir_all(&folder).unwrap();
            let path = folder.join(file_name);
            std::fs::write(&path, bytes).unwrap();
            let read = read(&path);
            assert_eq!(
                read.tasks.len(),
                clean.tasks.len(),
                "{variant} of {file_name:?}"
            );
            assert!(
                read == clean,
                "{variant} of {file_name:?} reads differently"
            );
        }
    }
}

/// A task's label, section, text, bodies with roles and deadline.
type TaskRow = (String, String, String, Vec<String>, Option<String>);

fn tasks(doc: &Document) -> Vec<TaskRow> {
    doc.tasks
        .iter()
        .map(|t| {
            let bodies = t
                .responsibilities
                .iter()
                .map(|r| format!("{}/{}", r.department.name, r.role.code()))
                .collect();
            let due = t.deadline.as_ref().map(|d| d.text.clone());
            (
                t.label.clone(),
                t.section.join(" / "),
                t.text.clone(),
                bodies,
                due,
            )
        })
        .collect()
}

#[test]
fn a_web_page_reads_as_the_text_it_shows() {
    let text = "淮安市人民政府办公室关于印发淮安市养老服务重点任务分工方案的通知\n\
                淮政办发〔2021〕8号\n\
                一、工作目标\n\
                到2025年，全市护理型床位占比达到60%以上。\n\
                二、重点任务分工\n\
                序号\t类别\t工作任务\t牵头单位\t配合单位\t完成时限\n\
                1\t设施建设\t推进街道综合养老服务中心建设。\t市民政局\t市住建局、市财政局\t2022年底前\n\
                2\t\t发展家庭养老床位。\t市民政局\t各县区人民政府\t持续推进\n\
                3\t医养结合\t推进养老机构与医疗机构签约合作。\t市卫生健康委\t市民政局\t2021.12\n\
                \n\
                淮安市人民政府办公室\n\
                2021年3月1日\n";
    let page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\">\
        <title>淮安市人民政府</title><style>td{padding:2px}</style></head><body>\
        <h1>淮安市人民政府办公室关于印发淮安市养老服务\n  重点任务分工方案的通知</h1>\
        <p class=\"wh\">淮政办发〔2021〕8号</p>\
        <p><strong>一、工作目标</strong></p>\
        <p>&nbsp;&nbsp;到2025年，全市护理型床位占比达到<span>60%</span>以上。</p>\
        <p><strong>二、重点任务分工</strong></p>\
        <table border=\"1\"><tbody>\
        <tr><th>序号</th><th>类别</th><th>工作任务</th><th>牵头单位</th><th>配合单位</th><th>完成时限</th></tr>\
        <tr><td>1</td><td rowspan=\"2\">设施建设</td><td><p>推进街道综合养老服务中心建设。</p></td>\
            <td>市民政局</td><td>市住建局、市财政局</td><td>2022年底前</td></tr>\
        <tr><td>2</td><td>发展家庭养老床位。</td><td>市民政局</td><td>各县区人民政府</td><td>持续推进</td></tr>\
        <tr><td>3</td><td>医养结合</td><td>推进养老机构与医疗机构签约合作。</td><td>市卫生健康委</td>\
            <td>市民政局</td><td>2021.12</td></tr>\
        </tbody></table>\
        <p style=\"text-align:right\">淮安市人民政府办公室</p><p style=\"text-align:right\">2021年3月1日</p>\
        </body></html>";
    let dir = tempfile::tempdir().unwrap();
    let (text_path, page_path) = (dir.path().join("a.txt"), dir.path().join("a.html"));
    std::fs::write(&text_path, text).unwrap();
    std::fs::write(&page_path, page).unwrap();
    let (from_text, from_page) = (read(&text_path), read(&page_path));
    assert_eq!(from_page.tasks.len(), 3);
    assert_eq!(tasks(&from_page), tasks(&from_text));
    assert_eq!(from_page.metadata, from_text.metadata);
    assert_eq!(from_page.city, "淮安市");
    let targets = |d: &Document| -> Vec<(String, String)> {
        d.targets
            .iter()
            .map(|t| (t.indicator.clone(), t.value.to_string()))
            .collect()
    };
    assert_eq!(
        targets(&from_page),
        [("nursing-bed-share".to_owned(), "60".to_owned())]
    );
    assert_eq!(targets(&from_page), targets(&from_text));
}

#[test]
fn a_web_page_s_merged_cells_belong_to_every_row_they_span() {
    // A time limit and a lead merged over two tasks, and a task merged over
    // two measures (its number and name spanning both rows).
    let page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\
        <h1>荆州市养老服务重点任务分工表</h1>\
        <table border=\"1\">\
        <tr><th rowspan=\"2\">序号</th><th rowspan=\"2\">重点任务</th><th rowspan=\"2\">具体措施</th>\
            <th colspan=\"2\">责任单位</th><th rowspan=\"2\">完成时限</th></tr>\
        <tr><th>牵头单位</th><th>配合单位</th></tr>\
        <tr><td rowspan=\"2\">1</td><td rowspan=\"2\">完善基本养老服务清单</td><td>制定清单</td>\
            <td>市民政局</td><td>市财政局</td><td>2024年6月底前</td></tr>\
        <tr><td>建立动态调整机制</td><td>市民政局</td><td>市发改委</td><td>2025年底前</td></tr>\
        <tr><td>2</td><td>发展家庭养老床位</td><td>每年新增家庭养老床位500张</td>\
            <td rowspan=\"2\">市民政局</td><td>市卫健委</td><td rowspan=\"2\">长期坚持</td></tr>\
        <tr><td>3</td><td>实施适老化改造</td><td>完成困难老年人家庭适老化改造1000户</td><td>市残联</td></tr>\
        </table></body></html>";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.html");
    std::fs::write(&path, page).unwrap();
    let doc = read(&path);
    let row = |label: &str, text: &str, bodies: &[&str], due: &str| -> TaskRow {
        (
            label.to_owned(),
            String::new(),
            text.to_owned(),
            bodies.iter().map(|b| (*b).to_owned()).collect(),
            Some(due.to_owned()),
        )
    };
    assert_eq!(
        tasks(&doc),
        [
            row(
                "1",
                "完善基本养老服务清单：制定清单；建立动态调整机制",
                &[
                    "市民政局/lead",
                    "市财政局/participant",
                    "市发改委/participant"
                ],
                "2024年6月底前；2025年底前"
            ),
            row(
                "2",
                "发展家庭养老床位：每年新增家庭养老床位500张",
                &["市民政局/lead", "市卫健委/participant"],
                "长期坚持"
            ),
            row(
                "3",
                "实施适老化改造：完成困难老年人家庭适老化改造1000户",
                &["市民政局/lead", "市残联/participant"],
                "长期坚持"
            ),
        ]
    );
    let due: Vec<_> = doc
        .tasks
        .iter()
        .map(|t| t.deadline.as_ref().and_then(|d| d.due))
        .collect();
    assert_eq!(due[0].map(|d| d.to_string()), Some("2025-12-31".to_owned()));
}

#[test]
fn a_page_that_names_its_city_only_in_its_tab_title_is_that_city_s() {
    let page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\">\
        <title>宜昌市养老服务任务清单_宜昌市人民政府门户网站</title></head><body>\
        <table border=\"1\"><tr><th>序号</th><th>工作任务</th><th>牵头单位</th><th>完成时限</th></tr>\
        <tr><td>1</td><td>建设区域养老服务中心</td><td>市民政局</td><td>2024年底前</td></tr>\
        </table></body></html>";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.html");
    std::fs::write(&path, page).unwrap();
    let doc = read(&path);
    assert_eq!(doc.city, "宜昌市");
    assert_eq!(
        doc.metadata.title.as_deref(),
        Some("宜昌市养老服务任务清单")
    );
    assert_eq!(doc.tasks.len(), 1);
}
