//! The `table` helper: a list of maps shown as an HTML table.
//!
//! ```jinja
//! {{ table(results.experiments,
//!          ["name", ["test.accuracy", "Test accuracy"]],
//!          digits=3, caption="Final scores") }}
//! ```
//!
//! - `rows`: a list; each row is a map (or a list, e.g. from `|items`).
//! - `columns`: a list whose items are a key, shown as its own header, or a
//!   `[key, header]` pair. Keys may be dotted paths (`test.accuracy`,
//!   `1.mean`) into nested maps and lists.
//! - `digits`: decimals for non-integer numbers; by default they are printed
//!   in full.
//! - `caption`: text shown above the table.
//!
//! Cells are escaped text; a value marked safe is inserted as HTML. Numeric
//! cells get `class="num"` so the stylesheet can right-align them. A key
//! missing from a row is an error that names the row and the keys it has.

use minijinja::value::{Kwargs, Value, ValueKind};
use minijinja::{Error, ErrorKind};

use super::html::escape_html;
use super::numbers::fixed;

/// One column: where its cells come from and what its header says.
struct Column {
    key: String,
    header: String,
}

/// `table(rows, columns, digits=none, caption=none)`.
pub(crate) fn render_table(rows: Value, columns: Value, options: Kwargs) -> Result<Value, Error> {
    let digits: Option<i64> = options.get("digits")?;
    let caption: Option<String> = options.get("caption")?;
    options.assert_all_used()?;

    let digits = match digits {
        None => None,
        Some(digits @ 0..=17) => Some(digits as usize),
        Some(other) => return Err(fail(format!("digits must be 0 to 17, got {other}"))),
    };
    let columns = parse_columns(&columns)?;
    if !matches!(rows.kind(), ValueKind::Seq | ValueKind::Iterable) {
        return Err(fail(format!(
            "rows must be a list, got {} {rows}",
            rows.kind()
        )));
    }

    // Cells first, so a column's header can be aligned like its numbers.
    let mut body: Vec<Vec<(String, bool)>> = Vec::new();
    for (index, row) in rows.try_iter()?.enumerate() {
        let mut cells = Vec::with_capacity(columns.len());
        for column in &columns {
            let value = lookup(&row, &column.key)
                .map_err(|problem| fail(format!("row {} {problem}", index + 1)))?;
            cells.push(format_cell(&value, digits));
        }
        body.push(cells);
    }
    let numeric_column: Vec<bool> = (0..columns.len())
        .map(|c| !body.is_empty() && body.iter().all(|cells| cells[c].1))
        .collect();

    let mut html = String::from("\n\n<table class=\"data\">\n");
    if let Some(caption) = caption {
        html.push_str(&format!("<caption>{}</caption>\n", escape_html(&caption)));
    }
    html.push_str("<thead><tr>");
    for (column, numeric) in columns.iter().zip(&numeric_column) {
        let class = if *numeric { " class=\"num\"" } else { "" };
        html.push_str(&format!(
            "<th scope=\"col\"{class}>{}</th>",
            escape_html(&column.header)
        ));
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for cells in body {
        html.push_str("<tr>");
        for (text, numeric) in cells {
            let class = if numeric { " class=\"num\"" } else { "" };
            html.push_str(&format!("<td{class}>{text}</td>"));
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody>\n</table>\n\n");
    Ok(Value::from_safe_string(html))
}

fn parse_columns(columns: &Value) -> Result<Vec<Column>, Error> {
    let expected = "columns must be a list of keys or [key, header] pairs";
    if columns.kind() != ValueKind::Seq {
        return Err(fail(format!(
            "{expected}, got {} {columns}",
            columns.kind()
        )));
    }

    let mut parsed = Vec::new();
    for column in columns.try_iter()? {
        let (key, header) = match (column.as_str(), column.kind(), column.len()) {
            (Some(key), _, _) => (key.to_string(), key.to_string()),
            (None, ValueKind::Seq, Some(2)) => {
                let key = column.get_item_by_index(0)?;
                let header = column.get_item_by_index(1)?;
                match (key.as_str(), header.as_str()) {
                    (Some(key), Some(header)) => (key.to_string(), header.to_string()),
                    _ => return Err(fail(format!("{expected}, got {column}"))),
                }
            }
            _ => return Err(fail(format!("{expected}, got {column}"))),
        };
        parsed.push(Column { key, header });
    }
    if parsed.is_empty() {
        return Err(fail("columns is empty; name at least one key".into()));
    }
    Ok(parsed)
}

/// Follows a dotted path through maps and lists.
fn lookup(row: &Value, path: &str) -> Result<Value, String> {
    let mut value = row.clone();
    for part in path.split('.') {
        let next = match (value.kind(), part.parse::<usize>()) {
            (ValueKind::Seq, Ok(index)) => value.get_item_by_index(index),
            (ValueKind::Map, _) => value.get_item(&Value::from(part)),
            _ => Ok(Value::UNDEFINED),
        }
        .map_err(|error| error.to_string())?;

        if next.is_undefined() {
            return Err(format!("has no {path:?}{}", describe_keys(&value, part)));
        }
        value = next;
    }
    Ok(value)
}

fn describe_keys(value: &Value, part: &str) -> String {
    match value.kind() {
        ValueKind::Map => {
            let keys: Vec<String> = value
                .try_iter()
                .map(|keys| keys.map(|key| key.to_string()).collect())
                .unwrap_or_default();
            format!(" ({part:?} is not among its keys: {})", keys.join(", "))
        }
        ValueKind::Seq => format!(
            " ({part:?} is not an index below {})",
            value.len().unwrap_or(0)
        ),
        kind => format!(" (cannot look up {part:?} in a {kind})"),
    }
}

/// Returns the cell's HTML and whether it holds a number.
fn format_cell(value: &Value, digits: Option<usize>) -> (String, bool) {
    if value.is_safe() {
        return (value.as_str().unwrap_or_default().to_string(), false);
    }
    match value.kind() {
        ValueKind::None => (String::new(), false),
        ValueKind::Number if value.is_integer() => (value.to_string(), true),
        ValueKind::Number => {
            let number = f64::try_from(value.clone()).unwrap_or(f64::NAN);
            let text = match digits {
                Some(digits) => fixed(number, digits),
                None => value.to_string(),
            };
            (text, true)
        }
        _ => (escape_html(&value.to_string()), false),
    }
}

fn fail(detail: String) -> Error {
    Error::new(ErrorKind::InvalidOperation, format!("table: {detail}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::environment::new_environment;

    fn render(template: &str) -> Result<String, Error> {
        let mut environment = new_environment();
        environment.add_function("table", render_table);
        let rows = serde_json::json!([
            {"name": "base<line>", "test": {"accuracy": 0.87654, "n": 100}},
            {"name": "noise & co", "test": {"accuracy": 0.9, "n": 100}}
        ]);
        environment.render_named_str("t.html", template, minijinja::context! { rows })
    }

    #[test]
    fn renders_escaped_cells_and_aligned_numbers() {
        let html = render(
            "{{ table(rows, ['name', ['test.accuracy', 'Accuracy'], 'test.n'], digits=3) }}",
        )
        .unwrap();
        assert!(
            html.contains(
                "<th scope=\"col\">name</th><th scope=\"col\" class=\"num\">Accuracy</th>"
            )
        );
        assert!(html.contains(
            "<td>base&lt;line&gt;</td><td class=\"num\">0.877</td><td class=\"num\">100</td>"
        ));
        assert!(html.contains("<td>noise &amp; co</td><td class=\"num\">0.900</td>"));
        assert!(!html.contains("&amp;lt;"), "escaped twice: {html}");
    }

    #[test]
    fn missing_key_names_row_and_known_keys() {
        let error = render("{{ table(rows, ['test.acc']) }}").unwrap_err();
        let detail = error.detail().unwrap();
        assert!(detail.starts_with("table: row 1"), "{detail}");
        assert!(
            detail.contains("\"acc\" is not among its keys: accuracy, n"),
            "{detail}"
        );
    }

    #[test]
    fn rejects_bad_columns_and_options() {
        let error = render("{{ table(rows, [1]) }}").unwrap_err();
        assert!(
            error
                .detail()
                .unwrap()
                .contains("list of keys or [key, header] pairs")
        );

        let error = render("{{ table(rows, ['name'], colour='red') }}").unwrap_err();
        assert_eq!(error.kind(), ErrorKind::TooManyArguments);

        let error = render("{{ table('x', ['name']) }}").unwrap_err();
        assert!(
            error
                .detail()
                .unwrap()
                .contains("rows must be a list, got string x")
        );
    }
}
