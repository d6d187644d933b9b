//! The legend column to the right of a chart.
//!
//! A legend inside the plot would hide data somewhere for some input, so
//! every figure reserves a column of its own, sized to the longest label.

use plotters::element::{PathElement, Rectangle, Text};
use plotters::style::RGBColor;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::canvas::Area;
use super::error::FigureError;
use super::marker::{MarkerShape, MarkerStyle, draw_marker};
use super::palette::{BAND_OPACITY, INK, LABEL_SIZE, fill, ink_text, stroke};

/// What a legend row shows before its label.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Swatch {
    /// A short line, optionally dashed, over a shaded band, with a marker.
    Line {
        /// Line colour.
        colour: RGBColor,
        /// Dashed (reference lines) or solid.
        is_dashed: bool,
        /// Whether a translucent band is shown behind the line.
        has_band: bool,
        /// Marker drawn in the middle of the line.
        marker: Option<MarkerShape>,
    },
    /// A single marker.
    Marker(MarkerStyle),
    /// A box with a middle line, as in a box plot.
    Box,
}

/// One row of the legend.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LegendEntry {
    /// The text.
    pub label: String,
    /// The symbol before it.
    pub swatch: Swatch,
}

/// Horizontal room of a swatch, in pixels.
const SWATCH_WIDTH: i32 = 30;

/// Gap between swatch and label, and at the column's edges.
const GAP: i32 = 8;

/// Vertical distance between rows.
pub(crate) const ROW_HEIGHT: i32 = 22;

/// Distance from the top of the column to the first row's centre.
pub(crate) const FIRST_ROW: i32 = 22;

/// Width the legend column needs, at most `max_width`; zero without
/// entries. Labels too long for that are shortened with an ellipsis.
pub(crate) fn legend_width(
    root: &Area<'_>,
    entries: &[LegendEntry],
    max_width: u32,
) -> Result<u32, FigureError> {
    if entries.is_empty() {
        return Ok(0);
    }

    let style = ink_text(LABEL_SIZE);
    let mut widest = 0;
    for entry in entries {
        let (width, _) = root.estimate_text_size(&entry.label, &style)?;
        widest = widest.max(width);
    }
    let needed = widest + (SWATCH_WIDTH + 3 * GAP) as u32;
    Ok(needed.min(max_width))
}

/// Draws the entries top-down on `area` and returns the y pixel (relative
/// to `area`) below the last row, for content that follows the legend.
pub(crate) fn draw_legend(area: &Area<'_>, entries: &[LegendEntry]) -> Result<i32, FigureError> {
    let label_style = ink_text(LABEL_SIZE).pos(Pos::new(HPos::Left, VPos::Center));

    let (width, _) = area.dim_in_pixel();
    let label_left = GAP + SWATCH_WIDTH + GAP;
    let room = i32::try_from(width).unwrap_or(i32::MAX) - label_left - GAP;

    let mut y = FIRST_ROW;
    for entry in entries {
        draw_swatch(area, (GAP, y), &entry.swatch)?;
        let label = fit_label(area, &entry.label, room)?;
        area.draw(&Text::new(label, (label_left, y), label_style.clone()))?;
        y += ROW_HEIGHT;
    }
    Ok(y)
}

/// `label`, shortened with an ellipsis until it fits in `room` pixels.
fn fit_label(area: &Area<'_>, label: &str, room: i32) -> Result<String, FigureError> {
    let style = ink_text(LABEL_SIZE);
    let fits = |text: &str| -> Result<bool, FigureError> {
        let (width, _) = area.estimate_text_size(text, &style)?;
        Ok(i64::from(width) <= i64::from(room))
    };
    if fits(label)? {
        return Ok(label.to_string());
    }

    let characters: Vec<char> = label.chars().collect();
    for keep in (1..characters.len()).rev() {
        let shortened: String = characters[..keep].iter().chain(['…'].iter()).collect();
        if fits(&shortened)? {
            return Ok(shortened);
        }
    }
    Ok("…".to_string())
}

/// Draws a swatch whose left middle point is `start`.
fn draw_swatch(area: &Area<'_>, start: (i32, i32), swatch: &Swatch) -> Result<(), FigureError> {
    let (x, y) = start;
    let middle = (x + SWATCH_WIDTH / 2, y);

    match swatch {
        Swatch::Line {
            colour,
            is_dashed,
            has_band,
            marker,
        } => {
            if *has_band {
                let band = [(x, y - 7), (x + SWATCH_WIDTH, y + 7)];
                area.draw(&Rectangle::new(band, fill(*colour, BAND_OPACITY)))?;
            }
            if *is_dashed {
                for dash in 0..3 {
                    let left = x + dash * 11;
                    area.draw(&PathElement::new(
                        vec![(left, y), (left + 7, y)],
                        stroke(*colour, 2),
                    ))?;
                }
            } else {
                area.draw(&PathElement::new(
                    vec![(x, y), (x + SWATCH_WIDTH, y)],
                    stroke(*colour, 2),
                ))?;
            }
            if let Some(shape) = marker {
                let style = MarkerStyle {
                    shape: *shape,
                    colour: *colour,
                    is_filled: true,
                    radius: 4,
                };
                draw_marker(area, middle, &style)?;
            }
        }
        Swatch::Marker(style) => draw_marker(area, middle, style)?,
        Swatch::Box => {
            let corners = [(x + 4, y - 6), (x + SWATCH_WIDTH - 4, y + 6)];
            area.draw(&Rectangle::new(corners, stroke(INK, 1)))?;
            area.draw(&PathElement::new(
                vec![(middle.0, y - 6), (middle.0, y + 6)],
                stroke(INK, 2),
            ))?;
        }
    }
    Ok(())
}
