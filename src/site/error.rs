//! The one error type of the site renderer.
//!
//! Every variant names what the user has to look at (a file with its line,
//! and column when known, or the value at fault) and ends with a hint. The
//! messages start in lowercase and carry no final period, so that callers can
//! prefix them ("error: ...") and chain causes after them.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// A failure while loading a book or theme, rendering pages or writing a site.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    /// A file or folder of the input could not be read.
    #[error("cannot read {}: {source}\n  hint: {hint}", path.display())]
    Read {
        /// The file or folder that could not be read.
        path: PathBuf,
        /// What the operating system reported.
        source: io::Error,
        /// What the user can do about it.
        hint: String,
    },

    /// `SUMMARY.md` has a line the parser does not understand.
    #[error("{location}: {message}\n  hint: {hint}")]
    Summary {
        /// `SUMMARY.md` and the line at fault.
        location: SourceLocation,
        /// What is wrong with the line.
        message: String,
        /// What a correct line looks like.
        hint: String,
    },

    /// `SUMMARY.md` links to a chapter file that does not exist.
    #[error(
        "{location}: chapter file {} does not exist\n  \
         hint: create the file, or fix the link in SUMMARY.md",
        tried.display()
    )]
    MissingChapter {
        /// `SUMMARY.md` and the line of the link.
        location: SourceLocation,
        /// The path the link resolved to.
        tried: PathBuf,
    },

    /// A Markdown file sits in the book folder but `SUMMARY.md` does not list
    /// it, so it would silently be left out of the report.
    #[error(
        "{} is not listed in {}\n  \
         hint: add a line like `- [Chapter title]({name})` to SUMMARY.md, or remove the file",
        file.display(),
        summary.display()
    )]
    UnlistedChapter {
        /// The unlisted Markdown file.
        file: PathBuf,
        /// Its file name, as it would appear in a `SUMMARY.md` link.
        name: String,
        /// The `SUMMARY.md` that should list it.
        summary: PathBuf,
    },

    /// A chapter or layout template failed to compile or to render.
    #[error("{location}: {message}\n  hint: {hint}")]
    Template {
        /// The template file, with line and column when the engine knows them.
        location: SourceLocation,
        /// The template engine's description of the failure, followed by the
        /// offending source line and a marker under the fault when known.
        message: String,
        /// What the user can do about it.
        hint: String,
    },

    /// A value handed to the renderer (figure id, download name, extra
    /// context name) cannot be used.
    #[error("invalid {what} {value:?}: {problem}\n  hint: {hint}")]
    InvalidInput {
        /// What kind of value it is, e.g. "figure id".
        what: &'static str,
        /// The value at fault.
        value: String,
        /// Why it cannot be used.
        problem: String,
        /// What is allowed instead.
        hint: String,
    },

    /// Two inputs would be written to the same file of the site.
    #[error(
        "two files would be written to {}: {first} and {second}\n  \
         hint: rename one of them",
        path.display()
    )]
    Collision {
        /// The path inside the site folder.
        path: PathBuf,
        /// Where the first file came from.
        first: String,
        /// Where the second file came from.
        second: String,
    },

    /// A page links to a file the site does not have, or links in a way
    /// that breaks when the site moves.
    #[error("{page} links to `{link}`, which {problem}\n  hint: {hint}")]
    BrokenLink {
        /// The page, as a path inside the site.
        page: String,
        /// The link as written.
        link: String,
        /// What is wrong with it.
        problem: String,
        /// What the user can do about it.
        hint: String,
    },

    /// The site could not be written to its output folder.
    #[error(
        "cannot write the site to {}: {action} {}: {source}\n  hint: {hint}",
        target.display(),
        path.display()
    )]
    Write {
        /// The output folder the user asked for.
        target: PathBuf,
        /// What was being done, e.g. "cannot create".
        action: &'static str,
        /// The path the operation failed on.
        path: PathBuf,
        /// What the operating system reported.
        source: io::Error,
        /// What the user can do about it.
        hint: String,
    },
}

impl SiteError {
    /// Whether the user's input is at fault (a chapter, the layout, the
    /// output path), as opposed to the machine failing to write the site.
    pub fn is_bad_input(&self) -> bool {
        !matches!(self, SiteError::Write { .. })
    }
}

/// A place in a source file: the path, and the line and column when known.
///
/// Lines and columns count from 1. Displayed as `path:line:column`, the form
/// editors and terminals turn into a jump target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLocation {
    /// The file.
    pub path: PathBuf,
    /// The line, counting from 1.
    pub line: Option<usize>,
    /// The column in characters, counting from 1.
    pub column: Option<usize>,
}

impl SourceLocation {
    /// A location that points at a whole line.
    pub fn line(path: impl Into<PathBuf>, line: usize) -> Self {
        SourceLocation {
            path: path.into(),
            line: Some(line),
            column: None,
        }
    }
}

impl fmt::Display for SourceLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_shows_only_what_is_known() {
        let mut location = SourceLocation::line("book/intro.md", 3);
        assert_eq!(location.to_string(), "book/intro.md:3");

        location.column = Some(7);
        assert_eq!(location.to_string(), "book/intro.md:3:7");

        location.line = None;
        assert_eq!(location.to_string(), "book/intro.md");
    }
}
