//! The results model: everything computed from the plan's runs, and the only
//! input of figures, chapters and verification. Serialised to
//! `results.json` (full histories for canonical runs only) and `results.csv`.

mod csv;
pub mod stats;

use serde::{Deserialize, Serialize};

use crate::plan::{Plan, keras_listing};
use crate::runner::{RunOutcome, RunRequest, Surface};
use crate::train::{History, RunRecord, Scores};

pub use csv::to_csv;
pub use stats::{Interval, Spread, percentile_rank};

/// Version of the `results.json` layout; bumped when it changes.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything the report says, computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Results {
    /// Layout version of this file.
    pub schema: u32,
    /// Version of the program that computed it.
    pub version: String,
    /// Hash of the configuration as used.
    pub config_hash: String,
    /// The configuration as used.
    pub config: serde_json::Value,
    /// The data.
    pub dataset: DatasetResult,
    /// Per experiment, in the plan's order.
    pub experiments: Vec<ExperimentResult>,
    /// The noise grid.
    pub grid: GridResult,
}

/// The dataset's points, for the first figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetResult {
    /// `[x0, x1, label]` per point, in order.
    pub points: Vec<[f64; 3]>,
    /// The first `train_rows` points train.
    pub train_rows: usize,
    /// Points labelled 1 in the training set.
    pub train_ones: usize,
    /// Points labelled 1 in the test set.
    pub test_ones: usize,
}

/// One experiment's results over all seeds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExperimentResult {
    /// Identifier.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Layer stack as configured.
    pub layers: Vec<String>,
    /// The same model as a Keras listing.
    pub keras: String,
    /// The tutorial's published test accuracy, to compare against.
    pub published_test_accuracy: Option<f64>,
    /// The canonical run, with its full history.
    pub canonical: RunRecord,
    /// The canonical model's predicted probability over the plane.
    pub surface: Option<Surface>,
    /// Final figures of every seed, in seed order.
    pub seeds: Vec<SeedResult>,
    /// Per-epoch mean and standard deviation over the seeds that did not diverge.
    pub curves: Curves,
    /// Summary statistics over seeds.
    pub summary: Summary,
    /// Paired differences to the baseline (the first experiment), if this is not it.
    pub vs_baseline: Option<Paired>,
}

/// Final figures of one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeedResult {
    /// The run's seed.
    pub seed: u64,
    /// Scores on the training set.
    pub train: Scores,
    /// Scores on the test set.
    pub test: Scores,
    /// Highest test accuracy over the epochs.
    pub peak_test_accuracy: f32,
    /// First epoch (from 1) where it was reached.
    pub peak_epoch: usize,
    /// Peak minus final test accuracy: how much overfitting cost.
    pub fall_from_peak: f32,
    /// Mean absolute change of training accuracy from one epoch to the next
    /// over the second half of training: how much the curve jumps around.
    pub roughness: f32,
    /// Epoch whose loss was not finite, if the run diverged.
    pub diverged_at: Option<usize>,
}

/// Per-epoch mean and standard deviation of the four history curves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Curves {
    /// Seeds that went into the curves.
    pub n: usize,
    /// Means per epoch.
    pub mean: History,
    /// Standard deviations per epoch.
    pub std: History,
}

/// Summary of one experiment over its seeds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Final test accuracy.
    pub test_accuracy: Option<Spread>,
    /// Final training accuracy.
    pub train_accuracy: Option<Spread>,
    /// Peak of the mean test-accuracy curve.
    pub peak_mean_test_accuracy: f64,
    /// Its epoch (from 1).
    pub peak_mean_epoch: usize,
    /// Per-seed fall from the peak.
    pub fall_from_peak: Option<Spread>,
    /// Per-seed roughness of the training curve.
    pub roughness: Option<Spread>,
    /// Runs that diverged.
    pub diverged: usize,
}

/// Paired differences of this experiment minus another, seed by seed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paired {
    /// The other experiment.
    pub against: String,
    /// Test accuracy difference.
    pub test_accuracy: Option<Interval>,
    /// Training accuracy difference.
    pub train_accuracy: Option<Interval>,
}

/// The noise grid's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GridResult {
    /// Standard deviations tried.
    pub stddevs: Vec<f64>,
    /// Seeds per point.
    pub seeds: Vec<u64>,
    /// Every point, placement-major.
    pub points: Vec<GridPoint>,
    /// The best standard deviation of each placement.
    pub best: Vec<GridBest>,
}

/// One placement at one standard deviation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GridPoint {
    /// Placement id.
    pub placement: String,
    /// Standard deviation.
    pub stddev: f64,
    /// Final test accuracy over seeds.
    pub test_accuracy: Option<Spread>,
    /// Final training accuracy over seeds.
    pub train_accuracy: Option<Spread>,
    /// Runs that diverged.
    pub diverged: usize,
}

/// The standard deviation with the highest mean test accuracy for a placement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GridBest {
    /// Placement id.
    pub placement: String,
    /// Placement title.
    pub title: String,
    /// The best standard deviation.
    pub stddev: f64,
    /// Its test accuracy over seeds.
    pub test_accuracy: Spread,
}

/// Every run the plan needs, in a fixed order: experiments (seed-minor),
/// then the grid (placement, standard deviation, seed).
pub fn requests(plan: &Plan) -> Vec<RunRequest> {
    let mut requests = Vec::new();
    for experiment in &plan.experiments {
        for &seed in &plan.seeds {
            requests.push(RunRequest {
                layers: experiment.layers.clone(),
                seed,
                wants_surface: seed == plan.canonical_seed(),
            });
        }
    }
    for placement in &plan.grid.placements {
        for &stddev in &plan.grid.stddevs {
            for &seed in &plan.grid.seeds {
                requests.push(RunRequest {
                    layers: placement.layers_at(stddev),
                    seed,
                    wants_surface: false,
                });
            }
        }
    }
    requests
}

/// Builds the results from the outcomes of [`requests`], in that order.
pub fn assemble(plan: &Plan, outcomes: Vec<RunOutcome>) -> Results {
    let (dataset, _, _) = crate::runner::plan_data(plan);
    let mut outcomes = outcomes.into_iter();

    let mut experiments: Vec<ExperimentResult> = Vec::new();
    for experiment in &plan.experiments {
        let runs: Vec<RunOutcome> = outcomes.by_ref().take(plan.seeds.len()).collect();
        experiments.push(experiment_result(plan, experiment, runs));
    }
    if let Some((baseline, others)) = experiments.split_first_mut() {
        for other in others {
            other.vs_baseline = Some(paired(other, baseline));
        }
    }

    let mut points = Vec::new();
    for placement in &plan.grid.placements {
        for &stddev in &plan.grid.stddevs {
            let runs: Vec<RunOutcome> = outcomes.by_ref().take(plan.grid.seeds.len()).collect();
            points.push(GridPoint {
                placement: placement.id.clone(),
                stddev,
                test_accuracy: Spread::of(
                    runs.iter()
                        .filter_map(|r| finished(&r.record))
                        .map(|r| f64::from(r.test.accuracy)),
                ),
                train_accuracy: Spread::of(
                    runs.iter()
                        .filter_map(|r| finished(&r.record))
                        .map(|r| f64::from(r.train.accuracy)),
                ),
                diverged: runs
                    .iter()
                    .filter(|r| r.record.diverged_at.is_some())
                    .count(),
            });
        }
    }
    let best = plan
        .grid
        .placements
        .iter()
        .filter_map(|placement| {
            let mut best: Option<&GridPoint> = None;
            for point in points.iter().filter(|p| p.placement == placement.id) {
                let Some(spread) = point.test_accuracy else {
                    continue;
                };
                // Ties go to the smaller standard deviation: the first seen.
                if best.is_none_or(|b| {
                    spread.mean > b.test_accuracy.expect("kept only with a spread").mean
                }) {
                    best = Some(point);
                }
            }
            best.map(|point| GridBest {
                placement: placement.id.clone(),
                title: placement.title.clone(),
                stddev: point.stddev,
                test_accuracy: point.test_accuracy.expect("kept only with a spread"),
            })
        })
        .collect();

    let ones = |rows: std::ops::Range<usize>| rows.filter(|&i| dataset.y[i] == 1).count();
    Results {
        schema: SCHEMA_VERSION,
        version: env!("CARGO_PKG_VERSION").to_string(),
        config_hash: plan.hash(),
        config: serde_json::to_value(plan).expect("the plan serialises"),
        dataset: DatasetResult {
            points: dataset
                .x
                .rows()
                .into_iter()
                .zip(&dataset.y)
                .map(|(row, &label)| [row[0], row[1], f64::from(label)])
                .collect(),
            train_rows: plan.train_rows,
            train_ones: ones(0..plan.train_rows),
            test_ones: ones(plan.train_rows..dataset.len()),
        },
        experiments,
        grid: GridResult {
            stddevs: plan.grid.stddevs.clone(),
            seeds: plan.grid.seeds.clone(),
            points,
            best,
        },
    }
}

/// The record if its run finished without diverging.
fn finished(record: &RunRecord) -> Option<&RunRecord> {
    record.diverged_at.is_none().then_some(record)
}

fn experiment_result(
    plan: &Plan,
    experiment: &crate::plan::Experiment,
    runs: Vec<RunOutcome>,
) -> ExperimentResult {
    let seeds: Vec<SeedResult> = runs.iter().map(|run| seed_result(&run.record)).collect();
    let curves = curves(
        runs.iter()
            .filter_map(|r| finished(&r.record))
            .map(|r| &r.history),
        plan.training.epochs,
    );
    let (peak_mean_epoch, peak_mean_test_accuracy) =
        curves.mean.val_accuracy.iter().enumerate().fold(
            (0, f64::NEG_INFINITY),
            |best, (i, &v)| {
                if f64::from(v) > best.1 {
                    (i + 1, f64::from(v))
                } else {
                    best
                }
            },
        );
    let ok = || seeds.iter().filter(|s| s.diverged_at.is_none());
    let summary = Summary {
        test_accuracy: Spread::of(ok().map(|s| f64::from(s.test.accuracy))),
        train_accuracy: Spread::of(ok().map(|s| f64::from(s.train.accuracy))),
        peak_mean_test_accuracy: if peak_mean_epoch == 0 {
            f64::NAN
        } else {
            peak_mean_test_accuracy
        },
        peak_mean_epoch,
        fall_from_peak: Spread::of(ok().map(|s| f64::from(s.fall_from_peak))),
        roughness: Spread::of(ok().map(|s| f64::from(s.roughness))),
        diverged: seeds.len() - ok().count(),
    };

    let mut runs = runs.into_iter();
    let canonical = runs.next().expect("a plan has at least one seed");
    ExperimentResult {
        id: experiment.id.clone(),
        title: experiment.title.clone(),
        description: experiment.description.clone(),
        layers: experiment.layers.iter().map(ToString::to_string).collect(),
        keras: keras_listing(&experiment.layers, 2),
        published_test_accuracy: experiment.published.as_ref().map(|p| p.test),
        canonical: canonical.record,
        surface: canonical.surface,
        seeds,
        curves,
        summary,
        vs_baseline: None,
    }
}

fn seed_result(record: &RunRecord) -> SeedResult {
    let validation = &record.history.val_accuracy;
    let (peak_epoch, peak) =
        validation
            .iter()
            .enumerate()
            .fold((0, f32::NEG_INFINITY), |best, (i, &v)| {
                if v > best.1 { (i + 1, v) } else { best }
            });
    let accuracy = &record.history.accuracy;
    let second_half = &accuracy[accuracy.len() / 2..];
    let roughness = if second_half.len() < 2 {
        0.0
    } else {
        let steps = second_half.windows(2).map(|w| (w[1] - w[0]).abs());
        steps.sum::<f32>() / (second_half.len() - 1) as f32
    };
    SeedResult {
        seed: record.seed,
        train: record.train,
        test: record.test,
        peak_test_accuracy: peak,
        peak_epoch,
        fall_from_peak: peak - record.test.accuracy,
        roughness,
        diverged_at: record.diverged_at,
    }
}

/// Per-epoch mean and standard deviation, summed in seed order in float64.
fn curves<'a>(histories: impl Iterator<Item = &'a History>, epochs: usize) -> Curves {
    let histories: Vec<&History> = histories.collect();
    let n = histories.len();
    let column = |pick: fn(&History) -> &Vec<f32>| -> (Vec<f32>, Vec<f32>) {
        let mut means = Vec::with_capacity(epochs);
        let mut stds = Vec::with_capacity(epochs);
        for epoch in 0..epochs {
            let values: Vec<f64> = histories
                .iter()
                .filter_map(|h| pick(h).get(epoch))
                .map(|&v| f64::from(v))
                .collect();
            if values.is_empty() {
                break;
            }
            let mean = values.iter().sum::<f64>() / values.len() as f64;
            means.push(mean as f32);
            stds.push(stats::standard_deviation(&values, mean) as f32);
        }
        (means, stds)
    };
    let (loss, loss_std) = column(|h| &h.loss);
    let (accuracy, accuracy_std) = column(|h| &h.accuracy);
    let (val_loss, val_loss_std) = column(|h| &h.val_loss);
    let (val_accuracy, val_accuracy_std) = column(|h| &h.val_accuracy);
    Curves {
        n,
        mean: History {
            loss,
            accuracy,
            val_loss,
            val_accuracy,
        },
        std: History {
            loss: loss_std,
            accuracy: accuracy_std,
            val_loss: val_loss_std,
            val_accuracy: val_accuracy_std,
        },
    }
}

/// Seed-by-seed differences of `this` minus `other` over the seeds both
/// finished.
pub fn paired(this: &ExperimentResult, other: &ExperimentResult) -> Paired {
    let pairs = || {
        this.seeds.iter().filter_map(move |a| {
            let b = other.seeds.iter().find(|b| b.seed == a.seed)?;
            (a.diverged_at.is_none() && b.diverged_at.is_none()).then_some((a, b))
        })
    };
    Paired {
        against: other.id.clone(),
        test_accuracy: Interval::of_differences(
            pairs().map(|(a, b)| f64::from(a.test.accuracy) - f64::from(b.test.accuracy)),
        ),
        train_accuracy: Interval::of_differences(
            pairs().map(|(a, b)| f64::from(a.train.accuracy) - f64::from(b.train.accuracy)),
        ),
    }
}

impl Results {
    /// The experiment with this id.
    pub fn experiment(&self, id: &str) -> Option<&ExperimentResult> {
        self.experiments.iter().find(|e| e.id == id)
    }
}
