//! What it costs to keep the `.demarc` file whole after every change: the same changes under
//! three journal settings, on copies of the demo engagement. Run with `scripts/bench-durability`.
//!
//! - `wal`: write-ahead log, changes left in the log until SQLite checkpoints on its own (the
//!   file alone may be missing them);
//! - `wal+fold`: the same, folded into the file after every commit (what Demarc does);
//! - `rollback`: a rollback journal, where every commit writes the file itself.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{params, Connection};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

const CHANGES: usize = 200;
const BULK_ROWS: usize = 1_634;

fn main() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let demo = demarc_store::write_demo(&dir.path().join("demo.demarc"))?;
    let source = demo.path().to_path_buf();
    drop(demo);
    println!("{CHANGES} one-row changes and 5 changes of {BULK_ROWS} rows, median per change\n");
    println!(
        "{:<10} {:>12} {:>12} {:>14}",
        "journal", "one row", "bulk", "vs wal (one)"
    );
    let mut base = None;
    for mode in ["wal", "wal+fold", "rollback"] {
        let copy = dir.path().join(format!("{mode}.demarc"));
        std::fs::copy(&source, &copy)?;
        let (one, bulk) = time_mode(&copy, mode)?;
        let base = *base.get_or_insert(one);
        println!(
            "{mode:<10} {:>12} {:>12} {:>13.2}x",
            format!("{:.2} ms", ms(one)),
            format!("{:.2} ms", ms(bulk)),
            one.as_secs_f64() / base.as_secs_f64()
        );
    }
    Ok(())
}

fn time_mode(path: &Path, mode: &str) -> Result<(Duration, Duration)> {
    let mut conn = Connection::open(path)?;
    let journal = if mode == "rollback" { "DELETE" } else { "WAL" };
    conn.pragma_update_and_check(None, "journal_mode", journal, |_| Ok(()))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    let fold = mode == "wal+fold";
    let one = median((0..CHANGES).map(|n| change(&mut conn, 1, n, fold)))?;
    let bulk = median((0..5).map(|n| change(&mut conn, BULK_ROWS, n, fold)))?;
    Ok((one, bulk))
}

/// One transaction that logs `rows` decisions and overrides a layer, as an owner change does.
fn change(conn: &mut Connection, rows: usize, n: usize, fold: bool) -> Result<Duration> {
    let start = Instant::now();
    let tx = conn.transaction()?;
    tx.execute(
        "UPDATE service_layer SET override_owner = 'shared', reason = ?1
         WHERE service_id = (SELECT min(id) FROM service) AND layer = 'os'",
        [format!("change {n}")],
    )?;
    for row in 0..rows {
        tx.execute(
            "INSERT INTO decision (at, who, subject, old_value, new_value, reason)
             VALUES ('2027-01-15T09:30:00Z', 'bench', ?1, 'customer', 'shared', ?2)",
            params![format!("row {row}"), format!("change {n}")],
        )?;
    }
    tx.commit()?;
    if fold {
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    }
    Ok(start.elapsed())
}

fn median(times: impl Iterator<Item = Result<Duration>>) -> Result<Duration> {
    let mut times = times.collect::<Result<Vec<_>>>()?;
    times.sort();
    Ok(times[times.len() / 2])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
