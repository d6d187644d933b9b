//! `report run`: one experiment, one seed, the tutorial's output line.

use super::*;

/// `Train: 0.967, Test: 0.814`: two accuracies with three decimals.
fn is_tutorial_line(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("Train: ") else {
        return false;
    };
    let Some((train, test)) = rest.split_once(", Test: ") else {
        return false;
    };
    let is_accuracy = |s: &str| {
        let b = s.as_bytes();
        b.len() == 5
            && b[0].is_ascii_digit()
            && b[1] == b'.'
            && b[2..].iter().all(u8::is_ascii_digit)
    };
    is_accuracy(train) && is_accuracy(test)
}

#[test]
fn the_line_check_rejects_other_shapes() {
    assert!(is_tutorial_line("Train: 1.000, Test: 0.757"));
    for bad in [
        "Train: 1.00, Test: 0.757",
        "Train: 1.000, Test: 0.7570",
        "Train: 1.000,Test: 0.757",
        "train: 1.000, Test: 0.757",
        "Train: 1.000, Test: 0.757 ",
    ] {
        assert!(!is_tutorial_line(bad), "{bad}");
    }
}

fn run_baseline(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "--book".to_string(),
        real_book().display().to_string(),
        "run".into(),
        "baseline".into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let run = run_in(dir, args);
    run.expect_success();
    assert_no_panic(&run.stderr);
    run
}

/// Checks both lines and returns the two accuracies.
fn check_lines(stdout: &str, seed: u64, epochs: usize) -> (f64, f64) {
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "two lines:\n{stdout}");
    assert!(is_tutorial_line(lines[0]), "first line: {}", lines[0]);

    let second = lines[1];
    assert!(second.starts_with('(') && second.ends_with(')'), "{second}");
    let counts: Vec<(usize, usize)> = second
        .split(['(', ' ', ','])
        .filter_map(|word| word.split_once('/'))
        .map(|(a, b)| (a.parse().unwrap(), b.parse().unwrap()))
        .collect();
    assert_eq!(counts.len(), 2, "two counts in: {second}");
    assert_eq!(counts[0].1, 30, "train total in: {second}");
    assert_eq!(counts[1].1, 70, "test total in: {second}");
    assert!(second.contains(&format!("seed {seed},")), "{second}");
    assert!(second.contains(&format!("{epochs} epochs")), "{second}");

    // The counts agree with the accuracies of the first line.
    let rest = lines[0].strip_prefix("Train: ").unwrap();
    let (train, test) = rest.split_once(", Test: ").unwrap();
    let (train, test): (f64, f64) = (train.parse().unwrap(), test.parse().unwrap());
    assert_eq!(
        format!("{:.3}", counts[0].0 as f64 / 30.0),
        format!("{train:.3}")
    );
    assert_eq!(
        format!("{:.3}", counts[1].0 as f64 / 70.0),
        format!("{test:.3}")
    );
    (train, test)
}

#[test]
fn a_short_run_prints_the_tutorial_line_and_the_counts() {
    let dir = tempdir();
    let run = run_baseline(dir.path(), &["--epochs", "50", "--seed", "3"]);
    check_lines(&run.stdout, 3, 50);
}

#[test]
fn the_same_seed_gives_the_same_accuracies() {
    let dir = tempdir();
    let first = run_baseline(dir.path(), &["--epochs", "50", "--seed", "5"]);
    let second = run_baseline(dir.path(), &["--epochs", "50", "--seed", "5"]);
    assert_eq!(
        first.stdout.lines().next(),
        second.stdout.lines().next(),
        "the same seed trained twice"
    );
}

#[test]
fn the_default_run_as_json_holds_4000_epochs_of_history() {
    // The one full-length run of the harness: the book's 4000 epochs.
    let dir = tempdir();
    let run = run_baseline(dir.path(), &["--json", "--seed", "2"]);
    let record: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    assert_eq!(record["seed"], 2);
    assert_eq!(record["epochs"], 4000);
    for curve in ["loss", "accuracy", "val_loss", "val_accuracy"] {
        let values = record["history"][curve]
            .as_array()
            .unwrap_or_else(|| panic!("history.{curve} is a list"));
        assert_eq!(values.len(), 4000, "history.{curve}");
        assert!(
            values
                .iter()
                .all(|v| v.as_f64().is_some_and(f64::is_finite))
        );
    }
    assert_eq!(record["train"]["total"], 30);
    // The tutorial's baseline fits its 30 training points perfectly; ours
    // should come close after 4000 epochs.
    let train = record["train"]["accuracy"].as_f64().unwrap();
    assert!(train >= 0.9, "training accuracy {train} after 4000 epochs");
    assert_eq!(record["test"]["total"], 70);
    let last = record["history"]["val_accuracy"][3999].as_f64().unwrap();
    let final_test = record["test"]["accuracy"].as_f64().unwrap();
    assert!(
        (last - final_test).abs() < 1e-6,
        "the last val_accuracy {last} is the final test accuracy {final_test}"
    );
}

#[test]
fn json_with_fewer_epochs_has_that_many_history_entries() {
    let dir = tempdir();
    let run = run_baseline(dir.path(), &["--json", "--epochs", "50"]);
    let record: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(record["epochs"], 50);
    assert_eq!(record["history"]["loss"].as_array().unwrap().len(), 50);
}
