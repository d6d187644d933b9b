//! The functions and filters chapters can call, and their registration.
//!
//! | helper | returns |
//! | --- | --- |
//! | `figure(id, caption=none)` | a `<figure>` showing `figures/<id>.svg` |
//! | `table(rows, columns, digits=none, caption=none)` | an HTML table, see [`table`](super::table) |
//! | `link(file)` | the page address of a chapter, e.g. `link("results.md#grid")` → `results.html#grid` |
//! | `x \| fmt(digits=2)`, `x \| signed(digits=2)`, `x \| pct(digits=1)` | numbers, see [`numbers`](super::numbers) |
//!
//! `figure` and `table` return HTML marked safe: it goes into the chapter as
//! is, while the text inside it (alt text, captions, cells) is escaped here.
//! Everything else a chapter prints is escaped exactly once on the page.
//!
//! Call `figure` and `table` on a line of their own: their HTML comes framed
//! by blank lines, so it closes any paragraph or list it is written in.

use std::collections::BTreeMap;
use std::sync::Arc;

use minijinja::value::Value;
use minijinja::{Environment, Error, ErrorKind};

use super::html::escape_html;
use super::{numbers, table};

/// What the helpers need to know about the site being built.
#[derive(Debug, Clone, Default)]
pub(crate) struct HelperCatalog {
    /// Figure id → alt text.
    pub figures: BTreeMap<String, String>,
    /// Chapter file (`results.md`) → page file (`results.html`).
    pub pages: BTreeMap<String, String>,
}

/// The names chapters can call, for hints in error messages.
pub(crate) const HELPER_NAMES: &[&str] = &["figure", "table", "link", "fmt", "signed", "pct"];

/// The helpers with their arguments, for hints in error messages.
pub(crate) const HELPER_SIGNATURES: &str = "the helpers are figure(id, caption=none), \
     table(rows, columns, digits=none, caption=none), link(file), and the filters \
     fmt(digits=2), signed(digits=2), pct(digits=1)";

/// Adds the helpers to `environment`.
pub(crate) fn register_helpers(environment: &mut Environment<'static>, catalog: HelperCatalog) {
    let catalog = Arc::new(catalog);

    let figures = Arc::clone(&catalog);
    environment.add_function("figure", move |id: &str, caption: Option<&str>| {
        render_figure(&figures, id, caption)
    });
    let pages = Arc::clone(&catalog);
    environment.add_function("link", move |target: &str| resolve_link(&pages, target));
    environment.add_function("table", table::render_table);

    environment.add_filter("fmt", numbers::fmt);
    environment.add_filter("signed", numbers::signed);
    environment.add_filter("pct", numbers::pct);
}

/// `figure(id, caption=none)`: the figure's SVG as an image, linked to
/// itself so a reader can open it full size.
fn render_figure(catalog: &HelperCatalog, id: &str, caption: Option<&str>) -> Result<Value, Error> {
    let Some(alt) = catalog.figures.get(id) else {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!(
                "figure: unknown figure id {id:?}; known figures: {}",
                known(catalog.figures.keys())
            ),
        ));
    };

    let id = escape_html(id);
    let mut html = format!(
        "\n\n<figure id=\"fig-{id}\"><a href=\"figures/{id}.svg\">\
         <img src=\"figures/{id}.svg\" alt=\"{}\"></a>",
        escape_html(alt)
    );
    if let Some(caption) = caption {
        html.push_str(&format!(
            "<figcaption>{}</figcaption>",
            escape_html(caption)
        ));
    }
    html.push_str("</figure>\n\n");
    Ok(Value::from_safe_string(html))
}

/// `link(file)`: the relative address of a chapter's page, keeping any
/// `#anchor`.
fn resolve_link(catalog: &HelperCatalog, target: &str) -> Result<String, Error> {
    let (file, anchor) = match target.split_once('#') {
        Some((file, anchor)) => (file, Some(anchor)),
        None => (target, None),
    };
    let Some(page) = catalog.pages.get(file) else {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!(
                "link: {file:?} is not a chapter in SUMMARY.md; chapters: {}",
                known(catalog.pages.keys())
            ),
        ));
    };
    Ok(match anchor {
        Some(anchor) => format!("{page}#{anchor}"),
        None => page.clone(),
    })
}

fn known<'a>(names: impl Iterator<Item = &'a String>) -> String {
    let names: Vec<&str> = names.map(String::as_str).collect();
    if names.is_empty() {
        "(none)".into()
    } else {
        names.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> HelperCatalog {
        HelperCatalog {
            figures: [("curves".to_string(), "Loss <by> epoch".to_string())].into(),
            pages: [
                ("intro.md".to_string(), "index.html".to_string()),
                ("grid.md".to_string(), "grid.html".to_string()),
            ]
            .into(),
        }
    }

    #[test]
    fn figure_is_safe_html_with_escaped_text() {
        let html = render_figure(&catalog(), "curves", Some("A & B")).unwrap();
        assert!(html.is_safe());
        let html = html.as_str().unwrap();
        assert!(html.contains("<img src=\"figures/curves.svg\" alt=\"Loss &lt;by&gt; epoch\">"));
        assert!(html.contains("<figcaption>A &amp; B</figcaption>"));
        assert!(
            !html.trim().contains("\n\n"),
            "a blank line would end the HTML block"
        );
    }

    #[test]
    fn unknown_figure_lists_known_ones() {
        let error = render_figure(&catalog(), "curvs", None).unwrap_err();
        assert_eq!(
            error.detail(),
            Some("figure: unknown figure id \"curvs\"; known figures: curves")
        );
    }

    #[test]
    fn links_resolve_to_pages() {
        assert_eq!(resolve_link(&catalog(), "intro.md").unwrap(), "index.html");
        assert_eq!(
            resolve_link(&catalog(), "grid.md#best").unwrap(),
            "grid.html#best"
        );
        let error = resolve_link(&catalog(), "nope.md").unwrap_err();
        assert!(
            error
                .detail()
                .unwrap()
                .contains("chapters: grid.md, intro.md")
        );
    }
}
