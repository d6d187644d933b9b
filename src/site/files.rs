//! The files of a site, gathered in memory before anything is written.
//!
//! Paths are relative to the site folder, with `/` separators, and kept
//! sorted, so the writer always writes in the same order. Two inputs that
//! would land on the same path are an error naming both.

use std::collections::BTreeMap;

use super::error::SiteError;

/// The site's files: relative path → content and where it came from.
#[derive(Debug, Default)]
pub(crate) struct SiteFiles {
    files: BTreeMap<String, (Vec<u8>, String)>,
}

impl SiteFiles {
    /// Adds a file; `origin` says where it came from, for collision messages.
    pub(crate) fn add(
        &mut self,
        path: String,
        content: Vec<u8>,
        origin: String,
    ) -> Result<(), SiteError> {
        if let Some((_, first)) = self.files.get(&path) {
            return Err(SiteError::Collision {
                path: path.into(),
                first: first.clone(),
                second: origin,
            });
        }
        self.files.insert(path, (content, origin));
        Ok(())
    }

    /// The files in path order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files
            .iter()
            .map(|(path, (content, _))| (path.as_str(), content.as_slice()))
    }

    /// The paths in order.
    pub(crate) fn paths(&self) -> Vec<String> {
        self.files.keys().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_paths_sorted_and_rejects_collisions() {
        let mut files = SiteFiles::default();
        files
            .add("style.css".into(), b"b".to_vec(), "theme style.css".into())
            .unwrap();
        files
            .add(
                "index.html".into(),
                b"a".to_vec(),
                "chapter intro.md".into(),
            )
            .unwrap();
        assert_eq!(files.paths(), ["index.html", "style.css"]);

        let error = files.add("style.css".into(), vec![], "download style.css".into());
        let message = error.unwrap_err().to_string();
        assert!(message.contains("style.css: theme style.css and download style.css"));
    }
}
