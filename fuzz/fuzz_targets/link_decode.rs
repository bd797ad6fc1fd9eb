//! Share-link decoder: arbitrary text must give a scenario or an error, never a panic; a
//! decoded scenario must survive validation and, when valid, a short run. The same bytes also go
//! through the frozen-schema reader of every released format version (how links of an older
//! version are read), which must never panic either.
#![no_main]
use libfuzzer_sys::fuzz_target;
use scaleout_core::wire::versions;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(s) = scaleout_core::link::decode(&text) {
        let _ = scaleout_core::link::encode(&s);
        if let Ok(mut sim) = scaleout_core::Sim::new(s) {
            sim.advance_to(scaleout_core::SimTime::from_mins(30));
        }
    }
    for version in 1..=versions::VERSION {
        if let Some(schema) = versions::frozen_schema(version) {
            let _ = scaleout_core::link::decode_old(version, schema, data);
        }
    }
});
