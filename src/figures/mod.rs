//! Figures of the report: pure functions from plain data to SVG documents.
//!
//! Each figure family has an input struct that the rest of the program fills
//! from its results, and a `render_*` function that returns the SVG document
//! as a string. Nothing here touches the file system; the caller writes the
//! files.
//!
//! | family | input | function |
//! | --- | --- | --- |
//! | lines over epochs or noise levels | [`LineChart`] | [`render_line_chart`] |
//! | the two-circles data set | [`ScatterDataset`] | [`render_scatter_dataset`] |
//! | a model's predicted probability | [`DecisionSurface`] | [`render_decision_surface`] |
//! | test accuracy over seeds | [`Distribution`] | [`render_distribution`] |
//!
//! Every figure shares one look: the Okabe–Ito colour-blind-safe palette, a
//! transparent background, and text and axes drawn in a mid grey that a
//! small embedded style sheet turns into `currentColor` (dark on a light
//! page, light on a dark one). Text is measured with the bundled DejaVu Sans,
//! so no system font is needed.
//!
//! Data problems never fail a figure: non-finite values are skipped, constant
//! data gets a padded axis and a figure without data shows a "no data" note.
//! Only inconsistent settings (a fixed range that is not an interval, a grid
//! whose size does not match its cells, a figure too small to hold its axes)
//! return a [`FigureError`]. The same input always gives the same bytes.

mod canvas;
mod decision_surface;
mod distribution;
mod error;
mod font;
mod labelled_point;
mod legend;
mod line_chart;
mod marker;
mod palette;
mod scale;
mod scatter_dataset;
mod ticks;

pub mod report;

#[cfg(test)]
mod preview;
#[cfg(test)]
mod test_support;

pub use decision_surface::{DecisionSurface, ProbabilityGrid, render_decision_surface};
pub use distribution::{Category, Distribution, render_distribution};
pub use error::FigureError;
pub use labelled_point::{LabelledPoint, Split};
pub use line_chart::{
    AxisScale, BandPoint, LineChart, LineSeries, ReferenceLine, render_line_chart,
};
pub use palette::Hue;
pub use scale::AxisRange;
pub use scatter_dataset::{ScatterDataset, render_scatter_dataset};

/// The size of a figure in CSS pixels.
///
/// The SVG carries both `width`/`height` and a matching `viewBox`, so a page
/// may scale it with `max-width: 100%; height: auto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FigureSize {
    /// Width in pixels; at least [`FigureSize::MINIMUM`]'s width.
    pub width: u32,
    /// Height in pixels; at least [`FigureSize::MINIMUM`]'s height.
    pub height: u32,
}

impl FigureSize {
    /// The smallest size that still leaves room for a title, axes and a
    /// legend: 320 x 200.
    pub const MINIMUM: FigureSize = FigureSize {
        width: 320,
        height: 200,
    };
}

impl Default for FigureSize {
    /// 720 x 420, wide enough for a legend column beside the plot.
    fn default() -> Self {
        FigureSize {
            width: 720,
            height: 420,
        }
    }
}
