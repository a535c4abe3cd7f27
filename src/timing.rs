//! `REDEVAL_TIMING=1`: stage times on standard error, for profiling (off by default). Every
//! line gives the seconds since the process's first timing call and the stage's own seconds.

use std::sync::OnceLock;
use std::time::Instant;

static START: OnceLock<Instant> = OnceLock::new();
static ON: OnceLock<bool> = OnceLock::new();

/// True when `REDEVAL_TIMING` is set.
pub fn on() -> bool {
    *ON.get_or_init(|| std::env::var_os("REDEVAL_TIMING").is_some())
}

/// Starts the clock (the first call wins); returns now.
pub fn start() -> Instant {
    let now = Instant::now();
    START.get_or_init(|| now);
    now
}

/// Prints `[timing] at T s  stage: S s` when timing is on; returns now, for the next stage.
pub fn stage(stage: &str, since: Instant) -> Instant {
    let now = Instant::now();
    if on() {
        let at = START.get().map_or(0.0, |s| (now - *s).as_secs_f64());
        eprintln!(
            "[timing] at {at:6.3} s  {stage}: {:.3} s",
            (now - since).as_secs_f64()
        );
    }
    now
}
