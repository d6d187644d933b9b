//! Inputs that made the program panic or abort, kept in
//! `tests/fixtures/fuzz/` and run through the binary, so a crash fails one
//! test instead of the whole harness.

use std::fs;
use std::path::Path;
use std::time::Duration;

use crate::support::{REPO, Workspace, run};

/// `report list` on a book whose `report.toml` is the fixture `name`.
fn list_with_config(name: &str) {
    let fixture = Path::new(REPO).join("tests/fixtures/fuzz").join(name);
    let config = fs::read_to_string(&fixture).unwrap();
    let workspace = Workspace::with_config(|_| config);
    let listed = run(&mut workspace.report("list"), Duration::from_secs(60));
    eprintln!("{name}: exit {:?}\n{}", listed.code(), listed.stderr);
    listed.assert_no_panic(name);
    assert_eq!(listed.code(), Some(2), "{}", listed.stderr);
    assert!(listed.stderr.contains("repeats"), "{}", listed.stderr);
}

// Found by `fuzz::mutated_configs_never_panic`: `repeats` had no upper
// bound, and `validate` collected that many seeds, so 2^62 overflowed the
// vector's capacity (a panic in raw_vec, exit 101) and 1e11 asked for 800 GB
// (an allocation abort, exit 134). Now: exit 2 naming `repeats`.

#[test]
fn huge_seed_repeats_are_an_input_error_not_a_capacity_overflow() {
    list_with_config("seeds-repeats-capacity-overflow.toml");
}

#[test]
fn huge_seed_repeats_are_an_input_error_not_an_allocation_abort() {
    list_with_config("seeds-repeats-allocation-abort.toml");
}

#[test]
fn huge_grid_repeats_are_an_input_error_not_a_capacity_overflow() {
    list_with_config("grid-repeats-capacity-overflow.toml");
}
