//! Verification: the tutorial's published numbers and claims, checked
//! against our results, with the thresholds of `report.toml`.

use serde::Serialize;

use crate::data::{CirclesParams, TUTORIAL_TRAIN_ROWS};
use crate::plan::{CheckKind, Claim, Experiment, Plan};
use crate::results::{ExperimentResult, Interval, Results, paired, percentile_rank};
use crate::train::TrainConfig;

/// The outcome of one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// A published number lies within our central 95% range.
    Consistent,
    /// A published number lies outside it.
    Outside,
    /// Our configuration differs from the setup the published number belongs to.
    ConfigurationDiffers,
    /// A claim's check passed.
    Holds,
    /// A claim's check failed.
    DoesNotHold,
    /// The evidence points neither way (an interval straddles the threshold,
    /// or there were too few finished runs).
    Inconclusive,
    /// The claim's experiments were left out of this run (`--only`).
    NotRun,
}

impl Verdict {
    /// The verdict as the report words it.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Consistent => "consistent",
            Verdict::Outside => "outside",
            Verdict::ConfigurationDiffers => "configuration differs",
            Verdict::Holds => "holds",
            Verdict::DoesNotHold => "does not hold",
            Verdict::Inconclusive => "inconclusive",
            Verdict::NotRun => "not run",
        }
    }

    /// Whether the row was left out of this run.
    pub fn is_skipped(self) -> bool {
        self == Verdict::NotRun
    }

    /// Whether the row lets `report verify` succeed.
    pub fn is_pass(self) -> bool {
        matches!(
            self,
            Verdict::Consistent | Verdict::Holds | Verdict::ConfigurationDiffers
        )
    }
}

/// One row of the verification table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// `published` or `claim`.
    pub kind: &'static str,
    /// Identifier: `<experiment>.train` / `<experiment>.test`, or the claim id.
    pub id: String,
    /// What is checked, in words.
    pub subject: String,
    /// What the tutorial says, or the threshold.
    pub expected: String,
    /// What we measured.
    pub observed: String,
    /// The outcome.
    pub verdict: Verdict,
    /// A sentence on how the verdict came about.
    pub explanation: String,
}

/// The whole table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verification {
    /// Every row, published numbers first.
    pub rows: Vec<Row>,
    /// Rows that passed.
    pub passed: usize,
    /// Rows left out because their experiments did not run (`--only`).
    pub skipped: usize,
    /// Rows that did not.
    pub failed: usize,
}

impl Verification {
    /// Whether every row passed.
    pub fn is_success(&self) -> bool {
        self.failed == 0
    }

    /// A plain-text table for the terminal.
    pub fn to_table(&self) -> String {
        let headers = ["check", "expected", "observed", "verdict"];
        let cells: Vec<[String; 4]> = self
            .rows
            .iter()
            .map(|r| {
                [
                    r.id.clone(),
                    r.expected.clone(),
                    r.observed.clone(),
                    r.verdict.label().to_string(),
                ]
            })
            .collect();
        let widths: Vec<usize> = (0..4)
            .map(|c| {
                cells
                    .iter()
                    .map(|row| row[c].chars().count())
                    .chain([headers[c].len()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |values: [&str; 4]| {
            let padded: Vec<String> = values
                .iter()
                .zip(&widths)
                .map(|(v, w)| format!("{v:<w$}"))
                .collect();
            padded.join("  ").trim_end().to_string() + "\n"
        };
        let mut table = line(headers);
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        table.push_str(&(rule.join("  ") + "\n"));
        for row in &cells {
            table.push_str(&line([&row[0], &row[1], &row[2], &row[3]]));
        }
        table.push_str(&format!("{} passed, {} failed", self.passed, self.failed));
        if self.skipped > 0 {
            table.push_str(&format!(", {} skipped", self.skipped));
        }
        table.push('\n');
        table
    }
}

/// Checks every published number and claim of the plan against the results.
pub fn verify(plan: &Plan, results: &Results) -> Verification {
    let mut rows = Vec::new();
    for experiment in &plan.experiments {
        if let Some(result) = results.experiment(&experiment.id) {
            rows.extend(published_rows(plan, experiment, result));
        }
    }
    for claim in &plan.claims {
        rows.push(claim_row(claim, results));
    }
    let passed = rows.iter().filter(|r| r.verdict.is_pass()).count();
    let skipped = rows.iter().filter(|r| r.verdict.is_skipped()).count();
    let failed = rows.len() - passed - skipped;
    Verification {
        rows,
        passed,
        failed,
        skipped,
    }
}

/// How the configured experiment differs from the setup the published
/// numbers belong to, if it does.
fn configuration_differences(plan: &Plan, experiment: &Experiment) -> Vec<String> {
    let Some(published) = &experiment.published else {
        return Vec::new();
    };
    let mut differences = Vec::new();
    if published.layers != experiment.layers {
        let show = |layers: &[crate::nn::LayerSpec]| {
            layers
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        differences.push(format!(
            "layers [{}] instead of the tutorial's [{}]",
            show(&experiment.layers),
            show(&published.layers)
        ));
    }
    if published.epochs != plan.training.epochs {
        differences.push(format!(
            "{} epochs instead of {}",
            plan.training.epochs, published.epochs
        ));
    }

    // The tutorial's data and optimiser: make_circles' arguments with its
    // 30-row split, Keras' batch size and Adam defaults.
    let tutorial_data = CirclesParams::default();
    if plan.dataset != tutorial_data || plan.train_rows != TUTORIAL_TRAIN_ROWS {
        let d = &plan.dataset;
        differences.push(format!(
            "data make_circles({}, noise={}, factor={}, random_state={}) split at row {} instead of ({}, {}, {}, {}) at row {TUTORIAL_TRAIN_ROWS}",
            d.samples, d.noise, d.factor, d.seed, plan.train_rows,
            tutorial_data.samples, tutorial_data.noise, tutorial_data.factor, tutorial_data.seed
        ));
    }
    let keras = TrainConfig::default();
    if plan.training.batch_size != keras.batch_size {
        differences.push(format!(
            "batch size {} instead of {}",
            plan.training.batch_size, keras.batch_size
        ));
    }
    if plan.training.adam != keras.adam {
        let a = &plan.training.adam;
        differences.push(format!(
            "Adam(learning_rate={}, beta_1={}, beta_2={}, epsilon={}) instead of Keras' defaults",
            a.learning_rate, a.beta_1, a.beta_2, a.epsilon
        ));
    }
    differences
}

fn published_rows(plan: &Plan, experiment: &Experiment, result: &ExperimentResult) -> Vec<Row> {
    let Some(published) = &experiment.published else {
        return Vec::new();
    };
    let differences = configuration_differences(plan, experiment);
    let finished: Vec<&crate::results::SeedResult> = result
        .seeds
        .iter()
        .filter(|s| s.diverged_at.is_none())
        .collect();

    let mut rows = Vec::new();
    for (set, value) in [("train", published.train), ("test", published.test)] {
        let (ours, total): (Vec<f64>, usize) = if set == "train" {
            (
                finished
                    .iter()
                    .map(|s| f64::from(s.train.accuracy))
                    .collect(),
                result.seeds.first().map_or(0, |s| s.train.total),
            )
        } else {
            (
                finished
                    .iter()
                    .map(|s| f64::from(s.test.accuracy))
                    .collect(),
                result.seeds.first().map_or(0, |s| s.test.total),
            )
        };
        // The tutorial prints three decimals of a count out of `total`, so
        // the comparison is made in counts: 0.967 of 30 is 29/30.
        let to_count = |accuracy: f64| (accuracy * total as f64).round();
        let count = |points: f64| format!("{points}/{total}");
        let published_count = to_count(value);
        let expected = format!("{value:.3} ({})", count(published_count));
        let subject = format!("published {set} accuracy of {}", experiment.id);
        let id = format!("{}.{set}", experiment.id);

        let mut sorted: Vec<f64> = ours.iter().map(|&a| to_count(a)).collect();
        sorted.sort_by(f64::total_cmp);
        let (verdict, observed, explanation) = if !differences.is_empty() {
            (
                Verdict::ConfigurationDiffers,
                "not compared".to_string(),
                format!(
                    "Our configuration differs from the tutorial's: {}. The published number belongs to another setup.",
                    differences.join("; ")
                ),
            )
        } else if sorted.len() < 2 {
            (
                Verdict::Inconclusive,
                format!(
                    "{} finished runs of {} (a range needs 2)",
                    sorted.len(),
                    result.seeds.len()
                ),
                "Too few finished runs to form a range.".to_string(),
            )
        } else {
            // The central 95% range, widened outward to whole runs: with
            // counts, an interpolated bound would fall between two scores.
            let last = (sorted.len() - 1) as f64;
            let low = sorted[(0.025 * last).floor() as usize];
            let high = sorted[(0.975 * last).ceil() as usize];
            let rank = percentile_rank(&sorted, published_count) * 100.0;
            let inside = published_count >= low && published_count <= high;
            let share = |points: f64| points / total as f64;
            let observed = format!(
                "95% of {} seeds in [{:.3}, {:.3}] ({} to {}); published at percentile {rank:.0}",
                sorted.len(),
                share(low),
                share(high),
                count(low),
                count(high)
            );
            let explanation = if inside {
                format!(
                    "The published {} lies within the central 95% of our {} runs: a single run like the tutorial's could well give it.",
                    count(published_count),
                    sorted.len()
                )
            } else {
                format!(
                    "The published {} lies outside the central 95% of our {} runs ({} to {}).",
                    count(published_count),
                    sorted.len(),
                    count(low),
                    count(high)
                )
            };
            (
                if inside {
                    Verdict::Consistent
                } else {
                    Verdict::Outside
                },
                observed,
                explanation,
            )
        };
        rows.push(Row {
            kind: "published",
            id,
            subject,
            expected,
            observed,
            verdict,
            explanation,
        });
    }
    rows
}

fn claim_row(claim: &Claim, results: &Results) -> Row {
    let row = |expected: String, observed: String, verdict: Verdict, explanation: String| Row {
        kind: "claim",
        id: claim.id.clone(),
        subject: claim.text.clone(),
        expected,
        observed,
        verdict,
        explanation,
    };
    let (Some(this), against) = (
        results.experiment(&claim.experiment),
        claim.against.as_deref().map(|id| results.experiment(id)),
    ) else {
        return row(
            "-".into(),
            "not run".into(),
            Verdict::NotRun,
            format!(
                "Experiment `{}` was not part of this run (narrowed with --only).",
                claim.experiment
            ),
        );
    };
    let against = match against {
        Some(None) => {
            return row(
                "-".into(),
                "not run".into(),
                Verdict::NotRun,
                "The experiment compared with was not part of this run (narrowed with --only)."
                    .into(),
            );
        }
        Some(Some(other)) => Some(other),
        None => None,
    };
    let threshold = claim.threshold;
    let versus = against.map_or(String::new(), |o| o.id.clone());

    match claim.check {
        CheckKind::Overfits => {
            let (Some(train), Some(test)) =
                (this.summary.train_accuracy, this.summary.test_accuracy)
            else {
                return row(
                    format!("gap > {threshold:.3}"),
                    "no finished runs".into(),
                    Verdict::Inconclusive,
                    "Every run diverged.".into(),
                );
            };
            let gap = train.mean - test.mean;
            let holds = gap > threshold;
            row(
                format!("train - test > {threshold:.3}"),
                format!("{:.3} - {:.3} = {gap:.3}", train.mean, test.mean),
                if holds {
                    Verdict::Holds
                } else {
                    Verdict::DoesNotHold
                },
                format!(
                    "Mean training accuracy exceeds mean test accuracy by {gap:.3} over {} seeds.",
                    train.n
                ),
            )
        }
        CheckKind::PeaksThenFalls => {
            let Some(fall) = this.summary.fall_from_peak else {
                return row(
                    format!("fall > {threshold:.3}"),
                    "no finished runs".into(),
                    Verdict::Inconclusive,
                    "Every run diverged.".into(),
                );
            };
            let holds = fall.mean > threshold;
            row(
                format!("mean fall from peak > {threshold:.3}"),
                format!(
                    "{:.3} (peak of the mean curve {:.3} at epoch {})",
                    fall.mean, this.summary.peak_mean_test_accuracy, this.summary.peak_mean_epoch
                ),
                if holds {
                    Verdict::Holds
                } else {
                    Verdict::DoesNotHold
                },
                format!(
                    "Test accuracy falls by {:.3} on average from its peak to the last epoch ({} seeds).",
                    fall.mean, fall.n
                ),
            )
        }
        CheckKind::Improves => interval_row(
            &row,
            paired(this, against.expect("paired checks name `against`")).test_accuracy,
            &versus,
            |i| {
                if i.low > threshold {
                    Verdict::Holds
                } else if i.high <= threshold {
                    Verdict::DoesNotHold
                } else {
                    Verdict::Inconclusive
                }
            },
            format!("paired test gain: 95% interval above {threshold:.3}"),
        ),
        CheckKind::NotWorseOnTrain => interval_row(
            &row,
            paired(this, against.expect("paired checks name `against`")).train_accuracy,
            &versus,
            |i| {
                if i.low >= -threshold {
                    Verdict::Holds
                } else if i.high < -threshold {
                    Verdict::DoesNotHold
                } else {
                    Verdict::Inconclusive
                }
            },
            format!("paired train change: 95% interval above -{threshold:.3}"),
        ),
        CheckKind::Similar => interval_row(
            &row,
            paired(this, against.expect("paired checks name `against`")).test_accuracy,
            &versus,
            |i| {
                if i.low >= -threshold && i.high <= threshold {
                    Verdict::Holds
                } else if i.low > threshold || i.high < -threshold {
                    Verdict::DoesNotHold
                } else {
                    Verdict::Inconclusive
                }
            },
            format!("paired test difference: 95% interval within ±{threshold:.3}"),
        ),
        CheckKind::NoisierTraining => {
            let other = against.expect("paired checks name `against`");
            let (Some(mine), Some(theirs)) = (this.summary.roughness, other.summary.roughness)
            else {
                return row(
                    format!("ratio >= {threshold}"),
                    "no finished runs".into(),
                    Verdict::Inconclusive,
                    "Every run diverged.".into(),
                );
            };
            // A flat comparison curve makes any movement an infinite ratio;
            // say so in words rather than print `inf`.
            let (ratio, observed) = if theirs.mean > 0.0 {
                let ratio = mine.mean / theirs.mean;
                (
                    ratio,
                    format!("{:.5} / {:.5} = {ratio:.2}", mine.mean, theirs.mean),
                )
            } else if mine.mean > 0.0 {
                (
                    f64::INFINITY,
                    format!("{:.5} against a flat {versus} (0 in every run)", mine.mean),
                )
            } else {
                (
                    1.0,
                    format!("both flat: 0 in every run of {} and of {versus}", this.id),
                )
            };
            row(
                format!("roughness ratio to {versus} >= {threshold}"),
                observed,
                if ratio >= threshold { Verdict::Holds } else { Verdict::DoesNotHold },
                "Roughness is the mean absolute epoch-to-epoch change of training accuracy over the second half of training.".to_string(),
            )
        }
        CheckKind::LessOverfit => {
            let other = against.expect("paired checks name `against`");
            let (Some(mine), Some(theirs)) =
                (this.summary.fall_from_peak, other.summary.fall_from_peak)
            else {
                return row(
                    format!("difference >= {threshold:.3}"),
                    "no finished runs".into(),
                    Verdict::Inconclusive,
                    "Every run diverged.".into(),
                );
            };
            let difference = theirs.mean - mine.mean;
            row(
                format!("fall from peak smaller than {versus}'s by >= {threshold:.3}"),
                format!(
                    "{:.3} vs {:.3} ({difference:.3} smaller)",
                    mine.mean, theirs.mean
                ),
                if difference >= threshold {
                    Verdict::Holds
                } else {
                    Verdict::DoesNotHold
                },
                format!(
                    "Mean fall of test accuracy from its peak: {:.3} here, {:.3} for {versus}.",
                    mine.mean, theirs.mean
                ),
            )
        }
    }
}

fn interval_row(
    row: &impl Fn(String, String, Verdict, String) -> Row,
    interval: Option<Interval>,
    versus: &str,
    decide: impl Fn(&Interval) -> Verdict,
    expected: String,
) -> Row {
    match interval {
        None => row(
            expected,
            "no paired runs".into(),
            Verdict::Inconclusive,
            format!("No seed finished in both this experiment and {versus}."),
        ),
        Some(interval) => row(
            expected,
            format!(
                "{:+.3} [{:+.3}, {:+.3}], n={}",
                interval.mean, interval.low, interval.high, interval.n
            ),
            decide(&interval),
            format!(
                "Mean seed-by-seed difference to {versus} with its 95% Student-t interval over {} paired seeds.",
                interval.n
            ),
        ),
    }
}
