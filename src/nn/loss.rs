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

/// What the loss makes of one sample.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SampleLoss {
    /// The sample's binary cross-entropy.
    pub loss: f32,
    /// `dloss/dz`; the caller divides it by the batch size.
    pub gradient: f32,
    /// `p = sigmoid(z)`, the predicted probability of class 1.
    pub probability: f32,
}

impl SampleLoss {
    /// Whether the prediction is class 1: `p > 0.5` in float32, as Keras'
    /// `binary_accuracy` decides.
    pub fn predicts_one(&self) -> bool {
        self.probability > 0.5
    }

    /// Whether the prediction matches `label`.
    pub fn is_correct(&self, label: f32) -> bool {
        self.predicts_one() == (label > 0.5)
    }
}

/// Loss, gradient and probability for one sample with logit `z` and label
/// `y` (0 or 1). One `exp(-|z|)` serves both the loss and the sigmoid.
#[inline]
pub fn binary_cross_entropy(kind: LossKind, z: f32, y: f32) -> SampleLoss {
    let decay = (-z.abs()).exp();
    let p = sigmoid_from_decay(z, decay);
    let (loss, gradient) = match kind {
        LossKind::Logits => (z.max(0.0) - z * y + decay.ln_1p(), p - y),
        LossKind::Clipped => {
            let upper = 1.0 - EPSILON;
            let clipped = p.clamp(EPSILON, upper);
            let loss = -(y * clipped.ln() + (1.0 - y) * (1.0 - clipped).ln());
            // tf.clip_by_value passes the gradient on the bounds themselves.
            let gradient = if (EPSILON..=upper).contains(&p) {
                p - y
            } else {
                0.0
            };
            (loss, gradient)
        }
    };
    SampleLoss {
        loss,
        gradient,
        probability: p,
    }
}

/// `sigmoid(z)` given `decay = exp(-|z|)`: `1 / (1 + decay)` for `z >= 0`,
/// `decay / (1 + decay)` below, which never overflows.
#[inline]
pub fn sigmoid_from_decay(z: f32, decay: f32) -> f32 {
    if z >= 0.0 {
        1.0 / (1.0 + decay)
    } else {
        decay / (1.0 + decay)
    }
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
                let loss = binary_cross_entropy(LossKind::Logits, z, y).loss;
                assert!((f64::from(loss) - expected).abs() < 1e-6, "z={z} y={y}");
            }
        }
    }

    #[test]
    fn logits_loss_does_not_saturate() {
        let sample = binary_cross_entropy(LossKind::Logits, -40.0, 1.0);
        assert!((sample.loss - 40.0).abs() < 1e-4);
        assert_eq!(sample.gradient, -1.0);
    }

    #[test]
    fn clipped_loss_is_capped_and_its_gradient_vanishes() {
        let sample = binary_cross_entropy(LossKind::Clipped, -40.0, 1.0);
        assert!((sample.loss - 16.118_095).abs() < 1e-3, "{}", sample.loss);
        assert_eq!(sample.gradient, 0.0);
    }

    #[test]
    fn threshold_is_strict() {
        let predicts_one = |z| binary_cross_entropy(LossKind::Logits, z, 0.0).predicts_one();
        assert!(!predicts_one(0.0));
        assert!(
            !predicts_one(1e-8),
            "float32 sigmoid(1e-8) rounds to exactly 0.5"
        );
        assert!(predicts_one(1e-3));
        assert!(!predicts_one(-1e-3));
    }

    #[test]
    fn probability_matches_the_logistic_function() {
        for &z in &[-30.0f32, -2.0, -0.1, 0.0, 0.1, 2.0, 30.0] {
            let p = binary_cross_entropy(LossKind::Logits, z, 1.0).probability;
            let exact = 1.0 / (1.0 + (-f64::from(z)).exp());
            assert!((f64::from(p) - exact).abs() < 1e-7, "z={z}");
        }
    }
}
