//! The neural-network layer: dense, activation and noise layers, the
//! sequential network with its passes, binary cross-entropy and Adam.
//!
//! Everything here is float32 and follows `spec/keras-semantics.md`. No I/O,
//! no threads, no configuration parsing: this is the hot path, and every
//! buffer it touches is allocated once per run.

mod activation;
mod adam;
mod dense;
mod fused;
mod kernels;
mod loss;
mod network;
mod noise;
mod normal;

pub use activation::{Activation, sigmoid};
pub use adam::{Adam, AdamConfig, AdamStep};
pub use dense::{Dense, glorot_limit};
pub use loss::{LossKind, SampleLoss, binary_cross_entropy, sigmoid_from_decay};
pub use network::{ArchitectureError, LayerSpec, Network, Workspace, check_architecture};
pub use noise::GaussianNoise;
pub use normal::BoxMuller;
