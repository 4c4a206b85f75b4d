//! The five seeds ingested into a store; exact answers of the contract queries.

mod common;

use common::{columns, contract, one, rows_where};

#[test]
fn contract_queries_have_exactly_the_contract_columns() {
    let expected: [(&str, &[&str]); 5] = [
        (
            "documents",
            &["document", "city", "title", "layout", "tasks"],
        ),
        ("tasks", &["city", "task", "label", "section", "text"]),
        (
            "responsibilities",
            &["city", "task", "role", "department", "department_type"],
        ),
        (
            "deadlines",
            &["city", "task", "deadline_text", "due", "ongoing"],
        ),
        (
            "cross-city-partners",
            &["type_a", "type_b", "cities", "tasks"],
        ),
    ];
    for (query, cols) in expected {
        assert_eq!(columns(query), cols, "{query}.rq");
    }
}

#[test]
fn documents_cities_layouts_and_task_counts() {
    let rows = contract("documents");
    let got: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["document"].as_str(),
                r["city"].as_str(),
                r["layout"].as_str(),
                r["tasks"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("000_3484524b0a9dfb8d.txt", "南通市", "grouped-table", "97"),
            ("001_7accbb2d390ef01a.txt", "常州市", "flat-table", "37"),
            ("002_137a1c981a567de9.txt", "晋中市", "numbered-prose", "22"),
            (
                "003_73366ddd31f24b09.txt",
                "银川市",
                "prose-with-table",
                "45"
            ),
            (
                "004_4835a2eaf0c18e86.txt",
                "上海市",
                "bracketed-prose",
                "26"
            ),
        ]
    );
    let title = |doc: &str| one(&rows, &[("document", doc)])["title"].clone();
    assert_eq!(
        title("001_7accbb2d390ef01a.txt"),
        "常州市进一步完善养老服务体系加快发展养老服务业实施意见的责任分解方案"
    );
    assert_eq!(
        title("004_4835a2eaf0c18e86.txt"),
        "上海市人民政府关于印发《上海市深化养老服务实施方案（2019-2022年）》的通知"
    );
}

#[test]
fn tasks_keep_label_section_and_text() {
    let rows = contract("tasks");
    assert_eq!(rows.len(), 97 + 37 + 22 + 45 + 26);
    let task = |city: &str, n: &str| one(&rows, &[("city", city), ("task", n)]).clone();

    let t = task("南通市", "1");
    assert_eq!(t["label"], "1");
    assert_eq!(t["section"], "支持家庭养老服务 / （一）改善老年人居住条件");
    assert!(t["text"].starts_with("在建设、分配廉租住房、公共租赁住房等保障性住房"));
    // "推推进…" repeated at a page break is repaired; blank sub-categories inherit.
    assert_eq!(
        task("南通市", "59")["section"],
        "推进医疗卫生与养老服务相结合 / （一）推动医养融合发展"
    );
    assert_eq!(
        task("南通市", "75")["section"],
        "扶持政策 / （二）完善土地供应政策"
    );
    assert_eq!(
        task("南通市", "84")["section"],
        "扶持政策 / （四）落实财政支持政策"
    );
    assert!(rows_where(&rows, &[("city", "南通市")])
        .iter()
        .all(|r| !r["section"].contains("推推") && !r["section"].contains("扶扶")));

    assert_eq!(task("常州市", "37")["section"], "");
    assert_eq!(
        task("常州市", "13")["text"],
        "2015年养老床位总数达到每千名老年人40张"
    );

    // 晋中: numbering restarts in each section of 四、具体任务.
    let t = task("晋中市", "7");
    assert_eq!(
        (t["label"].as_str(), t["section"].as_str()),
        ("1", "四、具体任务 / （二）逐步形成完善的养老服务保障体系")
    );
    assert!(t["text"].starts_with("大力促进医养结合。"));
    let t = task("晋中市", "8");
    assert!(
        t["text"].contains("加强养老护理专业人才培养"),
        "later paragraphs belong to the task"
    );
    assert_eq!(task("晋中市", "22")["label"], "2");

    assert_eq!(
        task("银川市", "39")["text"],
        "认真落实各项养老服务财税优惠政策"
    );
    assert_eq!(
        task("银川市", "32")["text"],
        "建立老年活动中心和日间照料中心运"
    );

    let t = task("上海市", "9");
    assert_eq!(t["section"], "三、主要任务 / （二）养老服务功能提升计划");
    assert!(
        t["text"].contains("构建分层分类的老年认知障碍干预"),
        "a line broken at a page break is joined"
    );
}

fn departments(rows: &[common::Row], city: &str, task: &str, role: &str) -> Vec<String> {
    let mut names: Vec<String> =
        rows_where(rows, &[("city", city), ("task", task), ("role", role)])
            .iter()
            .map(|r| r["department"].clone())
            .collect();
    names.dedup();
    names
}

#[test]
fn responsibilities_of_named_tasks() {
    let rows = contract("responsibilities");
    assert_eq!(departments(&rows, "南通市", "1", "lead"), ["市房管局"]);
    assert_eq!(
        departments(&rows, "南通市", "1", "participant"),
        [
            "县（市、区）政府（管委会）",
            "市国土局",
            "市建设局",
            "市规划局"
        ]
    );
    assert_eq!(
        departments(&rows, "南通市", "4", "lead"),
        ["市民政局", "市老龄办"]
    );
    assert_eq!(departments(&rows, "南通市", "14", "lead"), ["市委宣传部"]);
    assert_eq!(
        departments(&rows, "南通市", "70", "lead"),
        ["各县（市）政府", "市发改委"]
    );
    assert_eq!(
        departments(&rows, "常州市", "1", "participant"),
        ["各辖市、区人民政府", "市发改委", "市商务局", "市工商局"]
    );
    assert_eq!(
        departments(&rows, "常州市", "36", "participant"),
        ["团市委", "市妇联", "市老龄办"]
    );
    assert_eq!(departments(&rows, "银川市", "9", "lead"), ["市发展改革委"]);
    assert_eq!(
        departments(&rows, "银川市", "15", "participant")
            .iter()
            .filter(|d| d.contains("老龄办") || d.contains("各县"))
            .count(),
        2,
        "老龄办各县（市）区人民政府 is two bodies"
    );
    assert!(departments(&rows, "银川市", "39", "lead").contains(&"市物价局".to_owned()));
    assert!(departments(&rows, "银川市", "39", "lead").contains(&"市发展改革委".to_owned()));
    assert_eq!(
        departments(&rows, "银川市", "39", "participant"),
        Vec::<String>::new()
    );
    assert_eq!(
        departments(&rows, "上海市", "1", "lead"),
        ["市住房城乡建设管理委", "市民政局", "市规划资源局"]
    );
    assert_eq!(departments(&rows, "上海市", "1", "participant"), ["各区"]);
    assert_eq!(
        departments(&rows, "上海市", "4", "participant"),
        ["各涉农区"]
    );
    assert!(departments(&rows, "上海市", "21", "lead").contains(&"上海银保监局".to_owned()));
    assert!(!rows_where(&rows, &[("city", "晋中市"), ("role", "mentioned")]).is_empty());
    assert!(rows_where(&rows, &[("city", "晋中市"), ("role", "lead")]).is_empty());

    // Types: one row per type; 住房和城乡建设局 is housing and construction.
    let types = |city: &str, dep: &str| -> Vec<String> {
        let mut t: Vec<String> = rows_where(&rows, &[("city", city), ("department", dep)])
            .iter()
            .map(|r| r["department_type"].clone())
            .collect();
        t.sort();
        t.dedup();
        t
    };
    assert_eq!(types("南通市", "市房管局"), ["housing"]);
    assert_eq!(types("南通市", "市老龄办"), ["aging-office"]);
    assert_eq!(
        types("银川市", "市住房和城乡建设局"),
        ["construction", "housing"]
    );
    assert_eq!(types("上海市", "各区"), ["county-government"]);
    assert_eq!(types("南通市", "崇川区"), ["district-government"]);
}

#[test]
fn deadlines_follow_the_contract_table() {
    let rows = contract("deadlines");
    let d = |city: &str, task: &str| {
        let r = one(&rows, &[("city", city), ("task", task)]);
        (
            r["deadline_text"].clone(),
            r["due"].clone(),
            r["ongoing"].clone(),
        )
    };
    let expect = |v: (&str, &str, &str)| (v.0.to_owned(), v.1.to_owned(), v.2.to_owned());
    assert_eq!(
        d("南通市", "1"),
        expect(("2015年下半年出台具体措施", "2015-12-31", "false"))
    );
    assert_eq!(d("南通市", "3"), expect(("持续推进", "", "true")));
    assert_eq!(
        d("南通市", "4"),
        expect(("2015年年底前出台具体措施", "2015-12-31", "false"))
    );
    assert_eq!(
        d("南通市", "6"),
        expect(("2015年上半年实施", "2015-06-30", "false"))
    );
    assert_eq!(
        d("南通市", "7"),
        expect(("2015年开始实施", "2015-12-31", "false"))
    );
    assert_eq!(
        d("南通市", "57"),
        expect(("2015年9月底前启动实施", "2015-09-30", "false"))
    );
    assert_eq!(
        d("常州市", "1"),
        expect(("2015年底前出台具体措施", "2015-12-31", "false"))
    );
    assert_eq!(d("常州市", "18"), expect(("持续实施", "", "true")));
    assert_eq!(
        d("银川市", "1"),
        expect(("2015年3月底前出台具体措施", "2015-03-31", "false"))
    );
    assert_eq!(
        d("银川市", "8"),
        expect(("2015年6月底前出台具体措施", "2015-06-30", "false"))
    );
    assert_eq!(d("银川市", "13"), expect(("适时实施", "", "false")));
    assert_eq!(d("银川市", "14"), expect(("先行试点", "", "false")));
    // Prose documents have no time-progress column.
    assert!(rows_where(&rows, &[("city", "上海市")]).is_empty());
    assert_eq!(rows.len(), 97 + 37 + 45);
}

/// A pair of department types and its (cities, tasks) counts.
type PartnerCounts = std::collections::BTreeMap<(String, String), (usize, usize)>;

/// Cities and (city, task) keys where a pair of types works together.
type PartnerSets = (
    std::collections::BTreeSet<String>,
    std::collections::BTreeSet<(String, String)>,
);

/// The partner counts, recomputed from the responsibilities rows.
fn partners_from_responsibilities() -> PartnerCounts {
    use std::collections::{BTreeMap, BTreeSet};
    let rows = contract("responsibilities");
    let mut by_task: BTreeMap<(String, String), BTreeSet<(String, String)>> = BTreeMap::new();
    for r in rows
        .iter()
        .filter(|r| r["role"] != "mentioned" && r["department_type"] != "unknown")
    {
        by_task
            .entry((r["city"].clone(), r["task"].clone()))
            .or_default()
            .insert((r["department"].clone(), r["department_type"].clone()));
    }
    let mut pairs: BTreeMap<(String, String), PartnerSets> = BTreeMap::new();
    for ((city, task), deps) in &by_task {
        for (d1, t1) in deps {
            for (d2, t2) in deps {
                if d1 != d2 && t1 < t2 {
                    let e = pairs.entry((t1.clone(), t2.clone())).or_default();
                    e.0.insert(city.clone());
                    e.1.insert((city.clone(), task.clone()));
                }
            }
        }
    }
    pairs
        .into_iter()
        .map(|(k, (c, t))| (k, (c.len(), t.len())))
        .collect()
}

#[test]
fn cross_city_partners_agree_with_the_responsibilities() {
    let rows = contract("cross-city-partners");
    let from_query: PartnerCounts = rows
        .iter()
        .map(|r| {
            (
                (r["type_a"].clone(), r["type_b"].clone()),
                (r["cities"].parse().unwrap(), r["tasks"].parse().unwrap()),
            )
        })
        .collect();
    assert_eq!(from_query, partners_from_responsibilities());
    assert!(rows.iter().all(|r| r["type_a"] < r["type_b"]));
    let pair = |a: &str, b: &str| {
        let r = one(&rows, &[("type_a", a), ("type_b", b)]);
        (r["cities"].clone(), r["tasks"].clone())
    };
    assert_eq!(
        pair("civil-affairs", "county-government"),
        ("4".into(), "129".into())
    );
    assert_eq!(pair("civil-affairs", "finance"), ("4".into(), "72".into()));
    assert_eq!(
        pair("health", "hr-social-security"),
        ("4".into(), "22".into())
    );
    // Most cities first, then most tasks.
    let keys: Vec<(usize, usize)> = rows
        .iter()
        .map(|r| (r["cities"].parse().unwrap(), r["tasks"].parse().unwrap()))
        .collect();
    assert!(keys.windows(2).all(|w| w[0] >= w[1]));
}
