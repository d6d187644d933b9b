//! Robustness tests: the `report` binary under interruption, diverging
//! training, fuzzed input, failures at every stage, and a real browser
//! reading the site it writes.
//!
//! Every test works in its own temporary folder (book, cache and output), so
//! they run in parallel and leave the checkout alone. Run them with
//! `cargo test --test robustness`.

mod browser;
mod diverging;
mod exit_codes;
mod fuzz;
mod interrupted;
mod regressions;
mod support;
