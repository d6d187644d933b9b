//! The fully connected layer, `y = f(x W + b)`.

use ndarray::{Array1, Array2};
use rand::Rng;
use rand_distr::{Distribution, Uniform};

use super::activation::{Activation, relu, sigmoid};
use super::kernels::{axpy, dot};

/// A dense layer's parameters and the gradients of its last backward pass.
///
/// Shapes: input `[n, inputs]` -> output `[n, units]`; the kernel is
/// `[inputs, units]` (Keras' layout) and the bias `[units]`.
#[derive(Debug, Clone)]
pub struct Dense {
    /// `W`, `[inputs, units]`, Glorot-uniform at the start.
    pub kernel: Array2<f32>,
    /// `b`, `[units]`, zero at the start.
    pub bias: Array1<f32>,
    /// `dL/dW` from the last backward pass.
    pub kernel_grad: Array2<f32>,
    /// `dL/db` from the last backward pass.
    pub bias_grad: Array1<f32>,
    /// Applied to `x W + b`; linear unless the layer was built with one.
    pub activation: Activation,
}

impl Dense {
    /// A layer with Keras' default initialisation: `glorot_uniform` kernel
    /// and zero bias.
    ///
    /// ```text
    /// limit = sqrt(6 / (fan_in + fan_out))   (float64, as Python computes it)
    /// W[k][j] ~ U[-limit, limit)             (drawn in float32)
    /// ```
    ///
    /// Source: Keras `VarianceScaling(scale=1, mode="fan_avg",
    /// distribution="uniform")`, `keras/src/initializers/random_initializers.py`.
    pub fn glorot_uniform<R: Rng>(inputs: usize, units: usize, rng: &mut R) -> Self {
        let limit = glorot_limit(inputs, units) as f32;
        let uniform = Uniform::new(-limit, limit).expect("a Glorot limit is finite and positive");
        let kernel = Array2::from_shape_simple_fn((inputs, units), || uniform.sample(rng));
        Self::from_parameters(kernel, Array1::zeros(units))
    }

    /// A layer with the given kernel `[inputs, units]` and bias `[units]`.
    pub fn from_parameters(kernel: Array2<f32>, bias: Array1<f32>) -> Self {
        assert_eq!(
            kernel.ncols(),
            bias.len(),
            "kernel and bias disagree on units"
        );
        let kernel = kernel.as_standard_layout().into_owned();
        Self {
            activation: Activation::Linear,
            kernel_grad: Array2::zeros(kernel.raw_dim()),
            bias_grad: Array1::zeros(bias.len()),
            kernel,
            bias,
        }
    }

    /// Width of the input.
    pub fn inputs(&self) -> usize {
        self.kernel.nrows()
    }

    /// Width of the output.
    pub fn units(&self) -> usize {
        self.kernel.ncols()
    }

    /// `output = f(input W + b)` for one row: `[inputs] -> [units]`, with
    /// `f` the layer's activation.
    ///
    /// The sum over the input width runs first, then the bias is added, as in
    /// Keras' `matmul` followed by `bias_add`; the activation is applied in
    /// the same pass as the bias.
    #[inline]
    pub fn forward(&self, input: &[f32], output: &mut [f32]) {
        let units = self.units();
        let kernel = self.kernel.as_slice().expect("kernel is standard layout");
        let bias = self.bias.as_slice().expect("bias is contiguous");
        match self.activation {
            Activation::Relu => affine(input, kernel, bias, units, output, relu),
            Activation::Sigmoid => affine(input, kernel, bias, units, output, sigmoid),
            Activation::Linear => affine(input, kernel, bias, units, output, |v| v),
        }
    }

    /// Sets both parameter gradients to zero before a batch.
    pub fn zero_gradients(&mut self) {
        self.kernel_grad.fill(0.0);
        self.bias_grad.fill(0.0);
    }

    /// For one row whose forward pass gave `output`: turns `grad_out` into
    /// the gradient before the activation (in place), adds `input^T grad`
    /// to `dL/dW` and `grad` to `dL/db`, and writes `dL/dinput = grad W^T`
    /// when asked for.
    #[inline]
    pub fn backward(
        &mut self,
        input: &[f32],
        output: &[f32],
        grad_out: &mut [f32],
        grad_in: Option<&mut [f32]>,
    ) {
        let units = self.units();
        let kernel_grad = self.kernel_grad.as_slice_mut().expect("standard layout");
        let bias_grad = self.bias_grad.as_slice_mut().expect("contiguous");
        if let [x0, x1] = *input {
            // Two inputs (the tutorial's plane): one pass for all three sums.
            let (grad_row_0, grad_row_1) = kernel_grad.split_at_mut(units);
            let activation = self.activation;
            for ((((g, &out), k0), k1), b) in grad_out
                .iter_mut()
                .zip(output)
                .zip(grad_row_0)
                .zip(grad_row_1)
                .zip(bias_grad.iter_mut())
            {
                *g = activation.derivative_times(out, *g);
                *k0 += x0 * *g;
                *k1 += x1 * *g;
                *b += *g;
            }
        } else {
            let activation = self.activation;
            for (g, &out) in grad_out.iter_mut().zip(output) {
                *g = activation.derivative_times(out, *g);
            }
            if units == 1 {
                axpy(kernel_grad, grad_out[0], input);
            } else {
                for (&value, grad_row) in input.iter().zip(kernel_grad.chunks_exact_mut(units)) {
                    axpy(grad_row, value, grad_out);
                }
            }
            for (b, &gradient) in bias_grad.iter_mut().zip(grad_out.iter()) {
                *b += gradient;
            }
        }

        let Some(grad_in) = grad_in else { return };
        let kernel = self.kernel.as_slice().expect("kernel is standard layout");
        if units == 1 {
            for (d, &w) in grad_in.iter_mut().zip(kernel) {
                *d = grad_out[0] * w;
            }
        } else {
            for (d, kernel_row) in grad_in.iter_mut().zip(kernel.chunks_exact(units)) {
                *d = dot(grad_out, kernel_row);
            }
        }
    }
}

/// `output = f(input W + b)` for one row, the sum over inputs first.
#[inline(always)]
fn affine(
    input: &[f32],
    kernel: &[f32],
    bias: &[f32],
    units: usize,
    output: &mut [f32],
    activate: impl Fn(f32) -> f32,
) {
    if units == 1 {
        // A single output unit is a dot product with the kernel column.
        output[0] = activate(dot(input, kernel) + bias[0]);
        return;
    }
    if let [x0, x1] = *input {
        // Two inputs (the tutorial's plane): the whole layer in one pass.
        let (row_0, row_1) = kernel.split_at(units);
        for (((out, &w0), &w1), &b) in output.iter_mut().zip(row_0).zip(row_1).zip(bias) {
            *out = activate(x0 * w0 + x1 * w1 + b);
        }
        return;
    }

    let mut rows = input.iter().zip(kernel.chunks_exact(units));
    if let Some((&value, kernel_row)) = rows.next() {
        for (out, &w) in output.iter_mut().zip(kernel_row) {
            *out = value * w;
        }
    }
    for (&value, kernel_row) in rows {
        axpy(output, value, kernel_row);
    }
    for (out, &b) in output.iter_mut().zip(bias) {
        *out = activate(*out + b);
    }
}

/// Glorot's uniform limit, `sqrt(6 / (fan_in + fan_out))`, in float64 and in
/// the order Keras' `VarianceScaling` evaluates it, so that it rounds the same:
/// `scale = 1 / max(1, (fan_in + fan_out) / 2)`, `limit = sqrt(3 * scale)`.
pub fn glorot_limit(fan_in: usize, fan_out: usize) -> f64 {
    let scale = 1.0 / ((fan_in + fan_out) as f64 / 2.0).max(1.0);
    (3.0 * scale).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    // Reference limits from spec/keras-semantics.md section 1.
    #[test]
    fn glorot_limits_match_keras() {
        assert_eq!(glorot_limit(2, 500), 0.10932607756185055);
        assert_eq!(glorot_limit(500, 1), 0.10943513103291655);
        assert_eq!(glorot_limit(2, 50), 0.3396831102433787);
    }

    #[test]
    fn glorot_samples_stay_in_bounds_with_the_uniform_spread() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let layer = Dense::glorot_uniform(2, 500, &mut rng);
        let limit = glorot_limit(2, 500) as f32;
        assert!(layer.kernel.iter().all(|&w| (-limit..limit).contains(&w)));
        assert!(layer.bias.iter().all(|&b| b == 0.0));

        // U[-l, l) has mean 0 and variance l^2 / 3; 1000 draws pin both down.
        let n = layer.kernel.len() as f64;
        let mean = layer.kernel.iter().map(|&w| f64::from(w)).sum::<f64>() / n;
        let variance = layer
            .kernel
            .iter()
            .map(|&w| (f64::from(w) - mean).powi(2))
            .sum::<f64>()
            / n;
        let expected = f64::from(limit).powi(2) / 3.0;
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!(
            (variance / expected - 1.0).abs() < 0.1,
            "variance {variance} vs {expected}"
        );
    }

    #[test]
    fn forward_computes_x_w_plus_b() {
        let kernel = Array2::from_shape_vec((2, 3), vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).unwrap();
        let layer = Dense::from_parameters(kernel, Array1::from(vec![0.5, 0.0, -1.0]));
        let mut output = [0.0; 3];
        layer.forward(&[1.0, -1.0], &mut output);
        assert_eq!(output, [-2.5, -3.0, -4.0]);
    }
}
