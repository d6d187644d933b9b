//! What every robustness test needs: a book in a temporary folder, the
//! binary with its paths filled in, and runs that cannot hang the suite.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// The checkout: the real book, the templates, the browser script.
pub const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// The smallest plan that still trains every experiment and grid point.
pub const SMALL_PLAN: [&str; 4] = ["--repeats", "2", "--epochs", "30"];

/// The fixture book's chapters, used until `book/SUMMARY.md` exists.
const FIXTURE_SUMMARY: &str = "# Noise report fixture

- [Introduction](intro.md)
- [Baseline](baseline.md)
";
const FIXTURE_INTRO: &str = r#"# Introduction

The baseline's mean test accuracy is
{{ results.experiments[0].summary.test_accuracy.mean | fmt(3) }}.

{{ figure("dataset", "The two circles, train points filled") }}
"#;
const FIXTURE_BASELINE: &str = r#"# Baseline

{{ figure("baseline-accuracy", "Accuracy per epoch of the canonical run") }}

{{ figure("baseline-loss", "Loss per epoch of the canonical run") }}
"#;

/// A temporary folder holding a book, a cache and room for sites.
pub struct Workspace {
    dir: TempDir,
}

impl Workspace {
    /// A workspace whose book is the real one, or the fixture book while
    /// the real chapters are not written yet.
    pub fn new() -> Self {
        Self::with_config(|text| text)
    }

    /// Like [`Workspace::new`], with `edit` applied to `report.toml`.
    pub fn with_config(edit: impl FnOnce(String) -> String) -> Self {
        Self::with_book(has_real_chapters(), edit)
    }

    /// The fixture book's chapters whatever the real book holds, with
    /// `edit` applied to the real `report.toml`.
    pub fn fixture_with_config(edit: impl FnOnce(String) -> String) -> Self {
        Self::with_book(false, edit)
    }

    fn with_book(real_chapters: bool, edit: impl FnOnce(String) -> String) -> Self {
        let dir = tempfile::Builder::new()
            .prefix("robustness-")
            .tempdir()
            .expect("a temporary folder");
        let book = dir.path().join("book");
        let real = Path::new(REPO).join("book");
        if real_chapters {
            copy_tree(&real, &book);
        } else {
            fs::create_dir_all(&book).unwrap();
            fs::write(book.join("SUMMARY.md"), FIXTURE_SUMMARY).unwrap();
            fs::write(book.join("intro.md"), FIXTURE_INTRO).unwrap();
            fs::write(book.join("baseline.md"), FIXTURE_BASELINE).unwrap();
        }
        let config = fs::read_to_string(real.join("report.toml")).expect("book/report.toml");
        fs::write(book.join("report.toml"), edit(config)).unwrap();
        Workspace { dir }
    }

    /// A path inside the workspace.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// The book folder.
    pub fn book(&self) -> PathBuf {
        self.path("book")
    }

    /// `report --book BOOK SUBCOMMAND`, run from the workspace.
    pub fn report(&self, subcommand: &str) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_report"));
        command
            .current_dir(self.dir.path())
            .env_remove("SOURCE_DATE_EPOCH")
            .env_remove("RUST_LOG")
            .env("RUST_BACKTRACE", "0")
            .arg("--book")
            .arg(self.book())
            .arg(subcommand);
        command
    }

    /// `report build` into `out` with the workspace's cache, plus `plan`.
    pub fn build(&self, out: &Path, plan: &[&str]) -> Command {
        let mut command = self.report("build");
        command
            .arg("--templates")
            .arg(Path::new(REPO).join("templates"))
            .arg("--cache")
            .arg(self.path("cache"))
            .arg("--out")
            .arg(out)
            .args(plan);
        command
    }
}

/// Whether the real book has its chapters yet.
pub fn has_real_chapters() -> bool {
    Path::new(REPO).join("book/SUMMARY.md").is_file()
}

/// What a finished run printed.
#[derive(Debug)]
pub struct Finished {
    /// How it ended.
    pub status: ExitStatus,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Wall time.
    pub elapsed: Duration,
}

impl Finished {
    /// The exit code, or `None` when a signal ended the process.
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }

    /// Fails the test if the run panicked or aborted.
    pub fn assert_no_panic(&self, what: &str) {
        assert!(
            !self.stderr.contains("panicked") && self.code() != Some(101),
            "{what} panicked:\n{}",
            self.stderr
        );
        assert!(
            self.code().is_some(),
            "{what} was killed by a signal ({:?}):\n{}",
            self.status,
            self.stderr
        );
    }
}

/// Runs `command` to the end, killing it after `limit`.
pub fn run(command: &mut Command, limit: Duration) -> Finished {
    let started = Instant::now();
    let capture = tempfile::tempdir().unwrap();
    let stdout_path = capture.path().join("stdout");
    let stderr_path = capture.path().join("stderr");

    // Files, not pipes: a chatty child can never block on a full pipe.
    let mut child = command
        .stdin(Stdio::null())
        .stdout(fs::File::create(&stdout_path).unwrap())
        .stderr(fs::File::create(&stderr_path).unwrap())
        .spawn()
        .expect("the report binary starts");
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{command:?} did not finish within {limit:?}; standard error:\n{}",
                fs::read_to_string(&stderr_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Finished {
        status,
        stdout: fs::read_to_string(&stdout_path).unwrap_or_default(),
        stderr: fs::read_to_string(&stderr_path).unwrap_or_default(),
        elapsed: started.elapsed(),
    }
}

/// Every file below `dir` with its bytes, keyed by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap().to_path_buf();
                files.insert(relative, fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// Names in `dir` that start with a dot, sorted.
pub fn hidden_entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    names.sort();
    names
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}
