//! Share links: `#s=<payload>`, where the payload is base64url (no padding) of a version byte
//! followed by the postcard encoding of the scenario (PRODUCT.md). The decoder is fed
//! untrusted text and must never panic.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use crate::scenario::Scenario;

/// The current payload format.
pub const VERSION: u8 = 1;
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
    match bytes.split_first() {
        None => Err("The link is empty.".into()),
        Some((&VERSION, rest)) => match postcard::take_from_bytes::<Scenario>(rest) {
            // Bytes after the scenario mean the link was altered or glued to something else.
            Ok((s, [])) => Ok(s),
            Ok(_) => Err("The link is damaged: it has extra data after the scenario.".into()),
            Err(_) => {
                Err("The link is damaged or truncated: the scenario could not be read.".into())
            }
        },
        Some((v, _)) => Err(format!(
            "The link uses format version {v}, which this page does not know."
        )),
    }
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
