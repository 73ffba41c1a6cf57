//! The scheduler: the one place that decides what runs beside what, and
//! from which size. Every stage that shares work between the cores names
//! its [`Work`] here and calls [`map`], [`map_runs`], [`map_sized`] or
//! [`join`]; the results always come back in the items' order, so the
//! output never depends on which core was faster.
//!
//! Starting a thread costs tens of microseconds; below the sizes in this
//! table the work is done on the calling thread. Each size is measured by
//! `benches/thresholds.sh`, which runs the same command with the work
//! never and always shared (`BRIEFC_SHARE`) on this 2-core development
//! machine; the figures are the medians always/never (below 1 sharing
//! pays; runs of this machine differ by about ±8%), and benches/README.md
//! has the runs.
//!
//! | work | shared from | measured |
//! |---|---|---|
//! | [`Work::Briefings`]: load, parse, resolve | 4 briefings a core | `check` of 50-note briefings: 0.90-0.95 up to 8, 0.93 at 32; an archive of 1,000: 0.86-0.96 s → 491-518 ms |
//! | [`Work::ReadAhead`]: an archive's files read before loading | 16 briefings | 0.91-1.03 from 2 to 32 briefings; an archive of 1,000: 415.5 → 391.9 ms |
//! | [`Work::Rendering`]: briefings rendered, no PDF among them | 4 briefings a core | `build`: 0.95-1.04 from 2 to 64 briefings (rendering is a small part of it) |
//! | [`Work::Typesetting`]: briefings rendered with a PDF among them | never | Typst lays a document's pages out on every core already, and holds them in memory until the PDF is written: two at once only compete |
//! | [`Work::Comparing`]: new files against the previous output's, the kept output brought up to date | 64 files a core | `build` over an unchanged output: 1.05-1.07 at 9 and 33 files, 0.99 at 65, 0.92 at 129 |
//! | [`Work::Writing`]: a build's files written | 32 files a core | `build` into an empty output: 0.99-1.00 at 5 and 9 files, 0.88-0.96 at 17 and 33, 0.78 at 65, 0.75 at 129 |
//! | [`Work::Pieces`]: one briefing's Markdown, cut into pieces | 128 KiB | `check`: 0.84 and 1.18 at 62 KiB (no gain beyond the noise), 0.92-0.93 at 129 and 278 KiB, 0.82-0.95 from 521 KiB |
//! | [`Work::Citations`]: a briefing's citations written in two halves | 500 notes | `build`: 0.96-1.01 up to 500 notes, 0.92-0.96 at 1,000; in an archive of 50-note briefings, 2,000 side threads for well under a millisecond each: `check` 768 → 491-518 ms without them |
//! | [`Work::Headings`]: heading ids beside the citations | 500 notes | `build`: 0.99-1.21 up to 500 notes, 0.94-1.03 at 1,000 |
//! | [`Work::Editions`]: a briefing's editions beside one another | 500 notes | `build`: 0.97-1.15 up to 500 notes, 0.90-1.03 at 1,000 |
//!
//! While the source library is read beside them ([`beside`]), a core
//! parses at most [`PARSED_BEFORE_WAITING`] briefings before it waits for
//! the library, so that no more parse trees than that wait for it.
//!
//! Two more things run on threads of their own, not to share work but to
//! fence it: a project's own template (`render/templates.rs`) and the
//! typesetting of a PDF (`render/pdf/typeset.rs`) are waited for no
//! longer than their time limit. The link checker (`links/`) waits on the
//! network, not the cores: [`workers`] gives it as many threads as its
//! settings allow, with a bound for each host.

mod workers;

use std::sync::{Mutex, PoisonError};

pub use workers::workers;

/// Work that can be shared between the cores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// Loading, parsing and resolving briefings: a count of briefings,
    /// shared from [`Work::from`] a core.
    Briefings,
    /// Reading an archive's briefing files ahead of loading: a count of
    /// briefings, shared from [`Work::from`] in all.
    ReadAhead,
    /// Rendering briefings whose editions hold no PDF: a count of
    /// briefings, shared from [`Work::from`] a core.
    Rendering,
    /// Rendering briefings with a PDF among their editions: never shared.
    Typesetting,
    /// Comparing a build's files with the previous output's, or bringing
    /// the kept output up to date: a count of files, shared from
    /// [`Work::from`] a core.
    Comparing,
    /// Writing a build's files: a count of files, shared from
    /// [`Work::from`] a core.
    Writing,
    /// Parsing one briefing's files and pieces: their size in bytes.
    Pieces,
    /// Writing one briefing's citations in two halves: its notes.
    Citations,
    /// Giving one briefing's headings their ids beside its citations: its
    /// notes.
    Headings,
    /// Rendering one briefing's editions beside one another: its notes.
    Editions,
}

impl Work {
    pub const ALL: [Work; 10] = [
        Work::Briefings,
        Work::ReadAhead,
        Work::Rendering,
        Work::Typesetting,
        Work::Comparing,
        Work::Writing,
        Work::Pieces,
        Work::Citations,
        Work::Headings,
        Work::Editions,
    ];

    /// Its name in `BRIEFC_SHARE`.
    pub const fn name(self) -> &'static str {
        match self {
            Work::Briefings => "briefings",
            Work::ReadAhead => "read-ahead",
            Work::Rendering => "rendering",
            Work::Typesetting => "typesetting",
            Work::Comparing => "comparing",
            Work::Writing => "writing",
            Work::Pieces => "pieces",
            Work::Citations => "citations",
            Work::Headings => "headings",
            Work::Editions => "editions",
        }
    }

    /// The size from which the work is shared (the table above).
    pub const fn from(self) -> usize {
        match self {
            Work::Briefings | Work::Rendering => 4,
            Work::Typesetting => usize::MAX,
            Work::ReadAhead => 16,
            Work::Comparing => 64,
            Work::Writing => 32,
            Work::Pieces => 128 * 1024,
            Work::Citations | Work::Headings | Work::Editions => 500,
        }
    }

    /// Whether the size counts items each core must get, rather than the
    /// size of the whole.
    const fn per_core(self) -> bool {
        matches!(
            self,
            Work::Briefings | Work::Rendering | Work::Typesetting | Work::Comparing | Work::Writing
        )
    }
}

/// The machine's cores.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// How many threads `work` of `size` (and `items` pieces of work) is
/// shared between: 1 when it is not worth sharing.
fn threads_for(work: Work, size: usize, items: usize) -> usize {
    let threads = match measuring(work) {
        Some(Measuring::Always) => items,
        Some(Measuring::Never) => 1,
        None if work.per_core() => size / work.from().max(1),
        None if size >= work.from() => items,
        None => 1,
    };
    cores().min(threads).min(items).max(1)
}

/// How the sizes in the table are measured (`benches/thresholds.sh`):
/// `BRIEFC_SHARE=pieces=always,editions=never` shares the work named
/// whatever its size, or never; `BRIEFC_SHARE=always` or `never` sets
/// every work so.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Measuring {
    Always,
    Never,
}

fn measuring(work: Work) -> Option<Measuring> {
    static SET: std::sync::OnceLock<Vec<(Option<Work>, Measuring)>> = std::sync::OnceLock::new();
    let set = SET.get_or_init(|| {
        let value = std::env::var("BRIEFC_SHARE").unwrap_or_default();
        value
            .split(',')
            .filter_map(|item| {
                let (name, how) = item.split_once('=').unwrap_or(("", item));
                let how = match how.trim() {
                    "always" => Measuring::Always,
                    "never" => Measuring::Never,
                    _ => return None,
                };
                let work = Work::ALL.into_iter().find(|w| w.name() == name.trim());
                (name.is_empty() || work.is_some()).then_some((work, how))
            })
            .collect()
    });
    set.iter()
        .find(|(named, _)| named.is_none_or(|named| named == work))
        .map(|&(_, how)| how)
}

/// Whether `work` of `size` is shared between threads.
pub fn shares(work: Work, size: usize) -> bool {
    threads_for(work, size, 2) > 1
}

/// `f` on every item, the items shared out as [`map_runs`] does.
pub fn map<T: Send, R: Send>(work: Work, items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    map_runs(work, items, |run| run.into_iter().map(&f).collect())
}

/// [`map`] for work whose size is not the number of items (the bytes of a
/// briefing's pieces): shared when `size` of `work` is worth it.
pub fn map_sized<T: Send, R: Send>(
    work: Work,
    size: usize,
    items: Vec<T>,
    f: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    let threads = threads_for(work, size, items.len());
    in_runs(threads, items, |run| run.into_iter().map(&f).collect())
}

/// [`map`] on every core when `shared` (which the caller has asked of
/// [`shares`]), else on the calling thread.
pub fn map_if<T: Send, R: Send>(shared: bool, items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let threads = if shared { cores().min(items.len()) } else { 1 };
    in_runs(threads, items, |run| run.into_iter().map(&f).collect())
}

/// How many briefings a core parses while the source library is still
/// being read before it waits for the library.
pub const PARSED_BEFORE_WAITING: usize = 8;

/// How many runs each thread's share of the items is cut into. A thread
/// takes the next run as soon as it is done with one, so a thread slowed
/// down (by a briefing ten times the others' size, or by another program
/// on its core) takes fewer runs and the others more, and no core waits
/// at the end for more than about one run of another's.
const RUNS_PER_THREAD: usize = 16;

/// [`map`] for work that wants a run of consecutive items at once, and
/// gives one result per item, in order.
pub fn map_runs<T: Send, R: Send>(
    work: Work,
    items: Vec<T>,
    f: impl Fn(Vec<T>) -> Vec<R> + Sync,
) -> Vec<R> {
    let threads = threads_for(work, items.len(), items.len());
    in_runs(threads, items, f)
}

fn in_runs<T: Send, R: Send>(
    threads: usize,
    items: Vec<T>,
    work: impl Fn(Vec<T>) -> Vec<R> + Sync,
) -> Vec<R> {
    if threads <= 1 {
        return work(items);
    }
    let run_len = items.len().div_ceil(threads * RUNS_PER_THREAD).max(1);
    // The items not yet taken, and how many runs were taken before them.
    let left = Mutex::new((0, items.into_iter()));
    let take_runs = || {
        let mut done = Vec::new();
        loop {
            let (index, run) = {
                let mut left = left.lock().unwrap_or_else(PoisonError::into_inner);
                let run: Vec<T> = left.1.by_ref().take(run_len).collect();
                left.0 += 1;
                (left.0, run)
            };
            if run.is_empty() {
                return done;
            }
            done.push((index, work(run)));
        }
    };
    // The calling thread takes runs too, beside the ones it starts.
    let mut done: Vec<(usize, Vec<R>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(take_runs)).collect();
        let mut done = take_runs();
        for handle in handles {
            done.extend(
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        done
    });
    done.sort_unstable_by_key(|(index, _)| *index);
    done.into_iter().flat_map(|(_, results)| results).collect()
}

/// `a` and `b`, side by side when `work` of `size` is worth a second
/// thread, else one after the other; `a` runs on the calling thread.
pub fn join<A: Send, B: Send>(
    work: Work,
    size: usize,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    join_if(shares(work, size), a, b)
}

/// `a` and `b`, side by side when `side_by_side`, else one after the
/// other; a panic in either is raised again here.
pub fn join_if<A: Send, B: Send>(
    side_by_side: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    if !side_by_side || cores() == 1 {
        let a = a();
        return (a, b());
    }
    std::thread::scope(|scope| {
        let b = scope.spawn(b);
        let a = a();
        let b = b
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (a, b)
    })
}

/// `main` on the calling thread and `side` on a thread of its own,
/// whatever their size: for work `main` waits on part of (the source
/// library, read while the briefings are parsed).
pub fn beside<A: Send, B: Send>(
    main: impl FnOnce() -> A + Send,
    side: impl FnOnce() -> B + Send,
) -> (A, B) {
    join_if(true, main, side)
}

#[cfg(test)]
mod tests;
