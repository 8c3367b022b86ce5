#![no_main]
//! Any text through cleaning, sentences and every extractor: no panic, spans valid.

use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| checks::annotate(data));
