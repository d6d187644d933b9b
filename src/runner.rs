//! Executes a plan's runs on a thread pool, in any order, and hands them
//! back in the plan's order, so results never depend on scheduling.

use std::collections::HashMap;
use std::io::IsTerminal;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use ndarray::Array2;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::cache::{RunCache, RunKey};
use crate::data::{Dataset, make_circles};
use crate::nn::LayerSpec;
use crate::plan::Plan;
use crate::train::{RunRecord, Samples, predict, train};

/// Cells per side of the decision-surface grid of a canonical run.
pub const SURFACE_CELLS: usize = 64;

/// The predicted probability over a rectangle of the plane, row by row from
/// the bottom (`y_min`), `SURFACE_CELLS` columns a row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Surface {
    /// Left edge.
    pub x_min: f64,
    /// Right edge.
    pub x_max: f64,
    /// Bottom edge.
    pub y_min: f64,
    /// Top edge.
    pub y_max: f64,
    /// Cells per row.
    pub columns: usize,
    /// Rows of cells.
    pub rows: usize,
    /// `p(class 1)` at each cell's centre.
    pub probabilities: Vec<f32>,
}

/// One finished run, and the surface of its final model for canonical runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunOutcome {
    /// Scores and history.
    pub record: RunRecord,
    /// The final model's predictions over the plane, for canonical runs.
    pub surface: Option<Surface>,
}

/// A run the plan asks for: a model and a seed.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRequest {
    /// The layer stack.
    pub layers: Vec<LayerSpec>,
    /// The seed.
    pub seed: u64,
    /// Whether the report draws this run's decision surface.
    pub wants_surface: bool,
}

/// How to execute the plan.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// Hide the progress bar.
    pub quiet: bool,
    /// Where runs are cached.
    pub cache: RunCache,
}

/// What running a plan produced, in request order, plus counts for logs.
#[derive(Debug)]
pub struct Executed {
    /// One outcome per request, in the order the requests were given.
    pub outcomes: Vec<RunOutcome>,
    /// Runs actually trained (the rest of the unique runs came from the cache).
    pub trained: usize,
    /// Distinct runs: requests that repeat another (a grid point equal to
    /// an experiment) share its run.
    pub unique: usize,
}

/// The plan's dataset, split as the plan says.
pub fn plan_data(plan: &Plan) -> (Dataset, Samples, Samples) {
    let dataset = make_circles(&plan.dataset);
    let (train_set, test_set) = dataset.split(plan.train_rows);
    (
        dataset,
        Samples::from_dataset(&train_set),
        Samples::from_dataset(&test_set),
    )
}

/// Runs every request once (identical requests share one run), in parallel.
pub fn execute(
    plan: &Plan,
    requests: &[RunRequest],
    options: &RunOptions,
) -> anyhow::Result<Executed> {
    let (dataset, train_set, test_set) = plan_data(plan);
    let version = env!("CARGO_PKG_VERSION");

    // Identical runs (a grid point that repeats an experiment) run once,
    // with a surface if any of their requests wants one.
    let mut unique: Vec<(&RunRequest, String, bool)> = Vec::new();
    let mut index_of: HashMap<String, usize> = HashMap::new();
    let mut slots = Vec::with_capacity(requests.len());
    for request in requests {
        let key = RunKey {
            version,
            numerics: crate::train::NUMERICS_REVISION,
            dataset: &plan.dataset,
            train_rows: plan.train_rows,
            training: &plan.training,
            layers: &request.layers,
            seed: request.seed,
        };
        let digest = key.digest();
        let slot = *index_of.entry(digest.clone()).or_insert_with(|| {
            unique.push((request, digest, false));
            unique.len() - 1
        });
        unique[slot].2 |= request.wants_surface;
        slots.push(slot);
    }

    let progress = progress_bar(unique.len() as u64, options.quiet);
    // Note: more threads than runs only adds overhead.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .build()
        .context("cannot start the worker threads")?;
    let results: Vec<anyhow::Result<(RunOutcome, bool)>> = pool.install(|| {
        unique
            .par_iter()
            .map(|(request, digest, wants_surface)| {
                let wants_surface = *wants_surface;
                let cached = options
                    .cache
                    .load_outcome(digest)
                    .filter(|o| o.surface.is_some() || !wants_surface);
                let outcome = match cached {
                    Some(outcome) => (outcome, false),
                    None => {
                        let outcome = run_one(
                            plan,
                            request,
                            &dataset,
                            &train_set,
                            &test_set,
                            wants_surface,
                        )?;
                        options.cache.store_outcome(digest, &outcome)?;
                        (outcome, true)
                    }
                };
                progress.inc(1);
                Ok(outcome)
            })
            .collect()
    });
    progress.finish_and_clear();

    let mut finished = Vec::with_capacity(results.len());
    let mut trained = 0;
    for result in results {
        let (outcome, was_trained) = result?;
        trained += usize::from(was_trained);
        finished.push(Some(outcome));
    }

    // Hand each outcome out in request order, cloning only for a request
    // that shares its run with a later one.
    let mut uses_left = vec![0usize; finished.len()];
    for &slot in &slots {
        uses_left[slot] += 1;
    }
    let outcomes = slots
        .iter()
        .map(|&slot| {
            uses_left[slot] -= 1;
            if uses_left[slot] == 0 {
                finished[slot].take().expect("a slot is taken once")
            } else {
                finished[slot]
                    .clone()
                    .expect("not taken before its last use")
            }
        })
        .collect();
    Ok(Executed {
        outcomes,
        trained,
        unique: finished.len(),
    })
}

fn run_one(
    plan: &Plan,
    request: &RunRequest,
    dataset: &Dataset,
    train_set: &Samples,
    test_set: &Samples,
    wants_surface: bool,
) -> anyhow::Result<RunOutcome> {
    let (record, network) = train(
        &request.layers,
        &plan.training,
        train_set,
        test_set,
        request.seed,
    )
    .context("the plan holds a model that cannot be trained")?;
    let surface = wants_surface.then(|| {
        let (x_min, x_max, y_min, y_max) = surface_bounds(dataset);
        let cells = SURFACE_CELLS;
        let points = Array2::from_shape_fn((cells * cells, 2), |(index, axis)| {
            let (row, column) = (index / cells, index % cells);
            let (low, high, step) = match axis {
                0 => (x_min, x_max, column),
                _ => (y_min, y_max, row),
            };
            (low + (high - low) * (step as f64 + 0.5) / cells as f64) as f32
        });
        Surface {
            x_min,
            x_max,
            y_min,
            y_max,
            columns: cells,
            rows: cells,
            probabilities: predict(&network, &points),
        }
    });
    Ok(RunOutcome { record, surface })
}

/// The data's bounding box, padded by a quarter on every side and squared
/// so the circles stay round.
fn surface_bounds(dataset: &Dataset) -> (f64, f64, f64, f64) {
    let column = |axis: usize| dataset.x.column(axis).iter().copied().collect::<Vec<f64>>();
    let span = |values: Vec<f64>| {
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if min.is_finite() && max.is_finite() {
            (min, max)
        } else {
            (-1.0, 1.0)
        }
    };
    let (x_low, x_high) = span(column(0));
    let (y_low, y_high) = span(column(1));
    let half = ((x_high - x_low).max(y_high - y_low) / 2.0).max(0.5) * 1.25;
    let (x_mid, y_mid) = ((x_low + x_high) / 2.0, (y_low + y_high) / 2.0);
    (x_mid - half, x_mid + half, y_mid - half, y_mid + half)
}

fn progress_bar(total: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    let style = ProgressStyle::with_template("{bar:40} {pos}/{len} runs, {eta} left")
        .expect("the progress template is valid");
    bar.set_style(style);
    bar
}
