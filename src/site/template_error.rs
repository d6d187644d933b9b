//! Template engine errors turned into messages that point into the source.
//!
//! minijinja reports the template name, the line and usually the byte range
//! of the failing expression. We map the name back to the file on disk, turn
//! the range into a column, quote the line with a marker under the fault and
//! add a hint chosen by the kind of failure:
//!
//! ```text
//! book/results.md:12:20: undefined value `results.acuracy`
//!   12 | The accuracy is {{ results.acuracy }}.
//!      |                    ^^^^^^^^^^^^^^^
//!   hint: check the spelling, or guard optional values with ...
//! ```

use std::error::Error as _;
use std::path::{Path, PathBuf};

use minijinja::ErrorKind;

use super::error::{SiteError, SourceLocation};
use super::helpers::HELPER_SIGNATURES;

/// A template's file and text, for locating errors in it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TemplateFile<'a> {
    /// The file the template was read from.
    pub path: &'a Path,
    /// Its text.
    pub source: &'a str,
}

/// Describes a compile or render error of the template `current`.
///
/// `find` maps other template names (includes, layouts) to their files.
/// `names` says which variables and helpers the template can use; it becomes
/// the hint for undefined names.
pub(crate) fn template_error<'a>(
    error: &minijinja::Error,
    current: TemplateFile<'a>,
    find: impl Fn(&str) -> Option<TemplateFile<'a>>,
    names: &str,
) -> SiteError {
    let file = error.name().and_then(&find).unwrap_or(current);
    let line = error.line();
    let range = error.range().filter(|range| range.end <= file.source.len());

    let column = match (line, &range) {
        (Some(line), Some(range)) => column_of(file.source, line, range.start),
        _ => None,
    };
    let excerpt = match line {
        Some(line) => excerpt(file.source, line, column, range.map(|r| r.len())),
        None => String::new(),
    };

    SiteError::Template {
        location: SourceLocation {
            path: PathBuf::from(file.path),
            line,
            column,
        },
        message: message(error, file.source) + &excerpt,
        hint: hint(error.kind(), names),
    }
}

fn message(error: &minijinja::Error, source: &str) -> String {
    let expression = error
        .range()
        .and_then(|range| source.get(range))
        .filter(|text| !text.contains('\n'));

    let mut message = match (error.kind(), error.detail(), expression) {
        (ErrorKind::UndefinedError | ErrorKind::InvalidOperation, Some(detail), _) => {
            detail.to_string()
        }
        (ErrorKind::UndefinedError, None, Some(expression)) => {
            format!("undefined value `{expression}`")
        }
        (kind, Some(detail), _) => format!("{kind}: {detail}"),
        (kind, None, _) => kind.to_string(),
    };

    // Failures inside helpers or included templates carry their own cause.
    let mut cause = error.source();
    while let Some(inner) = cause {
        message.push_str(&format!(": {inner}"));
        cause = inner.source();
    }
    message
}

/// The 1-based character column of byte `offset`, if it lies on `line`.
fn column_of(source: &str, line: usize, offset: usize) -> Option<usize> {
    let line_start = line_start(source, line)?;
    let before = source.get(line_start..offset)?;
    if before.contains('\n') {
        return None;
    }
    Some(before.chars().count() + 1)
}

fn line_start(source: &str, line: usize) -> Option<usize> {
    if line == 1 {
        return Some(0);
    }
    source
        .match_indices('\n')
        .nth(line.checked_sub(2)?)
        .map(|(index, _)| index + 1)
}

/// The source line, numbered, with carets under the fault when known.
fn excerpt(source: &str, line: usize, column: Option<usize>, width: Option<usize>) -> String {
    let Some(text) = source.lines().nth(line.saturating_sub(1)) else {
        return String::new();
    };
    let number = line.to_string();
    let gutter = " ".repeat(number.len());
    let mut excerpt = format!("\n  {number} | {text}");

    if let Some(column) = column {
        let available = text.chars().count().saturating_sub(column - 1).max(1);
        let width = width.unwrap_or(1).clamp(1, available);
        excerpt.push_str(&format!(
            "\n  {gutter} | {}{}",
            " ".repeat(column - 1),
            "^".repeat(width)
        ));
    }
    excerpt
}

fn hint(kind: ErrorKind, names: &str) -> String {
    match kind {
        ErrorKind::UndefinedError => format!(
            "check the spelling, or guard optional values with `{{% if x is defined %}}`; {names}"
        ),
        ErrorKind::SyntaxError => "check the `{{ }}` and `{% %}` pairs here; to show them \
             literally, wrap the text in `{% raw %}...{% endraw %}`"
            .into(),
        ErrorKind::UnknownFilter
        | ErrorKind::UnknownFunction
        | ErrorKind::UnknownTest
        | ErrorKind::UnknownMethod => format!(
            "{names}; minijinja's built-in filters are listed at \
             https://docs.rs/minijinja/latest/minijinja/filters/"
        ),
        ErrorKind::MissingArgument | ErrorKind::TooManyArguments | ErrorKind::InvalidOperation => {
            HELPER_SIGNATURES.into()
        }
        _ => "see the template syntax at https://docs.rs/minijinja/latest/minijinja/syntax/".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::environment::new_environment;

    fn render_error(source: &'static str) -> String {
        let mut environment = new_environment();
        let file = TemplateFile {
            path: Path::new("book/ch.md"),
            source,
        };
        let result = environment.add_template("ch.md", source).and_then(|()| {
            environment
                .get_template("ch.md")?
                .render(minijinja::context! { x => 1 })
        });
        let error = result.unwrap_err();
        template_error(&error, file, |_| None, "chapters can use x").to_string()
    }

    #[test]
    fn undefined_name_points_at_line_and_column() {
        let message = render_error("Intro\n\nValue: {{ x }} and {{ results.acc }}.\n");
        assert!(
            message.starts_with("book/ch.md:3:23: undefined value `results.acc`"),
            "{message}"
        );
        assert!(
            message.contains("\n  3 | Value: {{ x }} and {{ results.acc }}."),
            "{message}"
        );
        assert!(
            message.contains("is defined %}`; chapters can use x"),
            "{message}"
        );
    }

    #[test]
    fn syntax_error_names_line() {
        let message = render_error("one\ntwo {{ x + }}\nthree\n");
        assert!(message.starts_with("book/ch.md:2"), "{message}");
        assert!(message.contains("syntax error"), "{message}");
        assert!(message.contains("{% raw %}"), "{message}");
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(column_of("ab\nüx{{", 2, 5), Some(2));
        assert_eq!(column_of("ab\ncd", 1, 4), None);
        assert_eq!(line_start("a\nb\nc", 3), Some(4));
        assert_eq!(line_start("a", 0), None);
    }
}
