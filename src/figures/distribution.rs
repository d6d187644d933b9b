//! The spread of one value over seeds, one row per experiment: jittered
//! dots, a box of quartiles with the median, whiskers to the extremes and
//! a marker for the published value.
//!
//! Rows run down the page so that long experiment names read horizontally.

use plotters::element::{Circle, PathElement, Rectangle, Text};
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::FigureSize;
use super::canvas::{
    build_chart, draw_axes, draw_no_data_note, lay_out_page, render_svg, y_label_area_width,
};
use super::error::FigureError;
use super::legend::{LegendEntry, Swatch, draw_legend, legend_width};
use super::marker::{MarkerShape, MarkerStyle, draw_marker};
use super::palette::{Hue, INK, TICK_SIZE, fill, ink_text, stroke};
use super::scale::{AxisRange, extent, is_plottable, resolve_linear, union};
use super::ticks::{LinearAxis, Ticks, linear_ticks};

/// Distributions of one value for several categories.
#[derive(Debug, Clone, PartialEq)]
pub struct Distribution {
    /// Heading above the chart.
    pub title: String,
    /// Description of the value axis (horizontal), e.g. "test accuracy".
    pub value_label: String,
    /// Description of the category axis (vertical), e.g. "experiment".
    pub category_label: String,
    /// Legend label of one dot, e.g. "one seed".
    pub point_label: String,
    /// Fixed or fitted value range. With a fixed range, values outside it
    /// are left out and boxes are cut at its edges.
    pub value_range: AxisRange,
    /// The rows, top to bottom.
    pub categories: Vec<Category>,
    /// Size of the SVG.
    pub size: FigureSize,
}

/// One row: a named set of values.
#[derive(Debug, Clone, PartialEq)]
pub struct Category {
    /// Row label, e.g. "input noise 0.1".
    pub name: String,
    /// One value per seed; non-finite values are left out.
    pub values: Vec<f64>,
    /// The value the tutorial reports, if any.
    pub published: Option<f64>,
}

/// Half the height of a box, in rows.
const BOX_HALF_HEIGHT: f64 = 0.17;

/// Dots spread over this many rows around the row's centre line.
const JITTER_HEIGHT: f64 = 0.5;

/// Most of the figure width the category names may take.
const NAME_SHARE: f64 = 0.45;

/// Renders `distribution` as an SVG document.
pub fn render_distribution(distribution: &Distribution) -> Result<String, FigureError> {
    let rows: Vec<Row> = distribution.categories.iter().map(Row::new).collect();
    let count = rows.len();

    let values = extent(rows.iter().flat_map(|row| row.sorted.iter().copied()));
    let published = extent(rows.iter().filter_map(|row| row.published));
    let (low, high) = resolve_linear(
        distribution.value_range,
        "fixed value range",
        union(values, published),
    )?;
    let x_ticks = linear_ticks(low, high, 7);

    // Row i sits at height count - 1 - i, so the first category is on top.
    let y_ticks = Ticks {
        values: (0..count).map(|index| index as f64).collect(),
        labels: rows.iter().rev().map(|row| row.name.clone()).collect(),
    };
    let (y_low, y_high) = (-0.5, count.max(1) as f64 - 0.5);
    let entries = legend_entries(distribution, &rows);

    render_svg(distribution.size, &distribution.title, |root| {
        let max_legend = distribution.size.width * 2 / 5;
        let legend_width = legend_width(root, &entries, max_legend)?;
        let page = lay_out_page(root, &distribution.title, legend_width)?;
        let max_names = (f64::from(distribution.size.width) * NAME_SHARE) as u32;
        let y_label_width = y_label_area_width(&page.plot, &y_ticks)?.min(max_names);

        let x_coord = LinearAxis::new(low..high, &x_ticks);
        let y_coord = LinearAxis::new(y_low..y_high, &y_ticks);
        let mut chart = build_chart(&page.plot, x_coord, y_coord, y_label_width)?;
        let labels = (
            distribution.value_label.as_str(),
            distribution.category_label.as_str(),
        );
        draw_axes(&mut chart, labels, (&x_ticks, &y_ticks))?;
        let plotting = chart.plotting_area();
        let inside = |value: f64| low <= value && value <= high;

        for (index, row) in rows.iter().enumerate() {
            let y = (count - 1 - index) as f64;
            let Some(summary) = row.summary() else {
                let centre = chart.backend_coord(&(low / 2.0 + high / 2.0, y));
                let style = ink_text(TICK_SIZE).pos(Pos::new(HPos::Center, VPos::Center));
                root.draw(&Text::new("no data", centre, style))?;
                continue;
            };

            // Whiskers, box and median, cut at the axis ends.
            let at = |value: f64| value.clamp(low, high);
            let (top, bottom) = (y + BOX_HALF_HEIGHT, y - BOX_HALF_HEIGHT);
            let whisker = vec![(at(summary.minimum), y), (at(summary.maximum), y)];
            plotting.draw(&PathElement::new(whisker, stroke(INK, 1)))?;
            let corners = [
                (at(summary.lower_quartile), top),
                (at(summary.upper_quartile), bottom),
            ];
            plotting.draw(&Rectangle::new(corners, fill(INK, 0.12)))?;
            plotting.draw(&Rectangle::new(corners, stroke(INK, 1)))?;
            if inside(summary.median) {
                let median = vec![(summary.median, top), (summary.median, bottom)];
                plotting.draw(&PathElement::new(median, stroke(INK, 3)))?;
            }

            for (position, value) in row.values.iter().enumerate() {
                if inside(*value) {
                    let centre = (*value, y + jitter(position));
                    plotting.draw(&Circle::new(centre, 3, fill(Hue::Blue.rgb(), 0.75)))?;
                }
            }

            if let Some(value) = row.published.filter(|value| inside(*value)) {
                let centre = chart.backend_coord(&(value, y));
                draw_marker(root, centre, &published_marker())?;
            }
        }

        if rows.iter().all(|row| row.sorted.is_empty()) {
            draw_no_data_note(root, &chart)?;
        }
        if let Some(legend) = &page.legend {
            draw_legend(legend, &entries)?;
        }
        Ok(())
    })
}

/// A category with its plottable values.
struct Row {
    name: String,
    /// Plottable values in input order, for the dots.
    values: Vec<f64>,
    /// The same values sorted, for the quartiles.
    sorted: Vec<f64>,
    /// The published value, if plottable.
    published: Option<f64>,
}

/// Five-number summary of a row.
struct Summary {
    minimum: f64,
    lower_quartile: f64,
    median: f64,
    upper_quartile: f64,
    maximum: f64,
}

impl Row {
    /// Keeps the plottable values of `category`.
    fn new(category: &Category) -> Row {
        let values: Vec<f64> = category
            .values
            .iter()
            .copied()
            .filter(|v| is_plottable(*v))
            .collect();
        let mut sorted = values.clone();
        sorted.sort_by(f64::total_cmp);
        Row {
            name: category.name.clone(),
            values,
            sorted,
            published: category.published.filter(|value| is_plottable(*value)),
        }
    }

    /// Minimum, quartiles, median and maximum; `None` without values.
    fn summary(&self) -> Option<Summary> {
        Some(Summary {
            minimum: *self.sorted.first()?,
            lower_quartile: quantile(&self.sorted, 0.25)?,
            median: quantile(&self.sorted, 0.5)?,
            upper_quartile: quantile(&self.sorted, 0.75)?,
            maximum: *self.sorted.last()?,
        })
    }
}

/// The `q`-quantile of sorted values, interpolating linearly between the
/// two nearest ranks (NumPy's default, "type 7" of Hyndman and Fan 1996):
/// `position = q * (n - 1)`.
fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let position = q.clamp(0.0, 1.0) * last as f64;
    let below = position.floor() as usize;
    let above = (below + 1).min(last);
    let weight = position - below as f64;
    Some(sorted[below] + weight * (sorted[above] - sorted[below]))
}

/// The vertical offset of the `position`-th dot of a row, in rows.
///
/// Successive multiples of the golden ratio modulo 1 spread evenly without
/// repeating, so dots rarely overlap, and the offsets depend only on the
/// position: no randomness, same figure every time.
fn jitter(position: usize) -> f64 {
    let golden = 0.618_033_988_749_895;
    ((position as f64 * golden).fract() - 0.5) * JITTER_HEIGHT
}

/// The marker of a published value.
fn published_marker() -> MarkerStyle {
    MarkerStyle {
        shape: MarkerShape::Diamond,
        colour: Hue::Vermillion.rgb(),
        is_filled: false,
        radius: 6,
    }
}

/// Legend rows for dots, boxes and, if any is given, published values.
fn legend_entries(distribution: &Distribution, rows: &[Row]) -> Vec<LegendEntry> {
    if rows.iter().all(|row| row.sorted.is_empty()) {
        return Vec::new();
    }

    let dot = MarkerStyle {
        shape: MarkerShape::Circle,
        colour: Hue::Blue.rgb(),
        is_filled: true,
        radius: 3,
    };
    let mut entries = vec![
        LegendEntry {
            label: distribution.point_label.clone(),
            swatch: Swatch::Marker(dot),
        },
        LegendEntry {
            label: "quartiles, median".to_string(),
            swatch: Swatch::Box,
        },
    ];
    if rows.iter().any(|row| row.published.is_some()) {
        entries.push(LegendEntry {
            label: "published".to_string(),
            swatch: Swatch::Marker(published_marker()),
        });
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_match_numpy() {
        // numpy.quantile([1, 2, 3, 4], [0.25, 0.5, 0.75]) = [1.75, 2.5, 3.25]
        let sorted = [1.0, 2.0, 3.0, 4.0];

        assert_eq!(quantile(&sorted, 0.25), Some(1.75));
        assert_eq!(quantile(&sorted, 0.5), Some(2.5));
        assert_eq!(quantile(&sorted, 0.75), Some(3.25));
        assert_eq!(quantile(&[7.0], 0.25), Some(7.0));
        assert_eq!(quantile(&[], 0.5), None);
    }

    #[test]
    fn jitter_stays_inside_its_band() {
        for position in 0..1000 {
            assert!(jitter(position).abs() <= JITTER_HEIGHT / 2.0);
        }
    }
}

#[cfg(test)]
mod render_tests {
    use super::*;
    use crate::figures::preview::seeds;
    use crate::figures::test_support::{assert_shows, svg_texts};

    #[test]
    fn seeds_show_title_axis_names_and_legend() {
        let svg = render_distribution(&seeds()).unwrap();

        assert_shows(
            &svg,
            &["Test accuracy over 10 seeds", "test accuracy", "no noise"],
        );
        assert_shows(
            &svg,
            &["hidden noise, after activation", "one seed", "published"],
        );
    }

    #[test]
    fn same_input_gives_the_same_bytes() {
        assert_eq!(
            render_distribution(&seeds()).unwrap(),
            render_distribution(&seeds()).unwrap()
        );
    }

    #[test]
    fn no_categories_or_no_values_show_no_data() {
        let mut none = seeds();
        none.categories.clear();
        assert_shows(&render_distribution(&none).unwrap(), &["no data"]);

        let mut diverged = seeds();
        for category in &mut diverged.categories {
            category.values = vec![f64::NAN, f64::INFINITY];
        }
        assert_shows(&render_distribution(&diverged).unwrap(), &["no data"]);
    }

    #[test]
    fn one_empty_row_is_marked_and_the_rest_drawn() {
        let mut partly = seeds();
        partly.categories[1].values.clear();

        let texts = svg_texts(&render_distribution(&partly).unwrap());

        assert_eq!(texts.iter().filter(|text| *text == "no data").count(), 1);
    }

    #[test]
    fn constant_values_and_fixed_range_render() {
        let mut flat = seeds();
        for category in &mut flat.categories {
            category.values = vec![0.5; 10];
            category.published = Some(2.0);
        }
        render_distribution(&flat).unwrap();

        flat.value_range = AxisRange::Fixed { min: 0.0, max: 0.4 };
        render_distribution(&flat).unwrap();
    }
}
