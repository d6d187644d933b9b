//! The site renderer: a book of Markdown chapters, the results, figures and
//! downloads in; a folder of static HTML out.
//!
//! Use it in two steps so mistakes in the book surface before any training:
//!
//! ```no_run
//! # fn main() -> Result<(), noise_report::site::SiteError> {
//! use std::path::Path;
//! use noise_report::site::{SiteInput, SiteMetadata, build_site, load_book, load_theme};
//!
//! let book = load_book(Path::new("book"))?; // SUMMARY.md, files, template syntax
//! let theme = load_theme(Path::new("templates"))?;
//! // ... train, compute results and figures ...
//! let summary = build_site(&SiteInput {
//!     book,
//!     theme,
//!     output: "output".into(),
//!     results: serde_json::json!({"experiments": []}),
//!     extra: Default::default(),
//!     figures: vec![],
//!     downloads: vec![],
//!     metadata: SiteMetadata::default(),
//! })?;
//! println!("wrote {} pages", summary.pages.len());
//! # Ok(()) }
//! ```
//!
//! How the pieces fit, in the order a build runs:
//!
//! - `summary.rs` parses `SUMMARY.md`; `book.rs` loads and checks the
//!   chapters; `theme.rs` loads `templates/`.
//! - `environment.rs` sets up the template engine; `helpers.rs`, `table.rs`
//!   and `numbers.rs` are the functions chapters call (documented there).
//! - `chapter.rs` renders a chapter's template; `printed_values.rs` keeps
//!   printed values away from Markdown; `markdown.rs` and `heading_id.rs`
//!   make the HTML body; `layout.rs` wraps it in `page.html`.
//! - `files.rs` gathers the site in memory; `writer.rs` writes it beside the
//!   target and swaps it in.
#![warn(missing_docs)]

mod book;
mod chapter;
mod environment;
mod error;
mod files;
mod heading_id;
mod helpers;
mod html;
mod input;
mod layout;
mod links;
mod markdown;
mod metadata;
mod numbers;
mod printed_values;
mod summary;
mod table;
mod template_error;
mod theme;
mod writer;

#[cfg(test)]
mod tests;

pub use book::{Book, Chapter, load_book};
pub use error::{SiteError, SourceLocation};
pub use input::{Download, Figure, SiteInput, SiteSummary};
pub use metadata::SiteMetadata;
pub use theme::{Theme, load_theme};
pub use writer::{SITE_MARKER, check_replaceable};

use chapter::{ChapterGlobals, render_chapter};
use environment::new_environment;
use files::SiteFiles;
use helpers::{HelperCatalog, register_helpers};
use layout::{check_layout_shows_body, render_page};
use metadata::SiteInfo;
use template_error::TemplateFile;

/// Renders every chapter and writes the site to `input.output`, replacing
/// the previous site only once everything succeeded.
///
/// The same input always gives byte-identical files.
pub fn build_site(input: &SiteInput) -> Result<SiteSummary, SiteError> {
    input.validate()?;
    let book = &input.book;
    let theme = &input.theme;

    // One engine holds the chapters, the layout and the helpers.
    let mut environment = new_environment();
    let catalog = HelperCatalog {
        figures: input
            .figures
            .iter()
            .map(|f| (f.id.clone(), f.alt.clone()))
            .collect(),
        pages: book
            .chapters
            .iter()
            .map(|c| (c.file.clone(), c.page.clone()))
            .collect(),
    };
    register_helpers(&mut environment, catalog);
    let find = |name: &str| -> Option<TemplateFile<'_>> {
        book.chapters
            .iter()
            .find(|chapter| chapter.file == name)
            .map(|chapter| TemplateFile {
                path: &chapter.path,
                source: &chapter.source,
            })
            .or_else(|| theme.template_file(name))
    };
    for chapter in &book.chapters {
        let file = TemplateFile {
            path: &chapter.path,
            source: &chapter.source,
        };
        add_template(&mut environment, &chapter.file, file, find)?;
    }
    for (name, file) in &theme.templates {
        let file = TemplateFile {
            path: &file.path,
            source: &file.content,
        };
        add_template(&mut environment, name, file, find)?;
    }

    let site = SiteInfo::new(&input.metadata, &book.title);
    let globals = ChapterGlobals::new(input, &site);
    check_layout_shows_body(&environment, book, &site, &input.downloads, find)?;
    let mut files = SiteFiles::default();
    for (index, chapter) in book.chapters.iter().enumerate() {
        let body = render_chapter(&environment, chapter, &globals, find)?;
        let page = render_page(
            &environment,
            book,
            index,
            &site,
            body,
            &input.downloads,
            find,
        )?;
        let origin = format!("the page of {}", chapter.path.display());
        files.add(chapter.page.clone(), page.into_bytes(), origin)?;
    }

    for figure in &input.figures {
        let path = format!("figures/{}.svg", figure.id);
        let origin = format!("figure {:?}", figure.id);
        files.add(path, figure.svg.clone().into_bytes(), origin)?;
    }
    for download in &input.downloads {
        let origin = format!("download {:?}", download.name);
        files.add(download.name.clone(), download.bytes.clone(), origin)?;
    }
    for (path, asset) in &theme.assets {
        let origin = format!("theme file {}", asset.path.display());
        files.add(path.clone(), asset.content.clone(), origin)?;
    }

    links::check_links(&files)?;
    writer::write_site(&input.output, &files)?;
    log::info!(
        "site written to {} ({} pages, {} figures)",
        input.output.display(),
        book.chapters.len(),
        input.figures.len()
    );
    Ok(SiteSummary {
        output: input.output.clone(),
        pages: book.chapters.iter().map(|c| c.page.clone()).collect(),
        files: files.paths(),
    })
}

/// Compiles a template into the engine under `name`.
fn add_template<'a>(
    environment: &mut minijinja::Environment<'static>,
    name: &str,
    file: TemplateFile<'a>,
    find: impl Fn(&str) -> Option<TemplateFile<'a>>,
) -> Result<(), SiteError> {
    environment
        .add_template_owned(name.to_string(), file.source.to_string())
        .map_err(|error| template_error::template_error(&error, file, find, ""))
}
