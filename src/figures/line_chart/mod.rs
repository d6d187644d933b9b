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

mod input;
mod paths;
#[cfg(test)]
mod tests;

pub use input::{AxisScale, BandPoint, LineChart, LineSeries, ReferenceLine};

use super::canvas::{
    Area, build_chart, draw_axes, draw_no_data_note, lay_out_page, render_svg, y_label_area_width,
};
use super::error::FigureError;
use super::legend::{LegendEntry, Swatch, draw_legend, legend_width};
use super::marker::{MarkerShape, MarkerStyle, draw_marker};
use super::palette::{BAND_OPACITY, Hue, INK, fill, stroke};
use super::scale::{
    extent, is_log_plottable, is_plottable, linear_span, log_span, resolve_linear, union,
};
use super::ticks::{LinearAxis, LogAxis, Ticks, linear_ticks, log_ticks};
use paths::{clip_to_strip, split_runs, thin_runs};

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
pub(crate) use paths::MAX_POINTS_PER_SERIES;
