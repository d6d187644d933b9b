//! `report build` of the real book, end to end: pages, links, figures,
//! numbers, and byte-identical rebuilds.
//!
//! These tests need the chapters of `book/`. One small build is shared by
//! the checks that only read it.

use std::sync::OnceLock;

use super::*;

/// The shared build: its folder (site in `out/`, cache in `cache/`).
fn shared_site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        // Under target/tmp, wiped by each test run: a static is never
        // dropped, so a TempDir here would stay behind in /tmp.
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-real-book");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        build_small(&dir, &real_book(), "out", &[]).expect_success();
        dir
    })
}

/// The chapter files of `SUMMARY.md`, in order.
fn summary_chapters(book: &Path) -> Vec<String> {
    let summary = std::fs::read_to_string(book.join("SUMMARY.md")).expect("book/SUMMARY.md");
    summary
        .lines()
        .filter_map(|line| {
            let start = line.find("](")? + 2;
            let end = start + line[start..].find(')')?;
            Some(line[start..end].to_string())
        })
        .collect()
}

/// The page file each chapter becomes: the first is `index.html`.
fn expected_pages(book: &Path) -> Vec<String> {
    summary_chapters(book)
        .iter()
        .enumerate()
        .map(|(index, file)| {
            if index == 0 {
                "index.html".to_string()
            } else {
                format!("{}.html", file.strip_suffix(".md").expect("a .md chapter"))
            }
        })
        .collect()
}

/// The values of every `name="..."` attribute in `html`.
fn attribute_values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    let mut values = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&needle) {
        let tail = &rest[start + needle.len()..];
        let end = tail.find('"').expect("a closing quote");
        values.push(&tail[..end]);
        rest = &tail[end..];
    }
    values
}

/// The text of each cell of the first table row that opens with `first`.
fn table_row(html: &str, first: &str) -> Vec<String> {
    let start = html
        .find(&format!("<tr><td>{first}</td>"))
        .unwrap_or_else(|| panic!("no table row `{first}`"));
    let row = &html[start..start + html[start..].find("</tr>").unwrap()];
    row.split("<td")
        .skip(1)
        .map(|cell| {
            let text = &cell[cell.find('>').unwrap() + 1..];
            text[..text.find("</td>").unwrap()].to_string()
        })
        .collect()
}

/// Every text node of an SVG document, which must parse as XML.
fn svg_texts(path: &Path) -> Vec<String> {
    let source = std::fs::read_to_string(path).unwrap();
    let document = roxmltree::Document::parse(&source)
        .unwrap_or_else(|e| panic!("{} is not XML: {e}", path.display()));
    assert_eq!(
        document.root_element().tag_name().name(),
        "svg",
        "{}",
        path.display()
    );
    document
        .descendants()
        .filter(|node| node.has_tag_name("text"))
        .map(|node| {
            node.descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect::<String>()
                .trim()
                .to_string()
        })
        .collect()
}

/// The axis labels a figure must show, by file name.
fn axis_labels(file: &str) -> &'static [&'static str] {
    let stem = file.strip_suffix(".svg").unwrap();
    if stem.ends_with("-accuracy") || stem.ends_with("-mean") {
        &["epoch", "accuracy"]
    } else if stem.ends_with("-loss") {
        &["epoch", "binary cross-entropy"]
    } else if stem.ends_with("-surface") || stem == "dataset" {
        &["x0", "x1"]
    } else if stem == "comparison" {
        &["experiment", "test accuracy"]
    } else if stem == "grid" {
        &["noise standard deviation (log scale)", "test accuracy"]
    } else {
        panic!("no axis labels known for figure {file}; add them here")
    }
}

#[test]
fn every_chapter_of_the_summary_becomes_a_page() {
    let out = shared_site().join("out");
    let pages = expected_pages(&real_book());
    assert!(pages.len() >= 2, "the book lists chapters: {pages:?}");
    for page in &pages {
        assert!(out.join(page).is_file(), "{page} is missing");
    }
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".html"))
        .collect();
    written.sort();
    let mut expected = pages.clone();
    expected.sort();
    assert_eq!(written, expected, "pages not in SUMMARY.md");
    for file in ["results.json", "results.csv", "style.css"] {
        assert!(out.join(file).is_file(), "{file} is missing");
    }
}

#[test]
fn every_local_link_and_image_resolves() {
    let out = shared_site().join("out");
    let mut checked = 0;
    for page in expected_pages(&real_book()) {
        let html = std::fs::read_to_string(out.join(&page)).unwrap();
        let mut targets = attribute_values(&html, "href");
        targets.extend(attribute_values(&html, "src"));
        for target in targets {
            let is_external = ["#", "http://", "https://", "mailto:", "data:"]
                .iter()
                .any(|prefix| target.starts_with(prefix));
            if is_external {
                continue;
            }
            let file = target.split(['#', '?']).next().unwrap();
            assert!(
                out.join(file).is_file(),
                "{page} links to `{target}`, which is not in the site"
            );
            checked += 1;
        }
    }
    assert!(
        checked > 20,
        "only {checked} local links: is the scan broken?"
    );
}

#[test]
fn every_figure_is_svg_with_its_axis_labels() {
    let figures = shared_site().join("out/figures");
    let mut names: Vec<String> = std::fs::read_dir(&figures)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert!(
        names.iter().any(|n| n == "baseline-accuracy.svg"),
        "{names:?}"
    );
    for name in &names {
        assert!(name.ends_with(".svg"), "{name} in figures/");
        let texts = svg_texts(&figures.join(name));
        for label in axis_labels(name) {
            assert!(
                texts.iter().any(|t| t == label),
                "{name} lacks the axis label `{label}`; its texts: {texts:?}"
            );
        }
    }
}

#[test]
fn table_numbers_are_those_of_results_json() {
    let out = shared_site().join("out");
    let results = read_json(&out.join("results.json"));
    let baseline = &results["experiments"][0];
    assert_eq!(baseline["id"], "baseline");
    let spread = &baseline["summary"]["test_accuracy"];
    let three = |key: &str| format!("{:.3}", spread[key].as_f64().unwrap());

    // The baseline chapter's table of final accuracies, row "Test".
    let html = std::fs::read_to_string(out.join("baseline.html")).unwrap();
    let row = table_row(&html, "Test");
    assert_eq!(row[1], spread["n"].to_string(), "runs in {row:?}");
    assert_eq!(row[2], three("mean"), "mean in {row:?}");
    assert_eq!(row[3], three("std"), "sd in {row:?}");
    assert_eq!(row[4], three("min"), "min in {row:?}");
    assert_eq!(row[8], three("max"), "max in {row:?}");

    // The comparison chapter's row of the baseline.
    let html = std::fs::read_to_string(out.join("comparison.html")).unwrap();
    let row = table_row(&html, "Baseline");
    assert_eq!(row[1], three("mean"), "mean in {row:?}");
}

#[test]
fn a_second_build_is_byte_identical() {
    let first = shared_site();
    let dir = tempdir();
    // The same cache: this checks rendering; training determinism is
    // checked by `plan_changes` with fresh caches.
    let run = run_in(
        dir.path(),
        [
            "--book",
            real_book().to_str().unwrap(),
            "build",
            "--templates",
            templates().to_str().unwrap(),
            "--out",
            dir.path().join("again").to_str().unwrap(),
            "--cache",
            first.join("cache").to_str().unwrap(),
            "--epochs",
            "30",
            "--repeats",
            "2",
        ],
    );
    run.expect_success();
    assert_same_tree(&first.join("out"), &dir.path().join("again"));
}

#[test]
fn source_date_epoch_shows_in_the_footer_and_nothing_else_does() {
    let dir = tempdir();
    let book = fixture_book(dir.path(), &small_grid_config());

    let plain = build_small(dir.path(), &book, "plain", &[]);
    plain.expect_success();
    let html = std::fs::read_to_string(dir.path().join("plain/index.html")).unwrap();
    assert!(!html.contains("<time"), "a time without SOURCE_DATE_EPOCH");
    assert!(!html.contains("2023-11-14"));

    // 1700000000 s after 1970 is 2023-11-14 22:13:20 UTC.
    let mut command = report_in(dir.path());
    command.env("SOURCE_DATE_EPOCH", "1700000000").args([
        "--book",
        book.to_str().unwrap(),
        "build",
        "--templates",
        templates().to_str().unwrap(),
        "--out",
        dir.path().join("dated").to_str().unwrap(),
        "--cache",
        dir.path().join("cache").to_str().unwrap(),
        "--epochs",
        "30",
        "--repeats",
        "2",
    ]);
    run_command(&mut command).expect_success();
    for page in ["index.html", "numbers.html"] {
        let html = std::fs::read_to_string(dir.path().join("dated").join(page)).unwrap();
        let footer = &html[html.find("<footer").expect("a footer")..];
        assert!(
            footer.contains("2023-11-14 22:13:20 UTC"),
            "{page} footer: {footer}"
        );
        assert!(
            footer.contains("2023-11-14T22:13:20Z"),
            "{page} footer: {footer}"
        );
    }
}

/// A build with `SOURCE_DATE_EPOCH=yesterday`.
fn build_with_bad_date() -> Run {
    let dir = tempdir();
    let book = fixture_book(dir.path(), &small_grid_config());
    let mut command = report_in(dir.path());
    command
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .args(build_args(dir.path(), &book, "out"))
        .args(["--epochs", "1", "--repeats", "1"]);
    let run = run_command(&mut command);
    assert!(!dir.path().join("out").exists(), "a site was written");
    run
}

#[test]
fn a_bad_source_date_epoch_is_an_input_error() {
    let run = build_with_bad_date();
    run.expect_status(2);
    assert_no_panic(&run.stderr);
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|line| line.starts_with("error: "))
        .collect();
    assert_eq!(
        errors,
        ["error: SOURCE_DATE_EPOCH=yesterday is not a number of seconds"],
        "{}",
        run.stderr
    );
}

#[test]
fn a_bad_source_date_epoch_is_refused_before_any_training() {
    // src/cmd/build.rs promises "Everything a user can get wrong is checked
    // before any training", but reads SOURCE_DATE_EPOCH after `compute`.
    let run = build_with_bad_date();
    run.expect_status(2);
    assert!(
        !run.stderr.contains(" distinct, "),
        "runs were trained before the bad SOURCE_DATE_EPOCH was refused:\n{}",
        run.stderr
    );
}
