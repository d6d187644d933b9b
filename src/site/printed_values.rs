//! Values printed by chapters, held back until Markdown has been parsed.
//!
//! A chapter is a Jinja template whose output is Markdown, and the page is the
//! HTML that Markdown becomes. A value such as `a & b` or `<script>` printed
//! with `{{ ... }}` must reach the page as literal text, escaped exactly once.
//! Escaping it for HTML before Markdown runs is not enough: Markdown would
//! still read `*`, `_`, `|` or backticks in the value as markup, and inside a
//! code span it would show `&amp;` literally.
//!
//! So the chapter's formatter writes a placeholder (`NRVALUE<n>X`, letters
//! and digits only, which Markdown leaves alone) and records the value. After
//! parsing, [`substitute`] puts the values back into the text events, where
//! the HTML writer escapes them once, or escaped by us into raw HTML events.
//!
//! Values marked safe (the output of helpers such as `figure`, or `|safe`)
//! bypass all this and are written into the Markdown as is.
//!
//! Note: an author who types `NRVALUE0X` into a chapter gets it replaced by
//! the first printed value; the marker is unusual enough to accept that.

use std::borrow::Cow;
use std::sync::{Arc, Mutex, PoisonError};

use minijinja::value::{Object, Value};
use minijinja::{Error, ErrorKind, Output, State};

/// Where the current render keeps its printed values.
const TEMP_NAME: &str = "noise_report::printed_values";

const OPEN: &str = "NRVALUE";
const CLOSE: char = 'X';

/// The printed values of one render, in print order.
#[derive(Debug, Default)]
struct PrintedValues(Mutex<Vec<String>>);

impl Object for PrintedValues {}

fn values_of(state: &State) -> Arc<PrintedValues> {
    state.get_or_set_temp_object(TEMP_NAME, PrintedValues::default)
}

/// Formats a printed value in a chapter: records it and writes a placeholder.
pub(crate) fn hold_back(out: &mut Output, state: &State, value: &Value) -> Result<(), Error> {
    if value.is_undefined() {
        return Err(Error::from(ErrorKind::UndefinedError));
    }
    if value.is_safe() {
        return out
            .write_str(value.as_str().unwrap_or_default())
            .map_err(Error::from);
    }

    let values = values_of(state);
    let mut values = values.0.lock().unwrap_or_else(PoisonError::into_inner);
    let index = values.len();
    values.push(value.to_string());
    write!(out, "{OPEN}{index}{CLOSE}").map_err(Error::from)
}

/// Takes the values a finished render recorded, with placeholders inside
/// them already resolved.
///
/// A value can contain placeholders when a chapter prints a string it built
/// from other printed output (`{% set %}` blocks, macros). Such inner values
/// were printed first, so resolving in print order always terminates.
pub(crate) fn take_printed_values(state: &State) -> Vec<String> {
    let values = values_of(state);
    let recorded = std::mem::take(&mut *values.0.lock().unwrap_or_else(PoisonError::into_inner));

    let mut resolved: Vec<String> = Vec::with_capacity(recorded.len());
    for value in recorded {
        let value = substitute(&value, &resolved, |text| Cow::Borrowed(text)).into_owned();
        resolved.push(value);
    }
    resolved
}

/// Replaces every placeholder in `text` by `encode(value)`.
///
/// Markers whose number is out of range are left as they are.
pub(crate) fn substitute<'t>(
    text: &'t str,
    values: &[String],
    encode: impl Fn(&str) -> Cow<'_, str>,
) -> Cow<'t, str> {
    if !text.contains(OPEN) {
        return Cow::Borrowed(text);
    }

    let mut result = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(OPEN) {
        result.push_str(&rest[..start]);
        let after = &rest[start + OPEN.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let value = after[..digits]
            .parse::<usize>()
            .ok()
            .filter(|_| after[digits..].starts_with(CLOSE))
            .and_then(|index| values.get(index));

        match value {
            Some(value) => {
                result.push_str(&encode(value));
                rest = &after[digits + 1..];
            }
            None => {
                result.push_str(OPEN);
                rest = after;
            }
        }
    }
    result.push_str(rest);
    Cow::Owned(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Vec<String> {
        vec!["a & b".into(), "<x>".into()]
    }

    #[test]
    fn replaces_markers_and_leaves_strangers() {
        let text = "NRVALUE0X then NRVALUE1Xy, NRVALUE7X, NRVALUE, NRVALUE1";
        let replaced = substitute(text, &values(), |v| Cow::Owned(format!("[{v}]")));
        assert_eq!(
            replaced,
            "[a & b] then [<x>]y, NRVALUE7X, NRVALUE, NRVALUE1"
        );
    }

    #[test]
    fn text_without_markers_is_borrowed() {
        let replaced = substitute("plain", &values(), |v| Cow::Borrowed(v));
        assert!(matches!(replaced, Cow::Borrowed("plain")));
    }
}
