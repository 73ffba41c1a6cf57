//! Limits on a project's own templates. A template is a program: nested
//! loops can run for ever and a loop can write gigabytes. A built-in
//! template is known to be small and quick; a project's template is
//! rendered on a thread of its own, into a buffer capped at
//! [`MAX_OUTPUT`], and `range` counts what it produces and checks the
//! clock, so that a runaway template stops itself with a clear error. A
//! template that loops without writing or calling `range` is given up on
//! at the deadline: the command reports it and goes on (its thread is
//! left to the end of the process).

use std::cell::Cell;
use std::io::Write;
use std::time::{Duration, Instant};

use tera::{Error, Kwargs, State, TeraResult};

/// The most a template may write into one file.
pub const MAX_OUTPUT: usize = 64 * 1024 * 1024;

/// The most elements all the `range` calls of one rendering may produce.
pub const MAX_RANGE_TOTAL: u64 = 10_000_000;

/// Why a rendering was stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Output,
    Time(Duration),
    Range,
}

impl Limit {
    pub fn message(self) -> String {
        match self {
            Limit::Output => format!(
                "the template wrote more than {} MiB, the most a file may hold",
                MAX_OUTPUT / (1024 * 1024)
            ),
            Limit::Time(limit) => format!(
                "the template took longer than {} s to render",
                limit.as_secs()
            ),
            Limit::Range => {
                format!("the template's `range` calls produced more than {MAX_RANGE_TOTAL} numbers")
            }
        }
    }

    pub fn help(self) -> &'static str {
        match self {
            Limit::Time(_) => {
                "look for loops inside loops; a slow but correct template may be given longer with `[templates] timeout = 30` in briefc.toml"
            }
            _ => "look for loops inside loops that write more than the briefing holds",
        }
    }
}

thread_local! {
    /// The rendering on this thread: its deadline and the `range`
    /// elements it may still produce. Unset for built-in templates.
    static BUDGET: Cell<Option<(Instant, Duration, u64)>> = const { Cell::new(None) };
    static STOPPED: Cell<Option<Limit>> = const { Cell::new(None) };
}

/// Sets the limits for renderings on this thread.
pub fn arm(limit: Duration) {
    BUDGET.with(|b| b.set(Some((Instant::now() + limit, limit, MAX_RANGE_TOTAL))));
    STOPPED.with(|s| s.set(None));
}

/// The limit that stopped the last rendering on this thread, if one did.
pub fn stopped() -> Option<Limit> {
    STOPPED.with(Cell::get)
}

fn stop(limit: Limit) -> Limit {
    STOPPED.with(|s| s.set(Some(limit)));
    limit
}

fn past_deadline() -> Option<Limit> {
    BUDGET.with(Cell::get).and_then(|(deadline, limit, _)| {
        (Instant::now() >= deadline).then(|| stop(Limit::Time(limit)))
    })
}

/// The output of a rendering, refusing to grow past [`MAX_OUTPUT`] or to
/// go on past the deadline.
#[derive(Default)]
pub struct Capped(pub Vec<u8>);

impl Write for Capped {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + bytes.len() > MAX_OUTPUT {
            return Err(std::io::Error::other(stop(Limit::Output).message()));
        }
        if let Some(limit) = past_deadline() {
            return Err(std::io::Error::other(limit.message()));
        }
        self.0.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Tera's `range(end, start=0, step_by=1)`, the same numbers, counted
/// against the rendering's budget and stopping at its deadline.
pub fn range(kwargs: Kwargs, _: &State) -> TeraResult<Vec<i128>> {
    let start = kwargs.get::<i128>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i128>("end")?;
    let step = kwargs.get::<i128>("step_by")?.unwrap_or(1);
    if step == 0 {
        return Err(Error::message("`range` was called with `step_by` 0"));
    }
    if start > end && step > 0 {
        return Err(Error::message(
            "`range` was called with a `start` greater than its `end`",
        ));
    }
    let span = if step > 0 { end - start } else { start - end };
    let len = if span <= 0 {
        0
    } else {
        (span + step.abs() - 1) / step.abs()
    };
    if len > 100_000 {
        return Err(Error::message(format!(
            "`range` would produce {len} numbers; at most 100000 at a time"
        )));
    }
    if let Some(limit) = past_deadline() {
        return Err(Error::message(limit.message()));
    }
    let within = BUDGET.with(|b| match b.get() {
        None => true,
        Some((deadline, limit, left)) => {
            let left = left.checked_sub(len as u64);
            b.set(Some((deadline, limit, left.unwrap_or(0))));
            left.is_some()
        }
    });
    if !within {
        return Err(Error::message(stop(Limit::Range).message()));
    }
    Ok((0..len).map(|i| start + i * step).collect())
}
