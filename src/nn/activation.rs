//! Element-wise activations: relu, sigmoid and linear.

use serde::{Deserialize, Serialize};
use wide::{CmpGt, f32x8};

/// An element-wise activation function, as Keras names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Activation {
    /// `max(x, 0)`, with derivative 0 at 0 as in TensorFlow.
    Relu,
    /// `1 / (1 + exp(-x))`.
    Sigmoid,
    /// The identity.
    Linear,
}

/// `max(x, 0)`, written as a comparison so that every platform and every
/// vector width agrees, on NaN (which gives 0) and on -0 (which gives +0)
/// alike; `f32::max` and the vector `max` instructions differ there.
#[inline(always)]
pub fn relu(x: f32) -> f32 {
    if x > 0.0 { x } else { 0.0 }
}

/// [`relu`] on eight lanes.
#[inline(always)]
pub fn relu_lanes(x: f32x8) -> f32x8 {
    x.cmp_gt(f32x8::ZERO).blend(x, f32x8::ZERO)
}

impl Activation {
    /// The Keras name of the activation.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Relu => "relu",
            Activation::Sigmoid => "sigmoid",
            Activation::Linear => "linear",
        }
    }

    /// Looks an activation up by its Keras name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "relu" => Some(Activation::Relu),
            "sigmoid" => Some(Activation::Sigmoid),
            "linear" => Some(Activation::Linear),
            _ => None,
        }
    }

    /// Applies the activation: `output[i] = f(input[i])`.
    pub fn forward(self, input: &[f32], output: &mut [f32]) {
        match self {
            Activation::Relu => {
                for (out, &x) in output.iter_mut().zip(input) {
                    *out = relu(x);
                }
            }
            Activation::Sigmoid => {
                for (out, &x) in output.iter_mut().zip(input) {
                    *out = sigmoid(x);
                }
            }
            Activation::Linear => output.copy_from_slice(input),
        }
    }

    /// Turns the gradient with respect to the output into the gradient with
    /// respect to the input, in place: `grad[i] *= f'(input[i])`.
    ///
    /// `output` is `f(input)`, which sigmoid's derivative `s (1 - s)` reuses.
    pub fn backward(self, input: &[f32], output: &[f32], grad: &mut [f32]) {
        match self {
            Activation::Relu => {
                for (g, &x) in grad.iter_mut().zip(input) {
                    if x <= 0.0 {
                        *g = 0.0;
                    }
                }
            }
            Activation::Sigmoid => {
                for (g, &s) in grad.iter_mut().zip(output) {
                    *g *= s * (1.0 - s);
                }
            }
            Activation::Linear => {}
        }
    }
}

impl Activation {
    /// `f'(x) * grad`, from the output `f(x)` alone: relu's derivative is 1
    /// where the output is positive (so 0 at 0), sigmoid's is `s (1 - s)`.
    #[inline(always)]
    pub fn derivative_times(self, output: f32, grad: f32) -> f32 {
        match self {
            Activation::Relu => {
                if output > 0.0 {
                    grad
                } else {
                    0.0
                }
            }
            Activation::Sigmoid => grad * (output * (1.0 - output)),
            Activation::Linear => grad,
        }
    }
}

/// The logistic function in float32, in the form that never overflows
/// (the same as the loss uses).
#[inline]
pub fn sigmoid(x: f32) -> f32 {
    super::loss::sigmoid_from_decay(x, (-x.abs()).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relu_agrees_on_every_lane_and_on_the_edge_cases() {
        let inputs = [
            -2.5,
            -0.0,
            0.0,
            f32::MIN_POSITIVE,
            3.0,
            f32::NAN,
            f32::NEG_INFINITY,
            f32::INFINITY,
        ];
        let expected = [
            0.0,
            0.0,
            0.0,
            f32::MIN_POSITIVE,
            3.0,
            0.0,
            0.0,
            f32::INFINITY,
        ];
        let scalar = inputs.map(relu);
        let lanes = relu_lanes(f32x8::from(inputs)).to_array();
        for ((got_scalar, got_lane), want) in scalar.iter().zip(&lanes).zip(&expected) {
            // Bits, so that -0 and NaN count.
            assert_eq!(got_scalar.to_bits(), want.to_bits());
            assert_eq!(got_lane.to_bits(), want.to_bits());
        }
    }
}
