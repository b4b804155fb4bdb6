//! Arbitrary bytes into the OSCAL reader (system security plans and component definitions):
//! broken JSON, foreign JSON and OSCAL of every shape must give an error or rows, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Errors are expected; only a panic, a hang or a blown memory limit is a finding.
    let _ = demarc_import::inspect_bytes("fuzz.json", data);
});
