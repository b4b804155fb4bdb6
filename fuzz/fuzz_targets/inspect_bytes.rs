//! Arbitrary bytes into detection, under every name the importer tells kinds by. The first byte
//! picks the extension so that one corpus exercises the xlsx, xls, ods and csv readers.
#![no_main]

use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 5] = ["fuzz.xlsx", "fuzz.xls", "fuzz.ods", "fuzz.csv", "fuzz.bin"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    // Errors are expected; only a panic, a hang or a blown memory limit is a finding.
    let _ = demarc_import::inspect_bytes(name, bytes);
});
