//! Escaping text for HTML built by hand (helpers and Markdown raw HTML).

/// Escapes `text` for use in HTML element content and quoted attributes.
///
/// Besides `& < > " '`, line breaks become `&#10;`: helper output is pasted
/// into Markdown as an HTML block, which a blank line would end early.
pub(crate) fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            '\n' => escaped.push_str("&#10;"),
            '\r' => {}
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_line_breaks() {
        assert_eq!(
            escape_html("<b a='1'>\"x\" & y\r\n\nz</b>"),
            "&lt;b a=&#39;1&#39;&gt;&quot;x&quot; &amp; y&#10;&#10;z&lt;/b&gt;"
        );
        assert_eq!(escape_html("plain ünïcode"), "plain ünïcode");
    }
}
