//! Watching the sources: `briefings/`, `footnotes/`, `templates/`, `fonts/`,
//! `styles/` (the CSL styles `[style] csl` names), `briefc.toml`, and the published images and files kept elsewhere in
//! the project. Access events are ignored, so the build reading its own
//! inputs never triggers another build; the debouncer folds an editor's
//! save-by-rename into one change.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use anyhow::{Context, Result};
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

const WATCHED_DIRS: [&str; 5] = ["briefings", "footnotes", "templates", "fonts", "styles"];
/// How long the sources must be still before a rebuild starts. An
/// editor's save (a temporary file written, then renamed over the old one)
/// takes well under a millisecond, so it is still seen as one change.
const DEBOUNCE: Duration = Duration::from_millis(20);
/// How often the debouncer looks for changes that have settled.
const TICK: Duration = Duration::from_millis(5);

/// Stops watching when dropped.
pub struct Watcher {
    _thread: std::thread::JoinHandle<()>,
    stop: mpsc::Sender<()>,
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.stop.send(());
    }
}

/// True for a change worth a rebuild.
fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    // Editors' swap and backup files.
    if name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
    {
        return false;
    }
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    match first.as_deref() {
        Some("briefc.toml") => relative.components().count() == 1,
        Some(dir) => WATCHED_DIRS.contains(&dir),
        None => false,
    }
}

impl Watcher {
    /// Calls `rebuild` on its own thread after every batch of changes, with
    /// the changed paths relative to the project's root.
    /// `copied_files` names the published project files after each build;
    /// those outside the watched directories are watched too, so saving an
    /// image kept elsewhere in the project reloads the page.
    pub fn start(
        root: &Path,
        copied_files: impl Fn() -> BTreeSet<PathBuf> + Send + 'static,
        mut rebuild: impl FnMut(BTreeSet<PathBuf>) + Send + 'static,
    ) -> Result<Watcher> {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let (changes, changed) = mpsc::channel::<Vec<PathBuf>>();
        let (stop, stopped) = mpsc::channel::<()>();
        let filter_root = root.clone();
        let extra: Arc<Mutex<Extra>> = Arc::default();
        let filter_extra = Arc::clone(&extra);
        let mut debouncer =
            new_debouncer(DEBOUNCE, Some(TICK), move |result: DebounceEventResult| {
                let Ok(events) = result else { return };
                let extra = filter_extra.lock().unwrap_or_else(|p| p.into_inner());
                let paths: Vec<PathBuf> = events
                    .iter()
                    .filter(|event| !matches!(event.kind, EventKind::Access(_)))
                    .flat_map(|event| &event.paths)
                    .filter(|p| relevant(&filter_root, p) || extra.files.contains(*p))
                    .filter_map(|p| p.strip_prefix(&filter_root).ok())
                    .map(Path::to_path_buf)
                    .collect();
                if !paths.is_empty() {
                    let _ = changes.send(paths);
                }
            })
            .context("cannot watch the project for changes")?;
        debouncer
            .watch(&root, RecursiveMode::NonRecursive)
            .with_context(|| format!("cannot watch {}", root.display()))?;
        let mut watched: HashSet<PathBuf> = HashSet::new();
        watch_new_dirs(&root, &mut debouncer, &mut watched);
        watch_copied(&root, copied_files(), &mut debouncer, &extra);

        let thread = std::thread::spawn(move || {
            loop {
                if stopped.try_recv().is_ok() {
                    break;
                }
                match changed.recv_timeout(Duration::from_millis(200)) {
                    Ok(paths) => {
                        let mut paths: BTreeSet<PathBuf> = paths.into_iter().collect();
                        while let Ok(more) = changed.try_recv() {
                            paths.extend(more);
                        }
                        // A directory created since the start is watched too.
                        watch_new_dirs(&root, &mut debouncer, &mut watched);
                        rebuild(paths);
                        watch_copied(&root, copied_files(), &mut debouncer, &extra);
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
            }
        });
        Ok(Watcher {
            _thread: thread,
            stop,
        })
    }
}

fn watch_new_dirs<D>(
    root: &Path,
    debouncer: &mut notify_debouncer_full::Debouncer<
        notify_debouncer_full::notify::RecommendedWatcher,
        D,
    >,
    watched: &mut HashSet<PathBuf>,
) where
    D: notify_debouncer_full::FileIdCache,
{
    for dir in WATCHED_DIRS {
        let path = root.join(dir);
        if path.is_dir()
            && !watched.contains(&path)
            && debouncer.watch(&path, RecursiveMode::Recursive).is_ok()
        {
            watched.insert(path);
        }
    }
}

/// The published files outside the watched directories, and the folders
/// watched for them.
#[derive(Default)]
struct Extra {
    files: HashSet<PathBuf>,
    dirs: HashSet<PathBuf>,
}

/// Watches the folder of each published file that the watched
/// directories do not already cover (such as `assets/` at the project's
/// root), without its subfolders, and lets changes to those files through.
fn watch_copied<D>(
    root: &Path,
    files: BTreeSet<PathBuf>,
    debouncer: &mut notify_debouncer_full::Debouncer<
        notify_debouncer_full::notify::RecommendedWatcher,
        D,
    >,
    extra: &Mutex<Extra>,
) where
    D: notify_debouncer_full::FileIdCache,
{
    let mut extra = extra.lock().unwrap_or_else(|p| p.into_inner());
    extra.files.clear();
    for file in files {
        let file = file.canonicalize().unwrap_or(file);
        let Ok(relative) = file.strip_prefix(root) else {
            continue;
        };
        let covered = relative.components().count() > 1
            && relative
                .components()
                .next()
                .is_some_and(|first| WATCHED_DIRS.iter().any(|w| first.as_os_str() == *w));
        if covered {
            continue;
        }
        let Some(dir) = file.parent().map(Path::to_path_buf) else {
            continue;
        };
        // The root itself is watched already.
        if dir != root
            && !extra.dirs.contains(&dir)
            && debouncer.watch(&dir, RecursiveMode::NonRecursive).is_ok()
        {
            extra.dirs.insert(dir);
        }
        extra.files.insert(file);
    }
}
