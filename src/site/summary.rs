//! Parsing `SUMMARY.md`, the book's table of contents.
//!
//! The format is a small subset of mdBook's:
//!
//! ```markdown
//! # Gaussian noise as a regulariser
//!
//! - [Introduction](intro.md)
//! - [Results](results.md)
//!   - [The noise grid](grid.md)
//! ```
//!
//! A `# Title` line comes first, then one list item per chapter. Items may be
//! nested one level by indenting them (2 to 4 spaces, or a tab). Blank lines
//! are ignored; any other line is an error, so that a typo never silently
//! drops a chapter.
//!
//! Note: chapter files must sit directly in the book folder. That keeps every
//! page at the site root, so all links between pages stay plain file names.

use std::path::Path;

use super::error::{SiteError, SourceLocation};

/// The parsed table of contents, before any chapter file is opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The text of the `# Title` line.
    pub title: String,
    /// The chapters in reading order.
    pub entries: Vec<SummaryEntry>,
}

/// One `- [Title](file.md)` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryEntry {
    /// The link text, shown in the table of contents.
    pub title: String,
    /// The link target: a Markdown file name in the book folder.
    pub file: String,
    /// 0 for top-level entries, 1 for nested ones.
    pub level: usize,
    /// The line of `SUMMARY.md` the entry came from, counting from 1.
    pub line: usize,
}

const ITEM_HINT: &str = "chapter lines look like `- [Chapter title](file.md)`, \
     nested ones indented by two spaces";

/// Parses the text of `SUMMARY.md`; `path` is only used in error messages.
pub fn parse_summary(path: &Path, text: &str) -> Result<Summary, SiteError> {
    let mut title = None;
    let mut entries: Vec<SummaryEntry> = Vec::new();

    for (index, raw_line) in text.lines().enumerate() {
        let line_number = index + 1;
        let line = raw_line.trim_end();
        if line.trim().is_empty() {
            continue;
        }
        let error = |message: String, hint: &str| SiteError::Summary {
            location: SourceLocation::line(path, line_number),
            message,
            hint: hint.to_string(),
        };

        // The title must come before anything else.
        if title.is_none() {
            let Some(text) = line.strip_prefix("# ").map(str::trim) else {
                return Err(error(
                    format!("expected a title line like `# My report`, found `{line}`"),
                    "start SUMMARY.md with `# ` followed by the book's title",
                ));
            };
            if text.is_empty() {
                return Err(error(
                    "the title is empty".into(),
                    "write the title after `# `",
                ));
            }
            title = Some(text.to_string());
            continue;
        }

        let level = nesting_level(line).map_err(|message| error(message, ITEM_HINT))?;
        if level == 1 && entries.is_empty() {
            return Err(error(
                "an indented chapter needs a top-level chapter above it".into(),
                "remove the indentation of the first chapter line",
            ));
        }
        let (chapter_title, file) = parse_item(line.trim()).map_err(|m| error(m, ITEM_HINT))?;
        check_chapter_file(file).map_err(|(message, hint)| error(message, &hint))?;

        if let Some(earlier) = entries.iter().find(|entry| entry.file == file) {
            return Err(error(
                format!("{file} is already listed on line {}", earlier.line),
                "list every chapter once",
            ));
        }
        entries.push(SummaryEntry {
            title: chapter_title.to_string(),
            file: file.to_string(),
            level,
            line: line_number,
        });
    }

    let Some(title) = title else {
        return Err(SiteError::Summary {
            location: SourceLocation::line(path, 1),
            message: "SUMMARY.md is empty".into(),
            hint: "start it with `# Title`, then list the chapters as `- [Title](file.md)`".into(),
        });
    };
    if entries.is_empty() {
        return Err(SiteError::Summary {
            location: SourceLocation::line(path, text.lines().count().max(1)),
            message: "SUMMARY.md lists no chapters".into(),
            hint: ITEM_HINT.into(),
        });
    }
    Ok(Summary { title, entries })
}

/// Reads the nesting level from a line's indentation.
fn nesting_level(line: &str) -> Result<usize, String> {
    let indent: usize = line
        .chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum();
    match indent {
        0 => Ok(0),
        2..=4 => Ok(1),
        1 => Err("indent nested chapters by two spaces, not one".into()),
        _ => Err("chapters can be nested only one level deep".into()),
    }
}

/// Splits `- [Title](file.md)` into its title and file.
fn parse_item(item: &str) -> Result<(&str, &str), String> {
    let expected = || format!("expected `- [Chapter title](file.md)`, found `{item}`");

    let link = item
        .strip_prefix("- ")
        .or_else(|| item.strip_prefix("* "))
        .map(str::trim_start)
        .ok_or_else(expected)?;
    let inner = link
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(')'))
        .ok_or_else(expected)?;
    // The last `](` splits the pair, so titles may contain brackets.
    let (title, file) = inner.rsplit_once("](").ok_or_else(expected)?;

    let (title, file) = (title.trim(), file.trim());
    if title.is_empty() {
        return Err(format!("the chapter title is empty in `{item}`"));
    }
    if file.is_empty() {
        return Err(format!("the chapter file is empty in `{item}`"));
    }
    Ok((title, file))
}

/// Checks that a link target is a plain Markdown file name.
fn check_chapter_file(file: &str) -> Result<(), (String, String)> {
    let plain = "link to a Markdown file directly in the book folder, like `results.md`";
    if file.contains("://") || file.starts_with('/') || file.contains(['/', '\\']) {
        return Err((
            format!("chapter link {file:?} is not a file name in the book folder"),
            format!("{plain}; chapters in subfolders are not supported"),
        ));
    }
    if file.contains('#') || file.contains('?') {
        return Err((
            format!("chapter link {file:?} has an anchor or query"),
            plain.into(),
        ));
    }
    if !file.ends_with(".md") || file.starts_with('.') {
        return Err((
            format!("chapter link {file:?} is not a Markdown file"),
            plain.into(),
        ));
    }
    let is_plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if !file.chars().all(is_plain) {
        return Err((
            format!(
                "chapter file name {file:?} has characters other than letters, digits, `-`, `_` and `.`"
            ),
            "rename the file; its name becomes the page's address".into(),
        ));
    }
    if file == "SUMMARY.md" {
        return Err((
            "SUMMARY.md cannot list itself as a chapter".into(),
            plain.into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Summary, SiteError> {
        parse_summary(Path::new("book/SUMMARY.md"), text)
    }

    fn error_message(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn reads_title_and_nested_entries() {
        let summary = parse(
            "# Noise\n\n- [Intro](intro.md)\n* [Results [all]](results.md)\n  - [Grid](grid.md)\n",
        )
        .unwrap();

        assert_eq!(summary.title, "Noise");
        let files: Vec<_> = summary.entries.iter().map(|e| e.file.as_str()).collect();
        assert_eq!(files, ["intro.md", "results.md", "grid.md"]);
        assert_eq!(summary.entries[1].title, "Results [all]");
        assert_eq!(summary.entries[2].level, 1);
        assert_eq!(summary.entries[2].line, 5);
    }

    #[test]
    fn missing_title_names_line_one() {
        let message = error_message("- [Intro](intro.md)\n");
        assert!(
            message.starts_with("book/SUMMARY.md:1: expected a title line"),
            "{message}"
        );
        assert!(message.contains("hint:"), "{message}");
    }

    #[test]
    fn malformed_line_names_its_number_and_the_expected_form() {
        let message = error_message("# T\n- [Intro](intro.md)\nsome prose\n");
        assert!(message.starts_with("book/SUMMARY.md:3: expected `- [Chapter title](file.md)`"));
        assert!(message.contains("found `some prose`"), "{message}");

        let message = error_message("# T\n- [Intro](intro.md\n");
        assert!(message.starts_with("book/SUMMARY.md:2:"), "{message}");
    }

    #[test]
    fn rejects_links_outside_the_book_folder() {
        let message = error_message("# T\n- [A](../a.md)\n");
        assert!(message.contains("book/SUMMARY.md:2:"), "{message}");
        assert!(message.contains("subfolders"), "{message}");

        let message = error_message("# T\n- [A](a.txt)\n");
        assert!(message.contains("not a Markdown file"), "{message}");

        let message = error_message("# T\n- [A](my chapter.md)\n");
        assert!(message.contains("other than letters, digits"), "{message}");
    }

    #[test]
    fn rejects_deep_nesting_duplicates_and_empty_lists() {
        let deep = error_message("# T\n- [A](a.md)\n  - [B](b.md)\n      - [C](c.md)\n");
        assert!(
            deep.contains(":4: chapters can be nested only one level"),
            "{deep}"
        );

        let twice = error_message("# T\n- [A](a.md)\n- [Again](a.md)\n");
        assert!(
            twice.contains(":3: a.md is already listed on line 2"),
            "{twice}"
        );

        let empty = error_message("# T\n\n");
        assert!(empty.contains("lists no chapters"), "{empty}");
    }
}
