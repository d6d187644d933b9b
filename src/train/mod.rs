//! The training layer: Keras' `fit` loop for one run, from a seed to a history.

pub mod seeds;

use ndarray::{Array1, Array2};
use rand::seq::SliceRandom;
use serde::{Deserialize, Serialize};

use crate::data::Dataset;
use crate::nn::{
    Adam, AdamConfig, ArchitectureError, LayerSpec, LossKind, Network, Workspace, sigmoid,
};

/// How a model is fitted. The defaults are Keras' `fit` defaults with the
/// tutorial's 4000 epochs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrainConfig {
    /// Passes over the training set.
    pub epochs: usize,
    /// Rows per gradient step; Keras' default is 32, so 30 rows make one batch.
    pub batch_size: usize,
    /// The optimizer's settings.
    pub adam: AdamConfig,
    /// Which binary cross-entropy to use.
    pub loss: LossKind,
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self {
            epochs: 4000,
            batch_size: 32,
            adam: AdamConfig::default(),
            loss: LossKind::Logits,
        }
    }
}

/// A dataset in the form the network reads: float32 features `[n, 2]` and
/// float32 labels `[n]`, as Keras casts them.
#[derive(Debug, Clone)]
pub struct Samples {
    /// Features, one row per point.
    pub x: Array2<f32>,
    /// Labels, 0.0 or 1.0.
    pub y: Array1<f32>,
}

impl Samples {
    /// Casts a dataset to float32.
    pub fn from_dataset(data: &Dataset) -> Self {
        Self {
            x: data.x.mapv(|v| v as f32).as_standard_layout().into_owned(),
            y: data.y.mapv(f32::from),
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.y.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }
}

/// What Keras' `History` records, one value per epoch. In JSON a value
/// that is not finite (a diverged run) is written as `null`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    /// Training loss, from the noisy pass before the update.
    #[serde(with = "finite_or_null")]
    pub loss: Vec<f32>,
    /// Training accuracy, from the same pass.
    #[serde(with = "finite_or_null")]
    pub accuracy: Vec<f32>,
    /// Loss on the test set after the epoch's update, noise off.
    #[serde(with = "finite_or_null")]
    pub val_loss: Vec<f32>,
    /// Accuracy on the test set after the epoch's update, noise off.
    #[serde(with = "finite_or_null")]
    pub val_accuracy: Vec<f32>,
}

/// JSON has no NaN or infinity: such values travel as `null` and come back as NaN.
pub mod finite_or_null {
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes each value, or `null` where it is not finite.
    pub fn serialize<S: Serializer>(values: &[f32], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(values.iter().map(|v| v.is_finite().then_some(*v)))
    }

    /// Reads values, turning `null` into NaN.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<f32>, D::Error> {
        let values = Vec::<Option<f32>>::deserialize(deserializer)?;
        Ok(values.into_iter().map(|v| v.unwrap_or(f32::NAN)).collect())
    }
}

impl History {
    fn with_capacity(epochs: usize) -> Self {
        Self {
            loss: Vec::with_capacity(epochs),
            accuracy: Vec::with_capacity(epochs),
            val_loss: Vec::with_capacity(epochs),
            val_accuracy: Vec::with_capacity(epochs),
        }
    }

    /// Number of epochs recorded.
    pub fn len(&self) -> usize {
        self.loss.len()
    }

    /// Whether no epoch was recorded.
    pub fn is_empty(&self) -> bool {
        self.loss.is_empty()
    }
}

/// Loss and accuracy of a model on one set, noise off.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    /// Mean binary cross-entropy; `null` in JSON when not finite.
    #[serde(with = "finite_or_null_scalar")]
    pub loss: f32,
    /// Fraction of points classified correctly.
    pub accuracy: f32,
    /// Points classified correctly.
    pub correct: usize,
    /// Points in the set.
    pub total: usize,
}

/// The scalar form of [`finite_or_null`].
mod finite_or_null_scalar {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &f32, serializer: S) -> Result<S::Ok, S::Error> {
        match value.is_finite() {
            true => serializer.serialize_f32(*value),
            false => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f32, D::Error> {
        Ok(Option::<f32>::deserialize(deserializer)?.unwrap_or(f32::NAN))
    }
}

/// The revision of the training numerics: which bits a given seed and
/// configuration produce. Bump it with any change that alters a run's
/// results (the sampler, the order of a sum, a new pass), so that cached
/// runs from before the change are not reused; the test
/// `the_numerics_revision_is_pinned` fails until it is bumped.
pub const NUMERICS_REVISION: u32 = 2;

/// Everything one run yields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// The seed every random stream of the run came from.
    pub seed: u64,
    /// Epochs asked for.
    pub epochs: usize,
    /// Per-epoch metrics; shorter than `epochs` if the run diverged.
    pub history: History,
    /// Final scores on the training set.
    pub train: Scores,
    /// Final scores on the test set.
    pub test: Scores,
    /// The epoch (from 1) whose training loss was not finite, if any;
    /// training stops there.
    pub diverged_at: Option<usize>,
}

/// Trains `specs` on `train` for `config.epochs` epochs from `seed`,
/// validating on `test` after every epoch, as `model.fit(...,
/// validation_data=...)` does, then evaluates both sets with noise off.
///
/// Per epoch: shuffle the rows; per batch, a training pass (fresh noise),
/// loss and accuracy from that pass, backward, one Adam step; then one
/// evaluation pass on the test set. Nothing is allocated inside the loop.
pub fn train(
    specs: &[LayerSpec],
    config: &TrainConfig,
    train: &Samples,
    test: &Samples,
    seed: u64,
) -> Result<(RunRecord, Network), ArchitectureError> {
    let inputs = train.x.ncols();
    let mut network = Network::new(specs, inputs, config.loss, |layer| {
        seeds::init_stream(seed, layer)
    })?;
    let mut adam = Adam::new(config.adam, &network.parameter_sizes());
    let mut noise_rng = seeds::noise_stream(seed);
    let mut shuffle_rng = seeds::shuffle_stream(seed);

    let batch_size = config.batch_size.max(1);
    let mut work = network.workspace();
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut history = History::with_capacity(config.epochs);
    let mut diverged_at = None;
    // The last validation pass already scored the final model on the test set.
    let mut last_validation = None;
    let train_x = train.x.as_slice().expect("standard layout");

    for epoch in 1..=config.epochs {
        order.shuffle(&mut shuffle_rng);
        let mut loss_sum = 0.0f64;
        let mut correct = 0;
        for batch in order.chunks(batch_size) {
            network.zero_gradients();
            let mut batch_loss = 0.0f32;
            for &index in batch {
                let row = &train_x[index * inputs..(index + 1) * inputs];
                let (loss, is_correct) =
                    network.train_row(&mut work, row, train.y[index], batch.len(), &mut noise_rng);
                batch_loss += loss;
                correct += usize::from(is_correct);
            }
            network.apply_adam(&mut adam);
            // Keras averages the batch means weighted by batch size.
            loss_sum += f64::from(batch_loss / batch.len() as f32) * batch.len() as f64;
        }

        let loss = (loss_sum / train.len() as f64) as f32;
        let validation = evaluate(&network, &mut work, test);
        last_validation = Some(validation);
        history.loss.push(loss);
        history.accuracy.push(correct as f32 / train.len() as f32);
        history.val_loss.push(validation.loss);
        history.val_accuracy.push(validation.accuracy);
        // Note: Keras would go on training a diverged model (TerminateOnNaN
        // is off by default); we stop, since every later epoch is NaN too,
        // and record where it happened.
        if !loss.is_finite() {
            diverged_at = Some(epoch);
            break;
        }
    }

    let record = RunRecord {
        seed,
        epochs: config.epochs,
        train: evaluate(&network, &mut work, train),
        test: last_validation.unwrap_or_else(|| evaluate(&network, &mut work, test)),
        history,
        diverged_at,
    };
    Ok((record, network))
}

/// Loss and accuracy of `network` on `samples`, noise off.
///
/// Note: Keras evaluates in batches of 32 and averages the batch means
/// weighted by size; that is the same mean up to float32 rounding, so one
/// pass over all rows stands in for it.
pub fn evaluate(network: &Network, work: &mut Workspace, samples: &Samples) -> Scores {
    let rows = samples.len();
    if rows == 0 {
        return Scores {
            loss: 0.0,
            accuracy: 0.0,
            correct: 0,
            total: 0,
        };
    }
    let x = samples.x.as_slice().expect("standard layout");
    let inputs = network.inputs();
    let labels = samples.y.as_slice().expect("contiguous");
    let mut loss_sum = 0.0f32;
    let mut correct = 0;
    let mut score = |z: f32, label: f32| {
        let (loss, is_correct) = network.score(z, label);
        loss_sum += loss;
        correct += usize::from(is_correct);
    };

    // Four rows at a time share the weight loads; losses still add up in
    // row order.
    const GROUP: usize = 4;
    let groups = x.chunks_exact(GROUP * inputs);
    let rest = groups.remainder();
    for (group, group_labels) in groups.zip(labels.chunks_exact(GROUP)) {
        let rows: [&[f32]; GROUP] = std::array::from_fn(|r| &group[r * inputs..(r + 1) * inputs]);
        let logits = network.evaluate_logits(work, rows);
        for (z, &label) in logits.into_iter().zip(group_labels) {
            score(z, label);
        }
    }
    let first_rest = labels.len() - rest.len() / inputs;
    for (row, &label) in rest.chunks_exact(inputs).zip(&labels[first_rest..]) {
        score(network.evaluate_logit(work, row), label);
    }
    Scores {
        loss: loss_sum / rows as f32,
        accuracy: correct as f32 / rows as f32,
        correct,
        total: rows,
    }
}

/// Predicted probabilities `sigmoid(z)` for points `[n, inputs]`, noise off.
pub fn predict(network: &Network, points: &Array2<f32>) -> Vec<f32> {
    let mut work = network.workspace();
    let points = points.as_standard_layout();
    points
        .rows()
        .into_iter()
        .map(|row| {
            sigmoid(network.evaluate_logit(&mut work, row.to_slice().expect("standard layout")))
        })
        .collect()
}

#[cfg(test)]
mod tests;
