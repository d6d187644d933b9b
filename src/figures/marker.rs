//! Point markers, drawn in pixel coordinates.
//!
//! Shapes tell series apart where colour alone cannot (grey-scale print,
//! colour blindness). Plotters' own triangle marker is always filled, so
//! every shape is drawn here, filled or as an outline.

use plotters::element::{Circle, PathElement, Polygon};
use plotters::style::RGBColor;

use super::canvas::Area;
use super::error::FigureError;
use super::palette::{fill, stroke};

/// The shape of a point marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MarkerShape {
    /// A disc.
    Circle,
    /// A triangle pointing up.
    Triangle,
    /// An axis-aligned square.
    Square,
    /// A square standing on a corner.
    Diamond,
}

impl MarkerShape {
    /// The marker of the `index`-th series.
    pub fn nth(index: usize) -> MarkerShape {
        const ORDER: [MarkerShape; 4] = [
            MarkerShape::Circle,
            MarkerShape::Triangle,
            MarkerShape::Square,
            MarkerShape::Diamond,
        ];
        ORDER[index % ORDER.len()]
    }
}

/// How a marker is painted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct MarkerStyle {
    /// The shape.
    pub shape: MarkerShape,
    /// Fill or outline colour.
    pub colour: RGBColor,
    /// Filled, or only an outline two pixels wide.
    pub is_filled: bool,
    /// Distance from the centre to the outline, in pixels.
    pub radius: i32,
}

/// Draws one marker centred on `centre`, in the pixel coordinates of `area`.
pub(crate) fn draw_marker(
    area: &Area<'_>,
    centre: (i32, i32),
    marker: &MarkerStyle,
) -> Result<(), FigureError> {
    let (x, y) = centre;
    let r = marker.radius.max(1);

    if marker.shape == MarkerShape::Circle {
        let style = if marker.is_filled {
            fill(marker.colour, 1.0)
        } else {
            stroke(marker.colour, 2)
        };
        area.draw(&Circle::new(centre, r, style))?;
        return Ok(());
    }

    // A triangle of the same area as the disc reaches a little further out.
    let corners = match marker.shape {
        MarkerShape::Triangle => {
            let t = r + r / 3;
            vec![(x, y - t), (x + t, y + t * 3 / 4), (x - t, y + t * 3 / 4)]
        }
        MarkerShape::Square => vec![
            (x - r, y - r),
            (x + r, y - r),
            (x + r, y + r),
            (x - r, y + r),
        ],
        MarkerShape::Diamond | MarkerShape::Circle => {
            let d = r + r / 3;
            vec![(x, y - d), (x + d, y), (x, y + d), (x - d, y)]
        }
    };

    if marker.is_filled {
        area.draw(&Polygon::new(corners, fill(marker.colour, 1.0)))?;
    } else {
        let mut outline = corners.clone();
        outline.push(corners[0]);
        area.draw(&PathElement::new(outline, stroke(marker.colour, 2)))?;
    }
    Ok(())
}
