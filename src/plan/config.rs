//! `book/report.toml` as written: the raw form serde reads, with the span
//! of every value that validation may have to point at.

use serde::Deserialize;
use toml::Spanned;

/// The whole file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    /// The report's title.
    pub title: String,
    /// Where the published numbers come from.
    pub tutorial: RawTutorial,
    /// The two-circles data.
    pub dataset: RawDataset,
    /// How every model is fitted.
    pub training: RawTraining,
    /// Which seeds every experiment runs with.
    pub seeds: RawSeeds,
    /// The experiments, in report order.
    #[serde(rename = "experiment")]
    pub experiments: Vec<RawExperiment>,
    /// The noise grid.
    pub grid: RawGrid,
    /// The tutorial's claims and their thresholds.
    #[serde(default, rename = "claim")]
    pub claims: Vec<RawClaim>,
}

/// `[tutorial]`: the source of the published numbers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTutorial {
    /// The tutorial's title.
    pub title: String,
    /// Its address.
    pub url: String,
    /// The revision the numbers were read from.
    pub revised: String,
}

/// `[dataset]`: the arguments of `make_circles` and the split.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDataset {
    /// `n_samples`.
    pub samples: Spanned<i64>,
    /// `noise`.
    pub noise: Spanned<f64>,
    /// `factor`.
    pub factor: Spanned<f64>,
    /// `random_state`.
    pub seed: Spanned<i64>,
    /// Rows from the top that form the training set.
    pub train_rows: Spanned<i64>,
}

/// `[training]`: `fit` and Adam's settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTraining {
    /// Epochs per run.
    pub epochs: Spanned<i64>,
    /// Rows per gradient step.
    pub batch_size: Spanned<i64>,
    /// Adam's step size.
    pub learning_rate: Spanned<f64>,
    /// Adam's first-moment decay.
    pub beta_1: Spanned<f64>,
    /// Adam's second-moment decay.
    pub beta_2: Spanned<f64>,
    /// Adam's epsilon.
    pub epsilon: Spanned<f64>,
    /// `logits` (Keras 3, the default) or `clipped` (Keras 2.2).
    #[serde(default)]
    pub loss: Option<Spanned<String>>,
}

/// `[seeds]`: seed `base + k` for `k` in `0..repeats`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSeeds {
    /// The first seed; its run is the canonical one.
    pub base: Spanned<i64>,
    /// How many seeds per experiment.
    pub repeats: Spanned<i64>,
}

/// One `[[experiment]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExperiment {
    /// Short identifier, used in file names and on the command line.
    pub id: Spanned<String>,
    /// Human title.
    pub title: String,
    /// A sentence or two for the report.
    pub description: String,
    /// The layer stack, one string per layer.
    pub layers: Spanned<Vec<Spanned<String>>>,
    /// The tutorial's numbers for this experiment, if it published any.
    #[serde(default)]
    pub published: Option<RawPublished>,
}

/// Published final accuracies of one experiment.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPublished {
    /// Training accuracy.
    pub train: Spanned<f64>,
    /// Test accuracy.
    pub test: Spanned<f64>,
    /// The setup those numbers belong to, for the configuration guard.
    pub layers: Spanned<Vec<Spanned<String>>>,
    /// Epochs of the published run.
    pub epochs: Spanned<i64>,
}

/// `[grid]`: placements × standard deviations × seeds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGrid {
    /// Standard deviations to try.
    pub stddevs: Spanned<Vec<Spanned<f64>>>,
    /// Seeds per grid point: `seeds.base + k` for `k` in `0..repeats`.
    pub repeats: Spanned<i64>,
    /// Where the noise goes.
    #[serde(rename = "placement")]
    pub placements: Vec<RawPlacement>,
}

/// One `[[grid.placement]]`: a layer stack with `noise {stddev}` in it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlacement {
    /// Identifier.
    pub id: Spanned<String>,
    /// Human title.
    pub title: String,
    /// Layer stack with one `noise {stddev}`.
    pub layers: Spanned<Vec<Spanned<String>>>,
}

/// One `[[claim]]`: a claim of the tutorial as a check with a threshold.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClaim {
    /// Identifier.
    pub id: Spanned<String>,
    /// The claim in words.
    pub text: String,
    /// Which check: `overfits`, `peaks-then-falls`, `improves`, `similar`,
    /// `noisy-training`.
    pub check: Spanned<String>,
    /// The experiment the claim is about.
    pub experiment: Spanned<String>,
    /// The experiment it is compared with, for paired checks.
    #[serde(default)]
    pub against: Option<Spanned<String>>,
    /// The threshold or margin of the check.
    pub threshold: Spanned<f64>,
    /// Where the threshold comes from.
    pub why: String,
}
