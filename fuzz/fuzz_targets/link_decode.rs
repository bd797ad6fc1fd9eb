//! Share-link decoder: arbitrary text must give a scenario or an error, never a panic; a
//! decoded scenario must survive validation and, when valid, a short run.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(s) = scaleout_core::link::decode(&text) {
        let _ = scaleout_core::link::encode(&s);
        if let Ok(mut sim) = scaleout_core::Sim::new(s) {
            sim.advance_to(scaleout_core::SimTime::from_mins(30));
        }
    }
});
