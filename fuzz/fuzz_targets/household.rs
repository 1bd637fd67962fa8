//! A household file, as YAML and as JSON, read with the Finnish rules and —
//! when it is accepted — calculated in a month before and after the big
//! changes: reading and calculating must never panic, only return errors.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let rules = etuus::rules().expect("the embedded rules load");
    for household in [rules.household_from_yaml(text), rules.household_from_json(text)] {
        let Ok(household) = household else { continue };
        for month in ["2024-03", "2026-05"] {
            let month = month.parse().expect("a month");
            if let Err(e) = rules.calculate(&household, month) {
                // An accepted household may still lack an input a result
                // needs, but never meet an internal error.
                assert!(e.as_input().is_some(), "{e}");
            }
        }
    }
});
