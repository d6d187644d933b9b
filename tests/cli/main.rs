//! End-to-end tests: the `report` binary run in a temporary folder, its exit
//! status, standard output, standard error and files checked.
//!
//! Every run gets `--cache` and `--out` inside a temporary folder and runs
//! with that folder as its working directory, so no test touches the
//! repository's `output/` or `.report-cache/`. Plans are kept small
//! (`--epochs 30 --repeats 2`) so the whole harness stays fast.

mod build;
mod cache;
mod dataset;
mod errors;
mod failed_build;
mod plan_changes;
mod run;
mod verify;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The real book folder (report.toml and, once written, the chapters).
pub fn real_book() -> PathBuf {
    repo().join("book")
}

/// The default theme.
pub fn templates() -> PathBuf {
    repo().join("templates")
}

/// The flags of a small, fast plan: 30 epochs, 2 seeds.
pub const SMALL: [&str; 4] = ["--epochs", "30", "--repeats", "2"];

/// What a finished run of the binary left behind.
pub struct Run {
    pub status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from_output(output: Output) -> Run {
        Run {
            status: output.status.code(),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }

    /// Panics with both streams unless the exit status is `code`.
    pub fn expect_status(&self, code: i32) -> &Run {
        assert_eq!(
            self.status,
            Some(code),
            "expected exit status {code}\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// Panics unless the run succeeded.
    pub fn expect_success(&self) -> &Run {
        self.expect_status(0)
    }

    /// Exit status 2, an `error:` line first, and no panic or backtrace.
    pub fn expect_input_error(&self) -> &Run {
        self.expect_status(2);
        assert_no_panic(&self.stderr);
        assert!(
            self.stderr.starts_with("error: "),
            "stderr does not open with `error: `:\n{}",
            self.stderr
        );
        self
    }
}

/// The binary with a temporary working directory; `RUST_LOG` is cleared so
/// the info lines tests look for are there whatever the caller's setting.
pub fn report_in(cwd: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_report"));
    command
        .current_dir(cwd)
        .env_remove("RUST_LOG")
        .env_remove("RUST_BACKTRACE")
        .env_remove("SOURCE_DATE_EPOCH");
    command
}

/// Runs the binary in `cwd` with `args`.
pub fn run_in<I, S>(cwd: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = report_in(cwd)
        .args(args)
        .output()
        .expect("the binary starts");
    Run::from_output(output)
}

/// Runs a command prepared with [`report_in`].
pub fn run_command(command: &mut Command) -> Run {
    Run::from_output(command.output().expect("the binary starts"))
}

/// A fresh temporary folder.
pub fn tempdir() -> TempDir {
    tempfile::Builder::new()
        .prefix("report-cli-")
        .tempdir()
        .expect("a temporary folder")
}

/// Asserts that standard error shows no panic and no backtrace hint.
pub fn assert_no_panic(stderr: &str) {
    assert!(!stderr.contains("panicked"), "a panic:\n{stderr}");
    assert!(
        !stderr.contains("RUST_BACKTRACE"),
        "a backtrace hint:\n{stderr}"
    );
}

/// The real `book/report.toml`.
pub fn real_config() -> String {
    std::fs::read_to_string(real_book().join("report.toml")).expect("book/report.toml")
}

/// Replaces exactly one occurrence of `from`, so an edit of the real
/// configuration fails loudly when that file changes under the test.
pub fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(
        text.matches(from).count(),
        1,
        "`{from}` should occur once in the configuration"
    );
    text.replacen(from, to, 1)
}

/// A tiny fixture book: `config` as report.toml, and two chapters that
/// print a few results and show one figure.
pub fn fixture_book(dir: &Path, config: &str) -> PathBuf {
    let book = dir.join("book");
    std::fs::create_dir_all(&book).unwrap();
    std::fs::write(book.join("report.toml"), config).unwrap();
    std::fs::write(
        book.join("SUMMARY.md"),
        "# Fixture report\n\n- [Overview](overview.md)\n- [Numbers](numbers.md)\n",
    )
    .unwrap();
    std::fs::write(
        book.join("overview.md"),
        "# Overview\n\n\
         Baseline mean test accuracy: \
         {{ results.experiments[0].summary.test_accuracy.mean | fmt(3) }}.\n\n\
         {{ figure(\"baseline-accuracy\", \"Accuracy of the baseline\") }}\n\n\
         See the [numbers]({{ link(\"numbers.md\") }}).\n",
    )
    .unwrap();
    std::fs::write(
        book.join("numbers.md"),
        "# Numbers\n\n\
         {{ table(results.experiments, [[\"id\", \"Experiment\"], \
         [\"summary.test_accuracy.mean\", \"Test accuracy\"]], digits=4) }}\n",
    )
    .unwrap();
    book
}

/// Every file under `root`, by relative path, with its bytes.
pub fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, files);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                files.insert(path.strip_prefix(root).unwrap().to_path_buf(), bytes);
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(root, root, &mut files);
    files
}

/// Asserts two folders hold the same files with the same bytes.
pub fn assert_same_tree(a: &Path, b: &Path) {
    let (left, right) = (snapshot(a), snapshot(b));
    let names = |files: &BTreeMap<PathBuf, Vec<u8>>| files.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&left),
        names(&right),
        "the two folders list other files"
    );
    for (name, bytes) in &left {
        assert!(
            bytes == &right[name],
            "{} differs between {} and {}",
            name.display(),
            a.display(),
            b.display()
        );
    }
}

/// `--book <book> build --templates <theme> --out <dir>/<out> --cache
/// <dir>/cache`, without any narrowing of the plan.
pub fn build_args(dir: &Path, book: &Path, out: &str) -> Vec<String> {
    vec![
        "--book".into(),
        book.display().to_string(),
        "build".into(),
        "--templates".into(),
        templates().display().to_string(),
        "--out".into(),
        dir.join(out).display().to_string(),
        "--cache".into(),
        dir.join("cache").display().to_string(),
    ]
}

/// Builds `book` with the small plan into `<dir>/<out>`, with the cache in
/// `<dir>/cache`; `extra` adds flags.
///
/// The working directory is the system's temporary folder, never inside
/// this repository: the footer names the git commit of the working
/// directory, so builds to be compared must run outside any checkout.
pub fn build_small(dir: &Path, book: &Path, out: &str, extra: &[&str]) -> Run {
    let mut args = build_args(dir, book, out);
    args.extend(SMALL.iter().map(|s| s.to_string()));
    args.extend(extra.iter().map(|s| s.to_string()));
    run_in(&std::env::temp_dir(), args)
}

/// The real configuration with a grid of two standard deviations (22 runs
/// instead of 70 with `--repeats 2`), for tests that do not look at the grid.
pub fn small_grid_config() -> String {
    replace_once(
        &real_config(),
        "stddevs = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0]",
        "stddevs = [0.05, 0.5]",
    )
}

/// Reads and parses a JSON file.
pub fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
