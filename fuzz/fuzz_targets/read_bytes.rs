#![no_main]
//! Any bytes, any format sniffing path: no panic, every span in bounds.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for doc in corroborate_ingest::read_bytes("fuzz.bin", data.to_vec()).into_iter().flatten() {
        for segment in doc.source_to_raw.segments() {
            assert!(segment.from.is_valid_for(&doc.source));
            assert!(segment.to.end() <= doc.raw.len());
        }
    }
});
