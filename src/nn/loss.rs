//! Binary cross-entropy on logits, and accuracy at threshold 0.5.
//!
//! Keras 3 and tf.keras notice that the model ends in a sigmoid and compute
//! the loss from the logit `z` (TensorFlow's
//! `sigmoid_cross_entropy_with_logits`, `tensorflow/python/ops/nn_impl.py`):
//!
//! ```text
//! loss(z, y) = max(z, 0) - z*y + log1p(exp(-|z|))      (no clipping)
//! dloss/dz   = sigmoid(z) - y
//! ```
//!
//! Keras 2.2 instead clipped the probability to `[1e-7, 1 - 1e-7]`; that
//! variant is [`LossKind::Clipped`].

use serde::{Deserialize, Serialize};

use super::activation::sigmoid;

/// Which binary cross-entropy Keras generation to follow.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LossKind {
    /// Keras 3 / tf.keras: exact, from the logits. The default.
    #[default]
    Logits,
    /// Keras 2.2: probability clipped to `[eps, 1 - eps]`, `eps = 1e-7`; the
    /// loss is capped near 16.118 and the gradient is 0 where the clip bites.
    Clipped,
}

/// Keras' `epsilon()`, the clip bound of the Keras 2.2 loss.
const EPSILON: f32 = 1e-7;

/// Loss and gradient for one sample with logit `z` and label `y` (0 or 1).
///
/// Returns `(loss, dloss/dz)`; the caller divides the gradient by the batch size.
#[inline]
pub fn binary_cross_entropy(kind: LossKind, z: f32, y: f32) -> (f32, f32) {
    let p = sigmoid(z);
    match kind {
        LossKind::Logits => {
            let loss = z.max(0.0) - z * y + (-z.abs()).exp().ln_1p();
            (loss, p - y)
        }
        LossKind::Clipped => {
            let upper = 1.0 - EPSILON;
            let clipped = p.clamp(EPSILON, upper);
            let loss = -(y * clipped.ln() + (1.0 - y) * (1.0 - clipped).ln());
            let gradient = if p > EPSILON && p < upper { p - y } else { 0.0 };
            (loss, gradient)
        }
    }
}

/// Whether the prediction for logit `z` is class 1: `sigmoid(z) > 0.5` in
/// float32, as Keras' `binary_accuracy` decides.
#[inline]
pub fn predicts_one(z: f32) -> bool {
    sigmoid(z) > 0.5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logits_loss_matches_the_probability_form() {
        for &z in &[-5.0f32, -0.3, 0.0, 0.7, 4.0] {
            for &y in &[0.0f32, 1.0] {
                let p = 1.0 / (1.0 + (-f64::from(z)).exp());
                let expected = -(f64::from(y) * p.ln() + (1.0 - f64::from(y)) * (1.0 - p).ln());
                let (loss, _) = binary_cross_entropy(LossKind::Logits, z, y);
                assert!((f64::from(loss) - expected).abs() < 1e-6, "z={z} y={y}");
            }
        }
    }

    #[test]
    fn logits_loss_does_not_saturate() {
        let (loss, gradient) = binary_cross_entropy(LossKind::Logits, -40.0, 1.0);
        assert!((loss - 40.0).abs() < 1e-4);
        assert_eq!(gradient, -1.0);
    }

    #[test]
    fn clipped_loss_is_capped_and_its_gradient_vanishes() {
        let (loss, gradient) = binary_cross_entropy(LossKind::Clipped, -40.0, 1.0);
        assert!((loss - 16.118_095).abs() < 1e-3, "{loss}");
        assert_eq!(gradient, 0.0);
    }

    #[test]
    fn threshold_is_strict() {
        assert!(!predicts_one(0.0));
        assert!(predicts_one(1e-3));
    }
}
