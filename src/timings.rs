//! With `BRIEFC_TIMINGS` set, each stage of a run prints to standard error
//! how long after the start it ended, from whichever thread ran it: the
//! first thing to look at when a briefing builds slower than expected
//! (see benches/README.md). On Unix each line also gives the most memory
//! resident so far, which tells which stage sets a run's peak.

use std::sync::OnceLock;
use std::time::Instant;

/// When the run started; `None` when timings are off.
fn start() -> Option<Instant> {
    static START: OnceLock<Option<Instant>> = OnceLock::new();
    *START.get_or_init(|| std::env::var_os("BRIEFC_TIMINGS").map(|_| Instant::now()))
}

/// Starts the clock; the first call of [`stage`] does too.
pub fn begin() {
    let _ = start();
}

/// Reports that `name` has ended.
pub fn stage(name: &str) {
    if let Some(start) = start() {
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        match peak_resident_mb() {
            Some(peak) => eprintln!("briefc timings: {ms:8.2} ms  peak {peak:6.1} MB  {name}"),
            None => eprintln!("briefc timings: {ms:8.2} ms  {name}"),
        }
    }
}

/// The most memory resident at once so far, in MB: one system call, so
/// cheap enough to ask at every stage of a thousand briefings.
fn peak_resident_mb() -> Option<f64> {
    #[cfg(unix)]
    {
        let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
        // SAFETY: getrusage fills the struct it is given, which is zeroed
        // and of the right type; on failure it is not read.
        let usage = unsafe {
            if libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) != 0 {
                return None;
            }
            usage.assume_init()
        };
        // Kilobytes on Linux, bytes on macOS.
        let divisor = if cfg!(target_os = "macos") {
            1048576.0
        } else {
            1024.0
        };
        Some(usage.ru_maxrss as f64 / divisor)
    }
    #[cfg(not(unix))]
    None
}
