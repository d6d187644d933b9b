//! One chapter rendered: template over the results, then Markdown to HTML.
//!
//! Chapters see these variables:
//!
//! - `results`: the results the caller passed, as they are in `results.json`;
//! - `site`: title, version, commit, config_hash, seeds, timestamp (see
//!   [`SiteInfo`]);
//! - `chapter`: the current chapter's `title`, `file` and `page`;
//! - each name of [`SiteInput::extra`], e.g. `verdicts`;
//!
//! and the helpers described in [`helpers`](super::helpers).

use std::collections::BTreeMap;

use minijinja::Environment;
use minijinja::value::Value;
use serde::Serialize;

use super::book::Chapter;
use super::error::SiteError;
use super::helpers::HELPER_NAMES;
use super::input::SiteInput;
use super::markdown::markdown_to_html;
use super::metadata::SiteInfo;
use super::printed_values::take_printed_values;
use super::template_error::{TemplateFile, template_error};

/// The variables shared by all chapters, and a description of them for
/// error hints.
pub(crate) struct ChapterGlobals {
    variables: BTreeMap<String, Value>,
    names_hint: String,
}

/// The `chapter` variable.
#[derive(Serialize)]
struct ChapterInfo<'a> {
    title: &'a str,
    file: &'a str,
    page: &'a str,
}

impl ChapterGlobals {
    /// Collects `results`, `site` and the extra names.
    pub(crate) fn new(input: &SiteInput, site: &SiteInfo) -> Self {
        let mut variables = BTreeMap::new();
        variables.insert("results".to_string(), Value::from_serialize(&input.results));
        variables.insert("site".to_string(), Value::from_serialize(site));
        for (name, value) in &input.extra {
            variables.insert(name.clone(), Value::from_serialize(value));
        }

        let mut names: Vec<&str> = vec!["results", "site", "chapter"];
        names.extend(input.extra.keys().map(String::as_str));
        let mut names_hint = format!(
            "chapters can use {} and the helpers {}",
            names.join(", "),
            HELPER_NAMES.join(", ")
        );
        if let Some(results) = input.results.as_object() {
            let keys: Vec<&str> = results.keys().map(String::as_str).collect();
            names_hint.push_str(&format!("; `results` has the keys {}", keys.join(", ")));
        }
        ChapterGlobals {
            variables,
            names_hint,
        }
    }
}

/// Renders `chapter`, already added to `environment`, to its HTML body.
pub(crate) fn render_chapter<'a>(
    environment: &Environment<'static>,
    chapter: &'a Chapter,
    globals: &ChapterGlobals,
    find: impl Fn(&str) -> Option<TemplateFile<'a>>,
) -> Result<String, SiteError> {
    let mut variables = globals.variables.clone();
    let info = ChapterInfo {
        title: &chapter.title,
        file: &chapter.file,
        page: &chapter.page,
    };
    variables.insert("chapter".to_string(), Value::from_serialize(&info));

    let current = TemplateFile {
        path: &chapter.path,
        source: &chapter.source,
    };
    let fail =
        |error: minijinja::Error| template_error(&error, current, &find, &globals.names_hint);

    let template = environment.get_template(&chapter.file).map_err(fail)?;
    let rendered = template.render_captured(&variables).map_err(fail)?;
    let values = take_printed_values(rendered.state());

    log::debug!("rendered chapter {}", chapter.path.display());
    Ok(markdown_to_html(rendered.output(), &values))
}
