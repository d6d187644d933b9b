//! Builds killed half-way: the previous site must stay byte for byte, no
//! half-written folder may appear where the site is served from, and a
//! hidden leftover beside it must be gone after the next build.

use std::fs;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{SMALL_PLAN, Workspace, hidden_entries, run, snapshot};

/// A plan that trains for several seconds on two cores.
const LONG_PLAN: [&str; 5] = ["--repeats", "3", "--epochs", "2000", "--fresh"];
/// A plan that trains briefly, so the test can wait for the writing step.
const SHORT_PLAN: [&str; 5] = ["--repeats", "2", "--epochs", "200", "--fresh"];

#[derive(Debug, Clone, Copy)]
enum Signal {
    Interrupt,
    Kill,
}

#[test]
fn sigint_during_training_keeps_the_previous_site() {
    interrupt_training(Signal::Interrupt);
}

#[test]
fn sigkill_during_training_keeps_the_previous_site() {
    interrupt_training(Signal::Kill);
}

#[test]
fn sigint_while_writing_keeps_the_previous_site() {
    interrupt_writing(Signal::Interrupt);
}

#[test]
fn sigkill_while_writing_keeps_the_previous_site() {
    interrupt_writing(Signal::Kill);
}

/// Signals a long build a second and a half into training.
fn interrupt_training(signal: Signal) {
    let workspace = Workspace::new();
    let out = workspace.path("sites/out");
    let before = build_previous_site(&workspace, &out);

    let mut child = spawn(&mut workspace.build(&out, &LONG_PLAN));
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the build finished before the signal; make LONG_PLAN longer"
    );
    send(&mut child, signal);
    let status = child.wait().unwrap();
    assert!(!status.success(), "{signal:?}: the build still succeeded");

    let changed = changed_files(&snapshot(&out), &before);
    assert!(
        changed.is_empty(),
        "{signal:?} changed the previous site: {changed:?}"
    );
    let leftovers = hidden_entries(out.parent().unwrap());
    eprintln!("{signal:?} during training: status {status:?}, leftovers {leftovers:?}");
    assert_next_build_cleans_up(&workspace, &out);
}

/// Signals a build as soon as its hidden temporary folder appears.
///
/// Note: the writing step takes milliseconds, so the signal can arrive after
/// the swap. The test then checks that the new site is whole instead.
fn interrupt_writing(signal: Signal) {
    let workspace = Workspace::new();
    let out = workspace.path("sites/out");
    let before = build_previous_site(&workspace, &out);
    let parent = out.parent().unwrap().to_path_buf();

    let mut child = spawn(&mut workspace.build(&out, &SHORT_PLAN));
    let temporary = format!(".out.tmp-{}", child.id());
    let started = Instant::now();
    let mut seen = false;
    while child.try_wait().unwrap().is_none() && started.elapsed() < Duration::from_secs(120) {
        if parent.join(&temporary).exists() {
            seen = true;
            send(&mut child, signal);
            break;
        }
    }
    let status = child.wait().unwrap();
    let leftovers = hidden_entries(&parent);
    eprintln!(
        "{signal:?} while writing: saw the temporary folder: {seen}, status {status:?}, \
         leftovers {leftovers:?}"
    );

    let after = snapshot(&out);
    if after != before {
        // The swap won the race: the build finished, or the signal came
        // after the new site was in place. Either way it must be whole.
        assert_ne!(
            fs::read(out.join(TAMPERED)).unwrap(),
            PREVIOUS,
            "{signal:?} (status {status:?}) left the old {TAMPERED} in a new site"
        );
        assert_eq!(
            after.keys().collect::<Vec<_>>(),
            before.keys().collect::<Vec<_>>(),
            "{signal:?} (status {status:?}) left a site with other files than a whole one"
        );
        eprintln!("note: the swap came before the signal; checked the new site instead");
    }
    for name in &leftovers {
        assert!(
            name.starts_with(".out.tmp-") || name.starts_with(".out.old-"),
            "unexpected entry {name} beside the site"
        );
    }
    assert_next_build_cleans_up(&workspace, &out);
}

/// Builds the site that a failed build must leave alone.
fn build_previous_site(
    workspace: &Workspace,
    out: &Path,
) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    let built = run(
        &mut workspace.build(out, &SMALL_PLAN),
        Duration::from_secs(300),
    );
    assert!(built.status.success(), "{}", built.stderr);
    fs::write(out.join(TAMPERED), PREVIOUS).unwrap();
    snapshot(out)
}

/// A file of the previous site, rewritten so that it shows whether a later
/// build replaced the site. (Adding a file instead would make the folder
/// one the build refuses to replace.)
const TAMPERED: &str = "results.csv";
const PREVIOUS: &[u8] = b"the previous site";

/// The next build succeeds, replaces the site and removes every leftover.
fn assert_next_build_cleans_up(workspace: &Workspace, out: &Path) {
    let built = run(
        &mut workspace.build(out, &SMALL_PLAN),
        Duration::from_secs(300),
    );
    assert!(
        built.status.success(),
        "the next build failed:\n{}",
        built.stderr
    );
    assert_ne!(
        fs::read(out.join(TAMPERED)).unwrap(),
        PREVIOUS,
        "the next build kept the old site"
    );
    assert!(out.join("index.html").is_file());
    let leftovers = hidden_entries(out.parent().unwrap());
    assert!(
        leftovers.is_empty(),
        "the next build left {leftovers:?} beside {}",
        out.display()
    );
}

fn spawn(command: &mut Command) -> Child {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the report binary starts")
}

fn send(child: &mut Child, signal: Signal) {
    match signal {
        Signal::Kill => child.kill().unwrap(),
        Signal::Interrupt => {
            let sent = Command::new("kill")
                .args(["-INT", &child.id().to_string()])
                .status()
                .expect("kill(1) runs");
            assert!(sent.success(), "kill -INT failed");
        }
    }
}

/// The paths whose bytes differ between two snapshots, or that only one has.
fn changed_files(
    after: &std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>,
    before: &std::collections::BTreeMap<std::path::PathBuf, Vec<u8>>,
) -> Vec<std::path::PathBuf> {
    let mut paths: Vec<_> = after.keys().chain(before.keys()).cloned().collect();
    paths.sort();
    paths.dedup();
    paths.retain(|path| after.get(path) != before.get(path));
    paths
}
