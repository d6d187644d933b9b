//! Summary statistics: spread of a sample, and paired differences with a
//! 95% interval.

use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, StudentsT};

/// Location and spread of a sample of finite values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// Number of finite values.
    pub n: usize,
    /// Arithmetic mean.
    pub mean: f64,
    /// Sample standard deviation (divisor `n - 1`; 0 for one value).
    pub std: f64,
    /// Smallest value.
    pub min: f64,
    /// First quartile.
    pub q1: f64,
    /// Median.
    pub median: f64,
    /// Third quartile.
    pub q3: f64,
    /// Largest value.
    pub max: f64,
}

impl Spread {
    /// The spread of the finite values among `values`; `None` if there are none.
    pub fn of(values: impl IntoIterator<Item = f64>) -> Option<Spread> {
        let mut sorted: Vec<f64> = values.into_iter().filter(|v| v.is_finite()).collect();
        if sorted.is_empty() {
            return None;
        }
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let mean = sorted.iter().sum::<f64>() / n as f64;
        Some(Spread {
            n,
            mean,
            std: standard_deviation(&sorted, mean),
            min: sorted[0],
            q1: quantile(&sorted, 0.25),
            median: quantile(&sorted, 0.5),
            q3: quantile(&sorted, 0.75),
            max: sorted[n - 1],
        })
    }
}

/// Sample standard deviation around `mean`.
pub fn standard_deviation(values: &[f64], mean: f64) -> f64 {
    if values.len() < 2 {
        return 0.0;
    }
    let squares: f64 = values.iter().map(|v| (v - mean).powi(2)).sum();
    (squares / (values.len() - 1) as f64).sqrt()
}

/// The `q` quantile of sorted values with linear interpolation between
/// order statistics (numpy's default, "type 7").
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    let position = q * (sorted.len() - 1) as f64;
    let low = position.floor() as usize;
    let high = position.ceil() as usize;
    sorted[low] + (sorted[high] - sorted[low]) * (position - low as f64)
}

/// Where `value` falls among `values`: the share below it plus half the
/// share equal to it (the mid-rank percentile), from 0 to 1.
pub fn percentile_rank(values: &[f64], value: f64) -> f64 {
    let below = values.iter().filter(|&&v| v < value).count() as f64;
    let equal = values.iter().filter(|&&v| v == value).count() as f64;
    (below + equal / 2.0) / values.len() as f64
}

/// The mean of paired differences and its 95% Student-t interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Number of pairs.
    pub n: usize,
    /// Mean difference.
    pub mean: f64,
    /// Lower end of the 95% interval.
    pub low: f64,
    /// Upper end of the 95% interval.
    pub high: f64,
}

impl Interval {
    /// `mean ± t(0.975, n-1) * sd / sqrt(n)` of the finite differences;
    /// with fewer than two pairs the interval is the mean alone.
    pub fn of_differences(differences: impl IntoIterator<Item = f64>) -> Option<Interval> {
        let values: Vec<f64> = differences.into_iter().filter(|v| v.is_finite()).collect();
        if values.is_empty() {
            return None;
        }
        let n = values.len();
        let mean = values.iter().sum::<f64>() / n as f64;
        let half_width = if n < 2 {
            0.0
        } else {
            let t = StudentsT::new(0.0, 1.0, (n - 1) as f64)
                .expect("degrees of freedom are positive")
                .inverse_cdf(0.975);
            t * standard_deviation(&values, mean) / (n as f64).sqrt()
        };
        Some(Interval {
            n,
            mean,
            low: mean - half_width,
            high: mean + half_width,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values from numpy: np.quantile([1,2,3,4,10], [.25,.5,.75]) =
    // [2, 3, 4]; np.std(..., ddof=1) = 3.5355339059327378.
    #[test]
    fn spread_matches_numpy() {
        let spread = Spread::of([4.0, 1.0, 10.0, 3.0, 2.0, f64::NAN]).unwrap();
        assert_eq!((spread.n, spread.min, spread.max), (5, 1.0, 10.0));
        assert_eq!((spread.q1, spread.median, spread.q3), (2.0, 3.0, 4.0));
        assert!((spread.std - 3.5355339059327378).abs() < 1e-12);
        assert!(Spread::of([f64::NAN]).is_none());
    }

    // scipy.stats.t.ppf(0.975, 4) = 2.7764451051977987; for differences
    // [1, 2, 3, 4, 5] the half-width is 2.7764 * 1.5811 / sqrt(5) = 1.96324.
    #[test]
    fn interval_uses_student_t() {
        let interval = Interval::of_differences([1.0, 2.0, 3.0, 4.0, 5.0]).unwrap();
        assert_eq!(interval.mean, 3.0);
        assert!(
            (interval.high - 3.0 - 1.9632432).abs() < 1e-6,
            "{interval:?}"
        );
        let single = Interval::of_differences([0.5]).unwrap();
        assert_eq!((single.low, single.high), (0.5, 0.5));
    }

    #[test]
    fn percentile_rank_counts_ties_half() {
        assert_eq!(percentile_rank(&[0.1, 0.2, 0.3, 0.4], 0.3), 0.625);
        assert_eq!(percentile_rank(&[0.1, 0.2], 0.05), 0.0);
        assert_eq!(percentile_rank(&[0.1, 0.2], 0.9), 1.0);
    }
}
