//! Colours and text sizes shared by every figure.
//!
//! Series colours come from the Okabe–Ito palette, which stays distinct for
//! the common forms of colour blindness (Okabe and Ito, "Color Universal
//! Design", 2008). Text, axes and grid use [`INK`], a mid grey that reads on
//! white and on near-black; the canvas style sheet then swaps it for
//! `currentColor`.

use plotters::style::{Color, RGBAColor, RGBColor, ShapeStyle, TextStyle};

use super::font::FAMILY;

/// A colour of the Okabe–Ito palette (black replaced by grey, which also
/// reads on a dark page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Hue {
    /// #0072B2.
    Blue,
    /// #E69F00.
    Orange,
    /// #009E73.
    Green,
    /// #CC79A7.
    Pink,
    /// #56B4E9.
    Sky,
    /// #D55E00.
    Vermillion,
    /// #F0E442; pale on white, so last in the automatic order.
    Yellow,
    /// #999999.
    Grey,
}

impl Hue {
    /// The order in which series without an explicit hue get their colour.
    pub const SERIES_ORDER: [Hue; 8] = [
        Hue::Blue,
        Hue::Orange,
        Hue::Green,
        Hue::Pink,
        Hue::Sky,
        Hue::Vermillion,
        Hue::Grey,
        Hue::Yellow,
    ];

    /// The hue of the `index`-th series, cycling through [`Hue::SERIES_ORDER`].
    pub fn nth(index: usize) -> Hue {
        Hue::SERIES_ORDER[index % Hue::SERIES_ORDER.len()]
    }

    /// The hue as a plotters colour.
    pub(crate) fn rgb(self) -> RGBColor {
        match self {
            Hue::Blue => RGBColor(0x00, 0x72, 0xB2),
            Hue::Orange => RGBColor(0xE6, 0x9F, 0x00),
            Hue::Green => RGBColor(0x00, 0x9E, 0x73),
            Hue::Pink => RGBColor(0xCC, 0x79, 0xA7),
            Hue::Sky => RGBColor(0x56, 0xB4, 0xE9),
            Hue::Vermillion => RGBColor(0xD5, 0x5E, 0x00),
            Hue::Yellow => RGBColor(0xF0, 0xE4, 0x42),
            Hue::Grey => RGBColor(0x99, 0x99, 0x99),
        }
    }
}

/// The colour of text, axes, grid and outlines.
///
/// Note: this exact value is a marker that the canvas style sheet matches
/// (`[fill="#777777"]`); no data series may use it.
pub(crate) const INK: RGBColor = RGBColor(0x77, 0x77, 0x77);

/// [`INK`] as written by the SVG backend, for the style sheet.
pub(crate) const INK_HEX: &str = "#777777";

/// Opacity of grid lines drawn in [`INK`].
pub(crate) const GRID_OPACITY: f64 = 0.22;

/// Opacity of the shaded band around a line.
pub(crate) const BAND_OPACITY: f64 = 0.22;

/// Plotters font size of the title (SVG font-size is this / 1.24).
pub(crate) const TITLE_SIZE: f64 = 21.0;

/// Plotters font size of axis descriptions and legend labels.
pub(crate) const LABEL_SIZE: f64 = 17.0;

/// Plotters font size of tick labels.
pub(crate) const TICK_SIZE: f64 = 15.0;

/// A text style in [`INK`] at the given plotters size.
pub(crate) fn ink_text(size: f64) -> TextStyle<'static> {
    TextStyle::from((FAMILY, size)).color(&INK)
}

/// A stroked (not filled) style in `colour` and `width` pixels.
pub(crate) fn stroke(colour: RGBColor, width: u32) -> ShapeStyle {
    translucent_stroke(colour, width, 1.0)
}

/// A stroked style in `colour` with the given opacity.
pub(crate) fn translucent_stroke(colour: RGBColor, width: u32, opacity: f64) -> ShapeStyle {
    ShapeStyle {
        color: colour.mix(opacity),
        filled: false,
        stroke_width: width,
    }
}

/// A filled style in `colour` with the given opacity.
pub(crate) fn fill(colour: RGBColor, opacity: f64) -> ShapeStyle {
    ShapeStyle {
        color: RGBAColor(colour.0, colour.1, colour.2, opacity),
        filled: true,
        stroke_width: 0,
    }
}
