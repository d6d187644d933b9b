//! Axis ranges that plotters can always draw.
//!
//! Plotters asserts or loops on a range that is empty, reversed, NaN or too
//! narrow for floating point. Every range handed to it is built here, from
//! plottable values only, and padded so that it is a proper interval.

use super::error::FigureError;

/// How an axis chooses its range.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum AxisRange {
    /// Fit the data (and reference values), with a 5 % margin at each end.
    #[default]
    Automatic,
    /// A fixed interval, e.g. `0..1` for accuracy. Lines are clipped to it;
    /// points and bands outside it are left out or cut at its edge.
    Fixed {
        /// Lower end of the axis.
        min: f64,
        /// Upper end of the axis; must exceed `min`.
        max: f64,
    },
}

/// Magnitudes beyond this are treated like infinities: far past anything a
/// report shows, and close enough to `f64::MAX` that spans would overflow.
const PLOTTABLE_LIMIT: f64 = 1e300;

/// Smallest positive value a log axis accepts; below it logarithms lose
/// precision (subnormal numbers).
const LOG_FLOOR: f64 = 1e-300;

/// Fraction of the data span added as margin at each end.
const MARGIN: f64 = 0.05;

/// Whether `value` can be placed on a linear axis.
pub(crate) fn is_plottable(value: f64) -> bool {
    value.is_finite() && value.abs() <= PLOTTABLE_LIMIT
}

/// Whether `value` can be placed on a logarithmic axis.
pub(crate) fn is_log_plottable(value: f64) -> bool {
    is_plottable(value) && value >= LOG_FLOOR
}

/// The smallest and largest plottable value, or `None` if there is none.
pub(crate) fn extent(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|value| is_plottable(*value))
        .fold(None, |acc, value| match acc {
            None => Some((value, value)),
            Some((low, high)) => Some((low.min(value), high.max(value))),
        })
}

/// Merges two optional extents into one covering both.
pub(crate) fn union(a: Option<(f64, f64)>, b: Option<(f64, f64)>) -> Option<(f64, f64)> {
    match (a, b) {
        (Some((a_low, a_high)), Some((b_low, b_high))) => {
            Some((a_low.min(b_low), a_high.max(b_high)))
        }
        (one, None) | (None, one) => one,
    }
}

/// A linear axis range around `extent`, or `0..1` without data.
///
/// A span too narrow to tell from rounding (constant data) is widened to
/// `value ± 5 %`, or `± 0.5` around values near zero.
pub(crate) fn linear_span(extent: Option<(f64, f64)>) -> (f64, f64) {
    let Some((low, high)) = extent else {
        return (0.0, 1.0);
    };

    let magnitude = low.abs().max(high.abs());
    if is_degenerate(low, high) {
        let middle = low / 2.0 + high / 2.0;
        let pad = if magnitude < 1e-6 {
            0.5
        } else {
            MARGIN * magnitude
        };
        return (middle - pad, middle + pad);
    }

    let pad = MARGIN * (high - low);
    (low - pad, high + pad)
}

/// A logarithmic axis range around `extent` (positive values only), or
/// `1..10` without data. Margins are taken in decades.
pub(crate) fn log_span(extent: Option<(f64, f64)>) -> (f64, f64) {
    let Some((low, high)) = extent else {
        return (1.0, 10.0);
    };

    let (low_decade, high_decade) = (low.max(LOG_FLOOR).log10(), high.max(LOG_FLOOR).log10());
    let pad = if high_decade - low_decade < 1e-9 {
        0.5
    } else {
        MARGIN * (high_decade - low_decade)
    };
    (
        10f64.powf(low_decade - pad).max(LOG_FLOOR),
        10f64.powf(high_decade + pad).min(PLOTTABLE_LIMIT),
    )
}

/// The range of a linear axis: the fixed interval after checking it, or one
/// fitted to `extent`.
pub(crate) fn resolve_linear(
    range: AxisRange,
    what: &'static str,
    extent: Option<(f64, f64)>,
) -> Result<(f64, f64), FigureError> {
    match range {
        AxisRange::Automatic => Ok(linear_span(extent)),
        AxisRange::Fixed { min, max } => check_interval(what, min, max),
    }
}

/// Accepts `min..max` if plotters can draw it, else names it in the error.
pub(crate) fn check_interval(
    what: &'static str,
    min: f64,
    max: f64,
) -> Result<(f64, f64), FigureError> {
    if is_plottable(min) && is_plottable(max) && min < max && !is_degenerate(min, max) {
        Ok((min, max))
    } else {
        Err(FigureError::InvalidRange { what, min, max })
    }
}

/// Widens one of two ranges so that a data unit spans as many pixels
/// across as up in a plot of `(width, height)` pixels.
pub(crate) fn equal_aspect(
    (x_low, x_high): (f64, f64),
    (y_low, y_high): (f64, f64),
    (width, height): (u32, u32),
) -> ((f64, f64), (f64, f64)) {
    let (width, height) = (f64::from(width.max(1)), f64::from(height.max(1)));
    let x_per_pixel = (x_high - x_low) / width;
    let y_per_pixel = (y_high - y_low) / height;

    if x_per_pixel < y_per_pixel {
        let half = y_per_pixel * width / 2.0;
        let centre = x_low / 2.0 + x_high / 2.0;
        ((centre - half, centre + half), (y_low, y_high))
    } else {
        let half = x_per_pixel * height / 2.0;
        let centre = y_low / 2.0 + y_high / 2.0;
        ((x_low, x_high), (centre - half, centre + half))
    }
}

/// Whether `low..high` is too narrow to hold distinct tick values.
fn is_degenerate(low: f64, high: f64) -> bool {
    let magnitude = low.abs().max(high.abs()).max(1e-6);
    high - low <= 1e-9 * magnitude
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extent_skips_non_finite_and_huge_values() {
        let values = [f64::NAN, 2.0, f64::INFINITY, -1.0, 1e301, f64::NEG_INFINITY];

        assert_eq!(extent(values), Some((-1.0, 2.0)));
        assert_eq!(extent([f64::NAN]), None);
    }

    #[test]
    fn constant_data_gets_a_padded_span() {
        assert_eq!(linear_span(Some((0.0, 0.0))), (-0.5, 0.5));

        let (low, high) = linear_span(Some((0.75, 0.75)));
        assert!((low - 0.7125).abs() < 1e-12 && (high - 0.7875).abs() < 1e-12);

        let (low, high) = log_span(Some((0.01, 0.01)));
        assert!((low - 0.01 / 10f64.sqrt()).abs() < 1e-12, "{low}");
        assert!((high - 0.01 * 10f64.sqrt()).abs() < 1e-12, "{high}");
    }

    #[test]
    fn spans_stay_finite_at_the_extremes() {
        for (low, high) in [(-1e300, 1e300), (1e-300, 1e-300), (5e-324, 1e-320)] {
            let (a, b) = linear_span(Some((low, high)));
            assert!(a.is_finite() && b.is_finite() && a < b, "{a}..{b}");
        }
        let (a, b) = log_span(Some((1e-300, 1e300)));
        assert!(a > 0.0 && b.is_finite() && a < b, "{a}..{b}");
    }

    #[test]
    fn fixed_ranges_are_checked() {
        let fixed = AxisRange::Fixed { min: 0.0, max: 1.0 };
        assert_eq!(resolve_linear(fixed, "y", None).unwrap(), (0.0, 1.0));

        for (min, max) in [
            (1.0, 0.0),
            (0.5, 0.5),
            (f64::NAN, 1.0),
            (0.0, f64::INFINITY),
        ] {
            let fixed = AxisRange::Fixed { min, max };
            let error = resolve_linear(fixed, "fixed y range", None).unwrap_err();
            assert!(error.to_string().contains("fixed y range"), "{error}");
        }
    }
}
