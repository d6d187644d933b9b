//! Adam, in the form Keras implements it.

use serde::{Deserialize, Serialize};

/// Adam's settings. The defaults are Keras' (`keras/src/optimizers/adam.py`,
/// `Adam.__init__`): `learning_rate = 0.001`, `beta_1 = 0.9`,
/// `beta_2 = 0.999`, `epsilon = 1e-7`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AdamConfig {
    /// Step size `lr`.
    pub learning_rate: f64,
    /// Decay of the first moment.
    pub beta_1: f64,
    /// Decay of the second moment.
    pub beta_2: f64,
    /// Added to `sqrt(v)` in the denominator (Keras' "epsilon hat" form).
    pub epsilon: f64,
}

impl Default for AdamConfig {
    fn default() -> Self {
        Self {
            learning_rate: 0.001,
            beta_1: 0.9,
            beta_2: 0.999,
            epsilon: 1e-7,
        }
    }
}

/// Adam's running state: the step counter and one pair of moments per
/// parameter tensor.
///
/// Each step, with `t` counting from 1 and every quantity in float32:
///
/// ```text
/// alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)
/// m     = m + (g   - m) * (1 - beta_1)
/// v     = v + (g*g - v) * (1 - beta_2)
/// theta = theta - alpha * m / (sqrt(v) + epsilon)
/// ```
///
/// Source: Keras 3 `Adam.update_step`; TensorFlow's `ApplyAdamNonCuda`
/// computes the same. `1 - beta` is formed in float64 as Python does, then
/// rounded to float32 when it meets the tensors.
#[derive(Debug, Clone)]
pub struct Adam {
    config: AdamConfig,
    step: u32,
    first_moments: Vec<Vec<f32>>,
    second_moments: Vec<Vec<f32>>,
}

impl Adam {
    /// Zero moments for parameter tensors of the given sizes.
    pub fn new(config: AdamConfig, sizes: &[usize]) -> Self {
        Self {
            config,
            step: 0,
            first_moments: sizes.iter().map(|&n| vec![0.0; n]).collect(),
            second_moments: sizes.iter().map(|&n| vec![0.0; n]).collect(),
        }
    }

    /// Starts a new step: increments `t` and returns the step's constants.
    pub fn begin_step(&mut self) -> AdamStep {
        self.step += 1;
        let t = self.step as f32;
        let beta_1 = self.config.beta_1 as f32;
        let beta_2 = self.config.beta_2 as f32;
        let learning_rate = self.config.learning_rate as f32;
        AdamStep {
            alpha: learning_rate * (1.0 - beta_2.powf(t)).sqrt() / (1.0 - beta_1.powf(t)),
            one_minus_beta_1: (1.0 - self.config.beta_1) as f32,
            one_minus_beta_2: (1.0 - self.config.beta_2) as f32,
            epsilon: self.config.epsilon as f32,
        }
    }

    /// Applies one update to parameter tensor number `index` from its gradient.
    pub fn update(
        &mut self,
        step: &AdamStep,
        index: usize,
        parameter: &mut [f32],
        gradient: &[f32],
    ) {
        let m = &mut self.first_moments[index];
        let v = &mut self.second_moments[index];
        debug_assert_eq!(parameter.len(), m.len());
        for (((theta, &g), m), v) in parameter.iter_mut().zip(gradient).zip(m).zip(v) {
            *m += (g - *m) * step.one_minus_beta_1;
            *v += (g * g - *v) * step.one_minus_beta_2;
            *theta -= step.alpha * *m / (v.sqrt() + step.epsilon);
        }
    }
}

/// The per-step constants of one Adam update, shared by every tensor.
#[derive(Debug, Clone, Copy)]
pub struct AdamStep {
    alpha: f32,
    one_minus_beta_1: f32,
    one_minus_beta_2: f32,
    epsilon: f32,
}

#[cfg(test)]
mod tests {
    use super::*;

    // Hand computation of the first two steps for theta = 1.0 with gradients
    // 0.5 then -0.2 and Keras' defaults:
    //   t=1: alpha = 0.001*sqrt(0.001)/0.1 = 3.16227766e-4
    //        m = 0.05, v = 0.00025, theta = 1 - alpha*0.05/(0.0158113883+1e-7) = 0.99900001
    //   t=2: alpha = 0.001*sqrt(1-0.998001)/(1-0.81) = 2.35317e-4
    //        m = 0.045 - 0.02 = 0.025, v = 0.00024975 + 0.00004 = 0.00028975
    //        theta = 0.99900001 - alpha*0.025/(0.017022044+1e-7) = 0.99865441
    #[test]
    fn two_steps_match_hand_computation() {
        let mut adam = Adam::new(AdamConfig::default(), &[1]);
        let mut theta = [1.0f32];

        let step = adam.begin_step();
        adam.update(&step, 0, &mut theta, &[0.5]);
        assert!(
            (f64::from(theta[0]) - 0.999_000_006).abs() < 1e-7,
            "{}",
            theta[0]
        );

        let step = adam.begin_step();
        adam.update(&step, 0, &mut theta, &[-0.2]);
        assert!(
            (f64::from(theta[0]) - 0.998_654_403).abs() < 2e-7,
            "{}",
            theta[0]
        );
    }

    #[test]
    fn first_step_moves_by_about_the_learning_rate() {
        // With bias correction the first step is lr * sign(g), whatever |g|.
        let mut adam = Adam::new(AdamConfig::default(), &[2]);
        let mut theta = [0.0f32, 0.0];
        let step = adam.begin_step();
        adam.update(&step, 0, &mut theta, &[3.0, -1e-3]);
        assert!((theta[0] + 0.001).abs() < 1e-6);
        assert!((theta[1] - 0.001).abs() < 1e-5);
    }
}
