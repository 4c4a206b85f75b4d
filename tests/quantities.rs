//! Targets and funding of the five seeds: exact rows of targets.rq and funding.rq.

mod common;

use common::{columns, contract, rows_where, Row};

fn target_rows(rows: &[Row], city: &str, indicator: &str) -> Vec<(String, String, String, String)> {
    let mut got: Vec<(String, String, String, String)> =
        rows_where(rows, &[("city", city), ("indicator", indicator)])
            .iter()
            .map(|r| {
                (
                    r["task"].clone(),
                    r["value"].clone(),
                    r["comparator"].clone(),
                    r["year"].clone(),
                )
            })
            .collect();
    got.sort();
    got
}

fn t(task: &str, value: &str, comparator: &str, year: &str) -> (String, String, String, String) {
    (task.into(), value.into(), comparator.into(), year.into())
}

#[test]
fn contract_columns() {
    assert_eq!(
        columns("targets"),
        [
            "city",
            "task",
            "indicator",
            "value",
            "unit",
            "comparator",
            "year",
            "text"
        ]
    );
    assert_eq!(
        columns("funding"),
        ["city", "task", "source", "amount", "basis", "text"]
    );
}

#[test]
fn nursing_bed_share_lines_the_cities_up() {
    let rows = contract("targets");
    assert_eq!(
        target_rows(&rows, "南通市", "nursing-bed-share"),
        [t("25", "50", ">=", "2020")]
    );
    assert_eq!(
        target_rows(&rows, "常州市", "nursing-bed-share"),
        [t("18", "60", ">=", "2020")]
    );
    assert_eq!(
        target_rows(&rows, "上海市", "nursing-bed-share"),
        [t("", "60", "=", "2022")]
    );
    assert_eq!(
        target_rows(&rows, "晋中市", "nursing-bed-share"),
        [t("", "35", ">=", "2020")]
    );
    let unit = &rows_where(&rows, &[("indicator", "nursing-bed-share")])[0]["unit"];
    assert_eq!(unit, "%");
}

#[test]
fn beds_per_thousand_older_people_in_every_city_and_year() {
    let rows = contract("targets");
    assert_eq!(
        target_rows(&rows, "银川市", "beds-per-1000-elderly"),
        [
            t("", "30", ">=", "2015"),
            t("", "32", ">=", "2017"),
            t("", "35", ">=", "2020")
        ]
    );
    // "不低于全市户籍老年人口 3%(17.5 万张)": 3% of older people is 30 per 1000.
    assert_eq!(
        target_rows(&rows, "上海市", "beds-per-1000-elderly"),
        [t("", "30", ">=", "2022")]
    );
    assert_eq!(
        target_rows(&rows, "上海市", "total-elderly-care-beds"),
        [t("", "175000", ">=", "2022")]
    );
    // "按照到2015年、2020年养老床位占老年人口总数30‰、40‰的目标".
    assert_eq!(
        target_rows(&rows, "南通市", "beds-per-1000-elderly"),
        [
            t("25", "40", "~", "2020"),
            t("71", "30", "=", "2015"),
            t("71", "40", "=", "2020")
        ]
    );
    assert_eq!(
        target_rows(&rows, "常州市", "beds-per-1000-elderly"),
        [t("13", "40", "=", "2015")]
    );
    assert_eq!(
        target_rows(&rows, "晋中市", "beds-per-1000-elderly"),
        [t("", "40", "=", "2020")]
    );
    let unit = &rows_where(&rows, &[("indicator", "beds-per-1000-elderly")])[0]["unit"];
    assert_eq!(unit, "beds per 1000 older people");
}

#[test]
fn numbers_are_written_out() {
    let rows = contract("targets");
    assert_eq!(
        target_rows(&rows, "常州市", "elderly-care-jobs"),
        [t("3", "70000", ">=", "")]
    );
    assert_eq!(
        target_rows(&rows, "晋中市", "industry-output"),
        [t("", "10000000000", "=", "2020")]
    );
    assert_eq!(
        target_rows(&rows, "南通市", "bank-credit-line"),
        [t("79", "3000000000", ">=", "2020")]
    );
    // A range gives two bounds; 三分之一 is 33.33; 全覆盖 is 100.
    assert_eq!(
        target_rows(&rows, "南通市", "facility-area-per-100-households"),
        [
            t("15", "20", ">=", ""),
            t("16", "15", ">=", ""),
            t("16", "20", "<=", "")
        ]
    );
    assert_eq!(
        target_rows(&rows, "南通市", "rural-facility-coverage"),
        [t("17", "100", "=", "2020"), t("17", "33.33", "=", "2015")]
    );
    // "到2015年，…全覆盖；到2020年，…分别达到80%、40%": each year carries over.
    assert_eq!(
        target_rows(&rows, "常州市", "urban-community-facility-coverage"),
        [t("6", "100", "=", "2015"), t("6", "80", "=", "2020")]
    );
    let text = &rows_where(
        &rows,
        &[("city", "常州市"), ("indicator", "elderly-care-jobs")],
    )[0]["text"];
    assert_eq!(
        text,
        "全市机构养老、社区和居家生活照料、护理康复及相关养老服务提供7万个以上就业岗位"
    );
}

#[test]
fn reports_of_the_past_and_subsidies_are_not_targets() {
    let rows = contract("targets");
    // 常州 task 25: per-bed subsidies (1万元, 5000元) are money, not goals.
    assert!(rows_where(&rows, &[("city", "常州市"), ("task", "25")]).is_empty());
    // 南通 task 81: likewise.
    assert!(rows_where(&rows, &[("city", "南通市"), ("task", "81")]).is_empty());
}

fn funding_rows(rows: &[Row], city: &str, task: &str) -> Vec<(String, String, String)> {
    let mut got: Vec<(String, String, String)> =
        rows_where(rows, &[("city", city), ("task", task)])
            .iter()
            .map(|r| (r["source"].clone(), r["amount"].clone(), r["basis"].clone()))
            .collect();
    got.sort();
    got
}

fn f(source: &str, amount: &str, basis: &str) -> (String, String, String) {
    (source.into(), amount.into(), basis.into())
}

#[test]
fn funding_of_named_tasks() {
    let rows = contract("funding");
    // 银川: "每张床位给予1.2万元（含自治区补助6000元）…其中市财政承担4000元，市辖区承担2000元";
    // the paragraph is linked to the table task that restates it (29).
    let yinchuan = funding_rows(&rows, "银川市", "29");
    for expected in [
        f("provincial-finance", "6000", "per-bed"),
        f("municipal-finance", "4000", "per-bed"),
        f("county-finance", "2000", "per-bed"),
        f("municipal-finance", "1000", "per-bed-year"),
        f("county-finance", "1000", "per-bed-year"),
    ] {
        assert!(
            yinchuan.contains(&expected),
            "{expected:?} not in {yinchuan:?}"
        );
    }
    assert_eq!(
        funding_rows(&rows, "南通市", "81"),
        [
            f("provincial-finance", "10000", "per-bed"),
            f("provincial-finance", "5000", "per-bed")
        ]
    );
    assert_eq!(
        funding_rows(&rows, "南通市", "77"),
        [
            f("sports-lottery-fund", "", ""),
            f("welfare-lottery-fund", "", "")
        ]
    );
    assert_eq!(
        funding_rows(&rows, "南通市", "90"),
        [
            f("employment-fund", "200", "per-person-month"),
            f("employment-fund", "400", "per-person-month")
        ]
    );
    // 晋中 (一)4: "由市财政从市级福利彩票公益金中予以补助" names two sources.
    let jinzhong = funding_rows(&rows, "晋中市", "4");
    assert!(
        jinzhong.contains(&f("municipal-finance", "200000", "per-organization")),
        "{jinzhong:?}"
    );
    assert!(
        jinzhong.contains(&f("welfare-lottery-fund", "200000", "per-organization")),
        "{jinzhong:?}"
    );
    assert!(
        jinzhong.contains(&f("county-finance", "20000", "per-organization")),
        "{jinzhong:?}"
    );
}

#[test]
fn a_range_keeps_its_upper_bound() {
    let rows = common::run_csv(
        common::seeds_store(),
        "PREFIX eg: <https://w3id.org/eldergraph/ns#>
         PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
         SELECT DISTINCT ?amount ?max WHERE {
           ?m a eg:FundingMention ; eg:fundingSource/skos:notation \"welfare-lottery-fund\" ;
              eg:amount ?amount ; eg:amountMax ?max ; eg:task/eg:position 4 ;
              eg:city/<http://www.w3.org/2000/01/rdf-schema#label> \"晋中市\"@zh .
         } ORDER BY ?amount",
    );
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["amount"].as_str(), r["max"].as_str()))
        .collect();
    assert_eq!(got, [("20000", "50000"), ("200000", "500000")]);
}
