//! Anchors for headings, derived from their text.
//!
//! pulldown-cmark keeps ids written as `## Title {#my-id}` but invents none,
//! so a heading without one gets a slug of its text: lowercase letters and
//! digits (any script), `_` kept, runs of spaces and `-` turned into one `-`,
//! other punctuation dropped. `Results: 95% CI` becomes `results-95-ci`.
//! Repeats get `-1`, `-2`, ... in page order, skipping ids already taken, so
//! every anchor on a page is unique and the same text always yields the same
//! id.

use std::collections::BTreeSet;

/// Hands out unique heading ids for one page.
#[derive(Debug, Default)]
pub(crate) struct HeadingIds {
    taken: BTreeSet<String>,
}

impl HeadingIds {
    /// Marks an id written by the author as taken, so no slug repeats it.
    pub(crate) fn reserve(&mut self, id: &str) {
        self.taken.insert(id.to_string());
    }

    /// Returns a fresh id for a heading with this text.
    pub(crate) fn assign(&mut self, heading_text: &str) -> String {
        let slug = slugify(heading_text);
        let mut id = slug.clone();
        let mut counter = 1;
        while self.taken.contains(&id) {
            id = format!("{slug}-{counter}");
            counter += 1;
        }
        self.taken.insert(id.clone());
        id
    }
}

/// Turns heading text into an anchor name; `section` when nothing is left.
pub(crate) fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' {
            pending_dash = true;
        }
    }
    if slug.is_empty() {
        slug.push_str("section");
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_words_joined_by_dashes() {
        assert_eq!(slugify("Results: 95% CI"), "results-95-ci");
        assert_eq!(
            slugify("  Pre-activation -- noise_std  "),
            "pre-activation-noise_std"
        );
        assert_eq!(slugify("Über σ"), "über-σ");
        assert_eq!(slugify("!!!"), "section");
    }

    #[test]
    fn repeats_and_reserved_ids_get_numbered() {
        let mut ids = HeadingIds::default();
        ids.reserve("setup-1");

        assert_eq!(ids.assign("Setup"), "setup");
        assert_eq!(ids.assign("Setup"), "setup-2");
        assert_eq!(ids.assign("setup"), "setup-3");
        assert_eq!(ids.assign("Setup 2"), "setup-2-1");
    }
}
