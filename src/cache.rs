//! The results cache: one file per run, named by a hash of everything that
//! decides the run, so a rebuild after editing prose or templates trains
//! nothing, and editing one experiment retrains only that experiment.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::data::CirclesParams;
use crate::nn::LayerSpec;
use crate::runner::RunOutcome;
use crate::train::TrainConfig;

/// Lower-case hexadecimal SHA-256 of `bytes`.
pub fn hex_digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Everything that decides one run's results.
#[derive(Debug, Clone, Serialize)]
pub struct RunKey<'a> {
    /// The program version: a new version may train differently.
    pub version: &'static str,
    /// [`crate::train::NUMERICS_REVISION`]: within a version, what changes
    /// the bits of a run.
    pub numerics: u32,
    /// The data.
    pub dataset: &'a CirclesParams,
    /// The split.
    pub train_rows: usize,
    /// The fit settings.
    pub training: &'a TrainConfig,
    /// The model.
    pub layers: &'a [LayerSpec],
    /// The seed.
    pub seed: u64,
}

impl RunKey<'_> {
    /// The key's hash, which names its cache file.
    pub fn digest(&self) -> String {
        hex_digest(
            serde_json::to_string(self)
                .expect("a run key serialises")
                .as_bytes(),
        )
    }
}

/// A folder of cached runs.
#[derive(Debug, Clone)]
pub struct RunCache {
    dir: PathBuf,
    read: bool,
}

impl RunCache {
    /// A cache in `dir`; with `read` false, cached runs are ignored but new
    /// ones are still stored.
    pub fn new(dir: &Path, read: bool) -> Self {
        Self {
            dir: dir.to_path_buf(),
            read,
        }
    }

    fn path(&self, digest: &str) -> PathBuf {
        self.dir.join(&digest[..2]).join(format!("{digest}.json"))
    }

    /// The cached run for this key, if any; an unreadable entry is ignored
    /// (and will be overwritten).
    pub fn load_outcome(&self, digest: &str) -> Option<RunOutcome> {
        if !self.read {
            return None;
        }
        let text = fs::read(self.path(digest)).ok()?;
        serde_json::from_slice(&text).ok()
    }

    /// Stores a run, atomically: a temporary file renamed into place.
    pub fn store_outcome(&self, digest: &str, record: &RunOutcome) -> anyhow::Result<()> {
        let path = self.path(digest);
        let parent = path.parent().expect("cache paths have a parent");
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create the cache folder {}", parent.display()))?;
        let temporary = path.with_extension(format!("tmp{}", std::process::id()));
        let bytes = serde_json::to_vec(record).expect("a run record serialises");
        fs::write(&temporary, bytes)
            .with_context(|| format!("cannot write the cache file {}", temporary.display()))?;
        fs::rename(&temporary, &path)
            .with_context(|| format!("cannot write the cache file {}", path.display()))?;
        Ok(())
    }
}
