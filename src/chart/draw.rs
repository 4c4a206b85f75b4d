//! A [`Chart`] as SVG, drawn with plotters' SVG backend: grouped bars
//! (categories along x, a bar per series within each), value labels over
//! the bars, the unit on the y axis, a legend of the series, notes under
//! the chart.
//!
//! Text is SVG text in a font family that the Noto CJK fonts
//! (`fonts-noto-cjk`) satisfy, with the usual Chinese system fonts as
//! fall-backs, so that Chinese labels read in any browser.

use anyhow::{anyhow, Result};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::Chart;

/// The font family of every text in the chart.
pub const FONT: &str =
    "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif";

/// Bar colours of series that are years: light (early) to dark (late).
const BLUES: &[&str] = &[
    "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b",
];
/// Bar colours of other series.
const CATEGORICAL: &[&str] = &[
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948", "#9c755f",
];
/// A series that is not a year among years ("no year").
const GREY: &str = "#a0a8b0";

fn color(hex: &str) -> RGBColor {
    let (r, g, b) = crate::export::gexf::rgb(hex);
    RGBColor(r, g, b)
}

/// The colour of each series.
pub fn series_colors(series: &[String]) -> Vec<RGBColor> {
    let years: Vec<bool> = series
        .iter()
        .map(|s| {
            s.trim_end_matches('年')
                .parse::<i32>()
                .is_ok_and(|y| (1900..2200).contains(&y))
        })
        .collect();
    let n_years = years.iter().filter(|y| **y).count();
    if n_years == 0 {
        return (0..series.len())
            .map(|i| color(CATEGORICAL[i % CATEGORICAL.len()]))
            .collect();
    }
    let mut k = 0;
    years
        .iter()
        .map(|is_year| {
            if !is_year {
                return color(GREY);
            }
            // Spread the years over the scale, the latest darkest.
            let i = if n_years == 1 {
                3
            } else {
                1 + k * (BLUES.len() - 2) / (n_years - 1)
            };
            k += 1;
            color(BLUES[i.min(BLUES.len() - 1)])
        })
        .collect()
}

/// Where bar `j` of the `k` bars of a category starts and ends, the
/// category spanning [c, c + 1) and the widest having `most` bars.
fn bar_span(category: usize, j: usize, k: usize, most: usize) -> (f64, f64) {
    let width = 0.8 / most.max(1) as f64;
    let start = category as f64 + 0.5 - width * k as f64 / 2.0;
    let x0 = start + width * j as f64;
    (x0 + width * 0.08, x0 + width * 0.92)
}

/// The chart as an SVG document.
pub fn to_svg(chart: &Chart) -> Result<String> {
    let n = chart.categories.len();
    let per_category: Vec<usize> = (0..n)
        .map(|c| chart.bars.iter().filter(|b| b.category == c).count())
        .collect();
    let most = per_category.iter().copied().max().unwrap_or(1).max(1);
    let width = (180 + n * (most * 52 + 48)).max(720) as u32;
    let height = 540 + 20 * chart.notes.len() as u32;
    let max = chart.bars.iter().map(|b| b.value).fold(0.0, f64::max);
    // Room over the bars for their labels and the legend.
    let top = if max > 0.0 { max * 1.5 } else { 1.0 };
    let colors = series_colors(&chart.series);

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_error)?;
        let (plot_area, notes_area) = root.split_vertically(height - 20 * chart.notes.len() as u32);
        let mut ctx = ChartBuilder::on(&plot_area)
            .caption(&chart.title, (FONT, 24).into_font().style(FontStyle::Bold))
            .margin(16)
            .margin_right(28)
            .x_label_area_size(64)
            .y_label_area_size(84)
            .build_cartesian_2d(0f64..n as f64, 0f64..top)
            .map_err(plot_error)?;
        // Category names are drawn under the middle of their groups below;
        // the axis itself has no x tick labels.
        ctx.configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_labels(8)
            .y_max_light_lines(1)
            .y_label_formatter(&|y: &f64| crate::network::format_number(*y))
            .x_desc(&chart.x_label)
            .y_desc(&chart.y_label)
            .label_style((FONT, 17))
            .axis_desc_style((FONT, 17))
            .light_line_style(RGBColor(230, 233, 237))
            .bold_line_style(RGBColor(200, 205, 212))
            .draw()
            .map_err(plot_error)?;

        if !chart.series_label.is_empty() && !chart.series.is_empty() {
            // The legend's heading: an entry without a swatch.
            ctx.draw_series(std::iter::empty::<Rectangle<(f64, f64)>>())
                .map_err(plot_error)?
                .label(chart.series_label.clone())
                .legend(|(x, y)| EmptyElement::at((x, y)));
        }
        for (s, name) in chart.series.iter().enumerate() {
            let fill = colors[s];
            let bars = chart.bars.iter().filter(|b| b.series == s).map(|b| {
                let j = chart
                    .bars
                    .iter()
                    .filter(|o| o.category == b.category && o.series < b.series)
                    .count();
                let (x0, x1) = bar_span(b.category, j, per_category[b.category], most);
                Rectangle::new([(x0, 0.0), (x1, b.value)], fill.filled())
            });
            let anno = ctx.draw_series(bars).map_err(plot_error)?;
            if !name.is_empty() {
                anno.label(name.clone()).legend(move |(x, y)| {
                    Rectangle::new([(x, y - 7), (x + 16, y + 7)], fill.filled())
                });
            }
        }
        let value_style = TextStyle::from((FONT, 15).into_font())
            .color(&RGBColor(40, 48, 58))
            .pos(Pos::new(HPos::Center, VPos::Bottom));
        let labels = chart.bars.iter().map(|b| {
            let j = chart
                .bars
                .iter()
                .filter(|o| o.category == b.category && o.series < b.series)
                .count();
            let (x0, x1) = bar_span(b.category, j, per_category[b.category], most);
            Text::new(
                b.label.clone(),
                ((x0 + x1) / 2.0, b.value + top * 0.008),
                value_style.clone(),
            )
        });
        ctx.draw_series(labels).map_err(plot_error)?;
        if chart.series.iter().any(|s| !s.is_empty()) {
            ctx.configure_series_labels()
                .position(SeriesLabelPosition::UpperRight)
                .margin(12)
                .label_font((FONT, 16))
                .background_style(WHITE.mix(0.9))
                .border_style(RGBColor(200, 205, 212))
                .draw()
                .map_err(plot_error)?;
        }
        let category_style = TextStyle::from((FONT, 17).into_font())
            .color(&BLACK)
            .pos(Pos::new(HPos::Center, VPos::Top));
        for (c, name) in chart.categories.iter().enumerate() {
            let (x, y) = ctx.backend_coord(&(c as f64 + 0.5, 0.0));
            plot_area
                .draw_text(name, &category_style, (x, y + 10))
                .map_err(plot_error)?;
        }
        let note_style = TextStyle::from((FONT, 14).into_font()).color(&RGBColor(90, 100, 112));
        for (i, note) in chart.notes.iter().enumerate() {
            notes_area
                .draw_text(note, &note_style, (24, 20 * i as i32))
                .map_err(plot_error)?;
        }
        root.present().map_err(plot_error)?;
    }
    Ok(svg)
}

fn plot_error<E: std::fmt::Display>(e: E) -> anyhow::Error {
    anyhow!("drawing the chart failed: {e}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::Bar;
    use crate::labels::Lang;

    fn chart() -> Chart {
        Chart {
            title: "每千名老年人拥有养老床位数：各市目标".into(),
            x_label: "城市".into(),
            y_label: "张/千名老年人".into(),
            series_label: "目标年份".into(),
            categories: vec!["南通市".into(), "银川市".into()],
            series: vec!["2015年".into(), "2020年".into()],
            bars: vec![
                Bar {
                    category: 0,
                    series: 1,
                    value: 40.0,
                    label: "≈40".into(),
                },
                Bar {
                    category: 1,
                    series: 0,
                    value: 30.0,
                    label: "≥30".into(),
                },
                Bar {
                    category: 1,
                    series: 1,
                    value: 35.0,
                    label: "≥35".into(),
                },
            ],
            notes: vec!["南通市 2020年 有多个不同的值，图中为最高值".into()],
            lang: Lang::Zh,
        }
    }

    #[test]
    fn bars_labels_axes_and_legend_in_the_svg() {
        let svg = to_svg(&chart()).expect("an SVG");
        assert!(svg.starts_with("<svg"), "{}", &svg[..100]);
        for text in [
            "每千名老年人拥有养老床位数：各市目标",
            "张/千名老年人",
            "城市",
            "南通市",
            "银川市",
            "目标年份",
            "2015年",
            "2020年",
            "≈40",
            "≥30",
            "≥35",
            "有多个不同的值",
        ] {
            assert!(svg.contains(text), "{text} not in the SVG");
        }
        assert!(svg.contains("font-family=\"Noto Sans CJK SC"));
        // Three bars and two legend swatches in the series' colours.
        let early = format!("fill=\"#{:02X}{:02X}{:02X}\"", 0x6b, 0xae, 0xd6);
        let late = format!("fill=\"#{:02X}{:02X}{:02X}\"", 0x08, 0x30, 0x6b);
        assert_eq!(svg.matches(&early).count(), 2, "{svg}");
        assert_eq!(svg.matches(&late).count(), 3, "{svg}");
    }

    #[test]
    fn bars_share_their_category() {
        let (x0, x1) = bar_span(0, 0, 1, 1);
        assert!((x0 - 0.164).abs() < 1e-9 && (x1 - 0.836).abs() < 1e-9);
        let (a0, a1) = bar_span(1, 0, 2, 2);
        let (b0, b1) = bar_span(1, 1, 2, 2);
        assert!(a0 > 1.0 && a1 < 1.5 && b0 > 1.5 && b1 < 2.0);
        // A lone bar in a category of a chart with wider groups is centred.
        let (c0, c1) = bar_span(2, 0, 1, 3);
        assert!(((c0 + c1) / 2.0 - 2.5).abs() < 1e-9);
    }

    #[test]
    fn years_in_blues_others_categorical() {
        let years = series_colors(&["2015".into(), "2020".into(), "no year".into()]);
        assert_eq!(years[0], color("#6baed6"));
        assert_eq!(years[1], color("#08306b"));
        assert_eq!(years[2], color(GREY));
        let other = series_colors(&["a".into(), "b".into()]);
        assert_eq!(other[0], color(CATEGORICAL[0]));
        assert_eq!(series_colors(&["2020".into()])[0], color(BLUES[3]));
    }
}
