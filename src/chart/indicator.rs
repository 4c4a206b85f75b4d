//! The chart of one indicator: every city's targets for it, one bar per
//! city and year, the unit of the indicator on the y axis, labels in zh or
//! en. Targets that name no year are a series of their own.

use anyhow::{bail, Result};
use oxigraph::model::{Literal, Term};
use oxigraph::sparql::QueryResults;

use super::{Chart, Collector};
use crate::knowledge::indicators::{Indicator, SCHEME_IRI};
use crate::knowledge::Knowledge;
use crate::labels::Lang;
use crate::network::format_number;
use crate::query::with_prefixes;
use crate::store::GraphStore;

/// The targets of one indicator (bound to `?code`), every city and year.
pub const TARGETS: &str = r#"
SELECT ?code ?city ?year ?value ?comparator
WHERE {
  ?target a eg:Target ;
          eg:indicator/skos:notation ?code ;
          eg:city/rdfs:label ?city ;
          eg:value ?value ;
          eg:comparator ?comparator .
  OPTIONAL { ?target eg:year ?year }
}
ORDER BY ?city ?year ?value ?comparator
"#;

/// The indicator a code, concept IRI, or zh or en label names.
pub fn find<'a>(kb: &'a Knowledge, wanted: &str) -> Result<&'a Indicator> {
    let wanted = wanted.trim();
    let code = wanted.strip_prefix(SCHEME_IRI).unwrap_or(wanted);
    let all = kb.indicators.all();
    if let Some(i) = all
        .iter()
        .find(|i| i.code == code || i.zh == code || i.en.eq_ignore_ascii_case(code))
    {
        return Ok(i);
    }
    let codes: Vec<&str> = all.iter().map(|i| i.code.as_str()).collect();
    bail!(
        "unknown indicator {wanted:?}; the indicators are: {}",
        codes.join(", ")
    )
}

/// `>=` 30 → ≥30, `~` 40 → ≈40.
pub fn value_label(comparator: &str, value: f64) -> String {
    let sign = match comparator {
        ">=" => "≥",
        "<=" => "≤",
        ">" => ">",
        "<" => "<",
        "~" => "≈",
        _ => "",
    };
    format!("{sign}{}", format_number(value))
}

/// The chart of `indicator` (code or label); with `cities`, only those
/// (南通市 or 南通).
pub fn build(
    store: &GraphStore,
    kb: &Knowledge,
    indicator: &str,
    cities: &[String],
    lang: Lang,
) -> Result<Chart> {
    let indicator = find(kb, indicator)?;
    let code = Term::from(Literal::new_simple_literal(&indicator.code));
    let QueryResults::Solutions(solutions) =
        store.query_with(&with_prefixes(TARGETS), &[("code", code)])?
    else {
        bail!("expected a SELECT query");
    };
    let wanted = |city: &str| {
        cities.is_empty()
            || cities
                .iter()
                .any(|c| c.trim() == city || city.strip_suffix('市') == Some(c.trim()))
    };
    let no_year = lang.pick("未注明年份", "no year");
    let mut collector = Collector::default();
    let mut all_cities: Vec<String> = Vec::new();
    for solution in solutions {
        let solution = solution?;
        let text = |var: &str| match solution.get(var) {
            Some(Term::Literal(l)) => l.value().to_owned(),
            Some(other) => other.to_string(),
            None => String::new(),
        };
        let city = text("city");
        if !all_cities.contains(&city) {
            all_cities.push(city.clone());
        }
        if !wanted(&city) {
            continue;
        }
        let Ok(value) = text("value").parse::<f64>() else {
            continue;
        };
        let year = text("year");
        let series = if year.is_empty() { no_year } else { &year };
        collector.add(
            &city,
            series,
            value,
            value_label(&text("comparator"), value),
        );
    }
    if collector.is_empty() {
        if all_cities.is_empty() {
            bail!(
                "nothing to chart: no city sets a target for {} ({}) in the store",
                indicator.code,
                lang.pick(&indicator.zh, &indicator.en)
            );
        }
        bail!(
            "nothing to chart: none of the cities given sets a target for {}; \
             the cities that do: {}",
            indicator.code,
            all_cities.join(", ")
        );
    }
    let mut chart = collector.finish(lang);
    if lang == Lang::Zh {
        for series in &mut chart.series {
            if series.parse::<i32>().is_ok() {
                series.push('年');
            }
        }
    }
    chart.title = match lang {
        Lang::Zh => format!("{}：各市目标", indicator.zh),
        Lang::En => format!("{}: targets by city", indicator.en),
    };
    chart.x_label = lang.pick("城市", "City").to_owned();
    chart.y_label = indicator.unit_label(lang).to_owned();
    chart.series_label = lang.pick("目标年份", "Target year").to_owned();
    Ok(chart)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb() -> &'static Knowledge {
        Knowledge::bundled().expect("knowledge")
    }

    #[test]
    fn indicators_by_code_iri_or_label() {
        let kb = kb();
        assert_eq!(
            find(kb, "beds-per-1000-elderly").unwrap().code,
            "beds-per-1000-elderly"
        );
        assert_eq!(
            find(kb, "护理型床位占比").unwrap().code,
            "nursing-bed-share"
        );
        assert_eq!(
            find(
                kb,
                "https://w3id.org/eldergraph/code/indicator/nursing-bed-share"
            )
            .unwrap()
            .code,
            "nursing-bed-share"
        );
        let err = find(kb, "beds").unwrap_err().to_string();
        assert!(
            err.contains("the indicators are: beds-per-1000-elderly"),
            "{err}"
        );
    }

    #[test]
    fn comparators_as_signs() {
        assert_eq!(value_label(">=", 30.0), "≥30");
        assert_eq!(value_label("~", 40.0), "≈40");
        assert_eq!(value_label("=", 32.5), "32.5");
    }

    #[test]
    fn an_empty_store_has_nothing_to_chart() {
        let store = GraphStore::in_memory().unwrap();
        let err = build(&store, kb(), "nursing-bed-share", &[], Lang::Zh)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("no city sets a target for nursing-bed-share"),
            "{err}"
        );
    }
}
