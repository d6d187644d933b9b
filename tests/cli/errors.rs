//! Bad input: exit status 2, one `error:` line that names the value or the
//! place at fault, maybe an indented hint, never a panic or a backtrace.

use super::*;

/// Exactly one line starts with `error:`; every other line is indented.
fn assert_one_error_line(stderr: &str) {
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(!lines.is_empty(), "empty stderr");
    assert!(lines[0].starts_with("error: "), "{stderr}");
    assert!(
        lines[1..].iter().all(|line| line.starts_with("  ")),
        "only indented hint or cause lines may follow:\n{stderr}"
    );
}

fn bad_arguments(args: &[&str]) -> Run {
    let dir = tempdir();
    let mut all = vec!["--book".to_string(), real_book().display().to_string()];
    all.extend(args.iter().map(|s| s.to_string()));
    let run = run_in(dir.path(), all);
    run.expect_input_error();
    assert_one_error_line(&run.stderr);
    assert!(run.stdout.is_empty(), "nothing on stdout: {}", run.stdout);
    run
}

#[test]
fn an_unknown_experiment_lists_the_known_ones() {
    let run = bad_arguments(&["run", "nosuch"]);
    assert!(run.stderr.contains("`nosuch`"), "{}", run.stderr);
    for id in [
        "baseline",
        "input-noise",
        "pre-activation",
        "post-activation",
        "combined",
    ] {
        assert!(
            run.stderr.contains(id),
            "`{id}` missing from:\n{}",
            run.stderr
        );
    }
}

#[test]
fn zero_epochs_are_refused() {
    let run = bad_arguments(&["run", "baseline", "--epochs", "0"]);
    assert!(run.stderr.contains("--epochs 0"), "{}", run.stderr);
}

#[test]
fn negative_dataset_noise_is_refused() {
    let run = bad_arguments(&["dataset", "--noise", "-0.1"]);
    assert!(run.stderr.contains("-0.1"), "{}", run.stderr);
}

#[test]
fn a_factor_of_one_is_refused() {
    let run = bad_arguments(&["dataset", "--factor", "1.0"]);
    assert!(run.stderr.contains("--factor 1"), "{}", run.stderr);
    assert!(run.stderr.contains("[0, 1)"), "{}", run.stderr);
}

#[test]
fn zero_samples_are_refused() {
    let run = bad_arguments(&["dataset", "--samples", "0"]);
    assert!(run.stderr.contains("--samples 0"), "{}", run.stderr);
}

#[test]
fn a_missing_book_is_named() {
    let dir = tempdir();
    let run = run_in(dir.path(), ["--book", "/nonexistent", "list"]);
    run.expect_input_error();
    assert_one_error_line(&run.stderr);
    assert!(run.stderr.contains("/nonexistent"), "{}", run.stderr);
}

/// Writes `config` as the report.toml of a book and runs `list` on it.
fn list_with_config(config: &str) -> Run {
    let dir = tempdir();
    let book = dir.path().join("book");
    std::fs::create_dir(&book).unwrap();
    std::fs::write(book.join("report.toml"), config).unwrap();
    let run = run_in(dir.path(), ["--book", "book", "list"]);
    run.expect_input_error();
    assert_one_error_line(&run.stderr);
    run
}

/// `line:column` (from 1) of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, column)
}

/// Edits the real configuration, replacing `from` by `to` once, and checks
/// the error points at `target`, a text that occurs once in `to`; with
/// `exact_column` false only the line is checked.
fn assert_config_error(from: &str, to: &str, target: &str, exact_column: bool, message: &str) {
    let original = real_config();
    let config = replace_once(&original, from, to);
    let start = original.find(from).unwrap() + to.find(target).expect("target in `to`");
    let (line, column) = position(&config, start);

    let run = list_with_config(&config);
    let first = run.stderr.lines().next().unwrap();
    let expected = if exact_column {
        format!("error: book/report.toml:{line}:{column}: ")
    } else {
        format!("error: book/report.toml:{line}:")
    };
    assert!(
        first.starts_with(&expected),
        "expected `{expected}` in:\n{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(message),
        "expected `{message}` in:\n{}",
        run.stderr
    );
}

#[test]
fn a_syntax_error_names_its_line() {
    assert_config_error("samples = 100", "samples = = 100", "= 100", false, "");
}

#[test]
fn an_unknown_key_names_its_line_and_column() {
    assert_config_error(
        "train_rows = 30",
        "train_rows = 30\nvalidation_rows = 5",
        "validation_rows",
        true,
        "validation_rows",
    );
}

#[test]
fn a_negative_noise_layer_names_its_line_and_column() {
    assert_config_error(
        "layers = [\"noise 0.01\", \"dense 500 relu\", \"dense 1 sigmoid\"]\npublished",
        "layers = [\"noise -0.01\", \"dense 500 relu\", \"dense 1 sigmoid\"]\npublished",
        "\"noise -0.01\"",
        true,
        "-0.01",
    );
}

#[test]
fn a_negative_grid_stddev_names_its_line_and_column() {
    assert_config_error(
        "stddevs = [0.001,",
        "stddevs = [-0.001,",
        "-0.001",
        true,
        "grid.stddevs = -0.001",
    );
}

#[test]
fn zero_repeats_name_their_line_and_column() {
    assert_config_error("repeats = 30", "repeats = 0", "0", true, "repeats = 0");
}

#[test]
fn more_training_rows_than_samples_name_their_line_and_column() {
    assert_config_error(
        "train_rows = 30",
        "train_rows = 150",
        "150",
        true,
        "train_rows = 150",
    );
}

#[test]
fn a_duplicate_experiment_id_names_its_line_and_column() {
    assert_config_error(
        "id = \"input-noise\"",
        "id = \"baseline\"",
        "\"baseline\"",
        true,
        "duplicate experiment id `baseline`",
    );
}

#[test]
fn huge_counts_are_refused_before_anything_is_allocated() {
    for args in [
        &["run", "baseline", "--epochs", "99999999999"][..],
        &["build", "--epochs", "99999999999"][..],
        &["dataset", "--samples", "100000000000"][..],
    ] {
        let run = bad_arguments(args);
        assert!(
            run.stderr.contains("99999999999") || run.stderr.contains("100000000000"),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("hint: pass"),
            "{args:?}: {}",
            run.stderr
        );
    }
}
