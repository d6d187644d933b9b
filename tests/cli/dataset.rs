//! `report dataset` against scikit-learn's `make_circles`.
//!
//! The reference CSVs in `tests/fixtures/` were written by
//! `tests/fixtures/make_circles_fixtures.py` with scikit-learn 1.9.1 and
//! numpy 2.4.6 (see `tests/fixtures/README.md`). The tolerance is 1e-12,
//! and every value must also be equal bit for bit: the generator follows
//! numpy's `RandomState` exactly, so any difference is a bug.

use super::*;

/// `(x0, x1, label)` per row of a `x0,x1,y` CSV.
fn parse_csv(text: &str) -> Vec<(f64, f64, u8)> {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("x0,x1,y"), "the header");
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells.len(), 3, "three cells in `{line}`");
            (
                cells[0].parse().unwrap(),
                cells[1].parse().unwrap(),
                cells[2].parse().unwrap(),
            )
        })
        .collect()
}

fn assert_matches_fixture(args: &[&str], fixture: &str) {
    let dir = tempdir();
    let mut all = vec!["dataset"];
    all.extend_from_slice(args);
    let run = run_in(dir.path(), &all);
    run.expect_success();

    let path = repo().join("tests/fixtures").join(fixture);
    let expected = parse_csv(&std::fs::read_to_string(&path).unwrap());
    let actual = parse_csv(&run.stdout);
    assert_eq!(actual.len(), expected.len(), "rows of {fixture}");
    for (row, (a, e)) in actual.iter().zip(&expected).enumerate() {
        assert_eq!(a.2, e.2, "label of row {row} of {fixture}");
        for (column, (x, y)) in [(a.0, e.0), (a.1, e.1)].into_iter().enumerate() {
            assert!(
                (x - y).abs() <= 1e-12,
                "{fixture} row {row} x{column}: {x} vs {y}"
            );
            assert_eq!(
                x.to_bits(),
                y.to_bits(),
                "{fixture} row {row} x{column}: {x:?} vs {y:?} not bit for bit"
            );
        }
    }
}

#[test]
fn the_default_dataset_is_the_tutorials() {
    assert_matches_fixture(&[], "make_circles_n100_noise0.1_seed1.csv");
}

#[test]
fn explicit_tutorial_arguments_give_the_same_dataset() {
    assert_matches_fixture(
        &[
            "--samples",
            "100",
            "--noise",
            "0.1",
            "--factor",
            "0.8",
            "--seed",
            "1",
        ],
        "make_circles_n100_noise0.1_seed1.csv",
    );
}

#[test]
fn an_odd_count_a_smaller_factor_and_another_seed_match_scikit_learn() {
    assert_matches_fixture(
        &[
            "--samples",
            "101",
            "--noise",
            "0.05",
            "--factor",
            "0.5",
            "--seed",
            "42",
        ],
        "make_circles_n101_noise0.05_factor0.5_seed42.csv",
    );
}

#[test]
fn zero_noise_matches_scikit_learn() {
    assert_matches_fixture(
        &["--samples", "100", "--noise", "0", "--seed", "1"],
        "make_circles_n100_noise0_seed1.csv",
    );
}

#[test]
fn a_handful_of_points_matches_scikit_learn() {
    assert_matches_fixture(
        &[
            "--samples",
            "7",
            "--noise",
            "0.2",
            "--factor",
            "0.3",
            "--seed",
            "3",
        ],
        "make_circles_n7_noise0.2_factor0.3_seed3.csv",
    );
}

#[test]
fn another_seed_gives_other_points() {
    // Guards the comparison itself: a different seed must not match.
    let dir = tempdir();
    let run = run_in(dir.path(), ["dataset", "--seed", "2"]);
    run.expect_success();
    let path = repo().join("tests/fixtures/make_circles_n100_noise0.1_seed1.csv");
    let expected = parse_csv(&std::fs::read_to_string(path).unwrap());
    assert_ne!(parse_csv(&run.stdout), expected);
}
