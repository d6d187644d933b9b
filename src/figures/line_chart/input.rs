//! What a line chart shows: the input the rest of the program fills in.

use crate::figures::FigureSize;
use crate::figures::palette::Hue;
use crate::figures::scale::AxisRange;

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
    /// Legend label, e.g. "published test 0.750".
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
