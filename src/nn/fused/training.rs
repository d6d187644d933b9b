//! The fused training pass: one row forward through the hidden steps, its
//! loss, and back, in two passes over the hidden units.

use wide::{CmpGt, CmpLe, f32x8};

use super::{BLOCK, HALF, load, store};
use crate::nn::activation::{Activation, relu, relu_lanes};
use crate::nn::dense::Dense;
use crate::nn::kernels::reduce_lanes;
use crate::nn::loss::{LossKind, SampleLoss, binary_cross_entropy};

/// The element-wise steps between the two dense layers that the fused
/// training pass handles, in this order: the hidden layer's own activation
/// (relu or none), a noise layer, a relu layer, a noise layer. Any of them
/// may be absent; that covers every stack of the tutorial and of the grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HiddenSteps {
    /// Whether the hidden dense layer applies relu itself.
    pub dense_relu: bool,
    /// Standard deviation of the noise layer right after it, if any.
    pub first_noise: Option<f32>,
    /// Whether a stand-alone relu layer follows.
    pub relu: bool,
    /// Standard deviation of the noise layer after that relu, if any.
    pub second_noise: Option<f32>,
}

impl HiddenSteps {
    /// Reads the layers between the two dense layers: noise layers that
    /// draw nothing and linear activations are the identity and drop out;
    /// anything else that does not fit the pattern gives `None`.
    pub fn match_layers(dense_activation: Activation, between: &[Step]) -> Option<Self> {
        let mut steps = HiddenSteps {
            dense_relu: match dense_activation {
                Activation::Relu => true,
                Activation::Linear => false,
                Activation::Sigmoid => return None,
            },
            first_noise: None,
            relu: false,
            second_noise: None,
        };
        // Each layer must come later in the pattern than the one before it.
        let mut place = 0;
        for step in between {
            match *step {
                Step::Noise(stddev) if stddev > 0.0 && place < 1 => {
                    steps.first_noise = Some(stddev);
                    place = 1;
                }
                Step::Relu if place < 2 => {
                    steps.relu = true;
                    place = 2;
                }
                Step::Noise(stddev) if stddev > 0.0 && place < 3 => {
                    steps.second_noise = Some(stddev);
                    place = 3;
                }
                Step::Linear => {}
                Step::Noise(0.0) => {}
                _ => return None,
            }
        }
        Some(steps)
    }
}

/// A layer between the two dense layers, as [`HiddenSteps::match_layers`] reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Step {
    /// A noise layer with this standard deviation.
    Noise(f32),
    /// A stand-alone relu.
    Relu,
    /// A stand-alone linear activation.
    Linear,
    /// Anything else (a sigmoid between the layers).
    Other,
}

/// Buffers of the fused training pass, each as wide as the hidden layer.
/// They hold one row's values from the forward pass to the backward pass.
#[derive(Debug, Clone)]
pub struct HiddenBuffers {
    /// The hidden layer's output after its own activation.
    dense_out: Vec<f32>,
    /// The input of the stand-alone relu.
    relu_in: Vec<f32>,
    /// The hidden row as the output layer reads it, after every step.
    hidden_out: Vec<f32>,
    /// The draws of the noise layer right after the hidden layer.
    pub(in crate::nn) first_draws: Vec<f32>,
    /// The draws of the noise layer after the stand-alone relu.
    pub(in crate::nn) second_draws: Vec<f32>,
}

impl HiddenBuffers {
    /// Buffers for a hidden layer of `units`.
    pub fn new(units: usize) -> Self {
        Self {
            dense_out: vec![0.0; units],
            relu_in: vec![0.0; units],
            hidden_out: vec![0.0; units],
            first_draws: vec![0.0; units],
            second_draws: vec![0.0; units],
        }
    }
}

/// What a training row is scored against.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    /// The row's label, 0 or 1.
    pub label: f32,
    /// How the loss is computed.
    pub loss: LossKind,
    /// Rows in the row's batch: the loss is their mean.
    pub batch_rows: usize,
}

/// One training row through `hidden` (2 -> H), the steps and `output`
/// (H -> 1, linear): the forward pass, the loss against the target, and the
/// backward pass adding this row's share to both layers' gradients.
///
/// The noise draws must already be in `buffers.first_draws` and
/// `buffers.second_draws`. The hidden row is read and written in two passes
/// in all, one forward and one backward, where the layer-by-layer passes
/// make one per layer each way.
pub fn train_two_layer_row(
    steps: HiddenSteps,
    input: [f32; 2],
    hidden: &mut Dense,
    output: &mut Dense,
    buffers: &mut HiddenBuffers,
    target: Target,
) -> SampleLoss {
    // One instance per combination of steps, so that absent steps cost
    // nothing in the loops.
    macro_rules! monomorphised {
        ($(($dense_relu:literal, $first:literal, $relu:literal, $second:literal))*) => {
            match (
                steps.dense_relu,
                steps.first_noise.is_some(),
                steps.relu,
                steps.second_noise.is_some(),
            ) {
                $(($dense_relu, $first, $relu, $second) => {
                    train_row_with::<$dense_relu, $first, $relu, $second>(
                        steps, input, hidden, output, buffers, target,
                    )
                })*
            }
        };
    }
    #[rustfmt::skip]
    let sample = monomorphised!(
        (false, false, false, false)
        (false, false, false, true)
        (false, false, true, false)
        (false, false, true, true)
        (false, true, false, false)
        (false, true, false, true)
        (false, true, true, false)
        (false, true, true, true)
        (true, false, false, false)
        (true, false, false, true)
        (true, false, true, false)
        (true, false, true, true)
        (true, true, false, false)
        (true, true, false, true)
        (true, true, true, false)
        (true, true, true, true)
    );
    sample
}

/// [`train_two_layer_row`] for one combination of steps.
#[inline]
fn train_row_with<
    const DENSE_RELU: bool,
    const FIRST_NOISE: bool,
    const RELU: bool,
    const SECOND_NOISE: bool,
>(
    steps: HiddenSteps,
    [x0, x1]: [f32; 2],
    hidden: &mut Dense,
    output: &mut Dense,
    buffers: &mut HiddenBuffers,
    Target {
        label,
        loss,
        batch_rows,
    }: Target,
) -> SampleLoss {
    let first_stddev = steps.first_noise.unwrap_or(0.0);
    let second_stddev = steps.second_noise.unwrap_or(0.0);
    let units = hidden.units();
    let kernel = hidden.kernel.as_slice().expect("standard layout");
    let (row_0, row_1) = kernel.split_at(units);
    let bias = hidden.bias.as_slice().expect("contiguous");
    let weights = output.kernel.as_slice().expect("standard layout");
    let HiddenBuffers {
        dense_out,
        relu_in,
        hidden_out,
        first_draws,
        second_draws,
    } = buffers;
    let (dense_out, relu_in, hidden_out) = (
        &mut dense_out[..units],
        &mut relu_in[..units],
        &mut hidden_out[..units],
    );
    let (first_draws, second_draws) = (&first_draws[..units], &second_draws[..units]);

    // Forward, one unit: the steps in layer order.
    let unit = |v: f32, first_draw: f32, second_draw: f32| {
        let out = if DENSE_RELU { relu(v) } else { v };
        let noisy = if FIRST_NOISE {
            out + first_stddev * first_draw
        } else {
            out
        };
        let activated = if RELU { relu(noisy) } else { noisy };
        let end = if SECOND_NOISE {
            activated + second_stddev * second_draw
        } else {
            activated
        };
        (out, noisy, end)
    };
    let (v0, v1) = (f32x8::splat(x0), f32x8::splat(x1));
    let (s1, s2, zero) = (
        f32x8::splat(first_stddev),
        f32x8::splat(second_stddev),
        f32x8::ZERO,
    );

    let blocks = units / BLOCK;
    let mut sums = [f32x8::ZERO; 2];
    for block in 0..blocks {
        for (half, sum) in sums.iter_mut().enumerate() {
            let start = block * BLOCK + half * HALF;
            let v = v0 * load(row_0, start) + v1 * load(row_1, start) + load(bias, start);
            let out = if DENSE_RELU { relu_lanes(v) } else { v };
            let noisy = if FIRST_NOISE {
                out + s1 * load(first_draws, start)
            } else {
                out
            };
            let activated = if RELU { relu_lanes(noisy) } else { noisy };
            let end = if SECOND_NOISE {
                activated + s2 * load(second_draws, start)
            } else {
                activated
            };
            if DENSE_RELU {
                store(dense_out, start, out);
            }
            if RELU {
                store(relu_in, start, noisy);
            }
            store(hidden_out, start, end);
            *sum += end * load(weights, start);
        }
    }
    // Note: the units after the last block repeat the lanes' steps one at
    // a time (`unit`), because `kernels::dot` sums them one at a time; a
    // padded vector would give the same steps but not the same sum.
    let mut tail = 0.0f32;
    for j in blocks * BLOCK..units {
        let v = x0 * row_0[j] + x1 * row_1[j] + bias[j];
        let (out, noisy, end) = unit(v, first_draws[j], second_draws[j]);
        dense_out[j] = out;
        relu_in[j] = noisy;
        hidden_out[j] = end;
        tail += end * weights[j];
    }
    let z = reduce_lanes(sums[0], sums[1]) + tail + output.bias[0];

    let sample = binary_cross_entropy(loss, z, label);
    let g = sample.gradient / batch_rows as f32;

    // Backward: the output layer's gradients and the gradient at each hidden
    // unit, back through the steps to the hidden layer's gradients.
    output.bias_grad[0] += g;
    let output_grad = output.kernel_grad.as_slice_mut().expect("standard layout");
    let kernel_grad = hidden.kernel_grad.as_slice_mut().expect("standard layout");
    let (grad_0, grad_1) = kernel_grad.split_at_mut(units);
    let bias_grad = hidden.bias_grad.as_slice_mut().expect("contiguous");
    let unit_grad = |weight: f32, out: f32, noisy: f32| {
        let mut grad = g * weight;
        if RELU && noisy <= 0.0 {
            grad = 0.0;
        }
        // As in the vector lanes: a gradient passes only where out > 0.
        let active = out > 0.0;
        if DENSE_RELU && !active {
            grad = 0.0;
        }
        grad
    };
    let vg = f32x8::splat(g);
    let full = blocks * BLOCK;
    for start in (0..full).step_by(HALF) {
        let end = load(hidden_out, start);
        store(output_grad, start, load(output_grad, start) + vg * end);
        let mut grad = vg * load(weights, start);
        if RELU {
            grad = load(relu_in, start).cmp_le(zero).blend(zero, grad);
        }
        if DENSE_RELU {
            grad = load(dense_out, start).cmp_gt(zero).blend(grad, zero);
        }
        store(grad_0, start, load(grad_0, start) + v0 * grad);
        store(grad_1, start, load(grad_1, start) + v1 * grad);
        store(bias_grad, start, load(bias_grad, start) + grad);
    }
    for j in full..units {
        output_grad[j] += g * hidden_out[j];
        let grad = unit_grad(weights[j], dense_out[j], relu_in[j]);
        grad_0[j] += x0 * grad;
        grad_1[j] += x1 * grad;
        bias_grad[j] += grad;
    }
    sample
}
