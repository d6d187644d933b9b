//! The Gaussian noise layer: `x + stddev * N(0, 1)` in training, `x` otherwise.

use rand::RngCore;

use super::normal::BoxMuller;

/// Keras' `GaussianNoise(stddev)`.
///
/// In a training pass every element gets its own fresh draw, so the shape of
/// the noise is the shape of the batch; evaluation passes leave the input
/// untouched. A standard deviation of 0 draws nothing at all, as Keras'
/// `if training and stddev > 0` does, so such a layer is exactly the identity.
/// Source: `keras/src/layers/regularization/gaussian_noise.py`, `call`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GaussianNoise {
    /// Standard deviation of the additive noise.
    pub stddev: f32,
}

impl GaussianNoise {
    /// Whether the layer changes anything in a training pass.
    pub fn is_active(self) -> bool {
        self.stddev > 0.0
    }

    /// `output[i] = input[i] + stddev * n_i` with `n_i ~ N(0, 1)` drawn
    /// afresh from `rng` by `sampler`, in order; `words` is scratch space of
    /// at least [`BoxMuller::words_for`] the input's length.
    #[inline]
    pub fn forward_training<R: RngCore>(
        self,
        input: &[f32],
        output: &mut [f32],
        sampler: BoxMuller,
        rng: &mut R,
        words: &mut [u32],
    ) {
        sampler.fill(rng, words, output);
        for (out, &x) in output.iter_mut().zip(input) {
            *out = x + self.stddev * *out;
        }
    }
}
