//! Writing a site folder so that readers never see half of it.
//!
//! The files go into a fresh hidden folder beside the target
//! (`.output.tmp-<pid>` for `output`), on the same file system, so the final
//! step is two renames: the old site to `.output.old-<pid>`, the new one to
//! `output`. Then the old one is deleted. If anything fails before the swap,
//! the temporary folder is removed and the old site stays as it was.
//!
//! A build killed half-way leaves its hidden folders behind. The next build
//! removes those whose process is gone; if it finds a `.old-` folder and no
//! target (killed between the two renames), it moves the old site back first.
//!
//! Since a build replaces the whole target, it only replaces a folder that
//! is empty or holds exactly what an earlier build wrote, as listed in the
//! marker file [`SITE_MARKER`]: `--out src` must not delete the sources,
//! nor a rebuild the notes or `.git` someone added to the site.
//!
//! Note: whether a process is alive is read from `/proc`. Without `/proc`
//! (macOS, Windows) every leftover is taken as stale, which is only wrong if
//! two builds write the same folder at the same time.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::error::SiteError;
use super::files::SiteFiles;

/// The file every site holds, listing the files the build wrote, so that
/// the next build knows the folder is one it may replace whole.
pub const SITE_MARKER: &str = ".noise-report-site";

/// The marker's first lines; the written files follow, one per line.
const MARKER_HEADER: &str = "This folder is a site written by `report build` (noise-report).\n\
    The next build replaces it whole, and refuses to if it holds anything\n\
    not listed below. Files written:\n";

/// The marker's text for a site of `files`.
fn marker_text(files: &SiteFiles) -> String {
    let mut text = MARKER_HEADER.to_string();
    for (path, _) in files.iter() {
        text.push_str(path);
        text.push('\n');
    }
    text
}

/// Checks that a build may replace `target`: it does not exist, or is an
/// empty folder, or holds exactly a site of an earlier build (the files
/// its marker lists, and nothing else). A regular file is left to the
/// caller, which reports it as such.
pub fn check_replaceable(target: &Path) -> Result<(), SiteError> {
    let refuse = |problem: String, hint: &str| SiteError::InvalidInput {
        what: "output folder",
        value: target.display().to_string(),
        problem,
        hint: hint.into(),
    };
    match fs::symlink_metadata(target) {
        Err(_) => return Ok(()),
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(refuse(
                "it is a symbolic link, and a build would replace the link with a folder".into(),
                "pass --out the folder the link points to",
            ));
        }
        Ok(meta) if !meta.is_dir() => return Ok(()),
        Ok(_) => {}
    }
    let listed = fs::read_to_string(target.join(SITE_MARKER)).ok();
    let written: HashSet<&str> = listed
        .as_deref()
        .and_then(|text| text.strip_prefix(MARKER_HEADER))
        .map(|files| files.lines().chain([SITE_MARKER]).collect())
        .unwrap_or_default();
    // The folders that hold written files, `figures` for `figures/a.svg`.
    let folders: HashSet<&str> = written
        .iter()
        .flat_map(|path| path.match_indices('/').map(|(end, _)| &path[..end]))
        .collect();

    // A folder comes before its contents, so a foreign one is refused
    // before anything in it is read.
    let entries = WalkDir::new(target).min_depth(1).sort_by_file_name();
    for entry in entries {
        let foreign = match entry {
            Err(error) => error
                .path()
                .map_or_else(|| target.display().to_string(), |p| site_path(target, p)),
            Ok(entry) => {
                let relative = site_path(target, entry.path());
                let is_listed = if entry.file_type().is_dir() {
                    folders.contains(relative.as_str())
                } else {
                    entry.file_type().is_file() && written.contains(relative.as_str())
                };
                if is_listed {
                    continue;
                }
                relative
            }
        };
        return Err(if written.is_empty() {
            refuse(
                format!(
                    "it holds `{foreign}` and no list of a build's files, \
                     and a build replaces the whole folder"
                ),
                "choose another folder with --out; if this is a site of an older \
                 `report`, delete it",
            )
        } else {
            refuse(
                format!(
                    "it holds `{foreign}`, which the last build did not write, \
                     and a build replaces the whole folder"
                ),
                "move that out of the folder, or choose another folder with --out",
            )
        });
    }
    Ok(())
}

/// `path` inside `root`, with `/` between its parts.
fn site_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Writes `files` to a new folder and swaps it in for `target`.
pub(crate) fn write_site(target: &Path, files: &SiteFiles) -> Result<(), SiteError> {
    check_replaceable(target)?;
    let names = FolderNames::new(target)?;
    let fail = |action, path: &Path, source, hint: &str| SiteError::Write {
        target: target.to_path_buf(),
        action,
        path: path.to_path_buf(),
        source,
        hint: hint.into(),
    };

    fs::create_dir_all(&names.parent).map_err(|error| {
        fail(
            "cannot create",
            &names.parent,
            error,
            "choose an output path inside a writable folder",
        )
    })?;
    if target.exists() && !target.is_dir() {
        let error = io::Error::new(io::ErrorKind::AlreadyExists, "it is a file, not a folder");
        return Err(fail(
            "cannot replace",
            target,
            error,
            "remove the file or choose another output path",
        ));
    }
    recover_leftovers(target, &names);

    let temporary = names.temporary();
    fs::create_dir(&temporary).map_err(|error| {
        fail(
            "cannot create",
            &temporary,
            error,
            "check that the output's folder is writable",
        )
    })?;
    let written = write_files(&temporary, files).and_then(|()| {
        let marker = temporary.join(SITE_MARKER);
        fs::write(&marker, marker_text(files)).map_err(|error| (marker, error))
    });
    if let Err(error) = written {
        remove_quietly(&temporary);
        let (path, source) = error;
        return Err(fail(
            "cannot write",
            &path,
            source,
            "check free space and permissions",
        ));
    }

    swap_in(target, &temporary, &names.backup()).map_err(|(action, path, source)| {
        remove_quietly(&temporary);
        fail(
            action,
            &path,
            source,
            "check that nothing holds the output folder open",
        )
    })
}

/// The hidden names used beside the target.
struct FolderNames {
    parent: PathBuf,
    name: String,
}

impl FolderNames {
    fn new(target: &Path) -> Result<Self, SiteError> {
        let Some(name) = target.file_name().and_then(|name| name.to_str()) else {
            return Err(SiteError::InvalidInput {
                what: "output folder",
                value: target.display().to_string(),
                problem: "it does not end in a folder name".into(),
                hint: "give a path such as `output` or `site/report`".into(),
            });
        };
        let parent = match target.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        Ok(FolderNames {
            parent,
            name: name.to_string(),
        })
    }

    fn temporary(&self) -> PathBuf {
        self.parent
            .join(format!(".{}.tmp-{}", self.name, std::process::id()))
    }

    fn backup(&self) -> PathBuf {
        self.parent
            .join(format!(".{}.old-{}", self.name, std::process::id()))
    }

    /// The process id in a leftover's name, and whether it is a backup.
    fn leftover(&self, file_name: &str) -> Option<(u32, bool)> {
        let rest = file_name
            .strip_prefix('.')?
            .strip_prefix(self.name.as_str())?;
        if let Some(pid) = rest.strip_prefix(".tmp-") {
            return pid.parse().ok().map(|pid| (pid, false));
        }
        rest.strip_prefix(".old-")?
            .parse()
            .ok()
            .map(|pid| (pid, true))
    }
}

/// Restores or removes the hidden folders of builds that died.
fn recover_leftovers(target: &Path, names: &FolderNames) {
    let Ok(entries) = fs::read_dir(&names.parent) else {
        return;
    };
    let mut leftovers: Vec<(PathBuf, bool)> = entries
        .flatten()
        .filter_map(|entry| {
            let (pid, is_backup) = names.leftover(entry.file_name().to_str()?)?;
            let is_stale = pid == std::process::id() || !is_process_alive(pid);
            is_stale.then(|| (entry.path(), is_backup))
        })
        .collect();
    leftovers.sort();

    for (path, is_backup) in leftovers {
        if is_backup && !target.exists() && fs::rename(&path, target).is_ok() {
            log::warn!("restored {} from an interrupted build", target.display());
            continue;
        }
        log::debug!("removing {} left by an interrupted build", path.display());
        remove_quietly(&path);
    }
}

fn is_process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    proc.join("self").exists() && proc.join(pid.to_string()).exists()
}

fn write_files(folder: &Path, files: &SiteFiles) -> Result<(), (PathBuf, io::Error)> {
    for (relative, content) in files.iter() {
        let path = relative
            .split('/')
            .fold(folder.to_path_buf(), |path, part| path.join(part));
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|error| (parent.to_path_buf(), error))?;
        }
        fs::write(&path, content).map_err(|error| (path.clone(), error))?;
        log::debug!("wrote {relative}");
    }
    Ok(())
}

/// Renames `new` to `target`, moving an existing target to `backup` first.
fn swap_in(
    target: &Path,
    new: &Path,
    backup: &Path,
) -> Result<(), (&'static str, PathBuf, io::Error)> {
    if !target.exists() {
        return fs::rename(new, target)
            .map_err(|error| ("cannot rename", new.to_path_buf(), error));
    }

    fs::rename(target, backup)
        .map_err(|error| ("cannot move aside", target.to_path_buf(), error))?;
    if let Err(error) = fs::rename(new, target) {
        // Put the old site back; if even that fails, recover_leftovers will.
        let _ = fs::rename(backup, target);
        return Err(("cannot rename", new.to_path_buf(), error));
    }
    if let Err(error) = fs::remove_dir_all(backup) {
        log::warn!(
            "the site is written, but the old copy {} could not be removed: {error}",
            backup.display()
        );
    }
    Ok(())
}

fn remove_quietly(path: &Path) {
    if let Err(error) = fs::remove_dir_all(path) {
        log::warn!("could not remove {}: {error}", path.display());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> SiteFiles {
        let mut files = SiteFiles::default();
        for (path, text) in list {
            files
                .add(path.to_string(), text.as_bytes().to_vec(), path.to_string())
                .unwrap();
        }
        files
    }

    fn hidden_entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with('.'))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_only_empty_folders_and_earlier_sites() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("main.rs"), "fn main() {}").unwrap();
        let error = write_site(&target, &files(&[("index.html", "x")])).unwrap_err();
        assert!(error.to_string().contains("main.rs"), "{error}");
        assert!(error.is_bad_input());
        assert_eq!(
            fs::read_to_string(target.join("main.rs")).unwrap(),
            "fn main() {}"
        );

        fs::remove_file(target.join("main.rs")).unwrap();
        write_site(&target, &files(&[("index.html", "first")])).unwrap();
        assert!(target.join(SITE_MARKER).is_file());
        write_site(&target, &files(&[("index.html", "second")])).unwrap();
        assert_eq!(
            fs::read_to_string(target.join("index.html")).unwrap(),
            "second"
        );

        // Anything added to a site, at the top or in one of its folders,
        // makes it a folder the build must not replace.
        write_site(
            &target,
            &files(&[("index.html", "x"), ("figures/a.svg", "a")]),
        )
        .unwrap();
        let additions = [
            ("CNAME", "CNAME"),
            ("figures/notes.txt", "figures/notes.txt"),
            (".git/HEAD", ".git"),
        ];
        for (added, named) in additions {
            let path = target.join(added);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, "mine").unwrap();
            let error = check_replaceable(&target).unwrap_err().to_string();
            assert!(error.contains(&format!("`{named}`")), "{added}: {error}");
            fs::remove_file(&path).unwrap();
        }
        fs::remove_dir(target.join(".git")).unwrap();
        assert!(check_replaceable(&target).is_ok());

        // A site without a marker (or with an edited one) is not trusted.
        fs::write(target.join(SITE_MARKER), "edited").unwrap();
        assert!(check_replaceable(&target).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_symbolic_link_as_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        write_site(&real, &files(&[("index.html", "x")])).unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let error = write_site(&link, &files(&[("index.html", "y")])).unwrap_err();
        assert!(error.to_string().contains("symbolic link"), "{error}");
        assert_eq!(fs::read_to_string(real.join("index.html")).unwrap(), "x");
    }

    #[test]
    fn replaces_the_old_site_completely() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        write_site(
            &target,
            &files(&[("old.html", "old"), ("figures/a.svg", "a")]),
        )
        .unwrap();
        write_site(&target, &files(&[("index.html", "new")])).unwrap();

        assert_eq!(
            fs::read_to_string(target.join("index.html")).unwrap(),
            "new"
        );
        assert!(!target.join("old.html").exists());
        assert!(hidden_entries(dir.path()).is_empty());
    }

    #[test]
    fn failed_write_keeps_the_old_site_and_no_temporary_folder() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        write_site(&target, &files(&[("index.html", "old")])).unwrap();

        // `a` is written as a file, so the folder `a/` cannot be created.
        let error = write_site(&target, &files(&[("a", "x"), ("a/b", "y")])).unwrap_err();

        assert!(
            error
                .to_string()
                .starts_with(&format!("cannot write the site to {}", target.display()))
        );
        assert_eq!(
            fs::read_to_string(target.join("index.html")).unwrap(),
            "old"
        );
        assert!(hidden_entries(dir.path()).is_empty());
    }

    #[test]
    fn output_below_a_file_is_an_error_naming_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file.txt");
        fs::write(&file, "x").unwrap();
        let target = file.join("out");

        let message = write_site(&target, &files(&[("index.html", "x")]))
            .unwrap_err()
            .to_string();
        assert!(message.contains(&target.display().to_string()), "{message}");
        assert!(message.contains(&file.display().to_string()), "{message}");
    }

    #[test]
    fn leftovers_of_dead_builds_are_cleaned_or_restored() {
        let dead = u32::MAX - 1;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        fs::create_dir(dir.path().join(format!(".out.tmp-{dead}"))).unwrap();
        fs::create_dir(dir.path().join(format!(".out.old-{dead}"))).unwrap();
        fs::write(
            dir.path().join(format!(".out.old-{dead}/index.html")),
            "old",
        )
        .unwrap();

        // A failing build must still find the old site restored.
        assert!(write_site(&target, &files(&[("a", "x"), ("a/b", "y")])).is_err());
        assert_eq!(
            fs::read_to_string(target.join("index.html")).unwrap(),
            "old"
        );
        assert!(hidden_entries(dir.path()).is_empty());
    }

    #[test]
    fn refuses_paths_without_a_folder_name() {
        let error = write_site(Path::new(".."), &files(&[])).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("invalid output folder \"..\"")
        );
    }
}
