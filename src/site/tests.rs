//! End-to-end tests: a book in, a site folder out.
//!
//! Most tests build the fixture book in `tests/fixtures/site/` with the real
//! theme in `templates/`; the rest write a one-chapter book of their own.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::*;

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site")
}

fn theme() -> Theme {
    load_theme(&Path::new(env!("CARGO_MANIFEST_DIR")).join("templates")).unwrap()
}

/// A small line chart, enough to see how figures sit on a page.
fn fake_svg(title: &str, seed: u32) -> String {
    let points: Vec<String> = (0..=20)
        .map(|i| {
            let x = 40 + i * 28;
            let wobble = (i * 7 + seed * 13) % 11;
            let y = 60 + 1000 / (i + 4) + wobble;
            format!("{x},{y}")
        })
        .collect();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"360\" \
         viewBox=\"0 0 640 360\"><rect width=\"640\" height=\"360\" fill=\"#fff\"/>\
         <path d=\"M40 320H620M40 320V30\" stroke=\"#333\"/>\
         <polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"{}\"/>\
         <text x=\"320\" y=\"24\" text-anchor=\"middle\" font-family=\"sans-serif\" \
         font-size=\"16\">{title}</text></svg>",
        points.join(" ")
    )
}

fn metadata() -> SiteMetadata {
    SiteMetadata {
        title: None,
        version: "0.1.0".into(),
        commit: Some("0123456789abcdef0123".into()),
        config_hash: "3f2a9c81d7e6b5a4f3e2d1c0".into(),
        seeds: "0–4 (5 seeds)".into(),
        timestamp: None,
    }
}

fn input_for(book: Book, results: serde_json::Value, output: &Path) -> SiteInput {
    SiteInput {
        book,
        theme: theme(),
        output: output.to_path_buf(),
        results,
        extra: BTreeMap::new(),
        figures: ["dataset", "curves", "grid"]
            .iter()
            .enumerate()
            .map(|(i, id)| Figure {
                id: id.to_string(),
                svg: fake_svg(id, i as u32),
                alt: format!("Chart of {id}"),
            })
            .collect(),
        downloads: vec![
            Download {
                name: "results.json".into(),
                bytes: b"{}".to_vec(),
            },
            Download {
                name: "results.csv".into(),
                bytes: b"experiment,accuracy\n".to_vec(),
            },
        ],
        metadata: metadata(),
    }
}

fn fixture_input(output: &Path) -> SiteInput {
    let book = load_book(&fixture_dir().join("book")).unwrap();
    let context = fs::read_to_string(fixture_dir().join("context.json")).unwrap();
    let mut input = input_for(book, serde_json::from_str(&context).unwrap(), output);
    input.extra.insert(
        "verdicts".into(),
        serde_json::json!({"noise_helps": true, "margin": 0.0714}),
    );
    input
}

/// A book with a single chapter, written to a fresh folder.
fn one_chapter_book(chapter: &str) -> (tempfile::TempDir, Book) {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("SUMMARY.md"),
        "# Test\n\n- [Only](only.md)\n",
    )
    .unwrap();
    fs::write(dir.path().join("only.md"), chapter).unwrap();
    let book = load_book(dir.path()).unwrap();
    (dir, book)
}

fn build_one(chapter: &str, results: serde_json::Value) -> Result<String, SiteError> {
    let (_book_dir, book) = one_chapter_book(chapter);
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("site");
    build_site(&input_for(book, results, &output))?;
    Ok(fs::read_to_string(output.join("index.html")).unwrap())
}

/// Every file under `dir`, by relative path.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
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

fn hidden_entries(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect()
}

/// The values of every `href="..."` and `src="..."` in a page.
fn link_targets(html: &str) -> Vec<String> {
    let mut targets = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        for (start, _) in html.match_indices(attribute) {
            let rest = &html[start + attribute.len()..];
            targets.push(rest[..rest.find('"').unwrap()].to_string());
        }
    }
    targets
}

#[test]
fn fixture_book_becomes_a_complete_site() {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("site");
    let summary = build_site(&fixture_input(&output)).unwrap();

    assert_eq!(summary.pages, ["index.html", "results.html", "grid.html"]);
    assert_eq!(
        summary.files,
        [
            "figures/curves.svg",
            "figures/dataset.svg",
            "figures/grid.svg",
            "grid.html",
            "index.html",
            "results.csv",
            "results.html",
            "results.json",
            "style.css",
        ]
    );
    // On disk, the files plus the marker that makes the folder a site.
    let on_disk = snapshot(&output);
    assert_eq!(on_disk.len(), summary.files.len() + 1);
    assert!(on_disk.contains_key(Path::new(super::SITE_MARKER)));

    let results = fs::read_to_string(output.join("results.html")).unwrap();
    assert!(
        results.contains("<td class=\"num\">0.843</td>"),
        "table helper with digits"
    );
    assert!(results.contains("<td>Noise on inputs</td><td style=\"text-align: right\">90.0%</td>"));
    assert!(results.contains("+0.057"), "signed filter");
    let grid = fs::read_to_string(output.join("grid.html")).unwrap();
    assert!(
        grid.contains("beats the baseline by\n7.1%"),
        "extra context names"
    );
}

#[test]
fn pages_link_relatively_with_correct_neighbours() {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("site");
    build_site(&fixture_input(&output)).unwrap();

    for page in ["index.html", "results.html", "grid.html"] {
        let html = fs::read_to_string(output.join(page)).unwrap();
        assert!(
            html.starts_with("<!doctype html>\n<html lang=\"en\">"),
            "{page}"
        );
        assert!(
            html.contains("<link rel=\"stylesheet\" href=\"style.css\">"),
            "{page}"
        );
        assert!(
            html.contains(&format!("<a href=\"{page}\" aria-current=\"page\">")),
            "{page}"
        );
        for target in link_targets(&html) {
            let absolute = target.starts_with('/') || target.contains("://");
            assert!(
                !absolute && !target.starts_with("http"),
                "{page} links to {target}"
            );
        }
    }

    let pager = |page: &str| {
        let html = fs::read_to_string(output.join(page)).unwrap();
        let find = |rel: &str| {
            let marker = format!("rel=\"{rel}\" href=\"");
            html.find(&marker).map(|start| {
                let rest = &html[start + marker.len()..];
                rest[..rest.find('"').unwrap()].to_string()
            })
        };
        (find("prev"), find("next"))
    };
    assert_eq!(pager("index.html"), (None, Some("results.html".into())));
    assert_eq!(
        pager("results.html"),
        (Some("index.html".into()), Some("grid.html".into()))
    );
    assert_eq!(pager("grid.html"), (Some("results.html".into()), None));

    let intro = fs::read_to_string(output.join("index.html")).unwrap();
    assert!(
        intro.contains("<a href=\"grid.html#by-placement\">noise grid</a>"),
        "link helper"
    );
}

#[test]
fn headings_get_unique_ids_on_the_page() {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("site");
    build_site(&fixture_input(&output)).unwrap();
    let html = fs::read_to_string(output.join("results.html")).unwrap();

    assert!(html.contains("<h2 id=\"details\">Details</h2>"), "{html}");
    assert!(html.contains("<h2 id=\"details-1\">Details</h2>"), "{html}");
    assert!(
        html.contains("<h3 id=\"noise-on-inputs\">Noise on inputs</h3>"),
        "{html}"
    );

    let mut ids: Vec<&str> = html
        .match_indices(" id=\"")
        .map(|(start, _)| {
            let rest = &html[start + 5..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "duplicate ids");
}

#[test]
fn context_text_is_escaped_once_and_helper_html_not_at_all() {
    let chapter = "Note: {{ results.text }}\n\n`{{ results.text }}`\n\n\
                   {{ figure(\"dataset\", \"Points <b>&</b> circles\") }}\n";
    let results = serde_json::json!({"text": "<script>alert(1)</script> a & b *not bold*"});
    let html = build_one(chapter, results).unwrap();

    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt; a &amp; b *not bold*";
    assert!(html.contains(&format!("<p>Note: {escaped}</p>")), "{html}");
    assert!(html.contains(&format!("<code>{escaped}</code>")), "{html}");
    assert!(
        !html.contains("<script>") && !html.contains("&amp;lt;"),
        "{html}"
    );

    assert!(html.contains("<figure id=\"fig-dataset\">"), "{html}");
    assert!(html.contains("<img src=\"figures/dataset.svg\" alt=\"Chart of dataset\">"));
    assert!(html.contains("<figcaption>Points &lt;b&gt;&amp;&lt;/b&gt; circles</figcaption>"));
    assert!(!html.contains("&lt;figure"), "figure HTML escaped: {html}");
}

#[test]
fn undefined_name_names_chapter_file_and_line() {
    let (dir, book) = one_chapter_book("# Title\n\nAccuracy: {{ results.acuracy }}\n");
    let out = tempfile::tempdir().unwrap();
    let input = input_for(
        book,
        serde_json::json!({"accuracy": 0.9}),
        &out.path().join("s"),
    );
    let message = build_site(&input).unwrap_err().to_string();

    let chapter = dir.path().join("only.md");
    assert!(
        message.starts_with(&format!("{}:3:", chapter.display())),
        "{message}"
    );
    assert!(
        message.contains("undefined value `results.acuracy`"),
        "{message}"
    );
    assert!(
        message.contains("`results` has the keys accuracy"),
        "{message}"
    );
}

#[test]
fn unknown_figure_and_filter_are_errors_with_location() {
    let message = build_one("x\n{{ figure(\"curvs\") }}\n", serde_json::json!({}))
        .unwrap_err()
        .to_string();
    assert!(message.contains("only.md:2:"), "{message}");
    assert!(message.contains("unknown figure id \"curvs\"; known figures: curves, dataset, grid"));

    let message = build_one("{{ 1 | frmt }}\n", serde_json::json!({}))
        .unwrap_err()
        .to_string();
    assert!(message.contains("only.md:1:"), "{message}");
    assert!(message.contains("unknown filter"), "{message}");
}

#[test]
fn timestamp_and_commit_appear_only_when_given() {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("site");
    let mut input = fixture_input(&output);
    build_site(&input).unwrap();
    let html = fs::read_to_string(output.join("index.html")).unwrap();
    assert!(html.contains("from commit <code title=\"0123456789abcdef0123\">0123456789ab</code>"));
    assert!(!html.contains("<time"), "{html}");

    input.metadata.timestamp =
        Some(time::OffsetDateTime::from_unix_timestamp(1_709_251_199).unwrap());
    input.metadata.commit = None;
    build_site(&input).unwrap();
    let html = fs::read_to_string(output.join("index.html")).unwrap();
    assert!(
        html.contains("<time datetime=\"2024-02-29T23:59:59Z\">2024-02-29 23:59:59 UTC</time>")
    );
    assert!(!html.contains("commit"), "{html}");
}

#[test]
fn two_builds_are_byte_identical() {
    let out = tempfile::tempdir().unwrap();
    let first = out.path().join("first");
    let second = out.path().join("second");
    build_site(&fixture_input(&first)).unwrap();
    build_site(&fixture_input(&second)).unwrap();

    assert_eq!(snapshot(&first), snapshot(&second));
}

#[test]
fn failed_build_leaves_the_old_site_untouched() {
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("site");
    build_site(&fixture_input(&output)).unwrap();
    let before = snapshot(&output);

    let (_dir, book) = one_chapter_book("{{ no_such_name }}\n");
    let error = build_site(&input_for(book, serde_json::json!({}), &output)).unwrap_err();

    assert!(error.to_string().contains("undefined value"), "{error}");
    assert_eq!(snapshot(&output), before);
    assert!(
        hidden_entries(out.path()).is_empty(),
        "{:?}",
        hidden_entries(out.path())
    );
}

#[test]
fn output_under_a_regular_file_names_the_path() {
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("plain-file");
    fs::write(&file, "not a folder").unwrap();
    let output = file.join("site");

    let message = build_site(&fixture_input(&output)).unwrap_err().to_string();
    assert!(message.starts_with(&format!("cannot write the site to {}", output.display())));
}

#[test]
fn download_clashing_with_a_page_is_an_error() {
    let out = tempfile::tempdir().unwrap();
    let mut input = fixture_input(&out.path().join("site"));
    input.downloads.push(Download {
        name: "style.css".into(),
        bytes: vec![],
    });
    let message = build_site(&input).unwrap_err().to_string();
    assert!(
        message.starts_with("two files would be written to style.css"),
        "{message}"
    );
}

/// Writes the fixture site for a look in a browser:
/// `SITE_PREVIEW=/tmp/preview cargo test site::tests::preview -- --ignored`.
#[test]
#[ignore = "writes to the folder named by SITE_PREVIEW"]
fn preview() {
    let output = std::env::var("SITE_PREVIEW").expect("set SITE_PREVIEW to a folder");
    let mut input = fixture_input(Path::new(&output));
    input.metadata.timestamp =
        Some(time::OffsetDateTime::from_unix_timestamp(1_709_251_199).unwrap());
    build_site(&input).unwrap();
}

/// A one-chapter book of plain text with the real layout, to be built into
/// `site` in the returned folder; the book's folder must outlive the build.
fn plain_chapter_input() -> (tempfile::TempDir, tempfile::TempDir, SiteInput) {
    let (book_dir, book) = one_chapter_book("# Only\n\nSome text.\n");
    let out = tempfile::tempdir().unwrap();
    let input = input_for(book, serde_json::json!({}), &out.path().join("site"));
    (book_dir, out, input)
}

#[test]
fn a_layout_that_never_shows_the_chapter_is_an_error() {
    let (_book_dir, out, mut input) = plain_chapter_input();
    let layout = input.theme.templates.get_mut("page.html").unwrap();
    layout.content = "<title>{{ page.title }}</title><link href=\"style.css\">".into();
    let error = build_site(&input).unwrap_err().to_string();
    assert!(error.contains("page.html"), "{error}");
    assert!(error.contains("page.body"), "{error}");
    assert!(!out.path().join("site").exists());

    // A layout that reshapes the body still shows it.
    let layout = input.theme.templates.get_mut("page.html").unwrap();
    layout.content = "<link href=\"style.css\"><main>\n  {{ page.body | indent(2) }}</main>".into();
    build_site(&input).unwrap();
}

#[test]
fn a_layout_linking_a_missing_asset_is_an_error() {
    let (_book_dir, out, mut input) = plain_chapter_input();
    input.theme.assets.remove("style.css");
    let error = build_site(&input).unwrap_err();
    assert!(error.is_bad_input());
    let message = error.to_string();
    assert!(
        message.contains("index.html links to `style.css`"),
        "{message}"
    );
    assert!(!out.path().join("site").exists());
}
