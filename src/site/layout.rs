//! A chapter body wrapped in the layout, `templates/page.html`.
//!
//! The layout sees:
//!
//! - `site`: `title`, `version`, `commit` (or none), `config_hash`, `seeds`,
//!   `timestamp` and `timestamp_iso` (none unless a time was given);
//! - `page`: `title`, `file` (the chapter's Markdown file), `href` (its page)
//!   and `body` (the chapter's HTML, marked safe);
//! - `toc`: the table of contents, a list of `{title, href, is_current,
//!   children}` where `children` holds the nested chapters in the same form;
//! - `prev`, `next`: `{title, href}` of the neighbouring pages in reading
//!   order, or none on the first and last page;
//! - `downloads`: a list of `{name, href, size}` (size in bytes).
//!
//! Every page sits at the site root, so every `href` is a bare file name and
//! the site works from `file://`, a domain root or any sub-path.

use minijinja::Environment;
use minijinja::value::Value;
use serde::Serialize;

use super::book::Book;
use super::error::{SiteError, SourceLocation};
use super::input::Download;
use super::metadata::SiteInfo;
use super::template_error::{TemplateFile, template_error};
use super::theme::LAYOUT;

const NAMES_HINT: &str = "page.html can use site, page, toc, prev, next and downloads";

#[derive(Serialize)]
struct PageContext<'a> {
    site: &'a SiteInfo,
    page: PageInfo<'a>,
    toc: Vec<TocEntry<'a>>,
    prev: Option<NavLink<'a>>,
    next: Option<NavLink<'a>>,
    downloads: Vec<DownloadLink<'a>>,
}

#[derive(Serialize)]
struct PageInfo<'a> {
    title: &'a str,
    file: &'a str,
    href: &'a str,
    body: Value,
}

#[derive(Serialize)]
struct TocEntry<'a> {
    title: &'a str,
    href: &'a str,
    is_current: bool,
    children: Vec<TocEntry<'a>>,
}

#[derive(Serialize)]
struct NavLink<'a> {
    title: &'a str,
    href: &'a str,
}

#[derive(Serialize)]
struct DownloadLink<'a> {
    name: &'a str,
    href: &'a str,
    size: usize,
}

/// Renders the page of chapter number `current` around its `body`.
pub(crate) fn render_page<'a>(
    environment: &Environment<'static>,
    book: &'a Book,
    current: usize,
    site: &SiteInfo,
    body: String,
    downloads: &[Download],
    find: impl Fn(&str) -> Option<TemplateFile<'a>>,
) -> Result<String, SiteError> {
    let chapter = &book.chapters[current];
    let link = |index: usize| {
        book.chapters.get(index).map(|neighbour| NavLink {
            title: &neighbour.title,
            href: &neighbour.page,
        })
    };
    let context = PageContext {
        site,
        page: PageInfo {
            title: &chapter.title,
            file: &chapter.file,
            href: &chapter.page,
            body: Value::from_safe_string(body),
        },
        toc: table_of_contents(book, current),
        prev: current.checked_sub(1).and_then(link),
        next: link(current + 1),
        downloads: downloads
            .iter()
            .map(|download| DownloadLink {
                name: &download.name,
                href: &download.name,
                size: download.bytes.len(),
            })
            .collect(),
    };

    let Some(layout) = find(LAYOUT) else {
        unreachable!("load_theme guarantees a {LAYOUT}");
    };
    let fail = |error: minijinja::Error| template_error(&error, layout, &find, NAMES_HINT);
    let page = environment
        .get_template(LAYOUT)
        .and_then(|template| template.render(&context))
        .map_err(fail)?;
    log::debug!("rendered page {}", chapter.page);
    Ok(page)
}

/// Stands in for a chapter's HTML to see where the layout puts it.
const BODY_PROBE: &str = "<!-- noise-report: page.body -->";

/// Checks that the layout shows the chapter: a layout that never outputs
/// `page.body` would give a site of empty pages. The first page is
/// rendered with a probe for its body, which survives filters that keep
/// the text (`indent`, `trim`), unlike a comparison with the real body.
pub(crate) fn check_layout_shows_body<'a>(
    environment: &Environment<'static>,
    book: &'a Book,
    site: &SiteInfo,
    downloads: &[Download],
    find: impl Fn(&str) -> Option<TemplateFile<'a>> + Copy,
) -> Result<(), SiteError> {
    let page = render_page(
        environment,
        book,
        0,
        site,
        BODY_PROBE.into(),
        downloads,
        find,
    )?;
    if page.contains(BODY_PROBE) {
        return Ok(());
    }
    let Some(layout) = find(LAYOUT) else {
        unreachable!("load_theme guarantees a {LAYOUT}");
    };
    Err(SiteError::Template {
        location: SourceLocation {
            path: layout.path.to_path_buf(),
            line: None,
            column: None,
        },
        message: "the layout never outputs `page.body`, so every page would be empty".into(),
        hint: "put `{{ page.body }}` where the chapter belongs in the layout".into(),
    })
}

/// The chapters as a tree of at most two levels, the current one marked.
fn table_of_contents(book: &Book, current: usize) -> Vec<TocEntry<'_>> {
    let mut toc: Vec<TocEntry> = Vec::new();
    for (index, chapter) in book.chapters.iter().enumerate() {
        let entry = TocEntry {
            title: &chapter.title,
            href: &chapter.page,
            is_current: index == current,
            children: Vec::new(),
        };
        // `SUMMARY.md` parsing guarantees a top-level entry before any nested one.
        match toc.last_mut() {
            Some(parent) if chapter.level > 0 => parent.children.push(entry),
            _ => toc.push(entry),
        }
    }
    toc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::book::Chapter;

    fn book() -> Book {
        let chapter = |file: &str, page: &str, level| Chapter {
            title: file.to_uppercase(),
            file: file.into(),
            path: file.into(),
            page: page.into(),
            level,
            source: String::new(),
        };
        Book {
            dir: "book".into(),
            title: "Book".into(),
            chapters: vec![
                chapter("a.md", "index.html", 0),
                chapter("b.md", "b.html", 1),
                chapter("c.md", "c.html", 0),
            ],
        }
    }

    #[test]
    fn nested_chapters_become_children() {
        let book = book();
        let toc = table_of_contents(&book, 1);
        assert_eq!(toc.len(), 2);
        assert_eq!(toc[0].children.len(), 1);
        assert!(toc[0].children[0].is_current);
        assert!(!toc[0].is_current);
    }
}
