//! Any bytes under any name: no panic, and every document keeps its invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::ingest_read_bytes(data));
