//! The run cache: a second build trains nothing, `--fresh` trains again, and
//! cached runs give the same site as trained ones.

use super::*;

/// `(distinct runs, trained, from the cache)` from the info line
/// `N runs: D distinct, T trained, C from the cache, in S s`, after
/// checking that the counts add up.
fn run_counts(stderr: &str) -> (usize, usize, usize) {
    let line = stderr
        .lines()
        .find(|line| line.contains(" distinct, ") && line.contains(" from the cache"))
        .unwrap_or_else(|| panic!("no run count line in:\n{stderr}"));
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit() && c != '.')
        .filter(|word| !word.is_empty() && !word.contains('.'))
        .map(|word| word.parse().unwrap())
        .collect();
    assert!(numbers.len() >= 4, "counts in `{line}`");
    let (requests, distinct, trained, cached) = (numbers[0], numbers[1], numbers[2], numbers[3]);
    assert_eq!(distinct, trained + cached, "`{line}` does not add up");
    assert!(
        distinct <= requests,
        "`{line}`: more distinct runs than requests"
    );
    (distinct, trained, cached)
}

#[test]
fn the_count_line_parser_reads_each_number() {
    assert_eq!(
        run_counts("[INFO ] 22 runs: 20 distinct, 16 trained, 4 from the cache, in 1.5 s\n"),
        (20, 16, 4)
    );
}

#[test]
fn a_second_build_trains_nothing_and_fresh_trains_again() {
    let dir = tempdir();
    let book = fixture_book(dir.path(), &small_grid_config());

    let first = build_small(dir.path(), &book, "first", &[]);
    first.expect_success();
    let (runs, trained, _) = run_counts(&first.stderr);
    assert!(
        first
            .stderr
            .contains(&format!("{} runs:", 5 * 2 + 3 * 2 * 2)),
        "{}",
        first.stderr
    );
    assert!(trained > 0, "{}", first.stderr);

    let second = build_small(dir.path(), &book, "second", &[]);
    second.expect_success();
    assert_eq!(
        run_counts(&second.stderr),
        (runs, 0, runs),
        "{}",
        second.stderr
    );
    assert!(second.stderr.contains(" 0 trained,"), "{}", second.stderr);
    assert_same_tree(&dir.path().join("first"), &dir.path().join("second"));

    let fresh = build_small(dir.path(), &book, "fresh", &["--fresh"]);
    fresh.expect_success();
    assert_eq!(
        run_counts(&fresh.stderr),
        (runs, trained, runs - trained),
        "{}",
        fresh.stderr
    );
    assert_same_tree(&dir.path().join("first"), &dir.path().join("fresh"));
}

#[test]
fn other_epochs_are_not_served_from_the_cache() {
    let dir = tempdir();
    let book = fixture_book(dir.path(), &small_grid_config());
    build_small(dir.path(), &book, "out", &[]).expect_success();

    let mut args = build_args(dir.path(), &book, "other");
    args.extend(["--epochs", "31", "--repeats", "2"].map(String::from));
    let run = run_in(dir.path(), args);
    run.expect_success();
    let (_, trained, _) = run_counts(&run.stderr);
    assert!(
        trained > 0,
        "31 epochs reused 30-epoch runs:\n{}",
        run.stderr
    );
}
