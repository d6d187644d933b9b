//! Training that diverges (learning rate 1e30) must end in a report or a
//! clear error, never a panic or a hang, and the results must say so.

use std::fs;
use std::time::Duration;

use crate::support::{SMALL_PLAN, Workspace, run};

fn diverge(config: String) -> String {
    assert!(config.contains("learning_rate = 0.001"));
    config.replace("learning_rate = 0.001", "learning_rate = 1e30")
}

fn diverging_workspace() -> Workspace {
    Workspace::with_config(diverge)
}

/// The fixture book, whose chapters print no per-run values, so the build
/// gets as far as results.json.
#[test]
fn build_with_a_diverging_learning_rate_marks_the_runs() {
    let workspace = Workspace::fixture_with_config(diverge);
    // A mean over no finite run is null, which `fmt` refuses; guard it.
    let intro = r#"# Introduction

{% set mean = results.experiments[0].summary.test_accuracy.mean %}
{% if mean is number %}Mean test accuracy {{ mean | fmt(3) }}.{% else %}Every run diverged.{% endif %}

{{ figure("dataset", "The two circles, train points filled") }}
"#;
    fs::write(workspace.book().join("intro.md"), intro).unwrap();
    check_diverging_build(&workspace);
}

/// The current book (the real one once its chapters exist).
#[test]
fn build_of_the_book_with_a_diverging_learning_rate_does_not_panic() {
    check_diverging_build(&diverging_workspace());
}

fn check_diverging_build(workspace: &Workspace) {
    let site = workspace.path("site");
    let built = run(
        &mut workspace.build(&site, &SMALL_PLAN),
        Duration::from_secs(300),
    );
    eprintln!(
        "build: exit {:?} in {:.1} s\n{}",
        built.code(),
        built.elapsed.as_secs_f64(),
        built.stderr
    );
    built.assert_no_panic("report build with learning_rate = 1e30");
    if built.code() != Some(0) {
        assert!(
            built.stderr.starts_with("error: ") || built.stderr.contains("\nerror: "),
            "a failed build must explain itself:\n{}",
            built.stderr
        );
        return;
    }

    let json = fs::read_to_string(site.join("results.json")).unwrap();
    let results: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut runs = 0;
    let mut diverged = 0;
    for experiment in results["experiments"].as_array().unwrap() {
        for seed in experiment["seeds"].as_array().unwrap() {
            runs += 1;
            if !seed["diverged_at"].is_null() {
                diverged += 1;
            }
        }
    }
    eprintln!("results.json: {diverged} of {runs} experiment runs have diverged_at set");
    assert!(diverged > 0, "no run is marked as diverged in results.json");

    let pages: Vec<String> = fs::read_dir(&site)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "html"))
        .map(|path| fs::read_to_string(path).unwrap())
        .collect();
    let mentions = pages
        .iter()
        .filter(|page| page.to_lowercase().contains("diverged"))
        .count();
    // Whether a chapter shows it is the book's choice: reported, not asserted.
    eprintln!("{mentions} of {} pages mention \"diverged\"", pages.len());
}

#[test]
fn verify_with_a_diverging_learning_rate_fails_cleanly() {
    let workspace = diverging_workspace();
    let verified = run(
        workspace
            .report("verify")
            .arg("--cache")
            .arg(workspace.path("cache"))
            .args(SMALL_PLAN),
        Duration::from_secs(300),
    );
    eprintln!(
        "verify: exit {:?}\n{}{}",
        verified.code(),
        verified.stdout,
        verified.stderr
    );
    verified.assert_no_panic("report verify with learning_rate = 1e30");
    assert!(
        matches!(verified.code(), Some(0 | 1)),
        "verify must pass or fail, not {:?}",
        verified.code()
    );
}
