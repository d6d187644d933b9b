//! A check, before anything is written, that every local link and image of
//! every page points at a file of the site: a layout that links a
//! stylesheet the theme folder lacks, or a chapter that links a page the
//! book does not have, fails the build instead of publishing a broken site.
//!
//! A link that starts with `/` is refused too: it points at the root of
//! the domain, which breaks the site under `file://` and under a GitHub
//! Pages project path.
//!
//! Note: the scan reads the `href` and `src` attributes of the tags of the
//! generated pages, skipping comments, scripts and style sheets; it is not
//! a general HTML parser. It decodes `%20` and the like but not HTML
//! entities, and does not read `srcset` or CSS `url()`. Links with a scheme
//! (`https:`, `mailto:`, `data:`) and links within a page (`#id`) are not
//! checked.

use std::collections::HashSet;

use percent_encoding::percent_decode_str;

use super::error::SiteError;
use super::files::SiteFiles;

/// Fails on the first page link that does not resolve to a site file.
pub(crate) fn check_links(files: &SiteFiles) -> Result<(), SiteError> {
    let paths: HashSet<&str> = files.iter().map(|(path, _)| path).collect();
    for (page, content) in files.iter().filter(|(path, _)| path.ends_with(".html")) {
        let html = String::from_utf8_lossy(content);
        for link in local_links(&html) {
            let broken = |problem: &str, hint: &str| SiteError::BrokenLink {
                page: page.to_string(),
                link: link.to_string(),
                problem: problem.into(),
                hint: hint.into(),
            };
            if link.starts_with('/') {
                return Err(broken(
                    "starts at the root of the domain and breaks under file:// and \
                     project paths",
                    "write the link relative to the page, without the leading `/`",
                ));
            }
            match resolve(page, link) {
                Some(target) if paths.contains(target.as_str()) => {}
                _ => {
                    return Err(broken(
                        "is not a file of the site",
                        &format!(
                            "add the file to the layout folder, or fix the link in the \
                             chapter or layout that makes {page}"
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The `href` and `src` values of `html` that point at files of the site.
fn local_links(html: &str) -> Vec<&str> {
    let mut links = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        // A tag starts with its name; `a < b` in text is no tag.
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let end = tag_end(rest);
        let values = attributes(&rest[..end])
            .filter(|(name, _)| {
                name.eq_ignore_ascii_case("href") || name.eq_ignore_ascii_case("src")
            })
            .map(|(_, value)| value.trim());
        links.extend(values.filter(|value| is_local(value)));
        // What a script or style sheet holds is not markup, even where it
        // looks like a tag: skip to its end.
        let raw = ["script", "style"]
            .into_iter()
            .find(|name| starts_with_tag(rest, name));
        rest = &rest[end..];
        if let Some(name) = raw {
            let close = format!("</{name}");
            rest = find_ignoring_case(rest, &close).map_or("", |at| &rest[at..]);
        }
    }
    links
}

/// Whether a link names a file of the site rather than a place on the same
/// page or another site.
fn is_local(link: &str) -> bool {
    let has_scheme = link
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.is_empty() && !scheme.contains(['/', '?', '#']));
    !(link.is_empty() || link.starts_with('#') || link.starts_with("//") || has_scheme)
}

/// Whether `text` opens the tag `name` (`script` for `script src=...>`).
fn starts_with_tag(text: &str, name: &str) -> bool {
    text.get(..name.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(name))
        && text[name.len()..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>')
}

/// Where `needle` (lower-case ASCII) first occurs in `text`, in any case.
fn find_ignoring_case(text: &str, needle: &str) -> Option<usize> {
    text.as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The index of the `>` that closes the tag starting at `tag`, skipping
/// quoted values; the length when the tag is not closed.
fn tag_end(tag: &str) -> usize {
    let mut quote = None;
    for (index, c) in tag.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(open), _) if c == open => quote = None,
            (None, '>') => return index,
            _ => {}
        }
    }
    tag.len()
}

/// `(name, value)` of each attribute with a value, after the tag name.
fn attributes(tag: &str) -> impl Iterator<Item = (&str, &str)> {
    let after_name = tag
        .find(|c: char| c.is_ascii_whitespace())
        .map_or("", |index| &tag[index..]);
    let mut rest = after_name;
    std::iter::from_fn(move || {
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
            if rest.is_empty() {
                return None;
            }
            let name_end = rest
                .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
                .unwrap_or(rest.len());
            let name = &rest[..name_end];
            rest = rest[name_end..].trim_start();
            let Some(after_equals) = rest.strip_prefix('=') else {
                continue; // an attribute without a value, such as `hidden`
            };
            let after_equals = after_equals.trim_start();
            let (value, remaining) = match after_equals.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let inner = &after_equals[1..];
                    let end = inner.find(quote).unwrap_or(inner.len());
                    (&inner[..end], inner.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after_equals
                        .find(|c: char| c.is_ascii_whitespace())
                        .unwrap_or(after_equals.len());
                    after_equals.split_at(end)
                }
            };
            rest = remaining;
            return Some((name, value));
        }
    })
}

/// The site path `link` points at from `page`, without its query and
/// fragment; `None` if it climbs out of the site.
fn resolve(page: &str, link: &str) -> Option<String> {
    let path = link.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() {
        return Some(page.to_string()); // `?tab=2`: the page itself
    }
    let path = percent_decode_str(path).decode_utf8().ok()?;
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop(); // the page's own file name
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    if path.ends_with('/') || parts.is_empty() {
        parts.push("index.html");
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> SiteFiles {
        let mut site = SiteFiles::default();
        for (path, text) in files {
            site.add(path.to_string(), text.as_bytes().to_vec(), path.to_string())
                .unwrap();
        }
        site
    }

    #[test]
    fn finds_href_and_src_in_tags_only() {
        let html = r##"<!doctype html><link rel=stylesheet href="style.css">
            <!-- <a href="commented.html"> -->
            <p>a < b and href="text.html"</p>
            <a class='x' href='grid.html#best' title="a > b">grid</a>
            <img alt="" src=figures/a.svg>
            <a href="#top">top</a> <a href="https://example.org/x">out</a>
            <a HREF="mailto:me@example.org">mail</a> <script src="//cdn.example/x.js"></script>
            <script src="app.js">let s = '<img src="' + url + '">';</script>
            <style>a::after { content: "<a href='x.html'>"; }</style>
            <img src="fonts/Open%20Sans.png">"##;
        assert_eq!(
            local_links(html),
            [
                "style.css",
                "grid.html#best",
                "figures/a.svg",
                "app.js",
                "fonts/Open%20Sans.png"
            ]
        );
    }

    #[test]
    fn resolves_relative_paths_within_the_site() {
        assert_eq!(resolve("index.html", "style.css").unwrap(), "style.css");
        assert_eq!(
            resolve("docs/page.html", "../figures/a.svg?v=1").unwrap(),
            "figures/a.svg"
        );
        assert_eq!(resolve("index.html", "./").unwrap(), "index.html");
        assert_eq!(resolve("index.html", "../outside.html"), None);
        assert_eq!(resolve("grid.html", "?tab=2").unwrap(), "grid.html");
        assert_eq!(
            resolve("index.html", "fonts/Open%20Sans.woff2").unwrap(),
            "fonts/Open Sans.woff2"
        );
    }

    #[test]
    fn a_missing_stylesheet_names_the_page_and_the_link() {
        let complete = site(&[
            (
                "index.html",
                r#"<link href="style.css"><a href="b.html#x">b</a>"#,
            ),
            (
                "b.html",
                r#"<img src="figures/f.svg"><a href="index.html">home</a>"#,
            ),
            ("style.css", ""),
            ("figures/f.svg", "<svg/>"),
        ]);
        assert!(check_links(&complete).is_ok());

        let rooted = site(&[
            ("index.html", r#"<link href="/style.css">"#),
            ("style.css", ""),
        ]);
        let message = check_links(&rooted).unwrap_err().to_string();
        assert!(message.contains("root of the domain"), "{message}");

        let broken = site(&[("index.html", r#"<link href="style.css">"#)]);
        let error = check_links(&broken).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("index.html"), "{message}");
        assert!(message.contains("style.css"), "{message}");
        assert!(error.is_bad_input());
    }
}
