//! noise-report

pub mod site;
