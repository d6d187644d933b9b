//! Fuzzed input: mutated and random `report.toml` texts through
//! `Plan::parse`, random `SUMMARY.md` files and chapter templates through
//! `load_book` and `build_site`. Any input must give `Ok` or `Err`; a panic
//! fails the property and proptest prints the smallest input that caused it.

use std::fs;
use std::path::Path;

use noise_report::plan::Plan;
use noise_report::site::{self, Figure, SiteInput, SiteMetadata};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::Config;

use crate::support::REPO;

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

fn real_config() -> String {
    fs::read_to_string(Path::new(REPO).join("book/report.toml")).unwrap()
}

/// One edit of a `report.toml` text.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(Index),
    DuplicateLine(Index),
    ReplaceNumber(Index, String),
    ReplaceString(Index, String),
    FlipByte(Index, u8),
    Truncate(Index),
}

fn number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        (-1000i64..1000).prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|x| format!("{x:?}")),
        prop::sample::select(vec![
            "0",
            "-0.0",
            "-1",
            "nan",
            "-nan",
            "inf",
            "-inf",
            "1e308",
            "-1e308",
            "1e-320",
            "1e400",
            "9223372036854775807",
            "-9223372036854775808",
            "18446744073709551616",
            "0x7fffffffffffffff",
            "1_000",
            "0.9999999999999999",
            "1.0000000000000002",
        ])
        .prop_map(str::to_string),
    ]
}

fn string_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "",
            "dense 0",
            "dense -1 relu",
            "dense 99999999999999999999 relu",
            "dense 1 softmax",
            "noise nan",
            "noise -0.1",
            "noise inf",
            "noise {stddev}",
            "noise {stddev} {stddev}",
            "relu",
            "baseline",
            "pre-activation",
            "improves",
            "similar",
            "clipped",
            "logits",
        ])
        .prop_map(str::to_string),
        "[ -~]{0,30}",
        "\\PC{0,10}",
    ]
    .prop_map(|text| format!("{text:?}"))
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<Index>().prop_map(Mutation::DeleteLine),
        any::<Index>().prop_map(Mutation::DuplicateLine),
        (any::<Index>(), number_text()).prop_map(|(i, n)| Mutation::ReplaceNumber(i, n)),
        (any::<Index>(), string_text()).prop_map(|(i, s)| Mutation::ReplaceString(i, s)),
        (any::<Index>(), 1u8..=255).prop_map(|(i, mask)| Mutation::FlipByte(i, mask)),
        any::<Index>().prop_map(Mutation::Truncate),
    ]
}

/// Applies `mutation` to `text`.
fn apply(text: &str, mutation: &Mutation) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    if lines.is_empty() {
        return text.to_string();
    }
    match mutation {
        Mutation::DeleteLine(i) => {
            lines.remove(i.index(lines.len()));
            lines.join("\n")
        }
        Mutation::DuplicateLine(i) => {
            let at = i.index(lines.len());
            lines.insert(at, lines[at]);
            lines.join("\n")
        }
        Mutation::ReplaceNumber(i, number) => replace_nth(text, &number_spans(text), i, number),
        Mutation::ReplaceString(i, string) => replace_nth(text, &string_spans(text), i, string),
        Mutation::FlipByte(i, mask) => {
            let mut bytes = text.as_bytes().to_vec();
            let at = i.index(bytes.len());
            bytes[at] ^= mask;
            String::from_utf8_lossy(&bytes).into_owned()
        }
        Mutation::Truncate(i) => {
            let bytes = text.as_bytes();
            String::from_utf8_lossy(&bytes[..i.index(bytes.len() + 1)]).into_owned()
        }
    }
}

fn replace_nth(text: &str, spans: &[(usize, usize)], i: &Index, with: &str) -> String {
    if spans.is_empty() {
        return text.to_string();
    }
    let (start, end) = spans[i.index(spans.len())];
    format!("{}{with}{}", &text[..start], &text[end..])
}

/// Byte ranges of number-like tokens: a digit after a non-word character,
/// and what follows it of digits, `.`, `_`, `e`, `E`, `+`, `-`.
fn number_spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let starts = bytes[at].is_ascii_digit()
            && (at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_'));
        if !starts {
            at += 1;
            continue;
        }
        let start = at;
        while at < bytes.len() && (bytes[at].is_ascii_digit() || b"._eE+-".contains(&bytes[at])) {
            at += 1;
        }
        spans.push((start, at));
    }
    spans
}

/// Byte ranges of double-quoted strings on one line, quotes included.
fn string_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut open = None;
    for (at, byte) in text.bytes().enumerate() {
        match (byte, open) {
            (b'"', None) => open = Some(at),
            (b'"', Some(start)) => {
                spans.push((start, at + 1));
                open = None;
            }
            (b'\n', _) => open = None,
            _ => {}
        }
    }
    spans
}

fn parse_config(text: &str) {
    let _ = Plan::parse(Path::new("book/report.toml"), text);
}

proptest! {
    #![proptest_config(config(400))]

    #[test]
    fn mutated_configs_never_panic(mutations in prop::collection::vec(mutation(), 1..5)) {
        let text = mutations
            .iter()
            .fold(real_config(), |text, mutation| apply(&text, mutation));
        parse_config(&text);
    }
}

/// A line of a TOML-like text built from the keys `report.toml` knows.
fn config_line() -> impl Strategy<Value = String> {
    let keys = prop::sample::select(vec![
        "title",
        "samples",
        "noise",
        "factor",
        "seed",
        "train_rows",
        "epochs",
        "batch_size",
        "learning_rate",
        "beta_1",
        "beta_2",
        "epsilon",
        "loss",
        "base",
        "repeats",
        "id",
        "layers",
        "stddevs",
        "check",
        "experiment",
        "against",
        "threshold",
        "why",
        "text",
        "published",
    ]);
    let headers = prop::sample::select(vec![
        "[tutorial]",
        "[dataset]",
        "[training]",
        "[seeds]",
        "[[experiment]]",
        "[grid]",
        "[[grid.placement]]",
        "[[claim]]",
    ]);
    let values = prop_oneof![
        number_text(),
        string_text(),
        prop::collection::vec(string_text(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
        prop::collection::vec(number_text(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
        Just("{ train = 1.0, test = 0.5, epochs = 10, layers = [\"dense 1 sigmoid\"] }".into()),
    ];
    prop_oneof![
        headers.prop_map(str::to_string),
        (keys, values).prop_map(|(key, value)| format!("{key} = {value}")),
        "[ -~]{0,40}",
    ]
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn random_configs_never_panic(lines in prop::collection::vec(config_line(), 0..40)) {
        parse_config(&lines.join("\n"));
    }

    #[test]
    fn arbitrary_text_configs_never_panic(text in "\\PC{0,300}") {
        parse_config(&text);
    }
}

fn summary_line() -> impl Strategy<Value = String> {
    let files = prop::sample::select(vec![
        "a.md",
        "b.md",
        "c.md",
        "sub/d.md",
        "index.md",
        "missing.md",
        "../outside.md",
        "/abs.md",
        "a.md#part",
        "<a.md>",
        "a.md \"title\"",
        "",
        " ",
        "a.html",
        "sub/",
    ]);
    let titles = prop_oneof![
        Just("Chapter".to_string()),
        Just(String::new()),
        "[ -~]{0,12}",
        "\\PC{0,6}"
    ];
    let prefixes = prop::sample::select(vec![
        "- ", "* ", "  - ", "    - ", "1. ", "", "\t- ", "- - ",
    ]);
    prop_oneof![
        3 => (prefixes, titles, files).prop_map(|(p, t, f)| format!("{p}[{t}]({f})")),
        1 => prop::sample::select(vec![
            "# Title", "#", "# ", "## Part", "---", "", "- ", "- [", "- [x](", "[Prefix](a.md)",
        ])
        .prop_map(str::to_string),
        1 => "[ -~]{0,30}",
        1 => "\\PC{0,20}",
    ]
}

fn chapter_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "# Heading",
            "## Heading",
            "{{",
            "}}",
            "{%",
            "%}",
            "{#",
            "#}",
            "{% if results %}",
            "{% endif %}",
            "{% for e in results.experiments %}",
            "{% endfor %}",
            "{% raw %}",
            "{% endraw %}",
            "{% include \"b.md\" %}",
            "{% include \"a.md\" %}",
            "{% extends \"page.html\" %}",
            "{% macro m() %}x{% endmacro %}",
            "{{ figure(\"dataset\", \"Circles\") }}",
            "{{ figure(\"dataset\") }}",
            "{{ figure(\"nope\", \"x\") }}",
            "{{ figure() }}",
            "{{ link(\"b.md\") }}",
            "{{ link(\"b.md#x\") }}",
            "{{ link(\"../x.md\") }}",
            "{{ link(\"\") }}",
            "{{ results.experiments[0].summary.test_accuracy.mean | fmt(3) }}",
            "{{ results.experiments[0].summary.test_accuracy.mean | fmt(-1) }}",
            "{{ results.experiments[0].summary.test_accuracy.mean | fmt(400) }}",
            "{{ 1e308 * 10 | fmt(2) }}",
            "{{ (0.0 / 0.0) | pct }}",
            "{{ -0.0 | signed(3) }}",
            "{{ 'x' | fmt(3) }}",
            "{{ none | pct(0) }}",
            "{{ 12345678901234567890 | signed }}",
            "{{ table(results.experiments, [\"id\"]) }}",
            "{{ table(results.experiments, [[\"summary.test_accuracy.mean\", \"Test\"]], digits=2) }}",
            "{{ table([], []) }}",
            "{{ table(results, 3) }}",
            "{{ table(results.experiments, [[]], digits=-5) }}",
            "{{ table(results.experiments, [\"id\"], caption=none) }}",
            "{{ no_such_name }}",
            "{{ no_such_name.attribute }}",
            "{{ site.seeds }}",
            "{{ verification }}",
            "| a | b |\n| --- | --- |\n| {{ 1 }} | 2 |",
            "[^note]: a footnote",
            "[^note]",
            "```\n{{ 1 }}\n```",
            "`{{ 2 }}`",
            "<script>x</script>",
            "<div>",
            "![img](figures/dataset.svg)",
            "[link](b.md)",
        ])
        .prop_map(str::to_string),
        1 => "[ -~]{0,20}",
        1 => "\\PC{0,10}",
    ]
}

fn chapter_text() -> impl Strategy<Value = String> {
    let separators = prop::sample::select(vec!["", " ", "\n", "\n\n"]);
    prop::collection::vec((chapter_fragment(), separators), 0..12).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(fragment, separator)| fragment + separator)
            .collect()
    })
}

/// Writes a book with `summary` and the chapters a, b, c and sub/d.
fn write_book(dir: &Path, summary: &str, chapters: &[String]) {
    fs::create_dir_all(dir.join("sub")).unwrap();
    fs::write(dir.join("SUMMARY.md"), summary).unwrap();
    for (name, text) in ["a.md", "b.md", "c.md", "sub/d.md"].iter().zip(chapters) {
        fs::write(dir.join(name), text).unwrap();
    }
}

fn results_json() -> serde_json::Value {
    serde_json::json!({
        "experiments": [
            {"id": "baseline", "summary": {"test_accuracy": {"mean": 0.5}}},
            {"id": "noise", "summary": {"test_accuracy": {"mean": f64::MAX}}},
        ],
    })
}

/// Loads the book in `dir` and, if it loads, renders it into `dir/out`.
fn load_and_render(dir: &Path) {
    let Ok(book) = site::load_book(dir) else {
        return;
    };
    let theme = site::load_theme(&Path::new(REPO).join("templates")).unwrap();
    let input = SiteInput {
        book,
        theme,
        output: dir.join("out"),
        results: results_json(),
        extra: Default::default(),
        figures: vec![Figure {
            id: "dataset".into(),
            svg: "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>".into(),
            alt: "A dot".into(),
        }],
        downloads: vec![],
        metadata: SiteMetadata::default(),
    };
    let _ = site::build_site(&input);
}

proptest! {
    #![proptest_config(config(250))]

    #[test]
    fn random_summaries_never_panic(
        lines in prop::collection::vec(summary_line(), 0..10),
        chapters in prop::collection::vec("[ -~\n]{0,40}", 4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        write_book(dir.path(), &lines.join("\n"), &chapters);
        let _ = site::load_book(dir.path());
    }

    #[test]
    fn random_chapters_never_panic(chapters in prop::collection::vec(chapter_text(), 4)) {
        let dir = tempfile::tempdir().unwrap();
        let summary = "# Fuzz\n\n- [A](a.md)\n- [B](b.md)\n  - [C](c.md)\n- [D](sub/d.md)\n";
        write_book(dir.path(), summary, &chapters);
        load_and_render(dir.path());
    }
}
