//! Tick positions and their labels.
//!
//! We place ticks ourselves instead of using plotters' own key points: its
//! search loops forever on some narrow ranges, and its log axis shows no
//! tick at all within a single decade. Everything here is closed-form and
//! bounded, so it cannot hang.

use std::ops::Range;

use plotters::coord::combinators::LogCoord;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;

/// Ticks of one axis: positions inside the axis range and their labels.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ticks {
    /// Tick positions in data units, increasing.
    pub values: Vec<f64>,
    /// One label per position.
    pub labels: Vec<String>,
}

/// Upper bound on the number of ticks, whatever the range.
const MAX_TICKS: usize = 40;

impl Ticks {
    /// The label of the tick at `value`, or a plain rendering for a value
    /// that is not a tick (plotters only asks for ticks).
    pub fn label(&self, value: f64) -> String {
        self.values
            .iter()
            .position(|tick| *tick == value)
            .and_then(|index| self.labels.get(index).cloned())
            .unwrap_or_else(|| format!("{value}"))
    }
}

/// A plotters axis (linear or log) whose grid lines and labels sit at our
/// own tick positions instead of plotters' key points.
pub(crate) struct TickedAxis<R> {
    inner: R,
    ticks: Vec<f64>,
}

/// A linear axis with our ticks.
pub(crate) type LinearAxis = TickedAxis<RangedCoordf64>;

/// A base-10 logarithmic axis with our ticks.
pub(crate) type LogAxis = TickedAxis<LogCoord<f64>>;

impl<R: Ranged<ValueType = f64>> TickedAxis<R> {
    /// Puts the grid lines of `inner` at the positions of `ticks`.
    pub fn new(inner: impl Into<R>, ticks: &Ticks) -> Self {
        TickedAxis {
            inner: inner.into(),
            ticks: ticks.values.clone(),
        }
    }
}

impl<R: Ranged<ValueType = f64>> Ranged for TickedAxis<R> {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    /// Our ticks for the bold grid; no light grid lines.
    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.inner.range()
    }
}

/// About `target` ticks at multiples of 1, 2 or 5 times a power of ten
/// within `low..=high`.
pub(crate) fn linear_ticks(low: f64, high: f64, target: usize) -> Ticks {
    let target = target.clamp(2, MAX_TICKS);
    let span = high - low;
    if !(span.is_finite() && span > 0.0) {
        return Ticks {
            values: vec![],
            labels: vec![],
        };
    }

    let step = nice_step(low, high, target);
    let first = (low / step - 1e-9).ceil();
    let last = (high / step + 1e-9).floor();
    let count = ((last - first + 1.0).max(0.0) as usize).min(MAX_TICKS);

    // Multiplying integers by the step keeps ticks free of accumulated error.
    let values: Vec<f64> = (0..count)
        .map(|index| (first + index as f64) * step)
        .map(|value| value.clamp(low, high))
        .collect();
    let labels = values
        .iter()
        .map(|value| linear_label(*value, step))
        .collect();
    Ticks { values, labels }
}

/// Ticks for a log axis over `low..=high` (both positive): decades, with
/// 2 and 5 (or 2, 3 and 5) in between when the range spans few decades.
/// Falls back to linear ticks inside a range too short to hold two.
pub(crate) fn log_ticks(low: f64, high: f64, target: usize) -> Ticks {
    let target = target.clamp(2, MAX_TICKS);
    if !(low > 0.0 && high > low && high.is_finite()) {
        return linear_ticks(low, high, target);
    }

    let decades = (high / low).log10();
    let mantissas: &[u32] = if decades <= 1.2 {
        &[1, 2, 3, 5]
    } else if decades <= 3.0 {
        &[1, 2, 5]
    } else {
        &[1]
    };

    // Exponents are bounded by the plottable range (about ±300), so this
    // loop runs a few hundred times at most.
    let first_exponent = low.log10().floor() as i32;
    let last_exponent = high.log10().ceil() as i32;
    let mut candidates = Vec::new();
    for exponent in first_exponent..=last_exponent {
        for mantissa in mantissas {
            let text = format!("{mantissa}e{exponent}");
            if let Ok(value) = text.parse::<f64>()
                && value >= low * (1.0 - 1e-12)
                && value <= high * (1.0 + 1e-12)
            {
                candidates.push((value, log_label(*mantissa, exponent)));
            }
        }
    }

    if candidates.len() < 2 {
        return linear_ticks(low, high, target.min(4));
    }

    // Thin out long decade runs so labels do not collide.
    let stride = candidates.len().div_ceil(target);
    let (values, labels) = candidates
        .into_iter()
        .step_by(stride)
        .map(|(value, label)| (value.clamp(low, high), label))
        .unzip();
    Ticks { values, labels }
}

/// The step among 1, 2, 5 and 10 times a power of ten whose tick count
/// over `low..=high` is closest to `target`; the larger step on a tie.
fn nice_step(low: f64, high: f64, target: usize) -> f64 {
    let magnitude = 10f64.powf(((high - low) / target as f64).log10().floor());
    let count = |step: f64| ((high / step).floor() - (low / step).ceil() + 1.0).max(0.0);
    let distance = |step: f64| (count(step) - target as f64).abs();

    [10.0, 5.0, 2.0, 1.0]
        .iter()
        .map(|nice| nice * magnitude)
        .fold(10.0 * magnitude, |best, step| {
            if distance(step) < distance(best) {
                step
            } else {
                best
            }
        })
}

/// A tick label with as many decimals as the step needs.
fn linear_label(value: f64, step: f64) -> String {
    if !(1e-6..1e6).contains(&step) {
        return format!("{value:.1e}");
    }

    let decimals = (-step.log10().floor()).max(0.0) as usize;
    let text = format!("{value:.decimals$}");
    let is_negative_zero = text.starts_with('-') && text[1..].chars().all(|c| c == '0' || c == '.');
    if is_negative_zero {
        text[1..].to_string()
    } else {
        text
    }
}

/// `mantissa × 10^exponent` written plainly within 0.0001..100000, else as
/// `1e-6`.
fn log_label(mantissa: u32, exponent: i32) -> String {
    if (-4..=5).contains(&exponent) {
        let value: f64 = format!("{mantissa}e{exponent}").parse().unwrap_or(0.0);
        format!("{value}")
    } else {
        format!("{mantissa}e{exponent}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_ticks_are_round_numbers() {
        let ticks = linear_ticks(0.0, 1.0, 6);

        assert_eq!(
            ticks.values,
            vec![0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
        );
        assert_eq!(ticks.labels, vec!["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]);
        assert_eq!(linear_ticks(0.0, 4000.0, 6).labels[1], "1000");
        let symmetric = linear_ticks(-0.3, 0.3, 6).labels;
        assert_eq!(
            symmetric,
            vec!["-0.3", "-0.2", "-0.1", "0.0", "0.1", "0.2", "0.3"]
        );
    }

    #[test]
    fn log_ticks_within_one_decade_still_exist() {
        let ticks = log_ticks(0.02, 0.08, 6);

        assert_eq!(ticks.labels, vec!["0.02", "0.03", "0.05"]);
    }

    #[test]
    fn log_ticks_over_many_decades_are_thinned() {
        let ticks = log_ticks(1e-7, 1e3, 6);

        assert!(ticks.values.len() <= 6, "{:?}", ticks.labels);
        assert_eq!(ticks.labels[0], "1e-7");
    }

    #[test]
    fn degenerate_ranges_give_few_or_no_ticks() {
        assert!(linear_ticks(1.0, 1.0, 6).values.is_empty());
        assert!(linear_ticks(f64::NAN, 1.0, 6).values.is_empty());
        assert!(linear_ticks(-1e300, 1e300, 6).values.len() <= MAX_TICKS);
        assert!(log_ticks(0.5, 0.50001, 6).values.len() <= MAX_TICKS);
    }
}
