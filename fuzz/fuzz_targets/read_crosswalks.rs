//! Arbitrary bytes into the crosswalk readers (CCM mapping sheet, OLIR, SCF, OSCAL JSON, two
//! columns). The first byte picks the name, so one corpus exercises xlsx, csv, json and ods.
#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;

static TOLERATE_READER_PANICS: Once = Once::new();

const NAMES: [&str; 4] = ["fuzz.xlsx", "fuzz.csv", "fuzz.json", "fuzz.ods"];

fuzz_target!(|data: &[u8]| {
    // As in inspect_bytes: a panic inside calamine is caught and reported as a damaged file.
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
    let _ = demarc_import::read_crosswalks_bytes(name, bytes, &Default::default());
});
