//! The theme: layout templates and the assets copied beside the pages.
//!
//! In the theme folder (`templates/`), every `*.html` file is a template
//! (the layout is `page.html`; others can be included from it) and every
//! other file is an asset, copied to the same relative path in the site, so
//! adding `templates/logo.png` is enough to use `logo.png` in the layout.
//! Hidden files (`.DS_Store`, editor swap files) are skipped.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::environment::new_environment;
use super::error::SiteError;
use super::template_error::{TemplateFile, template_error};

/// The layout every page goes through.
pub(crate) const LAYOUT: &str = "page.html";

/// A loaded theme folder.
#[derive(Debug, Clone)]
pub struct Theme {
    /// The theme folder.
    pub dir: PathBuf,
    /// Template name (relative path with `/`) → file and text.
    pub(crate) templates: BTreeMap<String, ThemeFile<String>>,
    /// Asset path (relative, with `/`) → file and content.
    pub(crate) assets: BTreeMap<String, ThemeFile<Vec<u8>>>,
}

/// A file of the theme with its content.
#[derive(Debug, Clone)]
pub(crate) struct ThemeFile<T> {
    pub path: PathBuf,
    pub content: T,
}

impl Theme {
    /// The names of the assets, sorted, e.g. `style.css`.
    pub fn asset_names(&self) -> impl Iterator<Item = &str> {
        self.assets.keys().map(String::as_str)
    }

    /// The template with this name, for locating errors.
    pub(crate) fn template_file(&self, name: &str) -> Option<TemplateFile<'_>> {
        self.templates.get(name).map(|file| TemplateFile {
            path: &file.path,
            source: &file.content,
        })
    }
}

/// Reads the theme folder and compiles its templates.
pub fn load_theme(dir: &Path) -> Result<Theme, SiteError> {
    let mut theme = Theme {
        dir: dir.to_path_buf(),
        templates: BTreeMap::new(),
        assets: BTreeMap::new(),
    };
    collect(dir, "", &mut theme)?;

    if !theme.templates.contains_key(LAYOUT) {
        return Err(SiteError::Read {
            path: dir.join(LAYOUT),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
            hint: format!("the theme folder {} needs a {LAYOUT} layout", dir.display()),
        });
    }

    let mut environment = new_environment();
    for (name, file) in &theme.templates {
        let current = TemplateFile {
            path: &file.path,
            source: &file.content,
        };
        environment
            .add_template_owned(name.clone(), file.content.clone())
            .map_err(|error| template_error(&error, current, |_| None, ""))?;
    }
    log::debug!(
        "loaded theme {} with {} templates and {} assets",
        dir.display(),
        theme.templates.len(),
        theme.assets.len()
    );
    Ok(theme)
}

/// Adds the files under `dir` (at `prefix` in the site) to `theme`.
fn collect(dir: &Path, prefix: &str, theme: &mut Theme) -> Result<(), SiteError> {
    let unreadable = |path: &Path, source| SiteError::Read {
        path: path.to_path_buf(),
        source,
        hint: "check that the theme folder exists and is readable".into(),
    };

    let mut entries = Vec::new();
    for entry in fs::read_dir(dir).map_err(|error| unreadable(dir, error))? {
        let entry = entry.map_err(|error| unreadable(dir, error))?;
        // Symbolic links to folders are not followed, so a loop cannot recurse forever.
        let is_folder = entry.file_type().is_ok_and(|kind| kind.is_dir());
        entries.push((entry.path(), is_folder));
    }
    entries.sort();

    for (path, is_folder) in entries {
        let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        let relative = format!("{prefix}{name}");

        if is_folder {
            collect(&path, &format!("{relative}/"), theme)?;
        } else if name.ends_with(".html") {
            let bytes = fs::read(&path).map_err(|error| unreadable(&path, error))?;
            let content = String::from_utf8(bytes).map_err(|error| SiteError::Read {
                path: path.clone(),
                source: std::io::Error::new(std::io::ErrorKind::InvalidData, error.utf8_error()),
                hint: "save the template as UTF-8".into(),
            })?;
            theme
                .templates
                .insert(relative, ThemeFile { path, content });
        } else {
            let content = fs::read(&path).map_err(|error| unreadable(&path, error))?;
            theme.assets.insert(relative, ThemeFile { path, content });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_templates_from_assets() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("page.html"), "{{ page.title }}").unwrap();
        fs::write(dir.path().join("style.css"), "body{}").unwrap();
        fs::write(dir.path().join(".hidden"), "x").unwrap();
        fs::create_dir(dir.path().join("img")).unwrap();
        fs::write(dir.path().join("img/logo.png"), [0u8, 1, 2]).unwrap();

        let theme = load_theme(dir.path()).unwrap();
        assert_eq!(theme.templates.keys().collect::<Vec<_>>(), ["page.html"]);
        assert_eq!(
            theme.asset_names().collect::<Vec<_>>(),
            ["img/logo.png", "style.css"]
        );
    }

    #[test]
    fn needs_a_layout_that_compiles() {
        let dir = tempfile::tempdir().unwrap();
        let message = load_theme(dir.path()).unwrap_err().to_string();
        assert!(message.contains("page.html"), "{message}");

        fs::write(dir.path().join("page.html"), "<p>\n{% if %}</p>").unwrap();
        let message = load_theme(dir.path()).unwrap_err().to_string();
        let layout = dir.path().join("page.html");
        assert!(
            message.starts_with(&format!("{}:2", layout.display())),
            "{message}"
        );
    }
}
