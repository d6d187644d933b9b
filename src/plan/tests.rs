use std::path::Path;

use super::*;

const BOOK: &str = include_str!("../../book/report.toml");

fn parse(source: &str) -> Result<Plan, InputError> {
    Plan::parse(Path::new("report.toml"), source)
}

fn error_of(source: &str) -> String {
    parse(source)
        .expect_err("the configuration is invalid")
        .to_string()
}

#[test]
fn the_default_book_parses_into_the_tutorial_plan() {
    let plan = parse(BOOK).unwrap();
    assert_eq!(plan.experiments.len(), 5);
    assert_eq!(plan.seeds.len(), 30);
    assert_eq!(plan.train_rows, 30);
    assert_eq!(plan.training.epochs, 4000);
    assert_eq!(plan.grid.placements.len(), 3);
    assert!(plan.grid.stddevs.contains(&0.01) && plan.grid.stddevs.contains(&0.1));
    // Only `combined` has no published numbers (the tutorial gave none).
    let published: Vec<bool> = plan
        .experiments
        .iter()
        .map(|e| e.published.is_some())
        .collect();
    assert_eq!(published, [true, true, true, true, false]);
}

#[test]
fn a_sixth_experiment_needs_only_the_file() {
    let source = format!(
        "{BOOK}\n[[experiment]]\nid = \"wide-noise\"\ntitle = \"Wide\"\ndescription = \"d\"\nlayers = [\"dense 50\", \"noise 0.3\", \"relu\", \"dense 1 sigmoid\"]\n"
    );
    let plan = parse(&source).unwrap();
    assert_eq!(plan.experiments.len(), 6);
    assert_eq!(plan.experiment("wide-noise").unwrap().layers.len(), 4);
}

#[test]
fn syntax_errors_and_unknown_keys_name_line_and_column() {
    let message = error_of(&BOOK.replace("samples = 100", "samples = = 100"));
    assert!(message.starts_with("report.toml:22:"), "{message}");
    let message = error_of(&BOOK.replace("samples = 100", "samples = 100\nsample_count = 3"));
    assert!(
        message.contains("report.toml:23:1") && message.contains("sample_count"),
        "{message}"
    );
}

#[test]
fn bad_values_are_rejected_with_the_value_and_the_rule() {
    let cases = [
        (
            BOOK.replace("epochs = 4000\nbatch", "epochs = 0\nbatch"),
            "epochs = 0",
        ),
        (
            BOOK.replace("base = 0\nrepeats = 30", "base = 0\nrepeats = 0"),
            "repeats = 0",
        ),
        (
            BOOK.replace("train_rows = 30", "train_rows = 100"),
            "train_rows = 100",
        ),
        (
            BOOK.replace(
                "\"noise 0.01\", \"dense 500 relu\", \"dense 1 sigmoid\"]\npub",
                "\"noise -0.01\", \"dense 500 relu\", \"dense 1 sigmoid\"]\npub",
            ),
            "-0.01",
        ),
        (
            BOOK.replace(
                "[\"dense 500\", \"noise 0.1\", \"relu\", \"dense 1 sigmoid\"]\npub",
                "[\"conv 3\", \"dense 1 sigmoid\"]\npub",
            ),
            "unknown layer `conv 3`",
        ),
        (
            BOOK.replace("stddevs = [0.001,", "stddevs = [nan,"),
            "grid.stddevs = NaN",
        ),
        (
            BOOK.replace("id = \"input-noise\"", "id = \"baseline\""),
            "duplicate experiment id `baseline`",
        ),
        (
            BOOK.replacen("test = 0.", "test = 1.", 1),
            "published.test = 1.",
        ),
        (BOOK.replace("factor = 0.8", "factor = 1.0"), "factor = 1"),
        (
            BOOK.replacen(
                "experiment = \"input-noise\"\nagainst = \"baseline\"",
                "experiment = \"input-noise\"\nagainst = \"input-noise\"",
                1,
            ),
            "compares `input-noise` with itself",
        ),
        (
            BOOK.replace("learning_rate = 0.001", "learning_rate = 0.0"),
            "must be a finite number above 0",
        ),
    ];
    for (source, needle) in cases {
        let message = error_of(&source);
        assert!(
            message.contains(needle),
            "expected `{needle}` in: {message}"
        );
        assert!(
            message.starts_with("report.toml:"),
            "no location in: {message}"
        );
    }
}

#[test]
fn overrides_narrow_the_plan() {
    let mut plan = parse(BOOK).unwrap();
    let overrides = Overrides {
        repeats: Some(3),
        epochs: Some(10),
        only: Some(vec!["baseline".into()]),
    };
    plan.apply(&overrides).unwrap();
    assert_eq!(plan.seeds, [0, 1, 2]);
    assert_eq!(plan.grid.seeds, [0, 1, 2]);
    assert_eq!(plan.training.epochs, 10);
    assert_eq!(plan.experiments.len(), 1);

    let unknown = Overrides {
        only: Some(vec!["nosuch".into()]),
        ..Overrides::default()
    };
    assert!(
        parse(BOOK)
            .unwrap()
            .apply(&unknown)
            .unwrap_err()
            .to_string()
            .contains("nosuch")
    );
}

#[test]
fn a_missing_book_names_the_path() {
    let error = Plan::load(Path::new("no/such/book"), &Overrides::default()).unwrap_err();
    assert!(error.to_string().contains("no/such/book"));
}
