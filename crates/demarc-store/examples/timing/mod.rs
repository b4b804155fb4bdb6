//! Timing shared by the benchmarks (included with `#[path]`; not an example of its own).

use std::time::{Duration, Instant};

pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// The median time of `runs` calls of `work`, and the result of the last one.
pub fn median<T>(runs: usize, mut work: impl FnMut() -> Result<T>) -> Result<(Duration, T)> {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let started = Instant::now();
        let value = work()?;
        times.push(started.elapsed());
        last = Some(value);
    }
    times.sort();
    let value = last.ok_or("no run")?;
    Ok((times[runs / 2], value))
}
