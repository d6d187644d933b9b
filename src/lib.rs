//! noise-report reruns the experiments of a Keras tutorial on Gaussian-noise
//! regularisation and turns them into a reproducible static report.
//!
//! Layers, bottom to top: [`data`] (scikit-learn's two circles), [`nn`]
//! (the network and its numerics), [`train`] (Keras' fit loop), [`plan`]
//! (the checked configuration), [`runner`] and [`cache`] (the runs),
//! [`results`] (statistics), [`verify`] and [`reproduce`] (checks),
//! [`figures`] and [`site`] (the report), [`cmd`] (the command line).
#![warn(missing_docs)]

pub mod cache;
pub mod cmd;
pub mod data;
pub mod error;
pub mod figures;
pub mod nn;
pub mod plan;
pub mod reproduce;
pub mod results;
pub mod runner;
pub mod site;
pub mod train;
pub mod verify;
