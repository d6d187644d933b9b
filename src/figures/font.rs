//! The bundled font that plotters measures text with.
//!
//! Without default features plotters has no access to system fonts: its
//! `ab_glyph` backend only knows fonts registered at run time. The SVG itself
//! still names the generic `sans-serif` family, so browsers draw text with
//! the reader's own sans-serif; DejaVu Sans only sizes label areas and
//! legends. It is wide, so the estimates err on the roomy side.
//!
//! Licence: Bitstream Vera licence with DejaVu changes in the public domain,
//! see `fonts/LICENSE-DejaVu.txt`.

use std::sync::OnceLock;

use plotters::style::{FontStyle, register_font};

use super::error::FigureError;

/// DejaVu Sans 2.37, from Debian's fonts-dejavu-core.
static DEJAVU_SANS: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");

/// The family name every text style in this module uses.
pub(crate) const FAMILY: &str = "sans-serif";

/// Registers the bundled font under [`FAMILY`] once per process.
///
/// Every render function calls this before drawing; later calls only read
/// the remembered outcome.
pub(crate) fn ensure_registered() -> Result<(), FigureError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();

    let is_registered =
        *REGISTERED.get_or_init(|| register_font(FAMILY, FontStyle::Normal, DEJAVU_SANS).is_ok());
    if is_registered {
        Ok(())
    } else {
        Err(FigureError::Font)
    }
}

#[cfg(test)]
mod tests {
    use plotters::prelude::*;

    use super::*;

    #[test]
    fn registered_font_measures_text_without_system_fonts() {
        ensure_registered().unwrap();
        ensure_registered().unwrap();

        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (200, 100)).into_drawing_area();
            let style = TextStyle::from((FAMILY, 20).into_font());
            let (width, height) = root.estimate_text_size("accuracy", &style).unwrap();
            assert!(width > 40 && height > 5, "{width}x{height}");

            root.draw_text("accuracy", &style, (10, 10)).unwrap();
            root.present().unwrap();
        }
        assert!(svg.contains(">\naccuracy\n</text>") || svg.contains("accuracy</text>"));
    }
}
