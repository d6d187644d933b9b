//! Fused passes for the tutorial's shape of network: two inputs, one hidden
//! layer, one output unit, with only element-wise steps between them.
//!
//! The layer-by-layer passes write each hidden row to memory and read it
//! back once per layer. These passes go over the hidden units once forward
//! (and once backward when training), sixteen units at a time in registers.
//! Each unit sees the same float32 operations in the same order as in
//! `Dense`, `Activation`, `GaussianNoise` and `kernels::dot`, so the results
//! are the general passes' bits (tests in `network` check this).
//!
//! - [`two_layer_logits`]: evaluation, several rows sharing each load of the
//!   weights. Evaluation is most of a baseline run's time (70 test rows after
//!   every epoch against 30 training rows).
//! - [`train_two_layer_row`]: one training row, forward and backward.

mod evaluation;
mod training;

use wide::f32x8;

use super::activation::Activation;

pub use evaluation::two_layer_logits;
pub use training::{HiddenBuffers, HiddenSteps, Step, Target, train_two_layer_row};

/// Sixteen hidden units per block, the lanes of `kernels::dot`.
const BLOCK: usize = 16;
/// One vector of a block.
const HALF: usize = BLOCK / 2;

/// The eight values of `values` from `start`.
#[inline(always)]
fn load(values: &[f32], start: usize) -> f32x8 {
    let array: [f32; HALF] = values[start..start + HALF]
        .try_into()
        .expect("eight values");
    f32x8::from(array)
}

/// Writes `vector` over the eight values of `values` from `start`.
#[inline(always)]
fn store(values: &mut [f32], start: usize, vector: f32x8) {
    values[start..start + HALF].copy_from_slice(&vector.to_array());
}

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
