//! The data layer: scikit-learn's two-circles generator and the train/test split.

mod circles;
mod random_state;

pub use circles::{CirclesParams, Dataset, make_circles};
pub use random_state::LegacyRandomState;

/// The tutorial's split: the first 30 of the 100 points train.
pub const TUTORIAL_TRAIN_ROWS: usize = 30;
