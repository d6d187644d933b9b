//! noise-report

pub mod figures;
