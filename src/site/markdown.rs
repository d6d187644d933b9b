//! A rendered chapter's Markdown turned into the HTML of a page body.
//!
//! Extensions on: tables, footnotes, strikethrough and heading attributes
//! (`## Title {#id .class}`). Between parsing and writing, two passes run over
//! the events:
//!
//! 1. printed values come back in place of their placeholders (see
//!    [`printed_values`](super::printed_values)): as plain text where
//!    Markdown had text, so the HTML writer escapes them once, and escaped by
//!    us where Markdown had raw HTML, which the writer copies as is;
//! 2. headings without an id get one (see [`heading_id`](super::heading_id)).

use std::borrow::Cow;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd, TextMergeStream, html,
};

use super::heading_id::HeadingIds;
use super::html::escape_html;
use super::printed_values::substitute;

/// Converts Markdown to HTML, putting `values` back into their placeholders.
pub(crate) fn markdown_to_html(markdown: &str, values: &[String]) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;

    let mut events: Vec<Event> = TextMergeStream::new(Parser::new_ext(markdown, options))
        .map(|event| restore_values(event, values))
        .collect();
    assign_heading_ids(&mut events);

    let mut body = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut body, events.into_iter());
    body
}

fn restore_values<'a>(event: Event<'a>, values: &[String]) -> Event<'a> {
    let text = |cow: CowStr<'a>| restore(cow, values, false);
    let html = |cow: CowStr<'a>| restore(cow, values, true);

    match event {
        Event::Text(cow) => Event::Text(text(cow)),
        Event::Code(cow) => Event::Code(text(cow)),
        Event::Html(cow) => Event::Html(html(cow)),
        Event::InlineHtml(cow) => Event::InlineHtml(html(cow)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: text(dest_url),
            title: text(title),
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: text(dest_url),
            title: text(title),
            id,
        }),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level,
            id: id.map(text),
            classes: classes.into_iter().map(text).collect(),
            attrs: attrs
                .into_iter()
                .map(|(key, value)| (text(key), value.map(text)))
                .collect(),
        }),
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(text(info))))
        }
        other => other,
    }
}

/// Replaces placeholders in one string; `as_html` escapes the values.
fn restore<'a>(cow: CowStr<'a>, values: &[String], as_html: bool) -> CowStr<'a> {
    let replaced = substitute(&cow, values, |value| {
        if as_html {
            Cow::Owned(escape_html(value))
        } else {
            Cow::Borrowed(value)
        }
    });
    match replaced {
        Cow::Owned(replaced) => CowStr::from(replaced),
        Cow::Borrowed(_) => cow,
    }
}

fn assign_heading_ids(events: &mut [Event]) {
    // Ids written by the author and footnote anchors win; slugs step around them.
    let mut ids = HeadingIds::default();
    for event in events.iter() {
        match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => ids.reserve(id),
            Event::Start(Tag::FootnoteDefinition(label)) => ids.reserve(label),
            _ => {}
        }
    }

    for index in 0..events.len() {
        if !matches!(events[index], Event::Start(Tag::Heading { id: None, .. })) {
            continue;
        }
        let mut heading_text = String::new();
        for event in &events[index + 1..] {
            match event {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(text) | Event::Code(text) => heading_text.push_str(text),
                _ => {}
            }
        }
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[index] {
            *id = Some(CowStr::from(ids.assign(&heading_text)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(markdown: &str) -> String {
        markdown_to_html(
            markdown,
            &["a & b".into(), "<script>".into(), "x|*y*".into()],
        )
    }

    #[test]
    fn values_are_escaped_once_everywhere() {
        assert_eq!(
            render("NRVALUE0X and NRVALUE1X"),
            "<p>a &amp; b and &lt;script&gt;</p>\n"
        );
        assert_eq!(render("`NRVALUE0X`"), "<p><code>a &amp; b</code></p>\n");
        assert_eq!(
            render("<div title=\"NRVALUE1X\">\nx\n</div>\n"),
            "<div title=\"&lt;script&gt;\">\nx\n</div>\n"
        );
    }

    #[test]
    fn values_are_never_read_as_markup() {
        let html = render("| a | b |\n|---|---|\n| NRVALUE2X | 1 |\n");
        assert!(html.contains("<td>x|*y*</td><td>1</td>"), "{html}");
    }

    #[test]
    fn headings_get_unique_ids() {
        let html = render("# Setup\n\n## Setup\n\n## Other {#setup-1}\n\n### `code` NRVALUE0X\n");
        assert!(html.contains("<h1 id=\"setup\">Setup</h1>"), "{html}");
        assert!(html.contains("<h2 id=\"setup-2\">Setup</h2>"), "{html}");
        assert!(html.contains("<h2 id=\"setup-1\">Other</h2>"), "{html}");
        assert!(html.contains("<h3 id=\"code-a-b\">"), "{html}");
    }

    #[test]
    fn headings_step_around_footnote_anchors() {
        let html = render("## Seeds\n\nText.[^seeds]\n\n[^seeds]: Note.\n");
        assert!(html.contains("<h2 id=\"seeds-1\">Seeds</h2>"), "{html}");
    }

    #[test]
    fn extensions_are_on() {
        let html = render("~~old~~ text[^1]\n\n[^1]: note\n");
        assert!(html.contains("<del>old</del>"), "{html}");
        assert!(html.contains("footnote-definition"), "{html}");
    }
}
