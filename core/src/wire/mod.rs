//! Scenario JSON without a second serde copy: a schema-driven transcoder between the runner's
//! JSON and the link format's postcard bytes.
//!
//! The page already decodes share links (postcard) into a [`Scenario`]. Reading a JSON file
//! through another serde format would compile a second copy of every scenario type's serde code
//! into the page (about 29 KB gzip). Instead, [`scenario_from_json`] walks the JSON against the
//! scenario's [`schema`] (generated from the types themselves by `tests/wire_schema.rs`),
//! writes the postcard bytes a link would hold, and decodes them with the link's decoder;
//! [`scenario_to_json_pretty`] walks a link's bytes back into the runner's JSON text.
//!
//! It reads JSON as serde's derive does, field for field: externally tagged enums, `null` for
//! `None`, a missing field takes the type's default where the type has `#[serde(default)]`
//! (the schema carries those defaults), a missing `Option` is `None`. Unlike serde's default, and
//! like AWS's own APIs, a field the scenario does not have is an error with its JSON path and a
//! "did you mean" suggestion. The tests check, on every example and on random scenarios, that
//! the result equals `serde_json`'s.

pub mod schema;

use serde_json::Value;

use crate::scenario::Scenario;
use crate::validate::Problem;

/// The format of one value (serde's data model, as postcard writes it).
#[derive(Debug)]
pub enum Ty {
    Unit,
    Bool,
    U8,
    U16,
    U32,
    U64,
    I8,
    I16,
    I32,
    I64,
    F32,
    F64,
    Char,
    Str,
    Option(&'static Ty),
    Seq(&'static Ty),
    Tuple(&'static [Ty]),
    /// A container of the schema, by name.
    Named(&'static str),
}

/// A field of a struct or struct variant. `default`: the postcard bytes of the field's value in
/// the type's `Default`, for types with `#[serde(default)]`.
#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub ty: Ty,
    pub default: Option<&'static [u8]>,
}

#[derive(Debug)]
pub enum Body {
    Unit,
    NewType(Ty),
    Tuple(&'static [Ty]),
    Struct(&'static [Field]),
}

#[derive(Debug)]
pub enum Container {
    /// A struct (or newtype, tuple or unit struct): its body.
    Struct(Body),
    /// An enum: its variants in declaration order (postcard writes the index).
    Enum(&'static [(&'static str, Body)]),
}

/// The container named `name` ([`schema::CONTAINERS`] is sorted by name).
pub fn container(name: &str) -> Option<&'static Container> {
    schema::CONTAINERS
        .binary_search_by(|(n, _)| (*n).cmp(name))
        .ok()
        .and_then(|i| schema::CONTAINERS.get(i))
        .map(|(_, c)| c)
}

/// Reads a scenario from parsed JSON: every problem with its JSON path, or the scenario.
pub fn scenario_from_json(value: &Value) -> Result<Scenario, Vec<Problem>> {
    if !value.is_object() {
        return Err(vec![Problem {
            path: String::new(),
            message: "A scenario is one JSON object ({...}).".into(),
        }]);
    }
    let mut enc = Encoder::default();
    enc.value(value, &Ty::Named("Scenario"), "");
    if !enc.problems.is_empty() {
        return Err(enc.problems);
    }
    postcard::from_bytes(&enc.out).map_err(|_| {
        vec![Problem {
            path: String::new(),
            // The scenario's own checks inside deserialisation (a cron expression).
            message: "A value is not valid for its field (for example a cron expression).".into(),
        }]
    })
}

/// The scenario as the runner's JSON text (what `Scenario::to_json_pretty` writes, up to number
/// formatting: `80` for `80.0`), by walking its link bytes.
pub fn scenario_to_json_pretty(s: &Scenario) -> Result<String, String> {
    let bytes = postcard::to_allocvec(s).map_err(|e| e.to_string())?;
    let mut dec = Decoder {
        bytes: &bytes,
        at: 0,
        out: String::new(),
    };
    dec.value(&Ty::Named("Scenario"), 0)?;
    Ok(dec.out)
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

// ----- JSON -> postcard --------------------------------------------------------------------

#[derive(Default)]
struct Encoder {
    out: Vec<u8>,
    problems: Vec<Problem>,
}

impl Encoder {
    fn problem(&mut self, path: &str, message: String) {
        self.problems.push(Problem {
            path: path.to_string(),
            message,
        });
    }

    fn varint(&mut self, mut v: u64) {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.out.push(byte);
                return;
            }
            self.out.push(byte | 0x80);
        }
    }

    fn unsigned(&mut self, v: &Value, path: &str, max: u64, name: &str) {
        match v.as_u64().filter(|n| *n <= max) {
            Some(n) if max <= u64::from(u8::MAX) => self.out.push(n as u8),
            Some(n) => self.varint(n),
            None => self.problem(
                path,
                format!(
                    "Expected a whole number from 0 to {max} ({name}), not {}.",
                    show(v)
                ),
            ),
        }
    }

    fn signed(&mut self, v: &Value, path: &str, min: i64, max: i64, name: &str) {
        match v.as_i64().filter(|n| (min..=max).contains(n)) {
            Some(n) if max <= i64::from(i8::MAX) => self.out.push(n as i8 as u8),
            Some(n) => self.varint(((n << 1) ^ (n >> 63)) as u64),
            None => self.problem(
                path,
                format!(
                    "Expected a whole number from {min} to {max} ({name}), not {}.",
                    show(v)
                ),
            ),
        }
    }

    fn string(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.out.extend_from_slice(s.as_bytes());
    }

    fn value(&mut self, v: &Value, ty: &Ty, path: &str) {
        match ty {
            Ty::Unit => {
                if !v.is_null() {
                    self.problem(path, format!("Expected null, not {}.", kind_of(v)));
                }
            }
            Ty::Bool => match v.as_bool() {
                Some(b) => self.out.push(u8::from(b)),
                None => self.problem(path, format!("Expected true or false, not {}.", show(v))),
            },
            Ty::U8 => self.unsigned(v, path, u64::from(u8::MAX), "u8"),
            Ty::U16 => self.unsigned(v, path, u64::from(u16::MAX), "u16"),
            Ty::U32 => self.unsigned(v, path, u64::from(u32::MAX), "u32"),
            Ty::U64 => self.unsigned(v, path, u64::MAX, "u64"),
            Ty::I8 => self.signed(v, path, i64::from(i8::MIN), i64::from(i8::MAX), "i8"),
            Ty::I16 => self.signed(v, path, i64::from(i16::MIN), i64::from(i16::MAX), "i16"),
            Ty::I32 => self.signed(v, path, i64::from(i32::MIN), i64::from(i32::MAX), "i32"),
            Ty::I64 => self.signed(v, path, i64::MIN, i64::MAX, "i64"),
            Ty::F32 => match v.as_f64() {
                Some(f) => self.out.extend_from_slice(&(f as f32).to_le_bytes()),
                None => self.problem(path, format!("Expected a number, not {}.", show(v))),
            },
            Ty::F64 => match v.as_f64() {
                Some(f) => self.out.extend_from_slice(&f.to_le_bytes()),
                None => self.problem(path, format!("Expected a number, not {}.", show(v))),
            },
            Ty::Char => match v.as_str().filter(|s| s.chars().count() == 1) {
                Some(s) => self.string(s),
                None => self.problem(path, format!("Expected one character, not {}.", show(v))),
            },
            Ty::Str => match v.as_str() {
                Some(s) => self.string(s),
                None => self.problem(path, format!("Expected a string, not {}.", show(v))),
            },
            Ty::Option(inner) => {
                if v.is_null() {
                    self.out.push(0);
                } else {
                    self.out.push(1);
                    self.value(v, inner, path);
                }
            }
            Ty::Seq(item) => match v.as_array() {
                Some(items) => {
                    self.varint(items.len() as u64);
                    for (i, e) in items.iter().enumerate() {
                        self.value(e, item, &format!("{path}[{i}]"));
                    }
                }
                None => self.problem(path, format!("Expected an array, not {}.", show(v))),
            },
            Ty::Tuple(tys) => self.tuple(v, tys, path),
            Ty::Named(name) => match container(name) {
                Some(Container::Struct(body)) => self.body(v, body, path),
                Some(Container::Enum(variants)) => self.variant(v, variants, path),
                None => self.problem(path, format!("The schema has no type {name}.")),
            },
        }
    }

    fn tuple(&mut self, v: &Value, tys: &[Ty], path: &str) {
        match v.as_array().filter(|a| a.len() == tys.len()) {
            Some(items) => {
                for (i, (e, t)) in items.iter().zip(tys).enumerate() {
                    self.value(e, t, &format!("{path}[{i}]"));
                }
            }
            None => self.problem(
                path,
                format!(
                    "Expected an array of {} values, not {}.",
                    tys.len(),
                    show(v)
                ),
            ),
        }
    }

    fn body(&mut self, v: &Value, body: &Body, path: &str) {
        match body {
            Body::Unit => self.value(v, &Ty::Unit, path),
            Body::NewType(ty) => self.value(v, ty, path),
            Body::Tuple(tys) => self.tuple(v, tys, path),
            Body::Struct(fields) => self.fields(v, fields, path),
        }
    }

    fn fields(&mut self, v: &Value, fields: &[Field], path: &str) {
        let Some(map) = v.as_object() else {
            self.problem(path, format!("Expected an object, not {}.", show(v)));
            return;
        };
        for key in map.keys() {
            if !fields.iter().any(|f| f.name == key) {
                let names: Vec<String> = fields.iter().map(|f| f.name.to_string()).collect();
                self.problem(
                    &join(path, key),
                    crate::strict::unknown_message(key, names.iter()),
                );
            }
        }
        for f in fields {
            let here = join(path, f.name);
            match (map.get(f.name), f.default, &f.ty) {
                (Some(fv), _, _) => self.value(fv, &f.ty, &here),
                (None, Some(bytes), _) => self.out.extend_from_slice(bytes),
                (None, None, Ty::Option(_)) => self.out.push(0),
                (None, None, _) => {
                    self.problem(&here, format!("The field \"{}\" is missing.", f.name))
                }
            }
        }
    }

    fn variant(&mut self, v: &Value, variants: &[(&str, Body)], path: &str) {
        let (name, content) = match v {
            Value::String(s) => (s.as_str(), None),
            Value::Object(m) if m.len() == 1 => match m.iter().next() {
                Some((k, c)) => (k.as_str(), Some(c)),
                None => return,
            },
            _ => {
                let names: Vec<&str> = variants.iter().map(|(n, _)| *n).collect();
                self.problem(
                    path,
                    format!(
                        "Expected one of {} (a string, or an object with one of them as its only key), not {}.",
                        names.join(", "),
                        show(v)
                    ),
                );
                return;
            }
        };
        let Some(index) = variants.iter().position(|(n, _)| *n == name) else {
            let names: Vec<String> = variants.iter().map(|(n, _)| n.to_string()).collect();
            self.problem(path, crate::strict::unknown_message(name, names.iter()));
            return;
        };
        self.varint(index as u64);
        let here = join(path, name);
        match (&variants[index].1, content) {
            (Body::Unit, None | Some(Value::Null)) => {}
            (Body::Unit, Some(c)) => self.problem(
                &here,
                format!("\"{name}\" takes no value, not {}.", show(c)),
            ),
            (body, Some(c)) => self.body(c, body, &here),
            (_, None) => self.problem(
                path,
                format!("\"{name}\" needs a value: write {{ \"{name}\": ... }}."),
            ),
        }
    }
}

/// A short rendering of a JSON value for a message.
fn show(v: &Value) -> String {
    match v {
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.len() <= 40 => format!("\"{s}\""),
        other => kind_of(other).to_string(),
    }
}

// ----- postcard -> JSON text ---------------------------------------------------------------

struct Decoder<'a> {
    bytes: &'a [u8],
    at: usize,
    out: String,
}

const TRUNCATED: &str = "the scenario's bytes end early";

impl Decoder<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self.at.checked_add(n).ok_or(TRUNCATED)?;
        let s = self.bytes.get(self.at..end).ok_or(TRUNCATED)?;
        self.at = end;
        Ok(s)
    }

    fn byte(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }

    fn varint(&mut self) -> Result<u64, String> {
        let mut v: u64 = 0;
        for shift in (0..70).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f).checked_shl(shift).ok_or(TRUNCATED)?;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("a number in the scenario's bytes is too long".into())
    }

    fn indent(&mut self, depth: usize) {
        self.out.push('\n');
        for _ in 0..depth {
            self.out.push_str("  ");
        }
    }

    fn string(&mut self) -> Result<(), String> {
        let n = usize::try_from(self.varint()?).map_err(|_| TRUNCATED)?;
        let raw = self.take(n)?;
        let s = std::str::from_utf8(raw)
            .map_err(|_| "a string in the scenario is not UTF-8")?
            .to_string();
        write_json_string(&mut self.out, &s);
        Ok(())
    }

    fn float(&mut self, f: f64) {
        if f.is_finite() {
            self.out.push_str(&format!("{f:?}"));
        } else {
            self.out.push_str("null");
        }
    }

    fn value(&mut self, ty: &Ty, depth: usize) -> Result<(), String> {
        match ty {
            Ty::Unit => self.out.push_str("null"),
            Ty::Bool => {
                let b = self.byte()? != 0;
                self.out.push_str(if b { "true" } else { "false" });
            }
            Ty::U8 => {
                let b = self.byte()?;
                self.out.push_str(&b.to_string());
            }
            Ty::I8 => {
                let b = self.byte()? as i8;
                self.out.push_str(&b.to_string());
            }
            Ty::U16 | Ty::U32 | Ty::U64 => {
                let n = self.varint()?;
                self.out.push_str(&n.to_string());
            }
            Ty::I16 | Ty::I32 | Ty::I64 => {
                let z = self.varint()?;
                let n = ((z >> 1) as i64) ^ -((z & 1) as i64);
                self.out.push_str(&n.to_string());
            }
            Ty::F32 => {
                let raw = self.take(4)?;
                let f = f32::from_le_bytes([raw[0], raw[1], raw[2], raw[3]]);
                self.float(f64::from(f));
            }
            Ty::F64 => {
                let raw = self.take(8)?;
                let mut a = [0u8; 8];
                a.copy_from_slice(raw);
                self.float(f64::from_le_bytes(a));
            }
            Ty::Char | Ty::Str => self.string()?,
            Ty::Option(inner) => {
                if self.byte()? == 0 {
                    self.out.push_str("null");
                } else {
                    self.value(inner, depth)?;
                }
            }
            Ty::Seq(item) => {
                let n = self.varint()?;
                self.list(n, depth, |d, depth| d.value(item, depth))?;
            }
            Ty::Tuple(tys) => {
                let mut it = tys.iter();
                self.list(tys.len() as u64, depth, |d, depth| match it.next() {
                    Some(t) => d.value(t, depth),
                    None => Ok(()),
                })?;
            }
            Ty::Named(name) => match container(name) {
                Some(Container::Struct(body)) => self.body(body, depth)?,
                Some(Container::Enum(variants)) => {
                    let i = usize::try_from(self.varint()?).map_err(|_| TRUNCATED)?;
                    let (vname, body) = variants.get(i).ok_or("an unknown enum variant")?;
                    if let Body::Unit = body {
                        write_json_string(&mut self.out, vname);
                    } else {
                        self.out.push('{');
                        self.indent(depth + 1);
                        write_json_string(&mut self.out, vname);
                        self.out.push_str(": ");
                        self.body(body, depth + 1)?;
                        self.indent(depth);
                        self.out.push('}');
                    }
                }
                None => return Err(format!("the schema has no type {name}")),
            },
        }
        Ok(())
    }

    fn list(
        &mut self,
        n: u64,
        depth: usize,
        mut item: impl FnMut(&mut Self, usize) -> Result<(), String>,
    ) -> Result<(), String> {
        if n == 0 {
            self.out.push_str("[]");
            return Ok(());
        }
        // Every element takes at least one byte: a count beyond the bytes left is damage.
        if n > (self.bytes.len() - self.at) as u64 + 1 {
            return Err(TRUNCATED.into());
        }
        self.out.push('[');
        for i in 0..n {
            if i > 0 {
                self.out.push(',');
            }
            self.indent(depth + 1);
            item(self, depth + 1)?;
        }
        self.indent(depth);
        self.out.push(']');
        Ok(())
    }

    fn body(&mut self, body: &Body, depth: usize) -> Result<(), String> {
        match body {
            Body::Unit => self.out.push_str("null"),
            Body::NewType(ty) => self.value(ty, depth)?,
            Body::Tuple(tys) => self.value(&Ty::Tuple(tys), depth)?,
            Body::Struct(fields) => {
                if fields.is_empty() {
                    self.out.push_str("{}");
                    return Ok(());
                }
                self.out.push('{');
                for (i, f) in fields.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.indent(depth + 1);
                    write_json_string(&mut self.out, f.name);
                    self.out.push_str(": ");
                    self.value(&f.ty, depth + 1)?;
                }
                self.indent(depth);
                self.out.push('}');
            }
        }
        Ok(())
    }
}

fn write_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}
