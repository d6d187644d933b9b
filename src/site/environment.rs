//! The template engine's settings, shared by chapters and layouts.
//!
//! - Undefined names are errors (`UndefinedBehavior::Strict`): a misspelt
//!   result name must stop the build, not print an empty string.
//! - Block tags swallow their own line (`trim_blocks`, `lstrip_blocks`), so a
//!   `{% for %}` line inside a Markdown table leaves no blank line behind.
//! - Templates ending in `.html` escape printed values for HTML. Chapters
//!   (`.md`) hand printed values to [`printed_values`](super::printed_values),
//!   which escapes them after Markdown has run.

use minijinja::{AutoEscape, Environment, UndefinedBehavior, escape_formatter};

use super::printed_values;

/// The auto-escape mode of chapter templates.
const MARKDOWN: AutoEscape = AutoEscape::Custom("markdown");

/// Creates an engine with the project's settings and no templates or helpers.
pub(crate) fn new_environment() -> Environment<'static> {
    let mut environment = Environment::new();
    environment.set_undefined_behavior(UndefinedBehavior::Strict);
    environment.set_trim_blocks(true);
    environment.set_lstrip_blocks(true);
    environment.set_keep_trailing_newline(true);
    // Debug mode would only copy template sources into errors; we show the
    // offending line ourselves, the same way in debug and release builds.
    environment.set_debug(false);

    environment.set_auto_escape_callback(|name| {
        if name.ends_with(".md") {
            MARKDOWN
        } else if name.ends_with(".html") || name.ends_with(".htm") || name.ends_with(".svg") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    environment.set_formatter(|out, state, value| {
        if state.auto_escape() == MARKDOWN {
            printed_values::hold_back(out, state, value)
        } else {
            escape_formatter(out, state, value)
        }
    });
    environment
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_templates_escape_and_undefined_names_fail() {
        let mut environment = new_environment();
        environment.add_template("t.html", "{{ x }}").unwrap();
        environment.add_template("u.html", "{{ nope }}").unwrap();

        let html = environment
            .get_template("t.html")
            .unwrap()
            .render(minijinja::context! { x => "<a&b>" });
        assert_eq!(html.unwrap(), "&lt;a&amp;b&gt;");

        let error = environment
            .get_template("u.html")
            .unwrap()
            .render(())
            .unwrap_err();
        assert_eq!(error.kind(), minijinja::ErrorKind::UndefinedError);
    }
}
