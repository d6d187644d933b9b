//! A fused evaluation pass for the tutorial's shape of network: two inputs,
//! one hidden layer with relu (or no activation), one output unit.
//!
//! Evaluation is most of a baseline run's time (70 test rows after every
//! epoch against 30 training rows). The layer-by-layer pass writes the
//! hidden row to memory and reads it back; this one keeps each block of
//! sixteen hidden units in registers from the inputs to the logit. It
//! performs the same float32 operations in the same order as
//! `Dense::forward` followed by `kernels::dot`, so its logits are bit for
//! bit those of the general pass (a test checks this).

use wide::{CmpGt, CmpLe, f32x8};

use super::activation::Activation;
use super::dense::Dense;
use super::kernels::reduce_lanes;
use super::loss::{LossKind, SampleLoss, binary_cross_entropy};

/// Sixteen hidden units per block, the lanes of `kernels::dot`.
const BLOCK: usize = 16;
const HALF: usize = BLOCK / 2;

/// What the hidden units apply after `x W + b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HiddenActivation {
    /// `max(x, 0)`.
    Relu,
    /// Nothing.
    Linear,
}

impl HiddenActivation {
    /// The composition of `activations`, if it is one this pass handles.
    pub fn compose(activations: &[Activation]) -> Option<Self> {
        let mut composed = HiddenActivation::Linear;
        for activation in activations {
            match activation {
                Activation::Linear => {}
                Activation::Relu => composed = HiddenActivation::Relu,
                Activation::Sigmoid => return None,
            }
        }
        Some(composed)
    }
}

/// The logits of `R` rows (two values each) through `hidden` (2 -> H),
/// the activation, and `output` (H -> 1, linear).
///
/// The rows share each load of the weights, which is what makes several at
/// once faster; each row still has its own sums, in the order of the
/// one-row pass.
pub fn two_layer_logits<const R: usize>(
    inputs: [&[f32]; R],
    hidden: &Dense,
    activation: HiddenActivation,
    output: &Dense,
) -> [f32; R] {
    let units = hidden.units();
    let kernel = hidden.kernel.as_slice().expect("standard layout");
    let (row_0, row_1) = kernel.split_at(units);
    let bias = hidden.bias.as_slice().expect("contiguous");
    let weights = output.kernel.as_slice().expect("standard layout");
    let x0: [f32; R] = std::array::from_fn(|r| inputs[r][0]);
    let x1: [f32; R] = std::array::from_fn(|r| inputs[r][1]);
    let v0: [f32x8; R] = std::array::from_fn(|r| f32x8::splat(x0[r]));
    let v1: [f32x8; R] = std::array::from_fn(|r| f32x8::splat(x1[r]));
    let zero = f32x8::ZERO;

    let activate = |v: f32x8| match activation {
        HiddenActivation::Relu => v.fast_max(zero),
        HiddenActivation::Linear => v,
    };
    let load = |values: &[f32], start: usize| {
        let array: [f32; HALF] = values[start..start + HALF]
            .try_into()
            .expect("eight values");
        f32x8::from(array)
    };

    let blocks = units / BLOCK;
    let mut low = [f32x8::ZERO; R];
    let mut high = [f32x8::ZERO; R];
    for block in 0..blocks {
        let start = block * BLOCK;
        for (sums, offset) in [(&mut low, start), (&mut high, start + HALF)] {
            let (w0, w1, b, w2) = (
                load(row_0, offset),
                load(row_1, offset),
                load(bias, offset),
                load(weights, offset),
            );
            for r in 0..R {
                let h = activate(v0[r] * w0 + v1[r] * w1 + b);
                sums[r] += h * w2;
            }
        }
    }

    // The tail and the reduction exactly as `kernels::dot` orders them.
    std::array::from_fn(|r| {
        let mut tail = 0.0f32;
        for j in blocks * BLOCK..units {
            let mut h = x0[r] * row_0[j] + x1[r] * row_1[j] + bias[j];
            if activation == HiddenActivation::Relu {
                h = h.max(0.0);
            }
            tail += h * weights[j];
        }
        reduce_lanes(low[r], high[r]) + tail + output.bias[0]
    })
}

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

/// Per-row buffers of the fused training pass, each as wide as the hidden layer.
#[derive(Debug, Clone)]
pub struct RowBuffers {
    /// The hidden layer's output after its own activation.
    dense_out: Vec<f32>,
    /// The input of the stand-alone relu.
    relu_in: Vec<f32>,
    /// What the output layer reads.
    last: Vec<f32>,
    /// The draws of the two noise layers.
    pub first_draws: Vec<f32>,
    /// See `first_draws`.
    pub second_draws: Vec<f32>,
}

impl RowBuffers {
    /// Buffers for a hidden layer of `units`.
    pub fn new(units: usize) -> Self {
        Self {
            dense_out: vec![0.0; units],
            relu_in: vec![0.0; units],
            last: vec![0.0; units],
            first_draws: vec![0.0; units],
            second_draws: vec![0.0; units],
        }
    }
}

/// One training row through `hidden` (2 -> H), the steps and `output`
/// (H -> 1, linear): the forward pass, the loss against `label`, and the
/// backward pass adding this row's share to both layers' gradients.
///
/// The noise draws must already be in `rows.first_draws` and
/// `rows.second_draws`. Two passes over the hidden units replace the
/// layer-by-layer pass's nine; each unit sees the same float32 operations
/// in the same order as in `Dense`, `Activation`, `GaussianNoise` and
/// `kernels::dot`, so the results are the same bits (a test checks this).
#[allow(clippy::too_many_arguments)] // the pass's whole state, split for the borrow checker
pub fn train_row(
    steps: HiddenSteps,
    input: [f32; 2],
    hidden: &mut Dense,
    output: &mut Dense,
    rows: &mut RowBuffers,
    loss: LossKind,
    label: f32,
    batch_rows: usize,
) -> SampleLoss {
    let first = steps.first_noise.unwrap_or(0.0);
    let second = steps.second_noise.unwrap_or(0.0);
    macro_rules! monomorphised {
        ($($flags:tt)*) => {
            match (
                steps.dense_relu,
                steps.first_noise.is_some(),
                steps.relu,
                steps.second_noise.is_some(),
            ) {
                $($flags => train_row_with::<{ $flags.0 }, { $flags.1 }, { $flags.2 }, { $flags.3 }>(
                    [first, second], input, hidden, output, rows, loss, label, batch_rows,
                ),)*
            }
        };
    }
    monomorphised!((false, false, false, false)(false, false, false, true)(
        false, false, true, false
    )(false, false, true, true)(false, true, false, false)(
        false, true, false, true
    )(false, true, true, false)(false, true, true, true)(
        true, false, false, false
    )(true, false, false, true)(true, false, true, false)(
        true, false, true, true
    )(true, true, false, false)(true, true, false, true)(
        true, true, true, false
    )(true, true, true, true))
}

/// [`train_row`] for one combination of steps, so that absent steps cost nothing.
#[allow(clippy::too_many_arguments)]
#[inline]
fn train_row_with<
    const DENSE_RELU: bool,
    const FIRST_NOISE: bool,
    const RELU: bool,
    const SECOND_NOISE: bool,
>(
    [first_stddev, second_stddev]: [f32; 2],
    [x0, x1]: [f32; 2],
    hidden: &mut Dense,
    output: &mut Dense,
    rows: &mut RowBuffers,
    loss: LossKind,
    label: f32,
    batch_rows: usize,
) -> SampleLoss {
    let units = hidden.units();
    let kernel = hidden.kernel.as_slice().expect("standard layout");
    let (row_0, row_1) = kernel.split_at(units);
    let bias = hidden.bias.as_slice().expect("contiguous");
    let weights = output.kernel.as_slice().expect("standard layout");
    let RowBuffers {
        dense_out,
        relu_in,
        last,
        first_draws,
        second_draws,
    } = rows;
    let (dense_out, relu_in, last) = (
        &mut dense_out[..units],
        &mut relu_in[..units],
        &mut last[..units],
    );
    let (first_draws, second_draws) = (&first_draws[..units], &second_draws[..units]);

    // Forward, one unit: the steps in layer order.
    let unit = |v: f32, first_draw: f32, second_draw: f32| {
        let out = if DENSE_RELU { v.max(0.0) } else { v };
        let noisy = if FIRST_NOISE {
            out + first_stddev * first_draw
        } else {
            out
        };
        let activated = if RELU { noisy.max(0.0) } else { noisy };
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
    let load = |values: &[f32], start: usize| {
        let array: [f32; HALF] = values[start..start + HALF]
            .try_into()
            .expect("eight values");
        f32x8::from(array)
    };
    let store = |values: &mut [f32], start: usize, vector: f32x8| {
        values[start..start + HALF].copy_from_slice(&vector.to_array());
    };

    let blocks = units / BLOCK;
    let mut sums = [f32x8::ZERO; 2];
    for block in 0..blocks {
        for (half, sum) in sums.iter_mut().enumerate() {
            let start = block * BLOCK + half * HALF;
            let v = v0 * load(row_0, start) + v1 * load(row_1, start) + load(bias, start);
            let out = if DENSE_RELU { v.fast_max(zero) } else { v };
            let noisy = if FIRST_NOISE {
                out + s1 * load(first_draws, start)
            } else {
                out
            };
            let activated = if RELU { noisy.fast_max(zero) } else { noisy };
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
            store(last, start, end);
            *sum += end * load(weights, start);
        }
    }
    let mut tail = 0.0f32;
    for j in blocks * BLOCK..units {
        let v = x0 * row_0[j] + x1 * row_1[j] + bias[j];
        let (out, noisy, end) = unit(v, first_draws[j], second_draws[j]);
        dense_out[j] = out;
        relu_in[j] = noisy;
        last[j] = end;
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
        // A NaN output passes no gradient, as in the vector lanes.
        let active = out > 0.0;
        if DENSE_RELU && !active {
            grad = 0.0;
        }
        grad
    };
    let vg = f32x8::splat(g);
    let (vx0, vx1) = (v0, v1);
    let full = blocks * BLOCK;
    for start in (0..full).step_by(HALF) {
        let end = load(last, start);
        store(output_grad, start, load(output_grad, start) + vg * end);
        let mut grad = vg * load(weights, start);
        if RELU {
            grad = load(relu_in, start).cmp_le(zero).blend(zero, grad);
        }
        if DENSE_RELU {
            grad = load(dense_out, start).cmp_gt(zero).blend(grad, zero);
        }
        store(grad_0, start, load(grad_0, start) + vx0 * grad);
        store(grad_1, start, load(grad_1, start) + vx1 * grad);
        store(bias_grad, start, load(bias_grad, start) + grad);
    }
    for j in full..units {
        output_grad[j] += g * last[j];
        let grad = unit_grad(weights[j], dense_out[j], relu_in[j]);
        grad_0[j] += x0 * grad;
        grad_1[j] += x1 * grad;
        bias_grad[j] += grad;
    }
    sample
}
