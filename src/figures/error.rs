//! The one error type of the figures module.

use plotters::drawing::DrawingAreaErrorKind;

/// Why a figure could not be rendered.
///
/// Bad data (NaN, infinities, empty series) is not an error: it is skipped or
/// shown as "no data". These variants are settings the caller got wrong, or
/// a failure inside the plotting library.
#[derive(Debug, thiserror::Error)]
pub enum FigureError {
    /// The requested figure is smaller than [`crate::figures::FigureSize::MINIMUM`].
    #[error("figure size {width}x{height} px is too small; use at least {min_width}x{min_height}")]
    SizeTooSmall {
        /// Requested width in pixels.
        width: u32,
        /// Requested height in pixels.
        height: u32,
        /// Smallest allowed width.
        min_width: u32,
        /// Smallest allowed height.
        min_height: u32,
    },

    /// A fixed axis range or grid rectangle is not a finite, increasing
    /// interval.
    #[error("{what} {min}..{max} is not a finite, increasing interval; give min < max")]
    InvalidRange {
        /// Which range, e.g. "fixed y range" or "grid x range".
        what: &'static str,
        /// The given lower end.
        min: f64,
        /// The given upper end.
        max: f64,
    },

    /// A probability grid whose value count does not match its cell count.
    #[error(
        "probability grid has {values} values but {columns} columns x {rows} rows need {expected}"
    )]
    GridShape {
        /// Number of values given.
        values: usize,
        /// Number of columns given.
        columns: usize,
        /// Number of rows given.
        rows: usize,
        /// `columns * rows`, or `usize::MAX` if that overflows.
        expected: usize,
    },

    /// The bundled font could not be parsed; the binary is broken.
    #[error("the bundled DejaVu Sans font could not be registered with plotters")]
    Font,

    /// The plotting library reported a failure.
    #[error("plotters could not draw the figure: {0}")]
    Drawing(String),
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for FigureError {
    fn from(error: DrawingAreaErrorKind<E>) -> Self {
        FigureError::Drawing(error.to_string())
    }
}
