//! `report build`: the whole plan, then the site.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use log::info;
use time::OffsetDateTime;

use super::PlanArgs;
use crate::cache::RunCache;
use crate::figures::report::report_figures;
use crate::plan::Plan;
use crate::results::{self, Results};
use crate::runner::{RunOptions, execute};
use crate::site::{self, Download, Figure, SiteInput, SiteMetadata};
use crate::verify::verify;

/// Arguments of `report build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site folder to write (replaced as a whole when the build succeeds).
    #[arg(long, default_value = "output", value_name = "DIR")]
    pub out: PathBuf,
    /// The layout: page.html, style.css and other assets.
    #[arg(long, default_value = "templates", value_name = "DIR")]
    pub templates: PathBuf,
    /// Which runs, and how.
    #[command(flatten)]
    pub plan: PlanArgs,
}

/// Runs the plan and writes the site.
pub fn run(book: &Path, args: &BuildArgs, quiet: bool) -> anyhow::Result<u8> {
    let started = Instant::now();

    // Everything a user can get wrong is checked before any training.
    let plan = args.plan.load(book)?;
    let chapters = site::load_book(book)?;
    let theme = site::load_theme(&args.templates)?;
    let timestamp = source_date_epoch()?;
    check_output_path(&args.out)?;
    check_output_outside(&args.out, &[("book", book), ("layout", &args.templates)])?;

    let results = compute(&plan, &args.plan, quiet)?;
    let verification = verify(&plan, &results);
    let figures = report_figures(&results).context("cannot draw the figures")?;

    let json = serde_json::to_vec_pretty(&results).expect("results serialise");
    let mut extra = BTreeMap::new();
    extra.insert(
        "verification".to_string(),
        serde_json::to_value(&verification)?,
    );
    let metadata = SiteMetadata {
        title: Some(plan.title.clone()),
        version: env!("CARGO_PKG_VERSION").to_string(),
        commit: git_commit(book),
        config_hash: results.config_hash.clone(),
        seeds: seeds_description(&plan),
        timestamp,
    };
    let summary = site::build_site(&SiteInput {
        book: chapters,
        theme,
        output: args.out.clone(),
        results: serde_json::to_value(&results)?,
        extra,
        figures: figures
            .into_iter()
            .map(|f| Figure {
                id: f.id,
                svg: f.svg,
                alt: f.alt,
            })
            .collect(),
        downloads: vec![
            Download {
                name: "results.json".into(),
                bytes: json,
            },
            Download {
                name: "results.csv".into(),
                bytes: results::to_csv(&results).into_bytes(),
            },
        ],
        metadata,
    })?;
    info!(
        "build finished in {:.1} s ({} files)",
        started.elapsed().as_secs_f64(),
        summary.files.len()
    );
    Ok(0)
}

/// Runs (or reads from the cache) every run of the plan and assembles the results.
pub fn compute(plan: &Plan, args: &PlanArgs, quiet: bool) -> anyhow::Result<Results> {
    let started = Instant::now();
    let requests = results::requests(plan);
    let options = RunOptions {
        jobs: args.jobs(),
        quiet,
        cache: RunCache::new(&args.cache, !args.fresh),
    };
    let executed = execute(plan, &requests, &options)?;
    info!(
        "{} runs: {} distinct, {} trained, {} from the cache, in {:.1} s",
        requests.len(),
        executed.unique,
        executed.trained,
        executed.unique - executed.trained,
        started.elapsed().as_secs_f64()
    );
    Ok(results::assemble(plan, executed.outcomes))
}

fn seeds_description(plan: &Plan) -> String {
    let range = |seeds: &[u64]| match seeds {
        [] => "none".to_string(),
        [only] => only.to_string(),
        [first, .., last] => format!("{first} to {last}"),
    };
    format!(
        "{} for every experiment (canonical run: {}), {} for every grid point",
        range(&plan.seeds),
        plan.canonical_seed(),
        range(&plan.grid.seeds)
    )
}

/// Refuses an output path that can never be written or must not be
/// replaced, before any training: an existing file, a path below a file,
/// or a folder that is not an earlier site. Missing folders are created.
fn check_output_path(out: &Path) -> anyhow::Result<()> {
    let bad = |problem: &str| -> anyhow::Result<()> {
        Err(
            crate::error::InputError::at(crate::error::Location::file(out), problem.to_string())
                .hint("pass --out a folder path in a writable place")
                .into(),
        )
    };
    if out.exists() && !out.is_dir() {
        return bad("the output path is a file, not a folder");
    }
    if out.parent().is_none() {
        return bad("the output path cannot be the root folder");
    }
    let existing = out
        .ancestors()
        .skip(1)
        .find(|a| a.as_os_str().is_empty() || a.exists());
    if existing.is_some_and(|a| !a.as_os_str().is_empty() && !a.is_dir()) {
        return bad("the output path lies below a file");
    }
    site::check_replaceable(out)?;
    Ok(())
}

/// Refuses an output folder inside the book or the layout folder: every
/// file of the layout folder is copied into the site, so a site inside it
/// would be copied into the next site, and that into the next.
fn check_output_outside(out: &Path, inputs: &[(&str, &Path)]) -> anyhow::Result<()> {
    let out = resolved(out);
    for (what, input) in inputs {
        let Ok(input) = input.canonicalize() else {
            continue;
        };
        if out.starts_with(&input) {
            return Err(crate::error::InputError::at(
                crate::error::Location::file(&out),
                format!(
                    "the output folder lies inside the {what} folder {}",
                    input.display()
                ),
            )
            .hint("pass --out a folder outside the book and the layout, such as `output`")
            .into());
        }
    }
    Ok(())
}

/// `path` made absolute through its nearest existing ancestor, so that
/// links and `..` are resolved as the file system will resolve them.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    for ancestor in absolute.ancestors() {
        if let Ok(real) = ancestor.canonicalize() {
            let rest = absolute.strip_prefix(ancestor).unwrap_or(Path::new(""));
            return real.join(rest);
        }
    }
    absolute
}

/// The commit of the checkout that holds the book, when git is there to say.
fn git_commit(book: &Path) -> Option<String> {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(book)
        .args(["rev-parse", "--short=12", "HEAD"])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let commit = String::from_utf8(output.stdout).ok()?.trim().to_string();
    (output.status.success() && !commit.is_empty()).then_some(commit)
}

/// `SOURCE_DATE_EPOCH`, the reproducible-builds convention for a build time:
/// whole seconds since 1970-01-01 UTC.
fn source_date_epoch() -> anyhow::Result<Option<OffsetDateTime>> {
    let Ok(value) = std::env::var("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let invalid = |problem: &str| {
        crate::error::InputError::new(format!("SOURCE_DATE_EPOCH={value} {problem}"))
            .hint("set it to whole seconds since 1970, or unset it")
    };
    let seconds: u64 = value
        .trim()
        .parse()
        .map_err(|_| invalid("is not a number of seconds"))?;
    let time = i64::try_from(seconds)
        .ok()
        .and_then(|seconds| OffsetDateTime::from_unix_timestamp(seconds).ok())
        .ok_or_else(|| invalid("is after the year 9999"))?;
    Ok(Some(time))
}
