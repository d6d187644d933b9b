//! A model's predicted probability over the feature plane, with the data
//! set on top.
//!
//! The colour map diverges from the class-0 colour (probability 0) through
//! transparent (0.5, the decision boundary) to the class-1 colour
//! (probability 1): blue and orange from the colour-blind-safe palette. As
//! the middle is transparent, the page shows through at the boundary, in
//! light and dark mode alike.
//!
//! Probabilities are binned into 21 steps of 0.05 and neighbouring cells of
//! one row with the same step are merged into one rectangle: a smooth
//! 80 x 80 surface (more than the report's 64 x 64) takes about 140 KB. Note: a surface that flips between
//! extremes from cell to cell (the worst case) is not merged at all and
//! stays under 800 KB.

use plotters::element::{Circle, Rectangle, Text};
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::FigureSize;
use super::canvas::{
    Area, build_chart, draw_axes, draw_no_data_note, lay_out_page, plot_size, render_svg,
    y_label_area_width,
};
use super::error::FigureError;
use super::labelled_point::{LabelledPoint, class_hue, drawing_order, legend_entries, marker_for};
use super::legend::{LegendEntry, Swatch, draw_legend, legend_width};
use super::marker::{MarkerShape, draw_marker};
use super::palette::{INK, LABEL_SIZE, TICK_SIZE, fill, ink_text, stroke};
use super::scale::{check_interval, equal_aspect, extent, is_plottable, linear_span, union};
use super::ticks::{LinearAxis, linear_ticks};

/// A decision surface: probabilities on a grid and the labelled points.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionSurface {
    /// Heading above the chart.
    pub title: String,
    /// Description of the x axis.
    pub x_label: String,
    /// Description of the y axis.
    pub y_label: String,
    /// The predicted probabilities.
    pub grid: ProbabilityGrid,
    /// The data set drawn on top; non-finite points are left out.
    pub points: Vec<LabelledPoint>,
    /// Legend names of the classes by label; missing names read "class N".
    pub class_names: Vec<String>,
    /// Caption of the colour bar, e.g. "P(class 1)".
    pub probability_label: String,
    /// Size of the SVG.
    pub size: FigureSize,
}

/// Probabilities of class 1 on a regular grid of cells over a rectangle.
///
/// Cell `(column, row)` covers
/// `x_min + column * dx .. x_min + (column + 1) * dx` across and likewise
/// from `y_min` up, with `dx = (x_max - x_min) / columns`. Its value is
/// `probabilities[row * columns + column]`: rows run from the bottom.
/// Values are clamped to `0..=1`; non-finite ones leave the cell empty.
#[derive(Debug, Clone, PartialEq)]
pub struct ProbabilityGrid {
    /// Left edge of the grid.
    pub x_min: f64,
    /// Right edge of the grid.
    pub x_max: f64,
    /// Bottom edge of the grid.
    pub y_min: f64,
    /// Top edge of the grid.
    pub y_max: f64,
    /// Number of cells across.
    pub columns: usize,
    /// Number of cells up.
    pub rows: usize,
    /// `columns * rows` values, row by row from the bottom; empty for a
    /// figure of the points alone.
    pub probabilities: Vec<f64>,
}

/// Colour steps on each side of 0.5.
const STEPS: i32 = 10;

/// Opacity of a cell at probability 0 or 1.
const MAX_OPACITY: f64 = 0.45;

/// Renders `surface` as an SVG document.
///
/// Both axes use the same scale, as in the scatter figure.
pub fn render_decision_surface(surface: &DecisionSurface) -> Result<String, FigureError> {
    let grid = &surface.grid;
    let cells = grid.columns.checked_mul(grid.rows);
    if cells != Some(grid.probabilities.len()) {
        return Err(FigureError::GridShape {
            values: grid.probabilities.len(),
            columns: grid.columns,
            rows: grid.rows,
            expected: cells.unwrap_or(usize::MAX),
        });
    }
    let has_grid = !grid.probabilities.is_empty();
    let grid_extent = if has_grid {
        let x = check_interval("grid x range", grid.x_min, grid.x_max)?;
        let y = check_interval("grid y range", grid.y_min, grid.y_max)?;
        Some((x, y))
    } else {
        None
    };

    // The axes show the grid rectangle, widened if points lie outside it.
    let points: Vec<LabelledPoint> = drawing_order(&surface.points)
        .into_iter()
        .filter(|point| is_plottable(point.x) && is_plottable(point.y))
        .collect();
    let points_x = extent(points.iter().map(|point| point.x));
    let points_y = extent(points.iter().map(|point| point.y));
    let (x_span, y_span) = match grid_extent {
        Some((x, y)) => (cover(x, points_x), cover(y, points_y)),
        None => (linear_span(points_x), linear_span(points_y)),
    };

    let entries = legend_entries(&points, &surface.class_names);
    let mut sizing_entries = entries.clone();
    sizing_entries.push(LegendEntry {
        label: surface.probability_label.clone(),
        swatch: Swatch::Box,
    });

    render_svg(surface.size, &surface.title, |root| {
        let max_legend = surface.size.width * 2 / 5;
        let legend_width = legend_width(root, &sizing_entries, max_legend)?;
        let page = lay_out_page(root, &surface.title, legend_width)?;

        let y_label_width = y_label_area_width(&page.plot, &linear_ticks(y_span.0, y_span.1, 6))?;
        let ((x_low, x_high), (y_low, y_high)) =
            equal_aspect(x_span, y_span, plot_size(&page.plot, y_label_width));
        let x_ticks = linear_ticks(x_low, x_high, 7);
        let y_ticks = linear_ticks(y_low, y_high, 6);

        let x_coord = LinearAxis::new(x_low..x_high, &x_ticks);
        let y_coord = LinearAxis::new(y_low..y_high, &y_ticks);
        let mut chart = build_chart(&page.plot, x_coord, y_coord, y_label_width)?;
        let labels = (surface.x_label.as_str(), surface.y_label.as_str());
        draw_axes(&mut chart, labels, (&x_ticks, &y_ticks))?;

        let plotting = chart.plotting_area();
        for (corners, step) in merged_cells(grid) {
            plotting.draw(&Rectangle::new(
                corners,
                fill(step_colour(step), step_opacity(step)),
            ))?;
        }

        // A ring in the text colour keeps discs visible on their own colour.
        for point in &points {
            let centre = chart.backend_coord(&(point.x, point.y));
            let marker = marker_for(point.class, point.split);
            if marker.shape == MarkerShape::Circle && marker.is_filled {
                root.draw(&Circle::new(centre, marker.radius + 1, fill(INK, 1.0)))?;
            }
            draw_marker(root, centre, &marker)?;
        }

        if !has_grid && points.is_empty() {
            draw_no_data_note(root, &chart)?;
        }
        if let Some(legend) = &page.legend {
            let bottom = draw_legend(legend, &entries)?;
            draw_colour_bar(legend, bottom + 6, &surface.probability_label)?;
        }
        Ok(())
    })
}

/// The grid's `range`, or if some points lie outside it, a range holding
/// both with a margin.
fn cover(range: (f64, f64), points: Option<(f64, f64)>) -> (f64, f64) {
    match points {
        Some((low, high)) if low < range.0 || high > range.1 => {
            linear_span(union(Some(range), Some((low, high))))
        }
        _ => range,
    }
}

/// Rectangles (data-space corners) and colour steps of the grid, with
/// equal neighbours in a row merged. Transparent cells are left out.
fn merged_cells(grid: &ProbabilityGrid) -> Vec<([(f64, f64); 2], i32)> {
    let mut rectangles = Vec::new();
    if grid.columns == 0 || grid.rows == 0 {
        return rectangles;
    }

    // Edges come from the index, so neighbouring cells share them exactly.
    let x_edge = |column: usize| {
        grid.x_min + (grid.x_max - grid.x_min) * column as f64 / grid.columns as f64
    };
    let y_edge =
        |row: usize| grid.y_min + (grid.y_max - grid.y_min) * row as f64 / grid.rows as f64;

    for (row, values) in grid.probabilities.chunks(grid.columns).enumerate() {
        let mut column = 0;
        while column < values.len() {
            let step = probability_step(values[column]);
            let mut end = column + 1;
            while end < values.len() && probability_step(values[end]) == step {
                end += 1;
            }
            if let Some(step) = step.filter(|step| *step != 0) {
                let corners = [
                    (x_edge(column), y_edge(row + 1)),
                    (x_edge(end), y_edge(row)),
                ];
                rectangles.push((corners, step));
            }
            column = end;
        }
    }
    rectangles
}

/// The colour step of a probability: `-STEPS` at 0, 0 at 0.5, `STEPS` at 1;
/// `None` if the value is not finite.
fn probability_step(probability: f64) -> Option<i32> {
    if !probability.is_finite() {
        return None;
    }
    let centred = probability.clamp(0.0, 1.0) - 0.5;
    Some((centred * 2.0 * f64::from(STEPS)).round() as i32)
}

/// The colour of a step: class 0's below the boundary, class 1's above.
fn step_colour(step: i32) -> plotters::style::RGBColor {
    class_hue(usize::from(step > 0)).rgb()
}

/// The opacity of a step, rising linearly away from the boundary.
fn step_opacity(step: i32) -> f64 {
    MAX_OPACITY * f64::from(step.abs()) / f64::from(STEPS)
}

/// Draws the vertical colour bar with its caption at `top` (pixels within
/// the legend column).
fn draw_colour_bar(area: &Area<'_>, top: i32, caption: &str) -> Result<(), FigureError> {
    let (_, height) = area.dim_in_pixel();
    let caption_style = ink_text(LABEL_SIZE).pos(Pos::new(HPos::Left, VPos::Center));
    area.draw(&Text::new(caption, (8, top + 10), caption_style))?;

    // Fit 2 * STEPS + 1 bands between the caption and the bottom edge.
    let bar_top = top + 24;
    let available = i32::try_from(height).unwrap_or(i32::MAX) - bar_top - 12;
    let band = (available / (2 * STEPS + 1)).clamp(2, 7);
    let bar_bottom = bar_top + band * (2 * STEPS + 1);
    let (left, right) = (8, 30);

    for (index, step) in (-STEPS..=STEPS).rev().enumerate() {
        let y = bar_top + band * i32::try_from(index).unwrap_or(0);
        let colour = fill(step_colour(step), step_opacity(step));
        area.draw(&Rectangle::new([(left, y), (right, y + band)], colour))?;
    }
    area.draw(&Rectangle::new(
        [(left, bar_top), (right, bar_bottom)],
        stroke(INK, 1),
    ))?;

    let tick_style = ink_text(TICK_SIZE).pos(Pos::new(HPos::Left, VPos::Center));
    let middle = bar_top + band * STEPS + band / 2;
    for (label, y) in [("1", bar_top), ("0.5", middle), ("0", bar_bottom)] {
        area.draw(&Text::new(label, (right + 6, y), tick_style.clone()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probability_steps_are_centred_on_the_boundary() {
        assert_eq!(probability_step(0.0), Some(-STEPS));
        assert_eq!(probability_step(0.5), Some(0));
        assert_eq!(probability_step(1.7), Some(STEPS));
        assert_eq!(probability_step(f64::NAN), None);
    }

    #[test]
    fn equal_neighbours_merge_into_one_rectangle() {
        let grid = ProbabilityGrid {
            x_min: 0.0,
            x_max: 4.0,
            y_min: 0.0,
            y_max: 1.0,
            columns: 4,
            rows: 1,
            probabilities: vec![0.0, 0.0, 0.5, 1.0],
        };

        let cells = merged_cells(&grid);

        assert_eq!(
            cells,
            vec![
                ([(0.0, 1.0), (2.0, 0.0)], -STEPS),
                ([(3.0, 1.0), (4.0, 0.0)], STEPS)
            ]
        );
    }
}

#[cfg(test)]
mod render_tests {
    use super::*;
    use crate::figures::preview::surface;
    use crate::figures::test_support::assert_shows;

    #[test]
    fn surface_shows_title_axes_legend_and_colour_bar() {
        let svg = render_decision_surface(&surface()).unwrap();

        assert_shows(&svg, &["Decision surface, input noise 0.1", "x₁", "x₂"]);
        assert_shows(&svg, &["P(inner circle)", "0.5", "outer circle, train"]);
        assert!(svg.len() < 300_000, "{} bytes", svg.len());
    }

    #[test]
    fn same_input_gives_the_same_bytes() {
        assert_eq!(
            render_decision_surface(&surface()).unwrap(),
            render_decision_surface(&surface()).unwrap()
        );
    }

    #[test]
    fn worst_case_grid_stays_small() {
        // Alternating extremes: no two neighbours merge.
        let mut checkerboard = surface();
        for (index, value) in checkerboard.grid.probabilities.iter_mut().enumerate() {
            *value = if (index + index / 80) % 2 == 0 {
                0.0
            } else {
                1.0
            };
        }

        let svg = render_decision_surface(&checkerboard).unwrap();

        assert!(svg.len() < 800_000, "{} bytes", svg.len());
    }

    #[test]
    fn mismatched_grid_is_an_error_naming_the_sizes() {
        let mut broken = surface();
        broken.grid.probabilities.pop();

        let error = render_decision_surface(&broken).unwrap_err();

        assert!(
            error
                .to_string()
                .contains("6399 values but 80 columns x 80 rows"),
            "{error}"
        );
    }

    #[test]
    fn invalid_grid_rectangle_is_an_error() {
        let mut broken = surface();
        broken.grid.x_max = f64::NAN;

        let error = render_decision_surface(&broken).unwrap_err();

        assert!(error.to_string().contains("grid x range"), "{error}");
    }

    #[test]
    fn empty_grid_without_points_shows_no_data() {
        let mut empty = surface();
        empty.grid.columns = 0;
        empty.grid.rows = 0;
        empty.grid.probabilities.clear();
        empty.points.clear();

        assert_shows(&render_decision_surface(&empty).unwrap(), &["no data"]);
    }

    #[test]
    fn bad_probabilities_and_far_points_render() {
        let mut odd = surface();
        odd.grid.probabilities[0] = f64::NAN;
        odd.grid.probabilities[1] = f64::INFINITY;
        odd.grid.probabilities[2] = -3.0;
        odd.points[0].x = 40.0;
        odd.points[1].y = f64::NAN;

        render_decision_surface(&odd).unwrap();
    }
}
