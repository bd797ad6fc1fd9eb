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
            Err(_) => Err(without_ecs(rest).unwrap_or(DAMAGED).into()),
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

/// Without the ECS runtime (the page, for now) a link with an `ecs` section is refused with the
/// reason rather than called damaged.
fn without_ecs(bytes: &[u8]) -> Option<&'static str> {
    if cfg!(feature = "ecs") {
        return None;
    }
    let value = wire::from_bytes(wire::schema::CONTAINERS, bytes).ok()?;
    value
        .get("ecs")
        .filter(|e| !e.is_null())
        .map(|_| crate::scenario::WITHOUT_ECS)
}

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

/// Without the `ecs` feature (the page's build) an ECS scenario is refused with the reason, as a
/// link and as a file: `cargo test -p scaleout-core --no-default-features --lib without_ecs`.
#[cfg(all(test, not(feature = "ecs")))]
mod without_ecs_tests {
    use crate::scenario::{EcsSpec, WITHOUT_ECS};

    #[test]
    fn without_ecs_a_file_or_link_with_an_ecs_section_is_refused_with_the_reason() {
        let file = serde_json::json!({"ecs": {"cluster": "prod"}});
        let problems = crate::wire::scenario_from_json(&file).expect_err("refused");
        assert_eq!(problems[0].message, WITHOUT_ECS);
        // A version-3 link with an ECS section, as a build with the feature writes it: the
        // section's bytes are what the current schema describes.
        let mut value = crate::wire::scenario_to_value(&crate::Scenario::demo()).expect("JSON");
        value["ecs"] = serde_json::json!({});
        let bytes = crate::wire::to_bytes(crate::wire::schema::CONTAINERS, &value).expect("bytes");
        let mut payload = vec![super::VERSION];
        payload.extend(bytes);
        use base64::Engine;
        let link = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(payload);
        assert_eq!(super::decode(&link), Err(WITHOUT_ECS.to_string()));
        let _ = EcsSpec::default();
    }
}
