//! The one error type users see for bad input, and how failures map to exit
//! statuses: 2 for bad input or configuration, 1 for a failed step.

use std::fmt;
use std::path::{Path, PathBuf};

/// Exit status for bad input or configuration.
pub const EXIT_BAD_INPUT: i32 = 2;
/// Exit status for a failed build step or a failed verification.
pub const EXIT_FAILURE: i32 = 1;

/// Where in a file a problem sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file at fault.
    pub file: PathBuf,
    /// Line and column, both from 1, when known.
    pub position: Option<(usize, usize)>,
}

impl Location {
    /// A whole file.
    pub fn file(path: &Path) -> Self {
        Self {
            file: path.to_path_buf(),
            position: None,
        }
    }

    /// The line and column of byte `offset` in `source`, the text of `path`.
    pub fn at_offset(path: &Path, source: &str, offset: usize) -> Self {
        let offset = offset.min(source.len());
        let before = &source[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before
            .rsplit('\n')
            .next()
            .map_or(0, |tail| tail.chars().count())
            + 1;
        Self {
            file: path.to_path_buf(),
            position: Some((line, column)),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        Ok(())
    }
}

/// Input a user can fix: a value, a file or an argument at fault, what is
/// wrong with it, and what to do. Reported with exit status 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// Where the problem is, when it comes from a file.
    pub location: Option<Location>,
    /// What is wrong, naming the value at fault.
    pub message: String,
    /// What is allowed or what to do, when known.
    pub hint: Option<String>,
}

impl InputError {
    /// An error about a value that is not in a file (a command-line argument).
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            location: None,
            message: message.into(),
            hint: None,
        }
    }

    /// An error at a place in a file.
    pub fn at(location: Location, message: impl Into<String>) -> Self {
        Self {
            location: Some(location),
            message: message.into(),
            hint: None,
        }
    }

    /// Adds what is allowed, or how to fix it.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputError {}

/// A check that ran and did not pass (a verification), reported with exit
/// status 1 after its output was printed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CheckFailed(pub String);

/// The exit status an error calls for: [`EXIT_BAD_INPUT`] when the input
/// is at fault, [`EXIT_FAILURE`] otherwise.
pub fn exit_status(error: &anyhow::Error) -> i32 {
    let is_input = error.chain().any(|cause| {
        cause.is::<InputError>()
            || cause
                .downcast_ref::<crate::site::SiteError>()
                .is_some_and(crate::site::SiteError::is_bad_input)
    });
    if is_input {
        EXIT_BAD_INPUT
    } else {
        EXIT_FAILURE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let source = "a = 1\nbb = 2\n";
        let location = Location::at_offset(Path::new("r.toml"), source, 11);
        assert_eq!(location.to_string(), "r.toml:2:6");
    }

    #[test]
    fn input_errors_name_place_message_and_hint() {
        let error =
            InputError::at(Location::file(Path::new("book")), "not found").hint("create it");
        assert_eq!(error.to_string(), "book: not found\n  hint: create it");
        assert_eq!(exit_status(&anyhow::Error::new(error)), EXIT_BAD_INPUT);
        assert_eq!(exit_status(&anyhow::anyhow!("disk full")), EXIT_FAILURE);
    }
}
