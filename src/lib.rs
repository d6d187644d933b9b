//! noise-report reruns the experiments of a Keras tutorial on Gaussian-noise
//! regularisation and turns them into a reproducible static report.
//!
//! Layers, bottom to top: [`data`] (scikit-learn's two circles), [`nn`]
//! (the network and its numerics), [`train`] (Keras' fit loop), [`plan`]
//! (the checked configuration), [`figures`] and [`site`] (the report).
#![warn(missing_docs)]

pub mod data;
pub mod figures;
pub mod nn;
pub mod site;
pub mod train;
