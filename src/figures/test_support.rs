//! Checks shared by the figure tests.

/// Parses `svg` as XML and returns the text of every `<text>` element and
/// the `<title>`, trimmed; panics (failing the test) if it is not XML.
pub(crate) fn svg_texts(svg: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(svg)
        .unwrap_or_else(|error| panic!("SVG is not well-formed XML: {error}"));
    assert_eq!(document.root_element().tag_name().name(), "svg");

    document
        .descendants()
        .filter(|node| matches!(node.tag_name().name(), "text" | "title"))
        .filter_map(|node| node.text())
        .map(|text| text.trim().to_string())
        .collect()
}

/// Asserts that `svg` is XML and shows each of `expected` as a text.
pub(crate) fn assert_shows(svg: &str, expected: &[&str]) {
    let texts = svg_texts(svg);
    for wanted in expected {
        assert!(
            texts.iter().any(|text| text == wanted),
            "missing text {wanted:?} among {texts:?}"
        );
    }
}
