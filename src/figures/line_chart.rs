//! Line charts: named series of (x, y) points with optional shaded bands,
//! markers and dashed reference lines, on a linear or logarithmic x axis.
//!
//! Used for per-epoch accuracy and loss of one run, mean test accuracy over
//! seeds with a ±1 sd band, and test accuracy against noise standard
//! deviation (log x, one series per noise placement).

use plotters::coord::combinators::IntoLogRange;
use plotters::coord::ranged1d::{Ranged, ValueFormatter};
use plotters::element::{Circle, PathElement, Polygon};
use plotters::style::RGBColor;

use super::FigureSize;
use super::canvas::{
    Area, build_chart, draw_axes, draw_no_data_note, lay_out_page, render_svg, y_label_area_width,
};
use super::error::FigureError;
use super::legend::{LegendEntry, Swatch, draw_legend, legend_width};
use super::line_paths::{clip_to_strip, split_runs, thin_runs};
use super::marker::{MarkerShape, MarkerStyle, draw_marker};
use super::palette::{BAND_OPACITY, Hue, INK, fill, stroke};
use super::scale::{
    AxisRange, extent, is_log_plottable, is_plottable, linear_span, log_span, resolve_linear, union,
};
use super::ticks::{LinearAxis, LogAxis, Ticks, linear_ticks, log_ticks};

/// How values map to positions along an axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AxisScale {
    /// Equal steps for equal differences.
    #[default]
    Linear,
    /// Equal steps for equal ratios; values `<= 0` are left out.
    Log,
}

/// A line chart and everything drawn on it.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    /// Heading above the chart.
    pub title: String,
    /// Description of the x axis, e.g. "epoch".
    pub x_label: String,
    /// Description of the y axis, e.g. "accuracy".
    pub y_label: String,
    /// Linear or logarithmic x axis; the x range always fits the data.
    pub x_scale: AxisScale,
    /// Fixed (e.g. `0..1` for accuracy) or fitted y range.
    pub y_range: AxisRange,
    /// The lines, drawn in order; the legend lists them in the same order.
    pub series: Vec<LineSeries>,
    /// Horizontal dashed lines such as a published result.
    pub reference_lines: Vec<ReferenceLine>,
    /// Size of the SVG.
    pub size: FigureSize,
}

/// One named line.
#[derive(Debug, Clone, PartialEq)]
pub struct LineSeries {
    /// Legend label, e.g. "test".
    pub name: String,
    /// Points in drawing order. Non-finite values leave a gap.
    pub points: Vec<(f64, f64)>,
    /// A shaded band, e.g. mean ± 1 sd; empty for none.
    pub band: Vec<BandPoint>,
    /// Colour; `None` takes the series' place in [`Hue::SERIES_ORDER`].
    pub hue: Option<Hue>,
    /// Draw a marker at every point (after thinning); series differ in
    /// shape as well as colour.
    pub show_markers: bool,
}

/// One x position of a shaded band.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BandPoint {
    /// Position along the x axis.
    pub x: f64,
    /// Lower edge, e.g. mean - sd.
    pub lower: f64,
    /// Upper edge, e.g. mean + sd.
    pub upper: f64,
}

/// A labelled horizontal line across the whole chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceLine {
    /// Legend label, e.g. "published test 0.757".
    pub label: String,
    /// Height of the line. A non-finite value is left out.
    pub y: f64,
    /// Colour; `None` draws it in the text colour.
    pub hue: Option<Hue>,
}

impl LineChart {
    /// An empty chart with a linear x axis, an automatic y range and the
    /// default size.
    pub fn new(title: &str, x_label: &str, y_label: &str) -> Self {
        LineChart {
            title: title.to_string(),
            x_label: x_label.to_string(),
            y_label: y_label.to_string(),
            x_scale: AxisScale::Linear,
            y_range: AxisRange::Automatic,
            series: Vec::new(),
            reference_lines: Vec::new(),
            size: FigureSize::default(),
        }
    }
}

impl LineSeries {
    /// A plain line without band, markers or fixed colour.
    pub fn new(name: &str, points: Vec<(f64, f64)>) -> Self {
        LineSeries {
            name: name.to_string(),
            points,
            band: Vec::new(),
            hue: None,
            show_markers: false,
        }
    }
}

/// A series reduced to what is drawn.
struct PreparedSeries {
    colour: RGBColor,
    marker: Option<MarkerShape>,
    lines: Vec<Vec<(f64, f64)>>,
    bands: Vec<Vec<BandPoint>>,
}

/// Width of the legend column at most, as a fraction of the figure width.
const LEGEND_SHARE: f64 = 0.4;

/// Renders `chart` as an SVG document.
pub fn render_line_chart(chart: &LineChart) -> Result<String, FigureError> {
    let is_log = chart.x_scale == AxisScale::Log;
    let prepared: Vec<PreparedSeries> = chart
        .series
        .iter()
        .enumerate()
        .map(|(index, series)| prepare(index, series, is_log))
        .collect();

    // Ranges: x fits the drawn points, y also the bands and reference lines.
    let x_extent = extent(prepared.iter().flat_map(|series| {
        let line_x = series.lines.iter().flatten().map(|point| point.0);
        line_x.chain(series.bands.iter().flatten().map(|band| band.x))
    }));
    let line_y = extent(
        prepared
            .iter()
            .flat_map(|s| s.lines.iter().flatten().map(|p| p.1)),
    );
    let band_y = extent(prepared.iter().flat_map(|series| {
        series
            .bands
            .iter()
            .flatten()
            .flat_map(|band| [band.lower, band.upper])
    }));
    let reference_y = extent(chart.reference_lines.iter().map(|line| line.y));
    let y_extent = union(union(line_y, band_y), reference_y);

    let (x_low, x_high) = if is_log {
        log_span(x_extent)
    } else {
        linear_span(x_extent)
    };
    let (y_low, y_high) = resolve_linear(chart.y_range, "fixed y range", y_extent)?;
    let x_ticks = if is_log {
        log_ticks(x_low, x_high, 7)
    } else {
        linear_ticks(x_low, x_high, 7)
    };
    let y_ticks = linear_ticks(y_low, y_high, 6);
    let has_data = x_extent.is_some();
    let entries = legend_entries(chart, &prepared);

    render_svg(chart.size, &chart.title, |root| {
        let max_legend = (f64::from(chart.size.width) * LEGEND_SHARE) as u32;
        let page = lay_out_page(
            root,
            &chart.title,
            legend_width(root, &entries, max_legend)?,
        )?;
        let y_label_width = y_label_area_width(&page.plot, &y_ticks)?;
        let y_coord = LinearAxis::new(y_low..y_high, &y_ticks);
        let plot = Plot {
            root,
            chart,
            prepared: &prepared,
            x_ticks: &x_ticks,
            y_ticks: &y_ticks,
            has_data,
        };

        if is_log {
            let x_coord = LogAxis::new((x_low..x_high).log_scale(), &x_ticks);
            plot.draw(&page.plot, x_coord, y_coord, y_label_width)?;
        } else {
            let x_coord = LinearAxis::new(x_low..x_high, &x_ticks);
            plot.draw(&page.plot, x_coord, y_coord, y_label_width)?;
        }

        if let Some(legend) = &page.legend {
            draw_legend(legend, &entries)?;
        }
        Ok(())
    })
}

/// Splits a series into drawable runs: bad points leave gaps, long runs
/// are thinned.
fn prepare(index: usize, series: &LineSeries, is_log: bool) -> PreparedSeries {
    let x_ok = |x: f64| {
        if is_log {
            is_log_plottable(x)
        } else {
            is_plottable(x)
        }
    };

    let lines = split_runs(&series.points, |(x, y)| x_ok(*x) && is_plottable(*y));
    let bands = split_runs(&series.band, |band| {
        x_ok(band.x) && is_plottable(band.lower) && is_plottable(band.upper)
    });
    PreparedSeries {
        colour: series.hue.unwrap_or(Hue::nth(index)).rgb(),
        marker: series.show_markers.then(|| MarkerShape::nth(index)),
        lines: thin_runs(lines),
        bands: thin_runs(bands),
    }
}

/// Legend rows for the series and reference lines; none for a lone line.
fn legend_entries(chart: &LineChart, prepared: &[PreparedSeries]) -> Vec<LegendEntry> {
    let series = chart
        .series
        .iter()
        .zip(prepared)
        .map(|(series, drawn)| LegendEntry {
            label: series.name.clone(),
            swatch: Swatch::Line {
                colour: drawn.colour,
                is_dashed: false,
                has_band: !series.band.is_empty(),
                marker: drawn.marker,
            },
        });
    let references = chart.reference_lines.iter().map(|line| LegendEntry {
        label: line.label.clone(),
        swatch: Swatch::Line {
            colour: reference_colour(line),
            is_dashed: true,
            has_band: false,
            marker: None,
        },
    });

    let entries: Vec<LegendEntry> = series.chain(references).collect();
    if entries.len() < 2 {
        Vec::new()
    } else {
        entries
    }
}

/// The colour of a reference line.
fn reference_colour(line: &ReferenceLine) -> RGBColor {
    line.hue.map_or(INK, Hue::rgb)
}

/// What [`Plot::draw`] needs besides the coordinate specs.
struct Plot<'p, 'r> {
    root: &'p Area<'r>,
    chart: &'p LineChart,
    prepared: &'p [PreparedSeries],
    x_ticks: &'p Ticks,
    y_ticks: &'p Ticks,
    has_data: bool,
}

impl Plot<'_, '_> {
    /// Draws axes, bands, lines, markers and reference lines on `area`.
    fn draw<X>(
        &self,
        area: &Area<'_>,
        x_coord: X,
        y_coord: LinearAxis,
        y_label_width: u32,
    ) -> Result<(), FigureError>
    where
        X: Ranged<ValueType = f64> + ValueFormatter<f64>,
    {
        let range = y_coord.range();
        let (y_low, y_high) = (range.start, range.end);
        let mut context = build_chart(area, x_coord, y_coord, y_label_width)?;
        let labels = (self.chart.x_label.as_str(), self.chart.y_label.as_str());
        draw_axes(&mut context, labels, (self.x_ticks, self.y_ticks))?;
        let plotting = context.plotting_area();

        // Bands first, so that every line stays on top of every band.
        for series in self.prepared {
            for run in &series.bands {
                let upper = run.iter().map(|b| (b.x, b.upper.clamp(y_low, y_high)));
                let lower = run
                    .iter()
                    .rev()
                    .map(|b| (b.x, b.lower.clamp(y_low, y_high)));
                let outline: Vec<(f64, f64)> = upper.chain(lower).collect();
                plotting.draw(&Polygon::new(outline, fill(series.colour, BAND_OPACITY)))?;
            }
        }

        for series in self.prepared {
            for run in &series.lines {
                for piece in clip_to_strip(run, y_low, y_high) {
                    // A point between two gaps would be an invisible line.
                    if let [point] = piece.as_slice() {
                        plotting.draw(&Circle::new(*point, 2, fill(series.colour, 1.0)))?;
                    } else {
                        plotting.draw(&PathElement::new(piece, stroke(series.colour, 2)))?;
                    }
                }
            }
        }

        for series in self.prepared {
            let Some(shape) = series.marker else { continue };
            let style = MarkerStyle {
                shape,
                colour: series.colour,
                is_filled: true,
                radius: 4,
            };
            let inside = series
                .lines
                .iter()
                .flatten()
                .filter(|p| y_low <= p.1 && p.1 <= y_high);
            for point in inside {
                draw_marker(self.root, context.backend_coord(point), &style)?;
            }
        }

        // Reference lines are dashed by hand: plotters' SVG has no dash style.
        let (x_pixels, _) = plotting.get_pixel_range();
        for line in &self.chart.reference_lines {
            if !(y_low <= line.y && line.y <= y_high) {
                continue;
            }
            let (_, y) = context.backend_coord(&(context.x_range().start, line.y));
            let style = stroke(reference_colour(line), 2);
            for left in x_pixels.clone().step_by(12) {
                let right = (left + 7).min(x_pixels.end);
                self.root
                    .draw(&PathElement::new(vec![(left, y), (right, y)], style))?;
            }
        }

        if !self.has_data {
            draw_no_data_note(self.root, &context)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::preview::{accuracy_history, noise_sweep};
    use crate::figures::test_support::{assert_shows, svg_texts};

    fn chart_with(series: Vec<LineSeries>) -> LineChart {
        let mut chart = LineChart::new("Loss per epoch", "epoch", "loss");
        chart.series = series;
        chart
    }

    #[test]
    fn accuracy_chart_shows_title_axes_and_legend() {
        let svg = render_line_chart(&accuracy_history()).unwrap();

        assert_shows(
            &svg,
            &[
                "Accuracy per epoch, no noise",
                "epoch",
                "accuracy",
                "train",
                "test",
            ],
        );
        assert_shows(&svg, &["published test 0.757", "0.0", "1.0", "4000"]);
        assert!(svg.contains("viewBox=\"0 0 720 420\""));
        assert!(svg.contains("prefers-color-scheme: dark"));
    }

    #[test]
    fn log_sweep_with_zero_noise_renders() {
        let svg = render_line_chart(&noise_sweep()).unwrap();

        assert_shows(&svg, &["noise standard deviation", "0.01", "1", "input"]);
    }

    #[test]
    fn same_input_gives_the_same_bytes() {
        let chart = noise_sweep();

        assert_eq!(
            render_line_chart(&chart).unwrap(),
            render_line_chart(&chart).unwrap()
        );
    }

    #[test]
    fn no_series_shows_no_data() {
        let svg = render_line_chart(&chart_with(vec![])).unwrap();

        assert_shows(&svg, &["Loss per epoch", "epoch", "loss", "no data"]);
    }

    #[test]
    fn all_bad_values_show_no_data() {
        let points = vec![
            (f64::NAN, 1.0),
            (1.0, f64::INFINITY),
            (2.0, f64::NEG_INFINITY),
        ];

        let svg =
            render_line_chart(&chart_with(vec![LineSeries::new("diverged", points)])).unwrap();

        assert_shows(&svg, &["no data"]);
    }

    #[test]
    fn bad_values_leave_gaps_and_are_not_drawn() {
        let points = vec![(1.0, 0.5), (2.0, f64::NAN), (3.0, 0.7), (4.0, 0.8)];

        let svg = render_line_chart(&chart_with(vec![LineSeries::new("loss", points)])).unwrap();

        assert!(!svg_texts(&svg).contains(&"no data".to_string()));
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        let blue_lines = svg
            .lines()
            .filter(|l| l.starts_with("<polyline") && l.contains("#0072B2"));
        assert_eq!(blue_lines.count(), 1, "the run of two points");
        assert_eq!(svg.matches("<circle").count(), 1, "the point between gaps");
    }

    #[test]
    fn constant_and_single_point_series_get_a_padded_axis() {
        let constant = LineSeries::new("constant", (1..=50).map(|e| (e as f64, 0.5)).collect());
        let single = LineSeries::new("single", vec![(3.0, 3.0)]);

        for series in [constant, single] {
            let svg = render_line_chart(&chart_with(vec![series])).unwrap();
            assert!(!svg_texts(&svg).contains(&"no data".to_string()));
        }
    }

    #[test]
    fn log_axis_skips_non_positive_x() {
        let mut chart = chart_with(vec![LineSeries::new(
            "sweep",
            vec![(0.0, 0.7), (-1.0, 0.8), (0.1, 0.75)],
        )]);
        chart.x_scale = AxisScale::Log;
        render_line_chart(&chart).unwrap();

        chart.series[0].points = vec![(0.0, 0.7), (-1.0, 0.8)];
        let svg = render_line_chart(&chart).unwrap();
        assert_shows(&svg, &["no data"]);
    }

    #[test]
    fn extreme_values_do_not_panic() {
        let cases = [
            vec![(0.0, -1e300), (1.0, 1e300)],
            vec![(0.0, 1e-300), (1.0, 2e-300)],
            vec![(1e300, 0.5), (1e300, 0.5)],
            vec![(0.5, 0.5), (0.5 + 1e-15, 0.5 + 1e-15)],
        ];
        for points in cases {
            let mut chart = chart_with(vec![LineSeries::new("extreme", points)]);
            render_line_chart(&chart).unwrap();
            chart.x_scale = AxisScale::Log;
            render_line_chart(&chart).unwrap();
        }
    }

    #[test]
    fn bands_with_bad_or_swapped_edges_render() {
        let mut series = LineSeries::new("mean", vec![(1.0, 0.5), (2.0, 0.6), (3.0, 0.7)]);
        series.band = vec![
            BandPoint {
                x: 1.0,
                lower: 0.6,
                upper: 0.4,
            },
            BandPoint {
                x: 2.0,
                lower: f64::NAN,
                upper: 0.7,
            },
            BandPoint {
                x: 3.0,
                lower: -5.0,
                upper: 5.0,
            },
        ];
        let mut chart = chart_with(vec![series]);
        chart.y_range = AxisRange::Fixed { min: 0.0, max: 1.0 };

        render_line_chart(&chart).unwrap();
    }

    #[test]
    fn long_series_are_thinned() {
        let series = (0..5)
            .map(|index| {
                let points = (1..=4000).map(|e| (e as f64, (e * index) as f64)).collect();
                LineSeries::new(&format!("run {index}"), points)
            })
            .collect();

        let svg = render_line_chart(&chart_with(series)).unwrap();

        assert!(svg.len() < 120_000, "{} bytes", svg.len());
        for polyline in svg.split("<polyline").skip(1) {
            let points = polyline
                .split("points=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            assert!(
                points.split_whitespace().count() <= MAX_THINNED,
                "too many points"
            );
        }
    }

    /// Most points a thinned 4000-point series keeps.
    const MAX_THINNED: usize = crate::figures::line_paths::MAX_POINTS_PER_SERIES + 1;

    #[test]
    fn overlong_legend_labels_are_shortened() {
        let long = "a series name far too long to fit in the legend column of any figure";
        let chart = chart_with(vec![
            LineSeries::new(long, vec![(0.0, 1.0), (1.0, 2.0)]),
            LineSeries::new("short", vec![(0.0, 2.0), (1.0, 1.0)]),
        ]);

        let texts = svg_texts(&render_line_chart(&chart).unwrap());

        assert!(
            texts
                .iter()
                .any(|t| t.starts_with("a series name") && t.ends_with('…'))
        );
        assert!(texts.contains(&"short".to_string()));
    }

    #[test]
    fn invalid_fixed_range_names_the_range() {
        let mut chart = chart_with(vec![]);
        chart.y_range = AxisRange::Fixed { min: 1.0, max: 0.0 };

        let error = render_line_chart(&chart).unwrap_err();

        assert!(error.to_string().contains("fixed y range 1..0"), "{error}");
    }

    #[test]
    fn reference_lines_outside_or_not_finite_are_skipped() {
        let mut chart = accuracy_history();
        chart.reference_lines.push(ReferenceLine {
            label: "off the scale".to_string(),
            y: 3.0,
            hue: Some(Hue::Green),
        });
        chart.reference_lines.push(ReferenceLine {
            label: "not a number".to_string(),
            y: f64::NAN,
            hue: None,
        });

        let svg = render_line_chart(&chart).unwrap();

        assert_shows(&svg, &["off the scale", "not a number"]);
    }
}
