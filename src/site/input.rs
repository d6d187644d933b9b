//! What the rest of the program hands to [`build_site`](super::build_site),
//! and what it gets back.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::book::Book;
use super::error::SiteError;
use super::helpers::HELPER_NAMES;
use super::metadata::SiteMetadata;
use super::theme::Theme;

/// Everything a site is made from.
#[derive(Debug, Clone)]
pub struct SiteInput {
    /// The chapters, from [`load_book`](super::load_book).
    pub book: Book,
    /// The layout and assets, from [`load_theme`](super::load_theme).
    pub theme: Theme,
    /// The site folder to create or replace, e.g. `output`.
    pub output: PathBuf,
    /// The results, seen by chapters as `results`.
    pub results: serde_json::Value,
    /// More top-level names for chapters, e.g. `verdicts`.
    pub extra: BTreeMap<String, serde_json::Value>,
    /// The figures, written to `figures/<id>.svg`.
    pub figures: Vec<Figure>,
    /// Files written to the site root as they are, e.g. `results.json`.
    pub downloads: Vec<Download>,
    /// Version, commit, configuration hash, seeds and optional time.
    pub metadata: SiteMetadata,
}

/// One SVG figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// Letters, digits, `-` and `_`; the file becomes `figures/<id>.svg`.
    pub id: String,
    /// The SVG document.
    pub svg: String,
    /// The text that replaces the figure for screen readers and broken images.
    pub alt: String,
}

/// One file offered for download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    /// A plain file name such as `results.csv`.
    pub name: String,
    /// The content, written unchanged.
    pub bytes: Vec<u8>,
}

/// What [`build_site`](super::build_site) wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteSummary {
    /// The site folder.
    pub output: PathBuf,
    /// The pages, in reading order, relative to the site folder.
    pub pages: Vec<String>,
    /// Every file, pages included, sorted, relative to the site folder with
    /// `/` separators.
    pub files: Vec<String>,
}

/// Names chapters already see, which `extra` may not reuse.
pub(crate) const RESERVED_NAMES: &[&str] = &["results", "site", "chapter"];

impl SiteInput {
    /// Checks the names that become file names or template variables.
    pub(crate) fn validate(&self) -> Result<(), SiteError> {
        for figure in &self.figures {
            check_file_stem("figure id", &figure.id, false)?;
        }
        for download in &self.downloads {
            check_file_stem("download name", &download.name, true)?;
        }
        for name in self.extra.keys() {
            check_variable_name(name)?;
        }
        Ok(())
    }
}

fn check_file_stem(what: &'static str, value: &str, allow_dot: bool) -> Result<(), SiteError> {
    let allowed =
        |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_' || (allow_dot && c == '.');
    if value.is_empty() || value.starts_with('.') || !value.chars().all(allowed) {
        let dots = if allow_dot { ", `.`" } else { "" };
        return Err(SiteError::InvalidInput {
            what,
            value: value.to_string(),
            problem: "it cannot be used as a file name in the site".into(),
            hint: format!("use ASCII letters, digits, `-`, `_`{dots}, not starting with `.`"),
        });
    }
    Ok(())
}

fn check_variable_name(name: &str) -> Result<(), SiteError> {
    let mut chars = name.chars();
    let is_identifier = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !is_identifier {
        return Err(SiteError::InvalidInput {
            what: "context name",
            value: name.to_string(),
            problem: "chapters could not refer to it".into(),
            hint: "use letters, digits and `_`, starting with a letter".into(),
        });
    }
    if RESERVED_NAMES.contains(&name) || HELPER_NAMES.contains(&name) {
        return Err(SiteError::InvalidInput {
            what: "context name",
            value: name.to_string(),
            problem: "chapters already use this name".into(),
            hint: format!(
                "pick a name other than {} and {}",
                RESERVED_NAMES.join(", "),
                HELPER_NAMES.join(", ")
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_stay_inside_the_site() {
        assert!(check_file_stem("figure id", "loss-curves_2", false).is_ok());
        assert!(check_file_stem("download name", "results.json", true).is_ok());

        let error = check_file_stem("figure id", "../etc", false).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("invalid figure id \"../etc\"")
        );
        assert!(check_file_stem("download name", ".hidden", true).is_err());
        assert!(check_file_stem("download name", "", true).is_err());
    }

    #[test]
    fn extra_names_are_identifiers_not_taken() {
        assert!(check_variable_name("verdicts").is_ok());
        assert!(check_variable_name("2x").is_err());
        let message = check_variable_name("results").unwrap_err().to_string();
        assert!(
            message.contains("chapters already use this name"),
            "{message}"
        );
    }
}
