//! Kill the CLI with SIGKILL at random points of an import, a bulk change and a layer change,
//! again and again; after each kill the file must pass `PRAGMA integrity_check`, open, and hold
//! every change that was reported as saved. `DEMARC_KILLS` sets how many kills (default 60;
//! `scripts/kill-test` runs more).
#![allow(clippy::unwrap_used)] // test helpers may panic: that is how a test fails
#![cfg(unix)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use demarc_store::EngagementFile;

/// A small linear congruential generator: enough to spread kill times, and repeatable from its
/// printed seed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

fn write_csv(path: &Path, rows: usize, flip: bool) {
    let mut text = String::from("Control ID,Responsibility,Customer Responsibility\n");
    let labels = if flip {
        ["Customer", "Shared", "Microsoft"]
    } else {
        ["Shared", "Microsoft", "Customer"]
    };
    for i in 0..rows {
        text += &format!("CTL-{i},{},Keep row {i} under review\n", labels[i % 3]);
    }
    std::fs::write(path, text).unwrap();
}

/// What a finished command reported as saved, to look for after later kills.
enum Saved {
    /// Every decision with this reason, and how many there must be.
    Reason(String, usize),
    /// An import, by the subject of its log entry.
    Subject(String),
}

fn check(file: &Path, saved: &[Saved], round: usize) {
    {
        let conn = rusqlite::Connection::open(file).unwrap();
        let verdict: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(verdict, "ok", "round {round}: integrity check failed");
    }
    let opened = EngagementFile::open(file)
        .unwrap_or_else(|e| panic!("round {round}: the file does not open after a kill: {e}"));
    let log = opened.decisions().unwrap();
    for s in saved {
        match s {
            Saved::Reason(reason, n) => {
                let found = log
                    .iter()
                    .filter(|d| d.reason.as_deref() == Some(reason))
                    .count();
                assert_eq!(
                    found, *n,
                    "round {round}: change {reason:?} reported saved but lost"
                );
            }
            Saved::Subject(subject) => {
                assert!(
                    log.iter().any(|d| &d.subject == subject),
                    "round {round}: {subject} lost"
                );
            }
        }
    }
    assert_eq!(opened.services().unwrap().len(), 9);
}

#[test]
fn sigkill_at_random_points_loses_nothing_reported_saved() {
    let kills: usize = std::env::var("DEMARC_KILLS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(60);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    eprintln!("kill test: {kills} kills, seed {seed}");
    let mut rng = Lcg(seed);
    let bin = assert_cmd::cargo::cargo_bin("demarc");
    let dir = tempfile::tempdir().unwrap();
    let demo = Command::new(&bin)
        .arg("demo")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(demo.status.success());
    let file = dir.path().join("demo.demarc");
    let csv = [
        dir.path().join("matrix-a.csv"),
        dir.path().join("matrix-b.csv"),
    ];
    write_csv(&csv[0], 3000, false);
    write_csv(&csv[1], 3000, true);

    let layers = [
        "data",
        "os",
        "runtime",
        "network_controls",
        "service_config",
    ];
    let owners = ["customer", "shared", "provider", "not_applicable"];
    let mut saved = Vec::new();
    let (mut killed, mut finished) = (0, 0);
    let started = Instant::now();
    for round in 0..kills {
        let reason = format!("kill round {round}");
        let mut cmd = Command::new(&bin);
        cmd.env("DEMARC_USER", "kill-test")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let kind = round % 3;
        match kind {
            0 => cmd.args(["layer", "set"]).arg(&file).args([
                "--service",
                "Amazon EC2",
                "--layer",
                layers[rng.next(layers.len() as u64) as usize],
                "--owner",
                owners[round % owners.len()],
                "--reason",
                &reason,
            ]),
            1 => cmd.arg("set").arg(&file).args([
                "--service",
                "Amazon RDS for PostgreSQL",
                "--family",
                "CC6",
                "--owner",
                owners[round % owners.len()],
                "--reason",
                &reason,
            ]),
            _ => cmd.arg("import").arg(&file).arg(&csv[round % 2]).args([
                "--provider",
                "Microsoft",
                "--service",
                "Microsoft Entra ID",
                "--json",
            ]),
        };
        let mut child = cmd.spawn().unwrap();
        std::thread::sleep(Duration::from_micros(rng.next(60_000)));
        let _ = child.kill();
        let out = child.wait_with_output().unwrap();
        if out.status.success() {
            finished += 1;
            let stdout = String::from_utf8_lossy(&out.stdout);
            match kind {
                0 => saved.push(Saved::Reason(reason, 1)),
                1 => {
                    let n: usize = stdout.split_whitespace().next().unwrap().parse().unwrap();
                    if n > 0 {
                        saved.push(Saved::Reason(reason, n));
                    }
                }
                _ => {
                    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
                    let version = report["version"].as_i64().unwrap();
                    saved.push(Saved::Subject(format!(
                        "provider matrix \"Microsoft\" version {version}"
                    )));
                }
            }
        } else if out.status.code().is_none() {
            killed += 1;
        } else {
            panic!(
                "round {round}: the command failed on its own: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        check(&file, &saved, round);
    }
    eprintln!(
        "kill test: {killed} killed mid-run, {finished} finished, {} changes checked after every \
         round, in {:.1} s; zero lost or corrupt",
        saved.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        killed > kills / 4,
        "too few kills landed mid-run ({killed} of {kills})"
    );
}
