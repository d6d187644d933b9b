//! A build that fails or is interrupted leaves the previous site as it was,
//! and no hidden working folders behind.

use std::time::Duration;

use super::*;

/// Hidden `.out.tmp-*` / `.out.old-*` folders in `dir`.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.starts_with(".out.tmp-") || name.starts_with(".out.old-"))
        .collect()
}

#[test]
fn a_chapter_that_fails_to_render_keeps_the_previous_site() {
    let dir = tempdir();
    let book = fixture_book(dir.path(), &small_grid_config());
    build_small(dir.path(), &book, "out", &[]).expect_success();
    let before = snapshot(&dir.path().join("out"));
    assert!(before.contains_key(Path::new("index.html")));

    // Valid template syntax, so the book loads; the name is only found
    // missing when the chapter renders, after training.
    std::fs::write(
        book.join("numbers.md"),
        "# Numbers\n\nThe best run: {{ no_such_variable.accuracy }}\n",
    )
    .unwrap();
    let run = build_small(dir.path(), &book, "out", &[]);
    assert_no_panic(&run.stderr);
    assert_ne!(
        run.status,
        Some(0),
        "the broken chapter built:\n{}",
        run.stderr
    );
    assert!(run.stderr.contains("numbers.md"), "{}", run.stderr);
    assert!(run.stderr.contains("no_such_variable"), "{}", run.stderr);

    assert!(
        snapshot(&dir.path().join("out")) == before,
        "the previous site changed"
    );
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

#[test]
fn a_killed_build_keeps_the_previous_site() {
    let dir = tempdir();
    let book = fixture_book(dir.path(), &small_grid_config());
    build_small(dir.path(), &book, "out", &[]).expect_success();
    let before = snapshot(&dir.path().join("out"));

    // Thousands of epochs with a fresh cache: still training when killed.
    let mut args = build_args(dir.path(), &book, "out");
    args.extend(["--epochs", "3000", "--repeats", "2", "--fresh", "-q"].map(String::from));
    let mut child = report_in(dir.path()).args(args).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(700));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the build ended before it could be interrupted"
    );
    child.kill().unwrap();
    child.wait().unwrap();

    assert!(
        snapshot(&dir.path().join("out")) == before,
        "the previous site changed"
    );
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

#[test]
fn folders_left_by_a_dead_build_are_cleared_by_the_next() {
    let dir = tempdir();
    let book = fixture_book(dir.path(), &small_grid_config());
    // Above Linux's largest process id, so never a live process.
    let stale = dir.path().join(".out.tmp-4194305");
    std::fs::create_dir(&stale).unwrap();
    std::fs::write(stale.join("half.html"), "<p>half a page").unwrap();

    build_small(dir.path(), &book, "out", &[]).expect_success();
    assert!(dir.path().join("out/index.html").is_file());
    assert!(!dir.path().join("out/half.html").exists());
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

#[test]
fn a_site_moved_aside_by_a_dead_build_is_restored_then_replaced() {
    let dir = tempdir();
    let book = fixture_book(dir.path(), &small_grid_config());
    build_small(dir.path(), &book, "out", &[]).expect_success();
    // Killed between its two renames: the old site aside, no `out`.
    std::fs::rename(dir.path().join("out"), dir.path().join(".out.old-4194305")).unwrap();

    let run = build_small(dir.path(), &book, "out", &[]);
    run.expect_success();
    assert!(dir.path().join("out/index.html").is_file());
    assert_eq!(leftovers(dir.path()), Vec::<String>::new());
}

#[test]
fn a_folder_that_is_not_a_site_is_never_replaced() {
    let dir = tempdir();
    let book = fixture_book(dir.path(), &small_grid_config());
    let notes = dir.path().join("out");
    std::fs::create_dir(&notes).unwrap();
    std::fs::write(notes.join("thesis.txt"), "three years of work").unwrap();

    let run = build_small(dir.path(), &book, "out", &[]);
    assert_no_panic(&run.stderr);
    assert_eq!(run.status, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("thesis.txt"), "{}", run.stderr);
    assert!(run.stderr.contains("--out"), "{}", run.stderr);
    // Refused before any training: no run reached the cache.
    assert!(!dir.path().join("cache").exists());
    assert_eq!(
        std::fs::read_to_string(notes.join("thesis.txt")).unwrap(),
        "three years of work"
    );

    // An empty folder is fine, and the site it becomes can be rebuilt.
    std::fs::remove_file(notes.join("thesis.txt")).unwrap();
    build_small(dir.path(), &book, "out", &[]).expect_success();
    assert!(notes.join(noise_report::site::SITE_MARKER).is_file());
    build_small(dir.path(), &book, "out", &[]).expect_success();
}

#[test]
fn an_output_folder_inside_the_book_or_layout_is_refused() {
    let dir = tempdir();
    let book = fixture_book(dir.path(), &small_grid_config());
    let mut args = build_args(dir.path(), &book, "unused");
    let out = args.iter().position(|a| a == "--out").unwrap() + 1;
    args[out] = book.join("site").display().to_string();
    args.extend(SMALL.iter().map(|s| s.to_string()));
    let run = run_in(&std::env::temp_dir(), &args);
    assert_no_panic(&run.stderr);
    assert_eq!(run.status, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("inside the book folder"),
        "{}",
        run.stderr
    );
    assert!(!book.join("site").exists());
}
