//! Share links (PRODUCT.md "Links"): the decoder takes untrusted text and must never panic, and
//! every scenario survives encode -> decode unchanged. The coverage-guided fuzzer lives in
//! `fuzz/` (`cargo fuzz run link_decode --sanitizer none`); these properties run in every
//! `make test`.

use proptest::prelude::*;
use scaleout_core::link;
use scaleout_core::presets;
use scaleout_core::scenario::{Action, LoadPattern, TimedAction};
use scaleout_core::Scenario;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decode_never_panics_on_text(text in ".{0,400}") {
        let _ = link::decode(&text);
    }

    #[test]
    fn decode_never_panics_on_base64_of_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        use base64::Engine as _;
        let text = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes);
        let _ = link::decode(&text);
    }

    #[test]
    fn truncated_links_never_panic(cut in 0usize..2000, preset in 0usize..7) {
        let all = presets::all();
        let s = &all[preset % all.len()].scenario;
        let enc = link::encode(s);
        let cut = cut.min(enc.len());
        let _ = link::decode(&enc[..cut]);
    }

    #[test]
    fn round_trip(seed in any::<u64>(), min in 0u32..5, extra in 0u32..20, rps in 0.0f64..5000.0,
                  noise in 0.0f64..50.0, at in proptest::collection::vec(0u64..100_000, 0..5)) {
        let mut s = Scenario::demo();
        s.seed = seed;
        s.group.min_size = min;
        s.group.max_size = min + extra;
        s.load.pattern = LoadPattern::Steady { rps };
        s.load.noise_pct = noise;
        s.actions = at.iter().map(|&t| TimedAction { at_ms: t, action: Action::SetLoad { rps: Some(rps) } }).collect();
        let enc = link::encode(&s);
        prop_assert_eq!(link::decode(&enc), Ok(s));
    }
}

#[test]
fn every_preset_round_trips() {
    for p in presets::all() {
        let enc = link::encode(&p.scenario);
        assert_eq!(link::decode(&enc).as_ref(), Ok(&p.scenario), "{}", p.id);
    }
}

#[test]
fn demo_link_is_short() {
    let enc = link::encode(&Scenario::demo());
    println!("demo link payload: {} characters", enc.len());
    assert!(enc.len() < 2000, "{}", enc.len());
}
