//! Uploaded scenario files: arbitrary JSON must never panic the parser, the validator or a run.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(s) = scaleout_core::Scenario::from_json(text) {
            if let Ok(mut sim) = scaleout_core::Sim::new(s) {
                sim.advance_to(scaleout_core::SimTime::from_mins(30));
            }
        }
    }
});
