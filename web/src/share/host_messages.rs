//! The embed's `postMessage` protocol (documented in `docs/embedding.md`).
//!
//! A page that embeds Scaleout in an iframe can drive it and hear what happens in it. Every
//! message is a plain object with `scaleout: 1` and a `type`:
//!
//! - host -> embed: `play`, `pause`, `setLoad {rps: number|null}`, `deploy {revision}`,
//!   `seek {t: seconds}`, `setSpeed {speed}`.
//! - embed -> host: `ready {t, name}`, `scale-out {t, from, to}`, `scale-in {t, from, to}`,
//!   `deployment-finished {t, id, revision, status}`, `alarm {t, alarm, from, to}`.
//!
//! Only messages from the embedding window (`window.parent`) are read. Anything unknown or
//! malformed is ignored with a `console.warn` (never an error: a host page's other scripts may
//! post unrelated messages).

use scaleout_core::Output;
use serde_json::Value as JsonValue;
use wasm_bindgen::prelude::*;

/// The protocol version every message carries as `scaleout`.
pub const PROTOCOL: u32 = 1;
/// Revisions are labels such as `v2` or `v3-jdk11`; longer ones are refused.
const MAX_REVISION_CHARS: usize = 64;
/// A week of simulated time: the longest jump a host may ask for.
const MAX_SEEK_S: f64 = 7.0 * 86_400.0;
const MAX_RPS: f64 = 1_000_000.0;

/// What a host may ask the embed to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Play,
    Pause,
    /// `None` returns to the scenario's load pattern.
    SetLoad(Option<f64>),
    Deploy(String),
    /// Jump to this simulated time (ms); backwards replays the run from the start.
    Seek(u64),
    SetSpeed(u32),
}

/// The message as received, every field optional; [`validate`] decides.
#[derive(Debug, Default)]
struct Raw {
    scaleout: Option<f64>,
    kind: Option<String>,
    /// Present-and-null means "follow the pattern"; absent is an error.
    rps: Option<Option<f64>>,
    revision: Option<String>,
    t: Option<f64>,
    speed: Option<f64>,
}

impl Raw {
    /// A field of the wrong type reads as absent (and the command is then refused).
    fn from_json(v: &JsonValue) -> Raw {
        let num = |k: &str| v.get(k).and_then(JsonValue::as_f64);
        let text = |k: &str| v.get(k).and_then(JsonValue::as_str).map(String::from);
        Raw {
            scaleout: num("scaleout"),
            kind: text("type"),
            rps: match v.get("rps") {
                None => None,
                Some(JsonValue::Null) => Some(None),
                Some(r) => r.as_f64().map(Some),
            },
            revision: text("revision"),
            t: num("t"),
            speed: num("speed"),
        }
    }
}

/// Reads a message posted to the embed; `Err` says why it was ignored.
pub fn parse(value: &JsValue) -> Result<Command, String> {
    if !value.is_object() {
        return Err("not an object".into());
    }
    let json = crate::share::js_json::from_js(value)?;
    if !json.is_object() {
        return Err("not an object".into());
    }
    validate(Raw::from_json(&json))
}

fn validate(raw: Raw) -> Result<Command, String> {
    if raw.scaleout != Some(f64::from(PROTOCOL)) {
        return Err(format!("missing scaleout: {PROTOCOL}"));
    }
    let kind = raw.kind.as_deref().unwrap_or("");
    match kind {
        "play" => Ok(Command::Play),
        "pause" => Ok(Command::Pause),
        "setLoad" => match raw.rps {
            None => Err("setLoad needs rps (a number, or null for the pattern)".into()),
            Some(None) => Ok(Command::SetLoad(None)),
            Some(Some(r)) if r.is_finite() && (0.0..=MAX_RPS).contains(&r) => {
                Ok(Command::SetLoad(Some(r)))
            }
            Some(Some(r)) => Err(format!("setLoad: rps {r} is out of range")),
        },
        "deploy" => match raw.revision {
            Some(r)
                if !r.trim().is_empty()
                    && r.len() <= MAX_REVISION_CHARS
                    && r.chars().all(|c| !c.is_control()) =>
            {
                Ok(Command::Deploy(r.trim().to_string()))
            }
            _ => Err("deploy needs a revision label (1 to 64 characters)".into()),
        },
        "seek" => match raw.t {
            Some(t) if t.is_finite() && (0.0..=MAX_SEEK_S).contains(&t) => {
                Ok(Command::Seek((t * 1000.0).round() as u64))
            }
            _ => Err("seek needs t, simulated seconds from 0 to 604800".into()),
        },
        "setSpeed" => match raw.speed {
            Some(s) if s.is_finite() && (1.0..=3600.0).contains(&s) => {
                Ok(Command::SetSpeed(s.round() as u32))
            }
            _ => Err("setSpeed needs speed from 1 to 3600".into()),
        },
        other => Err(format!("unknown type {other:?}")),
    }
}

/// A number or a string, for the `from`/`to` of events.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    N(u32),
    S(String),
}

/// What the embed tells its host.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub scaleout: u32,
    pub kind: &'static str,
    /// Simulated seconds.
    pub t: f64,
    pub from: Option<Value>,
    pub to: Option<Value>,
    pub alarm: Option<String>,
    pub id: Option<String>,
    pub revision: Option<String>,
    pub status: Option<String>,
    pub name: Option<String>,
}

impl Event {
    pub fn new(kind: &'static str, t_ms: u64) -> Event {
        Event {
            scaleout: PROTOCOL,
            kind,
            t: t_ms as f64 / 1000.0,
            from: None,
            to: None,
            alarm: None,
            id: None,
            revision: None,
            status: None,
            name: None,
        }
    }

    /// `scale-out` or `scale-in` when the desired capacity moved.
    pub fn capacity(t_ms: u64, from: u32, to: u32) -> Option<Event> {
        let kind = match to.cmp(&from) {
            std::cmp::Ordering::Greater => "scale-out",
            std::cmp::Ordering::Less => "scale-in",
            std::cmp::Ordering::Equal => return None,
        };
        Some(Event {
            from: Some(Value::N(from)),
            to: Some(Value::N(to)),
            ..Event::new(kind, t_ms)
        })
    }

    /// The message as posted: `{scaleout, type, t, ...}` with only the fields that are set.
    pub fn to_json(&self) -> JsonValue {
        let mut m = serde_json::Map::new();
        m.insert("scaleout".into(), JsonValue::from(self.scaleout));
        m.insert("type".into(), JsonValue::from(self.kind));
        m.insert("t".into(), JsonValue::from(self.t));
        let value = |v: &Value| match v {
            Value::N(n) => JsonValue::from(*n),
            Value::S(s) => JsonValue::from(s.as_str()),
        };
        for (k, v) in [("from", &self.from), ("to", &self.to)] {
            if let Some(v) = v {
                m.insert(k.into(), value(v));
            }
        }
        for (k, v) in [
            ("alarm", &self.alarm),
            ("id", &self.id),
            ("revision", &self.revision),
            ("status", &self.status),
            ("name", &self.name),
        ] {
            if let Some(v) = v {
                m.insert(k.into(), JsonValue::from(v.as_str()));
            }
        }
        JsonValue::Object(m)
    }

    /// Alarm state changes and finished deployments; `None` for every other output.
    pub fn from_output(output: &Output) -> Option<Event> {
        match output {
            Output::AlarmStateChanged {
                t, alarm, from, to, ..
            } => Some(Event {
                alarm: Some(alarm.clone()),
                from: Some(Value::S(from.as_str().to_string())),
                to: Some(Value::S(to.as_str().to_string())),
                ..Event::new("alarm", t.0)
            }),
            Output::Deployment(d) => d.end.map(|end| Event {
                id: Some(d.id.to_string()),
                revision: Some(d.revision.to_string()),
                status: Some(format!("{:?}", d.status)),
                ..Event::new("deployment-finished", end.0)
            }),
            _ => None,
        }
    }
}

/// Posts `event` to the embedding page, if there is one.
pub fn post_to_parent(event: &Event) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if parent == window {
        return;
    }
    // Events carry nothing private: any embedding origin may read them.
    let _ = parent.post_message(&crate::share::js_json::to_js(&event.to_json()), "*");
}

/// True when the page runs inside a frame.
pub fn is_framed() -> bool {
    web_sys::window()
        .and_then(|w| w.parent().ok().flatten().map(|p| p != w))
        .unwrap_or(false)
}

pub fn warn(text: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&format!("scaleout: {text}")));
}

/// Listens for commands from the embedding window while the returned listener lives.
pub fn listen(on_command: impl Fn(Command) + 'static) -> Option<gloo_events::EventListener> {
    let window = web_sys::window()?;
    let parent = window.parent().ok().flatten()?;
    if parent == window {
        return None;
    }
    Some(gloo_events::EventListener::new(
        &window,
        "message",
        move |event| {
            let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else {
                return;
            };
            // Compared as plain values: the parent's window belongs to another realm, so an
            // `instanceof Window` check (dyn_into) would fail for it.
            let from_parent = event
                .source()
                .is_some_and(|s| JsValue::from(s) == JsValue::from(&parent));
            if !from_parent {
                return;
            }
            match parse(&event.data()) {
                Ok(command) => on_command(command),
                Err(why) => warn(&format!("ignored a message from the host page: {why}")),
            }
        },
    ))
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn msg(json: &str) -> JsValue {
        js_sys::JSON::parse(json).unwrap()
    }

    #[wasm_bindgen_test]
    fn valid_commands() {
        let p = |j: &str| parse(&msg(j));
        assert_eq!(p(r#"{"scaleout":1,"type":"play"}"#), Ok(Command::Play));
        assert_eq!(p(r#"{"scaleout":1,"type":"pause"}"#), Ok(Command::Pause));
        assert_eq!(
            p(r#"{"scaleout":1,"type":"setLoad","rps":800}"#),
            Ok(Command::SetLoad(Some(800.0)))
        );
        assert_eq!(
            p(r#"{"scaleout":1,"type":"setLoad","rps":null}"#),
            Ok(Command::SetLoad(None))
        );
        assert_eq!(
            p(r#"{"scaleout":1,"type":"deploy","revision":"v2"}"#),
            Ok(Command::Deploy("v2".into()))
        );
        assert_eq!(
            p(r#"{"scaleout":1,"type":"seek","t":600}"#),
            Ok(Command::Seek(600_000))
        );
        assert_eq!(
            p(r#"{"scaleout":1,"type":"setSpeed","speed":60}"#),
            Ok(Command::SetSpeed(60))
        );
    }

    #[wasm_bindgen_test]
    fn malformed_messages_are_refused() {
        for j in [
            r#""play""#,
            "42",
            "null",
            r#"{"type":"play"}"#,
            r#"{"scaleout":2,"type":"play"}"#,
            r#"{"scaleout":1,"type":"explode"}"#,
            r#"{"scaleout":1,"type":"setLoad"}"#,
            r#"{"scaleout":1,"type":"setLoad","rps":-5}"#,
            r#"{"scaleout":1,"type":"setLoad","rps":"lots"}"#,
            r#"{"scaleout":1,"type":"deploy","revision":""}"#,
            r#"{"scaleout":1,"type":"seek","t":-1}"#,
            r#"{"scaleout":1,"type":"seek"}"#,
            r#"{"scaleout":1,"type":"setSpeed","speed":0}"#,
        ] {
            assert!(parse(&msg(j)).is_err(), "{j} should be refused");
        }
    }

    #[wasm_bindgen_test]
    fn capacity_events() {
        assert_eq!(Event::capacity(0, 2, 2), None);
        assert_eq!(
            Event::capacity(60_000, 2, 4).map(|e| e.kind),
            Some("scale-out")
        );
        assert_eq!(
            Event::capacity(60_000, 4, 2).map(|e| e.kind),
            Some("scale-in")
        );
    }

    /// A property test of the decoder on random messages (a seeded generator, so a failure
    /// reproduces): it never panics, and whatever it accepts is within the protocol's bounds.
    #[wasm_bindgen_test]
    fn random_messages_never_panic_and_accepted_ones_are_in_bounds() {
        let mut state: u64 = 0x5eed_cafe;
        let mut next = move |n: u64| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % n.max(1)
        };
        const KEYS: [&str; 8] = ["scaleout", "type", "rps", "revision", "t", "speed", "x", ""];
        const TYPES: [&str; 8] = [
            "play", "pause", "setLoad", "deploy", "seek", "setSpeed", "", "PLAY",
        ];
        for _ in 0..3_000 {
            let value = |next: &mut dyn FnMut(u64) -> u64| -> String {
                match next(9) {
                    0 => "null".into(),
                    1 => "true".into(),
                    2 => format!("{}", next(2_000_000) as f64 - 1_000_000.0),
                    3 => format!("{}e{}", next(10), next(400)),
                    4 => format!("\"{}\"", TYPES[next(8) as usize]),
                    5 => format!("\"{}\"", "v".repeat(next(100) as usize)),
                    6 => "[1,2,{\"a\":[]}]".into(),
                    7 => "{\"scaleout\":1}".into(),
                    _ => "1".into(),
                }
            };
            let mut fields = Vec::new();
            for _ in 0..next(7) {
                let key = KEYS[next(8) as usize];
                fields.push(format!("\"{key}\":{}", value(&mut next)));
            }
            let text = format!("{{{}}}", fields.join(","));
            let Ok(js) = js_sys::JSON::parse(&text) else {
                continue;
            };
            match parse(&js) {
                Ok(Command::SetLoad(Some(r))) => assert!((0.0..=MAX_RPS).contains(&r), "{text}"),
                Ok(Command::Seek(t)) => assert!(t as f64 <= MAX_SEEK_S * 1000.0, "{text}"),
                Ok(Command::SetSpeed(v)) => assert!((1..=3600).contains(&v), "{text}"),
                Ok(Command::Deploy(r)) => {
                    assert!(!r.is_empty() && r.len() <= MAX_REVISION_CHARS, "{text}")
                }
                _ => {}
            }
        }
    }
}
