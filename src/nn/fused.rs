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

use wide::f32x8;

use super::activation::Activation;
use super::dense::Dense;
use super::kernels::reduce_lanes;

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
