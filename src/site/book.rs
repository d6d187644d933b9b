//! The book: `SUMMARY.md` and its chapters, loaded and checked.
//!
//! [`load_book`] does every check that needs no results, so the caller can
//! run it before training and fail in a second instead of after an hour:
//! the table of contents parses, every listed file exists, no Markdown file
//! is left out, and every chapter compiles as a template.

use std::fs;
use std::path::{Path, PathBuf};

use super::environment::new_environment;
use super::error::{SiteError, SourceLocation};
use super::summary::parse_summary;
use super::template_error::{TemplateFile, template_error};

/// A loaded and checked book.
#[derive(Debug, Clone)]
pub struct Book {
    /// The book folder.
    pub dir: PathBuf,
    /// The title from `SUMMARY.md`.
    pub title: String,
    /// The chapters in reading order.
    pub chapters: Vec<Chapter>,
}

/// One chapter: a Markdown file that is also a template.
#[derive(Debug, Clone)]
pub struct Chapter {
    /// The title from its `SUMMARY.md` line.
    pub title: String,
    /// Its file name in the book folder, e.g. `results.md`.
    pub file: String,
    /// Its full path, for messages.
    pub path: PathBuf,
    /// The page it becomes: `index.html` for the first chapter,
    /// `<stem>.html` for the others.
    pub page: String,
    /// 0 for top-level chapters, 1 for nested ones.
    pub level: usize,
    /// The template text.
    pub source: String,
}

/// Reads `SUMMARY.md` and the chapters of the book in `dir`, and compiles
/// every chapter without rendering it.
pub fn load_book(dir: &Path) -> Result<Book, SiteError> {
    let summary_path = dir.join("SUMMARY.md");
    let summary_text = read_text(&summary_path, || {
        format!(
            "the book folder {} needs a SUMMARY.md with a `# Title` line and a list of chapters",
            dir.display()
        )
    })?;
    let summary = parse_summary(&summary_path, &summary_text)?;

    let mut chapters: Vec<Chapter> = Vec::with_capacity(summary.entries.len());
    for (index, entry) in summary.entries.iter().enumerate() {
        let path = dir.join(&entry.file);
        if !path.is_file() {
            return Err(SiteError::MissingChapter {
                location: SourceLocation::line(&summary_path, entry.line),
                tried: path,
            });
        }
        let page = page_name(index, &entry.file);
        if let Some(first) = chapters.first().filter(|first| first.page == page) {
            return Err(SiteError::Summary {
                location: SourceLocation::line(&summary_path, entry.line),
                message: format!(
                    "{} would overwrite {page}, the page of {}",
                    entry.file, first.file
                ),
                hint: "the first chapter becomes index.html; rename index.md or list it first"
                    .into(),
            });
        }
        let source = read_text(&path, || "check the file's permissions and encoding".into())?;
        chapters.push(Chapter {
            title: entry.title.clone(),
            file: entry.file.clone(),
            path,
            page,
            level: entry.level,
            source,
        });
    }

    check_all_listed(dir, &summary_path, &chapters)?;
    compile_chapters(&chapters)?;
    log::debug!(
        "loaded book {} with {} chapters",
        dir.display(),
        chapters.len()
    );
    Ok(Book {
        dir: dir.to_path_buf(),
        title: summary.title,
        chapters,
    })
}

/// The page a chapter becomes.
fn page_name(index: usize, file: &str) -> String {
    if index == 0 {
        return "index.html".into();
    }
    let stem = file.strip_suffix(".md").unwrap_or(file);
    format!("{stem}.html")
}

fn read_text(path: &Path, hint: impl Fn() -> String) -> Result<String, SiteError> {
    let bytes = fs::read(path).map_err(|source| SiteError::Read {
        path: path.to_path_buf(),
        source,
        hint: hint(),
    })?;
    String::from_utf8(bytes).map_err(|error| SiteError::Read {
        path: path.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, error.utf8_error()),
        hint: "save the file as UTF-8".into(),
    })
}

/// Fails on the first Markdown file, in name order, that no chapter uses.
fn check_all_listed(dir: &Path, summary: &Path, chapters: &[Chapter]) -> Result<(), SiteError> {
    let entries = fs::read_dir(dir).map_err(|source| SiteError::Read {
        path: dir.to_path_buf(),
        source,
        hint: "check that the book folder exists and is readable".into(),
    })?;

    let mut unlisted: Vec<String> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| SiteError::Read {
            path: dir.to_path_buf(),
            source,
            hint: "check that the book folder is readable".into(),
        })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_chapter_like = name.ends_with(".md") && name != "SUMMARY.md";
        if is_chapter_like && entry.path().is_file() && !chapters.iter().any(|c| c.file == name) {
            unlisted.push(name);
        }
    }

    unlisted.sort();
    match unlisted.into_iter().next() {
        Some(name) => Err(SiteError::UnlistedChapter {
            file: dir.join(&name),
            name,
            summary: summary.to_path_buf(),
        }),
        None => Ok(()),
    }
}

/// Compiles every chapter to catch syntax errors before anything runs.
fn compile_chapters(chapters: &[Chapter]) -> Result<(), SiteError> {
    let mut environment = new_environment();
    for chapter in chapters {
        let file = TemplateFile {
            path: &chapter.path,
            source: &chapter.source,
        };
        environment
            .add_template_owned(chapter.file.clone(), chapter.source.clone())
            .map_err(|error| template_error(&error, file, |_| None, ""))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            fs::write(dir.path().join(name), text).unwrap();
        }
        dir
    }

    #[test]
    fn loads_chapters_in_summary_order() {
        let dir = book(&[
            ("SUMMARY.md", "# Book\n- [One](one.md)\n  - [Two](two.md)\n"),
            ("one.md", "# One\n"),
            ("two.md", "# Two {{ 1 + 1 }}\n"),
            ("notes.txt", "not a chapter"),
        ]);
        let book = load_book(dir.path()).unwrap();

        assert_eq!(book.title, "Book");
        let pages: Vec<_> = book.chapters.iter().map(|c| c.page.as_str()).collect();
        assert_eq!(pages, ["index.html", "two.html"]);
        assert_eq!(book.chapters[1].level, 1);
    }

    #[test]
    fn missing_chapter_names_summary_line_and_path() {
        let dir = book(&[("SUMMARY.md", "# Book\n\n- [One](one.md)\n")]);
        let message = load_book(dir.path()).unwrap_err().to_string();

        let summary = dir.path().join("SUMMARY.md");
        assert!(message.starts_with(&format!("{}:3: chapter file", summary.display())));
        assert!(message.contains(&dir.path().join("one.md").display().to_string()));
    }

    #[test]
    fn unlisted_chapter_is_named_with_a_hint() {
        let dir = book(&[
            ("SUMMARY.md", "# Book\n- [One](one.md)\n"),
            ("one.md", "x"),
            ("zz.md", "x"),
            ("extra.md", "x"),
        ]);
        let message = load_book(dir.path()).unwrap_err().to_string();

        assert!(message.contains("extra.md is not listed in"), "{message}");
        assert!(
            message.contains("add a line like `- [Chapter title](extra.md)`"),
            "{message}"
        );
    }

    #[test]
    fn syntax_error_is_caught_at_load_time() {
        let dir = book(&[
            ("SUMMARY.md", "# Book\n- [One](one.md)\n"),
            ("one.md", "fine\n{% for x in %}\n"),
        ]);
        let message = load_book(dir.path()).unwrap_err().to_string();

        let chapter = dir.path().join("one.md");
        assert!(
            message.starts_with(&format!("{}:2", chapter.display())),
            "{message}"
        );
        assert!(message.contains("syntax error"), "{message}");
    }

    #[test]
    fn index_md_cannot_shadow_the_first_page() {
        let dir = book(&[
            (
                "SUMMARY.md",
                "# Book\n- [One](one.md)\n- [Index](index.md)\n",
            ),
            ("one.md", "x"),
            ("index.md", "x"),
        ]);
        let message = load_book(dir.path()).unwrap_err().to_string();
        assert!(
            message.contains(":3: index.md would overwrite index.html"),
            "{message}"
        );
    }
}
