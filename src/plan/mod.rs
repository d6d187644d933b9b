//! The plan: `report.toml` read, checked once, and narrowed by the command
//! line, before any training starts. Only the plan travels inward.

mod config;
mod layers;
mod validate;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::data::CirclesParams;
use crate::error::{InputError, Location};
use crate::nn::LayerSpec;
use crate::train::TrainConfig;

pub use config::RawConfig;
pub use layers::{LAYER_SYNTAX, LayerTemplate, keras_listing, parse_layer};
pub use validate::{MAX_COUNT, MAX_EPOCHS, MAX_REPEATS, check_flag};

/// The configuration file's name inside a book folder.
pub const CONFIG_FILE: &str = "report.toml";

/// Everything the report needs to run, checked.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// The book folder.
    #[serde(skip)]
    pub book: PathBuf,
    /// The report's title.
    pub title: String,
    /// Where the published numbers come from.
    pub tutorial: Tutorial,
    /// The arguments of `make_circles`.
    pub dataset: CirclesParams,
    /// Rows from the top that train; the rest test.
    pub train_rows: usize,
    /// How every model is fitted.
    pub training: TrainConfig,
    /// Seeds of every experiment; the first is the canonical run's.
    pub seeds: Vec<u64>,
    /// The experiments, in report order.
    pub experiments: Vec<Experiment>,
    /// The noise grid.
    pub grid: Grid,
    /// The tutorial's claims as checks.
    pub claims: Vec<Claim>,
}

/// The tutorial the numbers come from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tutorial {
    /// Its title.
    pub title: String,
    /// Its address.
    pub url: String,
    /// The revision the numbers were read from.
    pub revised: String,
}

/// One experiment: a model recipe and what the tutorial published for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Experiment {
    /// Identifier.
    pub id: String,
    /// Human title.
    pub title: String,
    /// A sentence or two.
    pub description: String,
    /// The layer stack.
    #[serde(serialize_with = "serialize_layers")]
    pub layers: Vec<LayerSpec>,
    /// The published numbers, if any.
    pub published: Option<Published>,
}

/// Final accuracies the tutorial published for an experiment, and the setup
/// they belong to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Published {
    /// Training accuracy.
    pub train: f64,
    /// Test accuracy.
    pub test: f64,
    /// The tutorial's layer stack for these numbers.
    #[serde(serialize_with = "serialize_layers")]
    pub layers: Vec<LayerSpec>,
    /// The tutorial's epochs.
    pub epochs: usize,
}

/// The noise grid: every placement at every standard deviation, each with
/// `seeds.len()` runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grid {
    /// Standard deviations, ascending.
    pub stddevs: Vec<f64>,
    /// Seeds of every grid point.
    pub seeds: Vec<u64>,
    /// Where the noise goes.
    pub placements: Vec<Placement>,
}

/// A place for the noise layer, as a layer stack with a gap for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placement {
    /// Identifier.
    pub id: String,
    /// Human title.
    pub title: String,
    /// The stack; exactly one layer is `noise {stddev}`.
    #[serde(skip)]
    pub layers: Vec<LayerTemplate>,
}

impl Placement {
    /// The layer stack at one standard deviation.
    pub fn layers_at(&self, stddev: f64) -> Vec<LayerSpec> {
        self.layers
            .iter()
            .map(|layer| layer.with_stddev(stddev))
            .collect()
    }
}

/// What a claim check measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckKind {
    /// Mean train accuracy minus mean test accuracy is above the threshold.
    Overfits,
    /// Mean fall of test accuracy from its peak to the last epoch is above the threshold.
    PeaksThenFalls,
    /// The paired test-accuracy gain over `against` has a 95% interval above the threshold.
    Improves,
    /// The paired training-accuracy change against `against` is above minus the threshold.
    NotWorseOnTrain,
    /// The paired test-accuracy difference to `against` has a 95% interval within ± the threshold.
    Similar,
    /// The training accuracy curve moves more from epoch to epoch than `against`'s, by the factor.
    NoisierTraining,
    /// The fall from the peak is smaller than `against`'s by at least the threshold.
    LessOverfit,
}

impl CheckKind {
    /// Every kind with its name in `report.toml`.
    pub const ALL: [(&'static str, CheckKind); 7] = [
        ("overfits", CheckKind::Overfits),
        ("peaks-then-falls", CheckKind::PeaksThenFalls),
        ("improves", CheckKind::Improves),
        ("not-worse-on-train", CheckKind::NotWorseOnTrain),
        ("similar", CheckKind::Similar),
        ("noisier-training", CheckKind::NoisierTraining),
        ("less-overfit", CheckKind::LessOverfit),
    ];

    /// Whether the check compares two experiments.
    pub fn is_paired(self) -> bool {
        !matches!(self, CheckKind::Overfits | CheckKind::PeaksThenFalls)
    }
}

/// One claim of the tutorial as a check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Claim {
    /// Identifier.
    pub id: String,
    /// The claim in words.
    pub text: String,
    /// What is measured.
    pub check: CheckKind,
    /// The experiment the claim is about.
    pub experiment: String,
    /// The experiment it is compared with.
    pub against: Option<String>,
    /// The threshold or margin.
    pub threshold: f64,
    /// Where the threshold comes from.
    pub why: String,
}

/// Narrowings of the plan from the command line.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Seeds per experiment and per grid point, instead of the configured counts.
    pub repeats: Option<usize>,
    /// Epochs per run.
    pub epochs: Option<usize>,
    /// Run only these experiments.
    pub only: Option<Vec<String>>,
}

impl Plan {
    /// Reads `<book>/report.toml`, checks it and applies the overrides.
    pub fn load(book: &Path, overrides: &Overrides) -> Result<Plan, InputError> {
        if !book.is_dir() {
            return Err(
                InputError::at(Location::file(book), "book folder not found")
                    .hint("pass the folder that holds report.toml with --book DIR"),
            );
        }
        let path = book.join(CONFIG_FILE);
        let source = std::fs::read_to_string(&path).map_err(|error| {
            InputError::at(
                Location::file(&path),
                format!("cannot read the configuration: {error}"),
            )
            .hint("every book folder needs a report.toml")
        })?;
        let mut plan = Self::parse(&path, &source)?;
        plan.book = book.to_path_buf();
        plan.apply(overrides)?;
        Ok(plan)
    }

    /// Checks the text of a `report.toml` read from `path`.
    pub fn parse(path: &Path, source: &str) -> Result<Plan, InputError> {
        let raw: RawConfig = toml::from_str(source).map_err(|error| {
            let location = match error.span() {
                Some(span) => Location::at_offset(path, source, span.start),
                None => Location::file(path),
            };
            let message: Vec<&str> = error.message().lines().map(str::trim).collect();
            InputError::at(location, message.join("; "))
                .hint("see the comments in the default book/report.toml for every key")
        })?;
        validate::validate(raw, path, source)
    }

    fn apply(&mut self, overrides: &Overrides) -> Result<(), InputError> {
        if let Some(repeats) = overrides.repeats {
            let repeats = check_flag("repeats", repeats, MAX_REPEATS)?;
            // Both lists start at `seeds.base`; only their length changes.
            let base = self.seeds[0];
            self.seeds = (0..repeats as u64).map(|k| base + k).collect();
            self.grid.seeds = self.seeds.clone();
        }
        if let Some(epochs) = overrides.epochs {
            let epochs = check_flag("epochs", epochs, MAX_EPOCHS)?;
            self.training.epochs = epochs;
        }
        if let Some(only) = &overrides.only {
            for id in only {
                if !self.experiments.iter().any(|e| &e.id == id) {
                    return Err(InputError::new(format!("--only: no experiment `{id}`"))
                        .hint(format!("known experiments: {}", self.experiment_ids())));
                }
            }
            self.experiments.retain(|e| only.contains(&e.id));
        }
        Ok(())
    }

    /// The experiment ids, comma-separated, for hints.
    pub fn experiment_ids(&self) -> String {
        self.experiments
            .iter()
            .map(|e| e.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The experiment with this id.
    pub fn experiment(&self, id: &str) -> Option<&Experiment> {
        self.experiments.iter().find(|e| e.id == id)
    }

    /// The canonical seed: the first of the plan, whose curves the report draws.
    pub fn canonical_seed(&self) -> u64 {
        self.seeds[0]
    }

    /// A SHA-256 of everything in the plan that decides the results.
    pub fn hash(&self) -> String {
        let text = serde_json::to_string(self).expect("the plan serialises");
        crate::cache::hex_digest(text.as_bytes())
    }
}

fn serialize_layers<S: serde::Serializer>(layers: &[LayerSpec], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(layers.iter().map(ToString::to_string))
}

#[cfg(test)]
mod tests;
