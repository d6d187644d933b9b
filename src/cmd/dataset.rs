//! `report dataset`: scikit-learn's two circles as CSV.

use std::io::Write;

use clap::Args;

use crate::data::{CirclesParams, make_circles};
use crate::error::InputError;
use crate::plan::{MAX_COUNT, check_flag};

/// Arguments of `report dataset`; the defaults are the tutorial's.
#[derive(Debug, Args)]
pub struct DatasetArgs {
    /// Number of points (`n_samples`).
    #[arg(long, default_value_t = 100)]
    pub samples: usize,
    /// Standard deviation of the Gaussian noise (`noise`).
    #[arg(long, default_value_t = 0.1, allow_negative_numbers = true)]
    pub noise: f64,
    /// Inner radius relative to the outer one (`factor`), in [0, 1).
    #[arg(long, default_value_t = 0.8, allow_negative_numbers = true)]
    pub factor: f64,
    /// numpy's `random_state`, from 0 to 4294967295.
    #[arg(long, default_value_t = 1)]
    pub seed: u32,
}

/// Prints the dataset.
pub fn run(args: &DatasetArgs) -> anyhow::Result<u8> {
    let mut out = std::io::stdout().lock();
    check_flag("samples", args.samples, MAX_COUNT)?;
    if !(args.noise.is_finite() && args.noise >= 0.0) {
        return Err(
            InputError::new(format!("--noise {}: not a standard deviation", args.noise))
                .hint("the noise must be a finite number of at least 0")
                .into(),
        );
    }
    if !(0.0..1.0).contains(&args.factor) {
        return Err(
            InputError::new(format!("--factor {}: out of range", args.factor))
                .hint("the factor must be in [0, 1)")
                .into(),
        );
    }
    let params = CirclesParams {
        samples: args.samples,
        noise: args.noise,
        factor: args.factor,
        seed: args.seed,
    };
    write!(out, "{}", make_circles(&params).to_csv())?;
    Ok(0)
}
