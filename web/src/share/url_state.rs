//! Where the scenario lives: the page URL and the local autosave.
//!
//! - The fragment holds the scenario: `#s=<payload>` ([`scaleout_core::link`]), plus an optional
//!   `t=<time>` to open at, and `a=<payload>` when the page compares the run (B) with a fork of
//!   an earlier configuration (A). The page rewrites it with `history.replaceState` (debounced) while the
//!   user edits and acts, so the address bar is always a link to the current run.
//! - The query holds view options only, never scenario data:
//!   `?embed=1&autoplay=1&controls=min&lang=ko&theme=dark&t=600`.
//! - `localStorage` keeps the last payload, so a reload (or opening the bare page) keeps edits.
//!
//! The parsing here is pure (strings in, values out) so it is tested without a browser; the few
//! functions that touch `window` are at the bottom.

use scaleout_core::{link, time, Scenario};

use crate::i18n::Lang;

/// The `localStorage` key of the autosaved link payload.
pub const AUTOSAVE_KEY: &str = "scaleout.autosave.v1";
/// Links longer than this get a warning in the share dialog (some chat tools and older
/// browsers cut long URLs).
pub const LONG_URL_CHARS: usize = 2000;
/// How often the page checks whether the link changed (and rewrites the URL if so).
pub const SYNC_INTERVAL_MS: u32 = 500;

/// How much of the page an embed shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Controls {
    /// Play/pause, step and the charts: for a blog post.
    #[default]
    Min,
    /// Everything the full page has.
    Full,
}

/// View options from the query (or the fragment): how to show, never what to simulate.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ViewOptions {
    pub embed: bool,
    /// `None`: the default (embeds autoplay when visible, unless the reader prefers reduced
    /// motion; the full page waits for play).
    pub autoplay: Option<bool>,
    pub controls: Controls,
    pub lang: Option<Lang>,
    /// `light` or `dark`; anything else is ignored.
    pub theme: Option<&'static str>,
    /// Open at this simulated time.
    pub t_ms: Option<u64>,
}

/// What the page opens with.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Boot {
    pub view: ViewOptions,
    /// `None`: the default scenario.
    pub scenario: Option<Scenario>,
    /// Why the link could not be used (shown in `error-banner`; the default scenario runs).
    pub problems: Vec<String>,
    /// True when the scenario came from the link in the URL (not the autosave).
    pub from_link: bool,
    /// The comparison's A, as a link payload, when the link or the autosave holds one.
    pub compare_a: Option<String>,
}

/// `a=1&b=x` -> pairs; a leading `?` or `#` is skipped, values are percent-decoded.
pub fn parse_params(text: &str) -> Vec<(String, String)> {
    let text = text.trim_start_matches(['?', '#']);
    text.split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let hex = |c: u8| (c as char).to_digit(16);
        if b == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(if b == b'+' { b' ' } else { b });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn flag(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "" | "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// `600`, `600s`, `10m`, `2h` -> ms; anything else is ignored.
pub fn parse_time(v: &str) -> Option<u64> {
    time::parse_duration(v).ok().map(|t| t.0)
}

/// Reads the view options from the query and the fragment (the fragment wins for `t`).
pub fn view_options(search: &str, hash: &str) -> ViewOptions {
    let mut view = ViewOptions::default();
    let query = parse_params(search);
    let fragment = parse_params(hash);
    for (k, v) in query.iter().chain(fragment.iter()) {
        match k.as_str() {
            "embed" => view.embed = flag(v).unwrap_or(false),
            "autoplay" => view.autoplay = flag(v),
            "controls" => {
                view.controls = match v.as_str() {
                    "full" => Controls::Full,
                    _ => Controls::Min,
                }
            }
            "lang" => view.lang = Lang::from_code(v),
            "theme" => {
                view.theme = match v.as_str() {
                    "dark" => Some("dark"),
                    "light" => Some("light"),
                    _ => None,
                }
            }
            "t" => view.t_ms = parse_time(v).or(view.t_ms),
            _ => {}
        }
    }
    view
}

/// The run's part of a fragment, if it has one: the `s=` payload, followed by `&a=<payload>`
/// when the fragment also holds a comparison's A. The page keeps, writes and autosaves this
/// string whole; [`split_payload`] takes it apart.
pub fn payload_in_hash(hash: &str) -> Option<String> {
    let params = parse_params(hash);
    let get = |key: &str| {
        params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    let s = get("s")?;
    Some(match get("a") {
        Some(a) => format!("{s}&a={a}"),
        None => s,
    })
}

/// `B&a=A` -> (`B`, `Some(A)`); a plain payload -> (payload, `None`).
pub fn split_payload(p: &str) -> (&str, Option<&str>) {
    // A payload is base64url: the first `&` ends it (a char search, not a substring search,
    // which would bring a string-matching engine into the page).
    match p.split_once('&') {
        Some((b, rest)) => (b, rest.strip_prefix("a=")),
        None => (p, None),
    }
}

/// Decides what the page opens with, from the URL parts and the autosaved payload.
/// A link in the URL wins; a bad link shows its problem and the default scenario (never the
/// autosave, which would hide that the link was broken). Embeds never use the autosave. A bad
/// comparison A is dropped with its problem; the run itself still opens.
pub fn boot(search: &str, hash: &str, autosave: Option<&str>) -> Boot {
    let view = view_options(search, hash);
    let compare = |a: Option<&str>, problems: &mut Vec<String>| {
        let a = a?;
        match link::decode(a) {
            Ok(_) => Some(a.to_string()),
            Err(e) => {
                problems.push(format!("Comparison A: {e}"));
                None
            }
        }
    };
    if let Some(full) = payload_in_hash(hash) {
        let (payload, a) = split_payload(&full);
        let mut problems = Vec::new();
        let scenario = match link::decode(payload) {
            Ok(scenario) => Some(scenario),
            Err(e) => {
                problems.push(format!("Link: {e}"));
                None
            }
        };
        let compare_a = compare(a, &mut problems);
        return Boot {
            view,
            scenario,
            problems,
            from_link: true,
            compare_a,
        };
    }
    let saved = (!view.embed)
        .then_some(autosave)
        .flatten()
        .map(split_payload);
    let scenario = saved.and_then(|(p, _)| link::decode(p).ok());
    let compare_a = scenario
        .is_some()
        .then(|| compare(saved.and_then(|(_, a)| a), &mut Vec::new()))
        .flatten();
    Boot {
        view,
        scenario,
        problems: Vec::new(),
        from_link: false,
        compare_a,
    }
}

/// `https://host/path/?q#frag` -> `https://host/path/` (no query, no fragment).
pub fn page_base(href: &str) -> &str {
    let end = href.find(['?', '#']).unwrap_or(href.len());
    &href[..end]
}

/// The query part of `href` including `?`, or "".
pub fn query_of(href: &str) -> &str {
    let no_frag = href.split_once('#').map_or(href, |(a, _)| a);
    no_frag.find('?').map_or("", |i| &no_frag[i..])
}

/// The full-page link to a scenario (optionally at a time): `base#s=...&t=...`.
pub fn share_url(base: &str, payload: &str, t_s: Option<u64>) -> String {
    match t_s {
        Some(t) if t > 0 => format!("{base}#s={payload}&t={t}"),
        _ => format!("{base}#s={payload}"),
    }
}

/// The embed link: `base?embed=1[&lang=..]#s=...`.
pub fn embed_url(base: &str, payload: &str, lang: Option<Lang>) -> String {
    let lang = lang
        .map(|l| format!("&lang={}", l.code()))
        .unwrap_or_default();
    format!("{base}?embed=1{lang}#s={payload}")
}

/// The iframe snippet the Embed dialog offers.
pub fn iframe_snippet(src: &str, title: &str) -> String {
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"420\" style=\"border:0\" loading=\"lazy\"></iframe>",
        html_escape(src),
        html_escape(title)
    )
}

fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

// ----- the browser side --------------------------------------------------------------------

/// (href, search, hash) of the current page; empty strings outside a browser.
pub fn location() -> (String, String, String) {
    let Some(loc) = web_sys::window().map(|w| w.location()) else {
        return Default::default();
    };
    (
        loc.href().unwrap_or_default(),
        loc.search().unwrap_or_default(),
        loc.hash().unwrap_or_default(),
    )
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn read_autosave() -> Option<String> {
    storage()?.get_item(AUTOSAVE_KEY).ok().flatten()
}

/// Keeps `payload` for the next visit to the bare page; false when the browser refused (storage
/// full or turned off: the URL still holds the run, and the page says the autosave failed).
pub fn write_autosave(payload: &str) -> bool {
    storage().is_some_and(|s| s.set_item(AUTOSAVE_KEY, payload).is_ok())
}

pub fn clear_autosave() {
    if let Some(s) = storage() {
        let _ = s.remove_item(AUTOSAVE_KEY);
    }
}

/// Rewrites the fragment to `#s=payload` without a navigation or a `hashchange` event,
/// keeping the path and the query (the view options).
pub fn replace_fragment(payload: Option<&str>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let (href, _, _) = location();
    let without_frag = href.split_once('#').map_or(href.as_str(), |(a, _)| a);
    let url = match payload {
        Some(p) => format!("{without_frag}#s={p}"),
        None => without_frag.to_string(),
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn view_options_from_query_and_fragment() {
        let v = view_options(
            "?embed=1&autoplay=0&controls=full&lang=ko&theme=dark&t=10m",
            "#s=abc&t=600",
        );
        assert!(v.embed);
        assert_eq!(v.autoplay, Some(false));
        assert_eq!(v.controls, Controls::Full);
        assert_eq!(v.lang, Some(Lang::Ko));
        assert_eq!(v.theme, Some("dark"));
        assert_eq!(v.t_ms, Some(600_000), "the fragment's t wins");

        let d = view_options("", "");
        assert_eq!(d, ViewOptions::default());
        let odd = view_options("?theme=neon&lang=fr&t=soon&controls=x", "");
        assert_eq!(odd.theme, None);
        assert_eq!(odd.lang, None);
        assert_eq!(odd.t_ms, None);
        assert_eq!(odd.controls, Controls::Min);
    }

    #[wasm_bindgen_test]
    fn boot_prefers_the_link_and_reports_bad_links() {
        let demo = Scenario::demo();
        let payload = link::encode(&demo);
        let good = boot("", &format!("#s={payload}"), None);
        assert_eq!(good.scenario.as_ref(), Some(&demo));
        assert!(good.problems.is_empty() && good.from_link);

        let cut = &payload[..payload.len() / 2];
        let bad = boot("", &format!("#s={cut}"), Some(&payload));
        assert_eq!(
            bad.scenario, None,
            "a bad link never falls back to the autosave"
        );
        assert_eq!(bad.problems.len(), 1);

        let saved = boot("", "", Some(&payload));
        assert_eq!(saved.scenario.as_ref(), Some(&demo));
        assert!(!saved.from_link);
        assert_eq!(boot("?embed=1", "", Some(&payload)).scenario, None);
        assert_eq!(boot("", "", Some("garbage")).scenario, None);
    }

    #[wasm_bindgen_test]
    fn a_comparison_rides_along_in_the_fragment_and_the_autosave() {
        let b = link::encode(&Scenario::demo());
        let mut other = Scenario::demo();
        other.group.max_size = 3;
        let a = link::encode(&other);
        let hash = format!("#s={b}&a={a}&t=60");
        let full = payload_in_hash(&hash).expect("a payload");
        assert_eq!(full, format!("{b}&a={a}"));
        assert_eq!(split_payload(&full), (b.as_str(), Some(a.as_str())));
        assert_eq!(split_payload(&b), (b.as_str(), None));

        let opened = boot("", &hash, None);
        assert_eq!(opened.scenario, Some(Scenario::demo()));
        assert_eq!(opened.compare_a.as_deref(), Some(a.as_str()));
        assert!(opened.problems.is_empty());
        assert_eq!(
            boot("", "", Some(&full)).compare_a.as_deref(),
            Some(a.as_str())
        );

        // A damaged A is reported and dropped; B still runs.
        let broken = boot("", &format!("#s={b}&a=AAAA"), None);
        assert_eq!(broken.scenario, Some(Scenario::demo()));
        assert_eq!(broken.compare_a, None);
        assert!(
            broken.problems[0].starts_with("Comparison A:"),
            "{:?}",
            broken.problems
        );
    }

    #[test]
    fn urls() {
        let href = "https://x.org/sim/?embed=1&lang=ko#s=AAA&t=5";
        assert_eq!(page_base(href), "https://x.org/sim/");
        assert_eq!(query_of(href), "?embed=1&lang=ko");
        assert_eq!(
            share_url("https://x.org/", "P", Some(60)),
            "https://x.org/#s=P&t=60"
        );
        assert_eq!(
            share_url("https://x.org/", "P", Some(0)),
            "https://x.org/#s=P"
        );
        assert_eq!(
            embed_url("https://x.org/", "P", Some(Lang::Ko)),
            "https://x.org/?embed=1&lang=ko#s=P"
        );
        assert!(iframe_snippet("a?b=1&c", "x\"y").contains("src=\"a?b=1&amp;c\""));
        assert_eq!(
            parse_params("?a=%41b&c"),
            vec![("a".into(), "Ab".into()), ("c".into(), "".into())]
        );
    }
}
