//! One injected failure per stage, each with its exit status and no panic:
//! 2 for input a user can fix, 1 for a step that failed.

use std::fs;
use std::time::Duration;

use crate::support::{Finished, SMALL_PLAN, Workspace, run};

const LIMIT: Duration = Duration::from_secs(300);

/// Builds the workspace's book into `site` with the small plan.
fn build(workspace: &Workspace) -> Finished {
    let site = workspace.path("site");
    run(&mut workspace.build(&site, &SMALL_PLAN), LIMIT)
}

/// Replaces the book's chapters with one chapter.
fn with_chapter(workspace: &Workspace, body: &str) {
    let book = workspace.book();
    for entry in fs::read_dir(&book).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|extension| extension == "md") {
            fs::remove_file(path).unwrap();
        }
    }
    fs::write(book.join("SUMMARY.md"), "# Broken\n\n- [Only](only.md)\n").unwrap();
    fs::write(book.join("only.md"), body).unwrap();
}

fn assert_fails(finished: &Finished, what: &str, expected: &[i32]) {
    eprintln!("{what}: exit {:?}\n{}", finished.code(), finished.stderr);
    finished.assert_no_panic(what);
    let code = finished.code().unwrap();
    assert!(
        expected.contains(&code),
        "{what}: exit status {code}, expected one of {expected:?}:\n{}",
        finished.stderr
    );
    assert!(
        finished.stderr.contains("error: "),
        "{what}: no error message:\n{}",
        finished.stderr
    );
}

#[test]
fn configuration_error_exits_with_2() {
    let workspace = Workspace::with_config(|config| {
        config.replace("batch_size = 32", "batch_size = \"thirty-two\"")
    });
    let built = build(&workspace);
    assert_fails(&built, "a string for batch_size", &[2]);
    assert!(built.stderr.contains("report.toml"), "{}", built.stderr);
}

#[test]
fn undefined_name_in_a_chapter_fails() {
    let workspace = Workspace::new();
    with_chapter(&workspace, "# Only\n\n{{ no_such_name.value | fmt(3) }}\n");
    let built = build(&workspace);
    assert_fails(&built, "an undefined name in a chapter", &[2]);
    assert!(built.stderr.contains("only.md"), "{}", built.stderr);
}

#[test]
fn unknown_figure_fails() {
    let workspace = Workspace::new();
    with_chapter(
        &workspace,
        "# Only\n\n{{ figure(\"no-such-figure\", \"Nothing\") }}\n",
    );
    let built = build(&workspace);
    assert_fails(&built, "an unknown figure id", &[2]);
    assert!(built.stderr.contains("no-such-figure"), "{}", built.stderr);
}

#[test]
fn output_below_a_regular_file_fails_naming_the_path() {
    let workspace = Workspace::new();
    let file = workspace.path("a-file");
    fs::write(&file, "not a folder").unwrap();
    let out = file.join("site");
    let built = run(&mut workspace.build(&out, &SMALL_PLAN), LIMIT);
    assert_fails(&built, "--out below a regular file", &[1, 2]);
    assert!(
        built.stderr.contains(&out.display().to_string()),
        "the error does not name {}:\n{}",
        out.display(),
        built.stderr
    );
}

#[test]
fn failed_verification_exits_with_1() {
    // Thirty epochs are far too few for the tutorial's claims to hold.
    let workspace = Workspace::new();
    let verified = run(
        workspace
            .report("verify")
            .arg("--cache")
            .arg(workspace.path("cache"))
            .args(SMALL_PLAN),
        LIMIT,
    );
    assert_fails(&verified, "verify after 30 epochs", &[1]);
}

#[test]
fn a_reader_that_closes_the_pipe_does_not_change_the_verdict() {
    // `report verify | head -1`: the table meets a closed pipe, and
    // `report verify 2>&1 | head -1` closes standard error as well; the
    // status must still be the failed verification's 1, not 0 or a panic.
    let workspace = Workspace::new();
    for close_stderr in [false, true] {
        let mut command = workspace.report("verify");
        command
            .arg("--cache")
            .arg(workspace.path("cache"))
            .args(SMALL_PLAN)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = command.spawn().unwrap();
        drop(child.stdout.take());
        if close_stderr {
            drop(child.stderr.take());
        }
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(1), "stderr closed: {close_stderr}");
    }
}

#[test]
fn source_date_epoch_that_is_not_a_number_exits_with_2() {
    let workspace = Workspace::new();
    let site = workspace.path("site");
    let built = run(
        workspace
            .build(&site, &SMALL_PLAN)
            .env("SOURCE_DATE_EPOCH", "notanumber"),
        LIMIT,
    );
    assert_fails(&built, "SOURCE_DATE_EPOCH=notanumber", &[2]);
    assert!(
        built.stderr.contains("SOURCE_DATE_EPOCH"),
        "{}",
        built.stderr
    );
    assert!(!site.exists(), "a site was written despite the error");
}
