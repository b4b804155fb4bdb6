//! Arbitrary text into the mapping-profile reader, and each profile it accepts applied to a
//! small sheet with a two-row header: a profile may name any sheet, rows, range and columns,
//! and reading with it must give an error or rows, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

const SHEET: &[u8] = b"Vendor matrix,,,,\n\
Ref,Who,,Vendor notes,Customer action\n\
,Vendor,Client,,\n\
Access,,,,\n\
V-1,x,,Daily,\n\
V-2,,X,,Review\n\
V-3,x,x,,\n\
V-4,Somebody,,,\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(profile) = demarc_import::profile_from_json(text) else {
        return;
    };
    let options = demarc_import::ReadOptions {
        profile: Some(profile),
        ..Default::default()
    };
    let _ = demarc_import::read_matrix_bytes("fuzz.csv", SHEET, &options);
});
