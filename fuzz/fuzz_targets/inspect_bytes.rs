//! Arbitrary bytes into detection, under every name the importer tells kinds by. The first byte
//! picks the extension so that one corpus exercises the xlsx, xls, ods and csv readers.
#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;

static TOLERATE_READER_PANICS: Once = Once::new();

const NAMES: [&str; 5] = ["fuzz.xlsx", "fuzz.xls", "fuzz.ods", "fuzz.csv", "fuzz.bin"];

fuzz_target!(|data: &[u8]| {
    // A panic inside calamine is caught by the importer and reported as a damaged file, so it
    // is not a finding; a panic anywhere else still aborts, as libFuzzer's hook makes it.
    TOLERATE_READER_PANICS.call_once(|| {
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !info
                .location()
                .is_some_and(|l| l.file().contains("/calamine-"))
            {
                abort(info);
            }
        }));
    });
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(pick) % NAMES.len()];
    // Errors are expected; only a panic, a hang or a blown memory limit is a finding.
    let _ = demarc_import::inspect_bytes(name, bytes);
});
