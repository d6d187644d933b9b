//! The sequential network: a stack of layers ending in one sigmoid unit,
//! with its forward and backward passes over preallocated buffers.

use rand::{Rng, RngCore};
use serde::{Deserialize, Serialize};

use super::activation::Activation;
use super::adam::Adam;
use super::dense::Dense;
use super::fused::{
    HiddenActivation, HiddenBuffers, HiddenSteps, Step, Target, train_two_layer_row,
    two_layer_logits,
};
use super::loss::{LossKind, binary_cross_entropy};
use super::noise::GaussianNoise;
use super::normal::BoxMuller;

/// One layer of a model as a user writes it down.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum LayerSpec {
    /// `Dense(units, activation)`; no activation means linear.
    Dense {
        /// Output width.
        units: usize,
        /// Activation applied to the output, if any.
        activation: Option<Activation>,
    },
    /// A stand-alone activation layer.
    Activation {
        /// Which function.
        function: Activation,
    },
    /// `GaussianNoise(stddev)`.
    Noise {
        /// Standard deviation of the noise.
        stddev: f64,
    },
}

impl std::fmt::Display for LayerSpec {
    /// The compact form used in `report.toml`: `dense 500 relu`, `noise 0.1`, `relu`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LayerSpec::Dense {
                units,
                activation: None,
            } => write!(f, "dense {units}"),
            LayerSpec::Dense {
                units,
                activation: Some(a),
            } => {
                write!(f, "dense {units} {}", a.name())
            }
            LayerSpec::Activation { function } => f.write_str(function.name()),
            LayerSpec::Noise { stddev } => write!(f, "noise {stddev}"),
        }
    }
}

/// Why a layer stack cannot be trained as a binary classifier.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ArchitectureError {
    /// The stack does not end in a single sigmoid unit.
    #[error("the model must end in one sigmoid unit (for example `dense 1 sigmoid`), found `{0}`")]
    NoSigmoidOutput(String),
    /// A dense layer with no units.
    #[error("layer {0}: a dense layer needs at least one unit")]
    ZeroUnits(usize),
    /// A negative or non-finite noise level.
    #[error("layer {index}: noise standard deviation {stddev} must be finite and at least 0")]
    BadStddev {
        /// Position of the layer, from 1.
        index: usize,
        /// The value at fault.
        stddev: f64,
    },
}

/// A runtime layer; a dense layer applies its own activation.
// Note: a network holds a handful of layers, so the size of the dense
// variant costs nothing, and boxing it would add an indirection per pass.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
enum Layer {
    Dense(Dense),
    Activation(Activation),
    Noise(GaussianNoise),
}

/// Whether a pass is for training (noise on) or evaluation (noise off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// The pass whose loss is differentiated: noise layers draw fresh noise.
    Training,
    /// Validation, evaluation and prediction: noise layers are the identity.
    Evaluation,
}

/// A sequential binary classifier, `[n, inputs] -> ... -> [n, 1]` logits.
///
/// The final sigmoid of the stack is not applied in the passes: the loss
/// works on the logit `z`, as Keras does when a model ends in a sigmoid.
#[derive(Debug, Clone)]
pub struct Network {
    layers: Vec<Layer>,
    /// `widths[i]` is the width of buffer `i`: the input, then each layer's output.
    widths: Vec<usize>,
    loss: LossKind,
    /// Index of the first dense layer: below it no gradient is needed.
    first_dense: usize,
    /// The fused evaluation pass, when the network has its shape.
    fused: Option<FusedShape>,
    /// The steps between the dense layers of [`Network::fused`], when the
    /// fused training pass handles them.
    fused_training: Option<HiddenSteps>,
}

/// Where the fused evaluation pass finds its two dense layers.
#[derive(Debug, Clone, Copy)]
struct FusedShape {
    hidden: usize,
    output: usize,
    activation: HiddenActivation,
}

impl Network {
    /// Builds the network from its specification, drawing each dense
    /// kernel from `init_rng(k)`, the stream of the `k`-th dense layer.
    ///
    /// Per-layer streams mean adding or removing a noise or activation layer
    /// never shifts the initial weights.
    pub fn new<R: Rng>(
        specs: &[LayerSpec],
        inputs: usize,
        loss: LossKind,
        mut init_rng: impl FnMut(usize) -> R,
    ) -> Result<Self, ArchitectureError> {
        validate(specs)?;
        let mut layers = Vec::new();
        let mut widths = vec![inputs];
        let mut dense_count = 0;
        for spec in &specs[..specs.len() - 1] {
            let width = *widths.last().expect("widths starts non-empty");
            match *spec {
                LayerSpec::Dense { units, activation } => {
                    let mut rng = init_rng(dense_count);
                    dense_count += 1;
                    let mut dense = Dense::glorot_uniform(width, units, &mut rng);
                    dense.activation = activation.unwrap_or(Activation::Linear);
                    layers.push(Layer::Dense(dense));
                    widths.push(units);
                }
                LayerSpec::Activation { function } => {
                    layers.push(Layer::Activation(function));
                    widths.push(width);
                }
                LayerSpec::Noise { stddev } => {
                    layers.push(Layer::Noise(GaussianNoise {
                        stddev: stddev as f32,
                    }));
                    widths.push(width);
                }
            }
        }

        // The last spec is either `dense 1 sigmoid` or a lone `sigmoid`.
        if let LayerSpec::Dense { units, .. } = specs[specs.len() - 1] {
            let width = *widths.last().expect("widths starts non-empty");
            let mut rng = init_rng(dense_count);
            layers.push(Layer::Dense(Dense::glorot_uniform(width, units, &mut rng)));
            widths.push(units);
        }
        let first_dense = layers
            .iter()
            .position(|l| matches!(l, Layer::Dense(_)))
            .expect("a validated stack has a dense layer");
        let fused = fused_shape(&layers, &widths);
        let fused_training = fused.and_then(|shape| training_steps(&layers, shape));
        Ok(Self {
            layers,
            widths,
            loss,
            first_dense,
            fused,
            fused_training,
        })
    }

    /// Width of the input.
    pub fn inputs(&self) -> usize {
        self.widths[0]
    }

    /// Sizes of the trainable tensors, in the order [`Network::apply_adam`] visits them.
    pub fn parameter_sizes(&self) -> Vec<usize> {
        self.dense_layers()
            .flat_map(|d| [d.kernel.len(), d.bias.len()])
            .collect()
    }

    /// The dense layers, from input to output.
    pub fn dense_layers(&self) -> impl Iterator<Item = &Dense> {
        self.layers.iter().filter_map(|layer| match layer {
            Layer::Dense(dense) => Some(dense),
            _ => None,
        })
    }

    /// Buffers for the passes; allocate once per run.
    pub fn workspace(&self) -> Workspace {
        let max_width = self.widths.iter().copied().max().unwrap_or(1);
        Workspace {
            buffers: self.widths.iter().map(|&w| vec![0.0; w]).collect(),
            layer_input: vec![0; self.layers.len()],
            output_buffer: 0,
            grad: vec![0.0; max_width],
            grad_spare: vec![0.0; max_width],
            noise_words: vec![0; BoxMuller::words_for(max_width)],
            sampler: BoxMuller::new(),
            hidden: HiddenBuffers::new(match (self.fused, self.fused_training) {
                (Some(shape), Some(_)) => self.widths[shape.hidden + 1],
                _ => 0,
            }),
        }
    }

    /// Trains on one row of a batch of `batch_rows` rows: a forward pass
    /// with fresh noise, then backpropagation adding this row's share to
    /// the parameter gradients. Returns the row's loss and whether it was
    /// classified correctly.
    ///
    /// The fused pass serves networks of the tutorial's shape, the
    /// layer-by-layer forward and backward passes every other; both give
    /// the same bits.
    #[inline]
    pub fn train_row<R: RngCore>(
        &mut self,
        work: &mut Workspace,
        input: &[f32],
        label: f32,
        batch_rows: usize,
        noise_rng: &mut R,
    ) -> (f32, bool) {
        let (Some(shape), Some(steps)) = (self.fused, self.fused_training) else {
            self.forward(work, input, Mode::Training, noise_rng);
            return self.backward(work, label, batch_rows);
        };

        // The draws in layer order: the input's noise layers, then the
        // noise layers between the dense layers.
        let mut x: [f32; 2] = input.try_into().expect("the fused shape has two inputs");
        for layer in &self.layers[..shape.hidden] {
            if let Layer::Noise(noise) = layer
                && noise.is_active()
            {
                let noisy = x;
                noise.forward_training(
                    &noisy,
                    &mut x,
                    work.sampler,
                    noise_rng,
                    &mut work.noise_words,
                );
            }
        }
        let buffers = &mut work.hidden;
        if steps.first_noise.is_some() {
            work.sampler
                .fill(noise_rng, &mut work.noise_words, &mut buffers.first_draws);
        }
        if steps.second_noise.is_some() {
            work.sampler
                .fill(noise_rng, &mut work.noise_words, &mut buffers.second_draws);
        }

        let (before, after) = self.layers.split_at_mut(shape.output);
        let (Layer::Dense(hidden), Layer::Dense(output)) =
            (&mut before[shape.hidden], &mut after[0])
        else {
            unreachable!("fused_shape points at dense layers")
        };
        let target = Target {
            label,
            loss: self.loss,
            batch_rows,
        };
        let sample = train_two_layer_row(steps, x, hidden, output, buffers, target);
        (sample.loss, sample.is_correct(label))
    }

    /// Runs one row `[inputs]` through the layers and returns its logit.
    ///
    /// Passes go a row at a time so that a row's activations stay in the
    /// first-level cache from the input to the loss and back. In training
    /// mode noise layers draw from `noise_rng`; in evaluation they are
    /// skipped, so they cost nothing.
    #[inline]
    fn forward<R: RngCore>(
        &self,
        work: &mut Workspace,
        input: &[f32],
        mode: Mode,
        noise_rng: &mut R,
    ) -> f32 {
        work.buffers[0].copy_from_slice(input);
        let mut source = 0;
        for (index, layer) in self.layers.iter().enumerate() {
            work.layer_input[index] = source;
            if let Layer::Noise(noise) = layer
                && (mode == Mode::Evaluation || !noise.is_active())
            {
                continue;
            }

            let target = index + 1;
            let (before, after) = work.buffers.split_at_mut(target);
            let (input, output) = (&before[source], &mut after[0]);
            match layer {
                Layer::Dense(dense) => dense.forward(input, output),
                Layer::Activation(function) => function.forward(input, output),
                Layer::Noise(noise) => {
                    let words = &mut work.noise_words;
                    noise.forward_training(input, output, work.sampler, noise_rng, words)
                }
            }
            source = target;
        }
        work.output_buffer = source;
        work.buffers[source][0]
    }

    /// The logit of one row with noise off: the fused pass when the network
    /// has the tutorial's shape, the general one otherwise; both give the
    /// same bits.
    #[inline]
    pub fn evaluate_logit(&self, work: &mut Workspace, input: &[f32]) -> f32 {
        self.evaluate_logits(work, [input])[0]
    }

    /// The logits of `R` rows with noise off, as [`Network::evaluate_logit`]
    /// gives them one by one; the fused pass shares its weight loads.
    #[inline]
    pub fn evaluate_logits<const R: usize>(
        &self,
        work: &mut Workspace,
        inputs: [&[f32]; R],
    ) -> [f32; R] {
        if let Some(shape) = self.fused {
            let (Layer::Dense(hidden), Layer::Dense(output)) =
                (&self.layers[shape.hidden], &self.layers[shape.output])
            else {
                unreachable!("fused_shape points at dense layers")
            };
            return two_layer_logits(inputs, hidden, shape.activation, output);
        }
        inputs.map(|input| self.forward(work, input, Mode::Evaluation, &mut NoDraws))
    }

    /// Loss of a logit against `label`, and whether it was classified correctly.
    pub fn score(&self, z: f32, label: f32) -> (f32, bool) {
        let sample = binary_cross_entropy(self.loss, z, label);
        (sample.loss, sample.is_correct(label))
    }

    /// Sets every parameter gradient to zero before a batch.
    pub fn zero_gradients(&mut self) {
        for layer in &mut self.layers {
            if let Layer::Dense(dense) = layer {
                dense.zero_gradients();
            }
        }
    }

    /// Backpropagates the last forward pass of one row of a batch of
    /// `batch_rows` rows, adding to each dense layer's parameter gradients.
    ///
    /// `dL/dz = (sigmoid(z) - y) / batch_rows`, the batch mean's share of this row.
    /// Returns the row's loss and whether it was classified correctly.
    #[inline]
    fn backward(&mut self, work: &mut Workspace, label: f32, batch_rows: usize) -> (f32, bool) {
        let z = work.buffers[work.output_buffer][0];
        let sample = binary_cross_entropy(self.loss, z, label);
        work.grad[0] = sample.gradient / batch_rows as f32;

        let mut output = work.output_buffer;
        for index in (0..self.layers.len()).rev() {
            let input = work.layer_input[index];
            let (width_in, width_out) = (self.widths[index], self.widths[index + 1]);
            match &mut self.layers[index] {
                // In training, noise is additive: the gradient passes unchanged.
                Layer::Noise(_) => {}
                Layer::Activation(function) => function.backward(
                    &work.buffers[input],
                    &work.buffers[output],
                    &mut work.grad[..width_out],
                ),
                Layer::Dense(dense) => {
                    // Below the first dense layer nothing is trainable.
                    let needs_input_grad = index > self.first_dense;
                    let grad_in = needs_input_grad.then(|| &mut work.grad_spare[..width_in]);
                    dense.backward(
                        &work.buffers[input],
                        &work.buffers[output],
                        &mut work.grad[..width_out],
                        grad_in,
                    );
                    std::mem::swap(&mut work.grad, &mut work.grad_spare);
                }
            }
            output = input;
        }
        (sample.loss, sample.is_correct(label))
    }

    /// Applies one Adam step to every dense layer from its gradients.
    pub fn apply_adam(&mut self, adam: &mut Adam) {
        let step = adam.begin_step();
        let mut index = 0;
        for layer in &mut self.layers {
            if let Layer::Dense(dense) = layer {
                let kernel = dense.kernel.as_slice_mut().expect("standard layout");
                adam.update(
                    &step,
                    index,
                    kernel,
                    dense.kernel_grad.as_slice().expect("std"),
                );
                let bias = dense.bias.as_slice_mut().expect("contiguous");
                adam.update(
                    &step,
                    index + 1,
                    bias,
                    dense.bias_grad.as_slice().expect("std"),
                );
                index += 2;
            }
        }
    }
}

/// Preallocated buffers for the passes of one network, one row wide.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// Buffer 0 is the input; buffer `i + 1` is the output of layer `i`.
    buffers: Vec<Vec<f32>>,
    /// Which buffer held each layer's input in the last forward pass.
    layer_input: Vec<usize>,
    /// Which buffer holds the logit of the last forward pass.
    output_buffer: usize,
    grad: Vec<f32>,
    grad_spare: Vec<f32>,
    /// Random words for a noise layer's bulk draw.
    noise_words: Vec<u32>,
    sampler: BoxMuller,
    /// The fused training pass's buffers; empty for other shapes.
    hidden: HiddenBuffers,
}

/// The layers of a network that the fused evaluation pass can run: noise
/// layers (skipped in evaluation), then a dense layer with two inputs,
/// activations and noise layers composing to relu or nothing, and a final
/// dense layer with one unit.
fn fused_shape(layers: &[Layer], widths: &[usize]) -> Option<FusedShape> {
    let hidden = layers.iter().position(|l| !matches!(l, Layer::Noise(_)))?;
    let Layer::Dense(first) = &layers[hidden] else {
        return None;
    };
    if widths[hidden] != 2 || first.units() < 2 {
        return None;
    }
    let output = layers.len() - 1;
    let Layer::Dense(last) = &layers[output] else {
        return None;
    };
    if last.units() != 1 || last.activation != Activation::Linear || output <= hidden {
        return None;
    }
    let mut activations = vec![first.activation];
    for layer in &layers[hidden + 1..output] {
        match layer {
            Layer::Noise(_) => {}
            Layer::Activation(function) => activations.push(*function),
            Layer::Dense(_) => return None,
        }
    }
    let activation = HiddenActivation::compose(&activations)?;
    Some(FusedShape {
        hidden,
        output,
        activation,
    })
}

/// The layers between the dense layers of a network with the fused
/// evaluation shape, if the fused training pass covers them.
fn training_steps(layers: &[Layer], shape: FusedShape) -> Option<HiddenSteps> {
    let Layer::Dense(hidden) = &layers[shape.hidden] else {
        return None;
    };
    let between: Vec<Step> = layers[shape.hidden + 1..shape.output]
        .iter()
        .map(|layer| match layer {
            Layer::Noise(noise) => Step::Noise(noise.stddev),
            Layer::Activation(Activation::Relu) => Step::Relu,
            Layer::Activation(Activation::Linear) => Step::Linear,
            Layer::Activation(Activation::Sigmoid) | Layer::Dense(_) => Step::Other,
        })
        .collect();
    HiddenSteps::match_layers(hidden.activation, &between)
}

/// A generator for passes that draw nothing: reading from it is a bug.
struct NoDraws;

impl RngCore for NoDraws {
    fn next_u32(&mut self) -> u32 {
        unreachable!("an evaluation pass drew a random number")
    }

    fn next_u64(&mut self) -> u64 {
        unreachable!("an evaluation pass drew a random number")
    }

    fn fill_bytes(&mut self, _: &mut [u8]) {
        unreachable!("an evaluation pass drew a random number")
    }
}

/// Checks that a layer stack can be trained as a binary classifier.
pub fn check_architecture(specs: &[LayerSpec]) -> Result<(), ArchitectureError> {
    validate(specs)
}

fn validate(specs: &[LayerSpec]) -> Result<(), ArchitectureError> {
    for (index, spec) in specs.iter().enumerate() {
        match *spec {
            LayerSpec::Dense { units: 0, .. } => {
                return Err(ArchitectureError::ZeroUnits(index + 1));
            }
            LayerSpec::Noise { stddev } if !(stddev.is_finite() && stddev >= 0.0) => {
                return Err(ArchitectureError::BadStddev {
                    index: index + 1,
                    stddev,
                });
            }
            _ => {}
        }
    }

    let describe = |spec: Option<&LayerSpec>| spec.map_or("nothing".to_string(), |s| s.to_string());
    let ends_in_sigmoid_unit = match specs {
        [
            ..,
            LayerSpec::Dense {
                units: 1,
                activation: Some(Activation::Sigmoid),
            },
        ] => true,
        [
            ..,
            before,
            LayerSpec::Activation {
                function: Activation::Sigmoid,
            },
        ] => {
            matches!(
                before,
                LayerSpec::Dense {
                    units: 1,
                    activation: None
                }
            )
        }
        _ => false,
    };
    if ends_in_sigmoid_unit {
        Ok(())
    } else {
        Err(ArchitectureError::NoSigmoidOutput(describe(specs.last())))
    }
}

#[cfg(test)]
mod tests;
