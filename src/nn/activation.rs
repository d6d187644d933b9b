//! Element-wise activations: relu, sigmoid and linear.

use serde::{Deserialize, Serialize};

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
                    *out = x.max(0.0);
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
