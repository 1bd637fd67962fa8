//! Fuzz target `household`: see `fuzz/checks.rs` for what must hold.
#![no_main]

#[allow(dead_code)]
mod checks {
    include!("../checks.rs");
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::household(data));
