//! Reproducibility: rerun the canonical seeds and compare them, bit for bit,
//! with the `results.json` of an earlier build.

use std::fmt;
use std::path::Path;

use serde::Serialize;

use crate::cache::RunCache;
use crate::error::{InputError, Location};
use crate::plan::Plan;
use crate::results::{Results, SCHEMA_VERSION};
use crate::runner::{RunOptions, RunRequest, execute};
use crate::train::RunRecord;

/// One value that differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    /// Experiment id.
    pub experiment: String,
    /// Seed of the run.
    pub seed: u64,
    /// Which value: `test.accuracy`, `history.val_loss[12]`, ...
    pub field: String,
    /// The value in the reference file.
    pub reference: String,
    /// The value of the rerun.
    pub rerun: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} seed {}: {}: reference {}, rerun {}",
            self.experiment, self.seed, self.field, self.reference, self.rerun
        )
    }
}

/// Reads a `results.json` and checks it belongs to this plan.
pub fn load_reference(path: &Path, plan: &Plan) -> Result<Results, InputError> {
    let location = Location::file(path);
    let text = std::fs::read(path).map_err(|error| {
        InputError::at(
            location.clone(),
            format!("cannot read the reference results: {error}"),
        )
        .hint("pass the results.json of an earlier `report build`")
    })?;
    let value: serde_json::Value = serde_json::from_slice(&text).map_err(|error| {
        InputError::at(location.clone(), format!("not JSON: {error}"))
            .hint("pass the results.json of an earlier `report build`")
    })?;
    let schema = value.get("schema").and_then(serde_json::Value::as_u64);
    if schema != Some(u64::from(SCHEMA_VERSION)) {
        let found = schema.map_or("none".to_string(), |s| s.to_string());
        return Err(InputError::at(
            location,
            format!("results schema {found}, this program reads schema {SCHEMA_VERSION}"),
        )
        .hint("rebuild the reference with this version of the program"));
    }
    let results: Results = serde_json::from_value(value).map_err(|error| {
        InputError::at(location.clone(), format!("not a results file: {error}"))
    })?;
    let hash = plan.hash();
    if results.config_hash != hash {
        return Err(InputError::at(
            location,
            format!("the results come from another configuration (hash {}, this plan {})", short(&results.config_hash), short(&hash)),
        )
        .hint("use the same report.toml and the same --repeats/--epochs/--only as the build that wrote it"));
    }
    Ok(results)
}

fn short(hash: &str) -> &str {
    &hash[..hash.len().min(12)]
}

/// Retrains every experiment's canonical seed (never from the cache) and
/// lists each value that differs from the reference.
pub fn compare_canonical(
    plan: &Plan,
    reference: &Results,
    jobs: usize,
) -> anyhow::Result<Vec<Difference>> {
    let requests: Vec<RunRequest> = plan
        .experiments
        .iter()
        .map(|e| RunRequest {
            layers: e.layers.clone(),
            seed: plan.canonical_seed(),
            wants_surface: false,
        })
        .collect();
    let scratch = std::env::temp_dir().join(format!("noise-report-verify-{}", std::process::id()));
    let options = RunOptions {
        jobs,
        quiet: true,
        cache: RunCache::new(&scratch, false),
    };
    let executed = execute(plan, &requests, &options);
    let _ = std::fs::remove_dir_all(&scratch);

    let mut differences = Vec::new();
    for (experiment, outcome) in plan.experiments.iter().zip(executed?.outcomes) {
        let Some(expected) = reference.experiment(&experiment.id) else {
            differences.push(Difference {
                experiment: experiment.id.clone(),
                seed: outcome.record.seed,
                field: "experiment".into(),
                reference: "missing".into(),
                rerun: "present".into(),
            });
            continue;
        };
        compare_records(
            &experiment.id,
            &expected.canonical,
            &outcome.record,
            &mut differences,
        );
    }
    Ok(differences)
}

fn compare_records(id: &str, reference: &RunRecord, rerun: &RunRecord, out: &mut Vec<Difference>) {
    let mut push = |field: String, a: String, b: String| {
        out.push(Difference {
            experiment: id.to_string(),
            seed: rerun.seed,
            field,
            reference: a,
            rerun: b,
        });
    };
    // JSON writes every non-finite value as null and reads it back as NaN,
    // so any two non-finite values count as the same.
    let same = |a: f32, b: f32| a.to_bits() == b.to_bits() || (!a.is_finite() && !b.is_finite());

    for (set, a, b) in [
        ("train", &reference.train, &rerun.train),
        ("test", &reference.test, &rerun.test),
    ] {
        if !same(a.accuracy, b.accuracy) {
            push(
                format!("{set}.accuracy"),
                a.accuracy.to_string(),
                b.accuracy.to_string(),
            );
        }
        if !same(a.loss, b.loss) {
            push(
                format!("{set}.loss"),
                a.loss.to_string(),
                b.loss.to_string(),
            );
        }
        if a.correct != b.correct {
            push(
                format!("{set}.correct"),
                a.correct.to_string(),
                b.correct.to_string(),
            );
        }
    }
    if reference.diverged_at != rerun.diverged_at {
        push(
            "diverged_at".into(),
            format!("{:?}", reference.diverged_at),
            format!("{:?}", rerun.diverged_at),
        );
    }
    let curves = [
        ("loss", &reference.history.loss, &rerun.history.loss),
        (
            "accuracy",
            &reference.history.accuracy,
            &rerun.history.accuracy,
        ),
        (
            "val_loss",
            &reference.history.val_loss,
            &rerun.history.val_loss,
        ),
        (
            "val_accuracy",
            &reference.history.val_accuracy,
            &rerun.history.val_accuracy,
        ),
    ];
    for (name, a, b) in curves {
        if a.len() != b.len() {
            push(
                format!("history.{name}.len"),
                a.len().to_string(),
                b.len().to_string(),
            );
        }
        for (epoch, (&x, &y)) in a.iter().zip(b.iter()).enumerate() {
            if !same(x, y) {
                push(
                    format!("history.{name}[{epoch}]"),
                    x.to_string(),
                    y.to_string(),
                );
            }
        }
    }
}
