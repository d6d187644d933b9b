//! `report run`: one experiment, one seed.

use std::path::Path;
use std::time::Instant;

use std::io::Write;

use clap::Args;

use crate::error::InputError;
use crate::plan::{Overrides, Plan};
use crate::runner::plan_data;
use crate::train::train;

/// Arguments of `report run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The experiment id (see `report list`).
    pub experiment: String,
    /// The seed of every random choice of the run.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Epochs, instead of the book's.
    #[arg(long, value_name = "N")]
    pub epochs: Option<usize>,
    /// Print the whole run record, history included, as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Trains the experiment once and prints the tutorial's line.
pub fn run(book: &Path, args: &RunArgs) -> anyhow::Result<u8> {
    let mut out = std::io::stdout().lock();
    let plan = Plan::load(
        book,
        &Overrides {
            epochs: args.epochs,
            ..Overrides::default()
        },
    )?;
    let experiment = plan.experiment(&args.experiment).ok_or_else(|| {
        InputError::new(format!("no experiment `{}`", args.experiment))
            .hint(format!("known experiments: {}", plan.experiment_ids()))
    })?;
    let (_, train_set, test_set) = plan_data(&plan);

    let started = Instant::now();
    let (record, _) = train(
        &experiment.layers,
        &plan.training,
        &train_set,
        &test_set,
        args.seed,
    )?;
    let elapsed = started.elapsed();

    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&record)?)?;
        return Ok(0);
    }
    writeln!(
        out,
        "Train: {:.3}, Test: {:.3}",
        record.train.accuracy, record.test.accuracy
    )?;
    let diverged = record
        .diverged_at
        .map_or(String::new(), |e| format!(", diverged at epoch {e}"));
    writeln!(
        out,
        "({}/{} train, {}/{} test; seed {}, {}, {:.0} ms{diverged})",
        record.train.correct,
        record.train.total,
        record.test.correct,
        record.test.total,
        record.seed,
        super::counted(record.epochs, "epoch", "epochs"),
        elapsed.as_secs_f64() * 1000.0,
    )?;
    Ok(0)
}
