//! With `BRIEFC_TIMINGS` set, each stage of a run prints to standard error
//! how long after the start it ended, from whichever thread ran it: the
//! first thing to look at when a briefing builds slower than expected
//! (see benches/README.md).

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
        eprintln!("briefc timings: {ms:8.2} ms  {name}");
    }
}
