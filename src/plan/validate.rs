//! From the raw configuration to a checked [`Plan`]: every rule, with the
//! span of the value that breaks it.

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use super::config::{RawConfig, RawPublished};
use super::layers::{LAYER_SYNTAX, LayerTemplate, parse_layer};
use super::{CheckKind, Claim, Experiment, Grid, Placement, Plan, Published, Tutorial};
use crate::data::CirclesParams;
use crate::error::{InputError, Location};
use crate::nn::{AdamConfig, LayerSpec, LossKind, check_architecture};
use crate::train::TrainConfig;

/// Points at spans of one source file.
struct Source<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Source<'_> {
    fn error(&self, span: Range<usize>, message: impl Into<String>) -> InputError {
        InputError::at(
            Location::at_offset(self.path, self.text, span.start),
            message,
        )
    }

    /// A whole number at least `min`.
    fn count(&self, key: &str, value: &Spanned<i64>, min: i64) -> Result<usize, InputError> {
        let v = *value.get_ref();
        let max = limit(key);
        if v < min || v > max as i64 {
            return Err(self
                .error(value.span(), format!("{key} = {v} is not allowed"))
                .hint(format!("{key} must be a whole number from {min} to {max}")));
        }
        Ok(v as usize)
    }

    /// A finite number in `[min, max]`, or `[min, max)` when `open_max`.
    fn number(
        &self,
        key: &str,
        value: &Spanned<f64>,
        min: f64,
        max: f64,
        open_max: bool,
    ) -> Result<f64, InputError> {
        let v = *value.get_ref();
        let above = if open_max { v >= max } else { v > max };
        if !v.is_finite() || v < min || above {
            let bracket = if open_max { ")" } else { "]" };
            let range = match (min, max) {
                (f64::MIN_POSITIVE, f64::MAX) => "above 0".to_string(),
                (_, f64::MAX) => format!("of at least {min}"),
                _ => format!("in [{min}, {max}{bracket}"),
            };
            return Err(self
                .error(value.span(), format!("{key} = {v} is out of range"))
                .hint(format!("{key} must be a finite number {range}")));
        }
        Ok(v)
    }

    /// A layer stack; `allow_grid` admits `noise {stddev}`.
    fn layers(
        &self,
        key: &str,
        layers: &Spanned<Vec<Spanned<String>>>,
    ) -> Result<Vec<LayerTemplate>, InputError> {
        let mut parsed = Vec::new();
        for layer in layers.get_ref() {
            let template = parse_layer(layer.get_ref()).map_err(|message| {
                self.error(layer.span(), message)
                    .hint(format!("a layer is {LAYER_SYNTAX}"))
            })?;
            parsed.push(template);
        }
        let fixed: Vec<LayerSpec> = parsed.iter().map(|l| l.with_stddev(0.0)).collect();
        check_architecture(&fixed)
            .map_err(|error| self.error(layers.span(), format!("{key}: {error}")))?;
        Ok(parsed)
    }

    fn fixed_layers(
        &self,
        key: &str,
        layers: &Spanned<Vec<Spanned<String>>>,
    ) -> Result<Vec<LayerSpec>, InputError> {
        let parsed = self.layers(key, layers)?;
        let mut fixed = Vec::new();
        for (template, text) in parsed.iter().zip(layers.get_ref()) {
            match template {
                LayerTemplate::Fixed(spec) => fixed.push(*spec),
                LayerTemplate::GridNoise => {
                    return Err(self
                        .error(text.span(), "`noise {stddev}` belongs in a grid placement")
                        .hint("give the standard deviation as a number, e.g. `noise 0.1`"));
                }
            }
        }
        Ok(fixed)
    }

    fn unique(
        &self,
        seen: &mut HashSet<String>,
        kind: &str,
        id: &Spanned<String>,
    ) -> Result<String, InputError> {
        let text = id.get_ref().trim();
        let is_valid = !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !is_valid {
            return Err(self
                .error(id.span(), format!("{kind} id `{text}` is not allowed"))
                .hint("ids use letters, digits, `-` and `_` (they become file names)"));
        }
        if !seen.insert(text.to_string()) {
            return Err(self
                .error(id.span(), format!("duplicate {kind} id `{text}`"))
                .hint(format!("every {kind} needs its own id")));
        }
        Ok(text.to_string())
    }
}

/// The most seeds per experiment or grid point.
pub const MAX_REPEATS: usize = 10_000;
/// The most epochs per run.
pub const MAX_EPOCHS: usize = 1_000_000;
/// The most of any other count (samples, rows, units, batch size).
pub const MAX_COUNT: usize = 10_000_000;

/// The largest value a count may take. Note: the limits keep a typo from
/// asking for years of training or more memory than the machine has; they
/// are far above anything the report needs.
fn limit(key: &str) -> usize {
    match key {
        "repeats" | "grid.repeats" => MAX_REPEATS,
        "epochs" | "published.epochs" => MAX_EPOCHS,
        _ => MAX_COUNT,
    }
}

/// A count given as the command-line flag `--{flag}`: from 1 to `max`.
pub fn check_flag(flag: &str, value: usize, max: usize) -> Result<usize, InputError> {
    if (1..=max).contains(&value) {
        return Ok(value);
    }
    Err(InputError::new(format!("--{flag} {value} is not allowed"))
        .hint(format!("pass --{flag} a whole number from 1 to {max}")))
}

pub(super) fn validate(raw: RawConfig, path: &Path, text: &str) -> Result<Plan, InputError> {
    let source = Source { path, text };

    let d = &raw.dataset;
    let dataset = CirclesParams {
        samples: source.count("samples", &d.samples, 1)?,
        noise: source.number("dataset.noise", &d.noise, 0.0, f64::MAX, false)?,
        factor: source.number("dataset.factor", &d.factor, 0.0, 1.0, true)?,
        seed: u32::try_from(*d.seed.get_ref()).map_err(|_| {
            source
                .error(
                    d.seed.span(),
                    format!("seed = {} is out of range", d.seed.get_ref()),
                )
                .hint("scikit-learn's random_state must be in [0, 4294967295]")
        })?,
    };
    let train_rows = source.count("train_rows", &d.train_rows, 1)?;
    if train_rows >= dataset.samples {
        return Err(source
            .error(
                d.train_rows.span(),
                format!("train_rows = {train_rows} leaves no test rows"),
            )
            .hint(format!(
                "train_rows must be less than samples ({})",
                dataset.samples
            )));
    }

    let t = &raw.training;
    let loss = match &t.loss {
        None => LossKind::Logits,
        Some(name) => match name.get_ref().as_str() {
            "logits" => LossKind::Logits,
            "clipped" => LossKind::Clipped,
            other => {
                return Err(source
                    .error(name.span(), format!("unknown loss `{other}`"))
                    .hint("use `logits` (Keras 3) or `clipped` (Keras 2.2)"));
            }
        },
    };
    let training = TrainConfig {
        epochs: source.count("epochs", &t.epochs, 1)?,
        batch_size: source.count("batch_size", &t.batch_size, 1)?,
        adam: AdamConfig {
            learning_rate: source.number(
                "training.learning_rate",
                &t.learning_rate,
                f64::MIN_POSITIVE,
                f64::MAX,
                false,
            )?,
            beta_1: source.number("training.beta_1", &t.beta_1, 0.0, 1.0, true)?,
            beta_2: source.number("training.beta_2", &t.beta_2, 0.0, 1.0, true)?,
            epsilon: source.number("training.epsilon", &t.epsilon, 0.0, f64::MAX, false)?,
        },
        loss,
    };

    let base = u64::try_from(*raw.seeds.base.get_ref()).map_err(|_| {
        source
            .error(raw.seeds.base.span(), "seeds.base must be at least 0")
            .hint("seeds are whole numbers from 0")
    })?;
    let repeats = source.count("repeats", &raw.seeds.repeats, 1)?;
    let seeds: Vec<u64> = (0..repeats as u64).map(|k| base + k).collect();

    if raw.experiments.is_empty() {
        return Err(
            InputError::at(Location::file(path), "no [[experiment]] is defined")
                .hint("add at least one [[experiment]] table"),
        );
    }
    let mut ids = HashSet::new();
    let mut experiments = Vec::new();
    for e in &raw.experiments {
        let id = source.unique(&mut ids, "experiment", &e.id)?;
        let layers = source.fixed_layers(&format!("experiment `{id}`"), &e.layers)?;
        let published = e
            .published
            .as_ref()
            .map(|p| published(&source, &id, p))
            .transpose()?;
        experiments.push(Experiment {
            id,
            title: e.title.clone(),
            description: e.description.clone(),
            layers,
            published,
        });
    }

    let grid = grid(&source, &raw, base)?;
    let claims = claims(&source, &raw, &experiments)?;
    Ok(Plan {
        book: path.parent().unwrap_or(Path::new(".")).to_path_buf(),
        title: raw.title,
        tutorial: Tutorial {
            title: raw.tutorial.title,
            url: raw.tutorial.url,
            revised: raw.tutorial.revised,
        },
        dataset,
        train_rows,
        training,
        seeds,
        experiments,
        grid,
        claims,
    })
}

fn published(source: &Source, id: &str, raw: &RawPublished) -> Result<Published, InputError> {
    Ok(Published {
        train: source.number("published.train", &raw.train, 0.0, 1.0, false)?,
        test: source.number("published.test", &raw.test, 0.0, 1.0, false)?,
        layers: source.fixed_layers(&format!("published setup of `{id}`"), &raw.layers)?,
        epochs: source.count("published.epochs", &raw.epochs, 1)?,
    })
}

fn grid(source: &Source, raw: &RawConfig, base: u64) -> Result<Grid, InputError> {
    let g = &raw.grid;
    let mut stddevs = Vec::new();
    for value in g.stddevs.get_ref() {
        stddevs.push(source.number(
            "grid.stddevs",
            value,
            0.0,
            super::layers::MAX_STDDEV,
            false,
        )?);
    }
    if stddevs.is_empty() {
        return Err(source
            .error(g.stddevs.span(), "grid.stddevs is empty")
            .hint("list at least one standard deviation"));
    }
    stddevs.sort_by(f64::total_cmp);
    stddevs.dedup();
    let repeats = source.count("grid.repeats", &g.repeats, 1)?;

    let mut ids = HashSet::new();
    let mut placements = Vec::new();
    for p in &g.placements {
        let id = source.unique(&mut ids, "placement", &p.id)?;
        let layers = source.layers(&format!("placement `{id}`"), &p.layers)?;
        let gaps = layers
            .iter()
            .filter(|l| matches!(l, LayerTemplate::GridNoise))
            .count();
        if gaps != 1 {
            return Err(source
                .error(p.layers.span(), format!("placement `{id}` has {gaps} `noise {{stddev}}` layers"))
                .hint("a placement has exactly one `noise {stddev}` layer, where the grid puts its noise"));
        }
        placements.push(Placement {
            id,
            title: p.title.clone(),
            layers,
        });
    }
    Ok(Grid {
        stddevs,
        seeds: (0..repeats as u64).map(|k| base + k).collect(),
        placements,
    })
}

fn claims(
    source: &Source,
    raw: &RawConfig,
    experiments: &[Experiment],
) -> Result<Vec<Claim>, InputError> {
    let known = |id: &Spanned<String>| -> Result<String, InputError> {
        let text = id.get_ref();
        if experiments.iter().any(|e| &e.id == text) {
            Ok(text.clone())
        } else {
            let ids: Vec<&str> = experiments.iter().map(|e| e.id.as_str()).collect();
            Err(source
                .error(id.span(), format!("no experiment `{text}`"))
                .hint(format!("known experiments: {}", ids.join(", "))))
        }
    };

    let mut ids = HashSet::new();
    let mut claims = Vec::new();
    for c in &raw.claims {
        let id = source.unique(&mut ids, "claim", &c.id)?;
        let check = CheckKind::ALL
            .iter()
            .find(|(name, _)| name == c.check.get_ref())
            .map(|&(_, kind)| kind)
            .ok_or_else(|| {
                let names: Vec<&str> = CheckKind::ALL.iter().map(|(name, _)| *name).collect();
                source
                    .error(
                        c.check.span(),
                        format!("unknown check `{}`", c.check.get_ref()),
                    )
                    .hint(format!("checks: {}", names.join(", ")))
            })?;
        let experiment = known(&c.experiment)?;
        let against = c.against.as_ref().map(&known).transpose()?;
        if check.is_paired() && against.is_none() {
            return Err(source
                .error(
                    c.check.span(),
                    format!(
                        "claim `{id}`: check `{}` compares two experiments",
                        c.check.get_ref()
                    ),
                )
                .hint("add `against = \"baseline\"` (or another experiment id)"));
        }
        if let (Some(against), Some(span)) = (&against, c.against.as_ref().map(|a| a.span()))
            && *against == experiment
        {
            return Err(source
                .error(
                    span,
                    format!("claim `{id}` compares `{experiment}` with itself"),
                )
                .hint("set `against` to another experiment, such as \"baseline\""));
        }
        let threshold = *c.threshold.get_ref();
        if !threshold.is_finite() {
            return Err(source.error(c.threshold.span(), "threshold must be a finite number"));
        }
        claims.push(Claim {
            id,
            text: c.text.clone(),
            check,
            experiment,
            against,
            threshold,
            why: c.why.clone(),
        });
    }
    Ok(claims)
}
