//! The fused evaluation pass: several rows at once, no noise.

use wide::f32x8;

use super::{BLOCK, HALF, HiddenActivation, load};
use crate::nn::activation::{relu, relu_lanes};
use crate::nn::dense::Dense;
use crate::nn::kernels::reduce_lanes;

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

    let activate = |v: f32x8| match activation {
        HiddenActivation::Relu => relu_lanes(v),
        HiddenActivation::Linear => v,
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
                h = relu(h);
            }
            tail += h * weights[j];
        }
        reduce_lanes(low[r], high[r]) + tail + output.bias[0]
    })
}
