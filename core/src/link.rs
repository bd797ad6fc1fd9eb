//! Share links: `#s=<payload>`, where the payload is base64url (no padding) of a format version
//! byte followed by the postcard encoding of the scenario in that version's wire schema
//! (PRODUCT.md). The decoder is fed untrusted text and must never panic.
//!
//! New links are written in the current [`VERSION`], whose schema is the model's own: they are
//! read back by postcard directly. A link of an older released version is read with that
//! version's frozen schema into its JSON, upgraded, and read by the current JSON codec
//! ([`crate::wire::versions`]), so a link shared once keeps opening the same run whatever fields
//! the model gains later.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use crate::scenario::Scenario;
use crate::wire::{self, versions, Schema};

/// The current payload format (one number for links and files).
pub use crate::wire::versions::VERSION;
/// Links longer than this are refused before decoding (a scenario link is ~100-2000 chars).
pub const MAX_PAYLOAD_CHARS: usize = 64 * 1024;

pub fn encode(s: &Scenario) -> String {
    let mut bytes = vec![VERSION];
    // postcard cannot fail on plain data held in memory.
    bytes.extend(postcard::to_allocvec(s).unwrap_or_default());
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn decode(payload: &str) -> Result<Scenario, String> {
    let payload = payload.trim();
    if payload.len() > MAX_PAYLOAD_CHARS {
        return Err("The link is too long to be a scenario.".into());
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| "The link is damaged: it is not valid base64url.".to_string())?;
    decode_bytes(&bytes)
}

/// Reads a payload's bytes (after base64url): the version byte, then the scenario.
pub fn decode_bytes(bytes: &[u8]) -> Result<Scenario, String> {
    match bytes.split_first() {
        None => Err("The link is empty.".into()),
        Some((&VERSION, rest)) => match postcard::take_from_bytes::<Scenario>(rest) {
            // Bytes after the scenario mean the link was altered or glued to something else.
            Ok((s, [])) => Ok(s),
            Ok(_) => Err(EXTRA.into()),
            Err(_) => Err(DAMAGED.into()),
        },
        Some((&v, rest)) => match usize::from(v)
            .checked_sub(1)
            .and_then(|i| versions::OLD.get(i))
        {
            Some(old) => decode_old(v, old.schema, rest),
            None => Err(format!(
                "The link uses format version {v}, which this page does not know."
            )),
        },
    }
}

const EXTRA: &str = "The link is damaged: it has extra data after the scenario.";
const DAMAGED: &str = "The link is damaged or truncated: the scenario could not be read.";

/// Reads the bytes of a format-`version` link (after its version byte) with that version's
/// frozen `schema`: its JSON, upgraded to the current version, read by the current JSON codec.
/// [`decode`] uses it for every released version older than [`VERSION`]; the tests also run
/// the current version through it, to check it agrees with the direct read.
pub fn decode_old(version: u8, schema: Schema, bytes: &[u8]) -> Result<Scenario, String> {
    let mut value = wire::from_bytes(schema, bytes).map_err(|e| {
        if e == wire::EXTRA_BYTES {
            EXTRA.to_string()
        } else {
            DAMAGED.to_string()
        }
    })?;
    versions::upgrade(version, &mut value)?;
    wire::scenario_from_json(&value).map_err(|problems| {
        let first = problems
            .first()
            .map(ToString::to_string)
            .unwrap_or_default();
        format!("The link (format version {version}) could not be read: {first}")
    })
}

/// Finds `s=` in a URL or fragment (`https://x/#s=...`, `#s=...`, or the bare payload).
pub fn payload_from_url(text: &str) -> &str {
    let frag = text.split_once('#').map_or(text, |(_, f)| f);
    frag.split('&')
        .find_map(|kv| kv.strip_prefix("s="))
        .unwrap_or(frag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_demo() {
        let s = Scenario::demo();
        let enc = encode(&s);
        assert_eq!(decode(&enc), Ok(s));
        assert_eq!(payload_from_url(&format!("https://x.y/#s={enc}&t=5")), enc);
    }

    #[test]
    fn trailing_bytes_are_rejected() {
        let mut bytes = vec![VERSION];
        bytes.extend(postcard::to_allocvec(&Scenario::demo()).unwrap_or_default());
        bytes.push(0);
        let enc = URL_SAFE_NO_PAD.encode(bytes);
        assert_eq!(
            decode(&enc),
            Err("The link is damaged: it has extra data after the scenario.".into())
        );
    }

    #[test]
    fn bad_links_are_errors() {
        assert!(decode("").is_err());
        assert!(decode("!!!").is_err());
        assert!(decode("AQ").is_err());
        assert!(decode("Ag").is_err());
    }
}

/// Without the `ecs` feature (the page's EC2 bundle) an ECS scenario still reads and writes as a
/// link, so the page can pass it on to its platforms bundle; only the simulator refuses it, with
/// the reason: `cargo test -p scaleout-core --no-default-features --lib without_ecs`.
#[cfg(all(test, not(feature = "ecs")))]
mod without_ecs_tests {
    use crate::scenario::{EcsSpec, WITHOUT_ECS};

    #[test]
    fn without_ecs_an_ecs_link_round_trips_and_the_simulator_refuses_it_with_the_reason() {
        let mut s = crate::Scenario::demo();
        s.ecs = Some(EcsSpec::default());
        let link = super::encode(&s);
        assert_eq!(super::decode(&link).as_ref(), Ok(&s));
        let problems = crate::Sim::new(s).err().unwrap_or_default();
        assert_eq!(
            problems.first().map(|p| p.message.as_str()),
            Some(WITHOUT_ECS)
        );
    }
}
