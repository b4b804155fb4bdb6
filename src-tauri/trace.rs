//! With `DEMARC_TRACE` set, each command the window calls is written to stderr with when it
//! started (seconds since launch) and how long it took: where a slow start or a slow click goes,
//! read from the build a user runs.

use std::future::Future;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

static LAUNCHED: OnceLock<Option<Instant>> = OnceLock::new();

/// Notes the launch; call first thing.
pub fn launched() {
    LAUNCHED.get_or_init(|| std::env::var_os("DEMARC_TRACE").map(|_| Instant::now()));
}

/// Runs `f`, tracing it as `name` when tracing is on.
pub fn command<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let start = since_launch();
    let out = f();
    report(name, start);
    out
}

/// Awaits `f`, tracing it as `name` when tracing is on.
pub async fn awaited<T>(name: &str, f: impl Future<Output = T>) -> T {
    let start = since_launch();
    let out = f.await;
    report(name, start);
    out
}

fn since_launch() -> Option<Duration> {
    LAUNCHED
        .get()
        .copied()
        .flatten()
        .map(|launch| launch.elapsed())
}

fn report(name: &str, start: Option<Duration>) {
    if let (Some(start), Some(Some(launch))) = (start, LAUNCHED.get()) {
        let took = launch.elapsed() - start;
        eprintln!(
            "demarc-trace {name} at {:.3} s took {:.1} ms",
            start.as_secs_f64(),
            took.as_secs_f64() * 1000.0
        );
    }
}
