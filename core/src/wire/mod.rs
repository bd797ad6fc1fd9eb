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
//!
//! Both directions take a [`Schema`]: the current one ([`schema`], the model's) or a released
//! format version's frozen copy ([`schema_v1`], ...), which is how links and files written
//! before the model changed are still read ([`versions`]).

pub mod schema;
pub mod schema_v1;
pub mod schema_v2;
pub mod schema_v3;
pub mod versions;

use serde_json::Value;

use crate::scenario::Scenario;
use crate::validate::Problem;

/// At most this many problems are reported for one file (the first ones, in document order).
pub const MAX_PROBLEMS: usize = 20;

/// Every container type of a scenario, sorted by name: the current [`schema`], or a released
/// link format's frozen one ([`schema_v1`]).
pub type Schema = &'static [(&'static str, Container)];

/// The format of one value (serde's data model, as postcard writes it).
#[derive(Debug, Clone, Copy)]
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
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub ty: Ty,
    pub default: Option<&'static [u8]>,
}

#[derive(Debug, Clone, Copy)]
pub enum Body {
    Unit,
    NewType(Ty),
    Tuple(&'static [Ty]),
    Struct(&'static [Field]),
}

#[derive(Debug, Clone, Copy)]
pub enum Container {
    /// A struct (or newtype, tuple or unit struct): its body.
    Struct(Body),
    /// An enum: its variants in declaration order (postcard writes the index).
    Enum(&'static [(&'static str, Body)]),
}

/// The container named `name` in the current schema.
pub fn container(name: &str) -> Option<&'static Container> {
    container_in(schema::CONTAINERS, name)
}

/// The container named `name` in `schema` (sorted by name).
pub fn container_in(schema: Schema, name: &str) -> Option<&'static Container> {
    schema
        .binary_search_by(|(n, _)| (*n).cmp(name))
        .ok()
        .and_then(|i| schema.get(i))
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
    let bytes = to_bytes(schema::CONTAINERS, value)?;
    postcard::from_bytes(&bytes).map_err(|_| {
        vec![Problem {
            path: String::new(),
            // The scenario's own checks inside deserialisation (a cron expression).
            message: "A value is not valid for its field (for example a cron expression).".into(),
        }]
    })
}

/// A scenario's JSON as the postcard bytes of `schema`'s `Scenario` (every problem with its
/// JSON path, or the bytes).
pub fn to_bytes(schema: Schema, value: &Value) -> Result<Vec<u8>, Vec<Problem>> {
    let mut enc = Encoder {
        schema,
        out: Vec::new(),
        problems: Vec::new(),
    };
    enc.value(value, &Ty::Named("Scenario"), "");
    if enc.problems.is_empty() {
        Ok(enc.out)
    } else {
        Err(enc.problems)
    }
}

/// The postcard bytes of `schema`'s `Scenario` as its JSON tree: all of `bytes`, or an error
/// (damaged, truncated, or with bytes left over). Bounded work on any input: every sequence's
/// length is checked against the bytes left before anything is allocated for it.
pub fn from_bytes(schema: Schema, bytes: &[u8]) -> Result<Value, String> {
    let mut dec = Decoder {
        schema,
        bytes,
        at: 0,
    };
    let value = dec.value(&Ty::Named("Scenario"))?;
    if dec.at == bytes.len() {
        Ok(value)
    } else {
        Err(EXTRA_BYTES.into())
    }
}

/// [`from_bytes`]'s error when the scenario ends before the bytes do.
pub const EXTRA_BYTES: &str = "extra bytes after the scenario";

/// The scenario as a JSON tree, by walking its link bytes against the schema.
pub fn scenario_to_value(s: &Scenario) -> Result<Value, String> {
    let bytes = postcard::to_allocvec(s).map_err(|_| "the scenario could not be encoded")?;
    from_bytes(schema::CONTAINERS, &bytes)
}

/// The scenario as the runner's JSON text (what `Scenario::to_json_pretty` writes).
pub fn scenario_to_json_pretty(s: &Scenario) -> Result<String, String> {
    scenario_to_value(s).map(|v| write_pretty(&v))
}

/// The format of the value at a JSON path of a scenario, in the paths `validate` reports
/// (`group.min_size`, `policies[1].kind.StepScaling.cooldown_s`, `load.pattern.Steady.rps`).
pub fn ty_at(path: &str) -> Option<&'static Ty> {
    static ROOT: Ty = Ty::Named("Scenario");
    let mut at = Cursor::Ty(&ROOT);
    for part in path.split('.') {
        let (name, indices) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            at = at.child(name)?;
        }
        for _ in indices.matches('[') {
            at = match at {
                Cursor::Ty(Ty::Seq(item) | Ty::Option(Ty::Seq(item))) => Cursor::Ty(item),
                _ => return None,
            };
        }
    }
    match at {
        Cursor::Ty(ty) => Some(ty),
        Cursor::Fields(_) => None,
    }
}

/// A place in the schema while following a path: a value's format, or the fields of a struct
/// variant (which has no format of its own).
#[derive(Clone, Copy)]
enum Cursor {
    Ty(&'static Ty),
    Fields(&'static [Field]),
}

impl Cursor {
    /// The field or enum variant `name` inside this place.
    fn child(self, name: &str) -> Option<Cursor> {
        let fields = match self {
            Cursor::Fields(fields) => fields,
            Cursor::Ty(Ty::Named(cname) | Ty::Option(Ty::Named(cname))) => {
                match container(cname)? {
                    Container::Struct(Body::Struct(fields)) => fields,
                    Container::Struct(Body::NewType(inner)) => {
                        return Cursor::Ty(inner).child(name)
                    }
                    Container::Enum(variants) => {
                        return match &variants.iter().find(|(n, _)| *n == name)?.1 {
                            Body::NewType(inner) => Some(Cursor::Ty(inner)),
                            Body::Struct(fields) => Some(Cursor::Fields(fields)),
                            _ => None,
                        };
                    }
                    Container::Struct(_) => return None,
                }
            }
            Cursor::Ty(_) => return None,
        };
        fields
            .iter()
            .find(|f| f.name == name)
            .map(|f| Cursor::Ty(&f.ty))
    }
}

/// The unit variants' names, when `ty` is an enum of unit variants only (a select's options).
pub fn unit_variants(ty: &Ty) -> Option<Vec<&'static str>> {
    let Ty::Named(name) = ty else { return None };
    let Container::Enum(variants) = container(name)? else {
        return None;
    };
    variants
        .iter()
        .map(|(n, b)| matches!(b, Body::Unit).then_some(*n))
        .collect()
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

struct Encoder {
    schema: Schema,
    out: Vec<u8>,
    problems: Vec<Problem>,
}

impl Encoder {
    fn problem(&mut self, path: &str, message: String) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(Problem {
                path: path.to_string(),
                message,
            });
        }
    }

    /// Enough problems to show: the rest of the file is not read (a hostile file with a
    /// million wrong values costs no more than one with twenty).
    fn full(&self) -> bool {
        self.problems.len() >= MAX_PROBLEMS
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
        if self.full() {
            return;
        }
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
            Ty::Named(name) => match container_in(self.schema, name) {
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
            if self.full() {
                return;
            }
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
        // Written with std's formatting, not serde_json's (which the page would carry only
        // for this message).
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => u.to_string(),
            (None, Some(i), _) => i.to_string(),
            (None, None, Some(f)) => f.to_string(),
            _ => "a number".to_string(),
        },
        Value::String(s) if s.len() <= 40 => format!("\"{s}\""),
        other => kind_of(other).to_string(),
    }
}

// ----- postcard -> JSON ------------------------------------------------------------------

struct Decoder<'a> {
    schema: Schema,
    bytes: &'a [u8],
    at: usize,
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

    fn string(&mut self) -> Result<Value, String> {
        let n = usize::try_from(self.varint()?).map_err(|_| TRUNCATED)?;
        let raw = self.take(n)?;
        let s = std::str::from_utf8(raw).map_err(|_| "a string in the scenario is not UTF-8")?;
        Ok(Value::String(s.to_string()))
    }

    fn value(&mut self, ty: &Ty) -> Result<Value, String> {
        Ok(match ty {
            Ty::Unit => Value::Null,
            Ty::Bool => Value::Bool(self.byte()? != 0),
            Ty::U8 => Value::from(self.byte()?),
            Ty::I8 => Value::from(self.byte()? as i8),
            Ty::U16 | Ty::U32 | Ty::U64 => Value::from(self.varint()?),
            Ty::I16 | Ty::I32 | Ty::I64 => {
                let z = self.varint()?;
                Value::from(((z >> 1) as i64) ^ -((z & 1) as i64))
            }
            Ty::F32 => {
                let raw = self.take(4)?;
                float(f64::from(f32::from_le_bytes([
                    raw[0], raw[1], raw[2], raw[3],
                ])))
            }
            Ty::F64 => {
                let raw = self.take(8)?;
                let mut a = [0u8; 8];
                a.copy_from_slice(raw);
                float(f64::from_le_bytes(a))
            }
            Ty::Char | Ty::Str => self.string()?,
            Ty::Option(inner) => {
                if self.byte()? == 0 {
                    Value::Null
                } else {
                    self.value(inner)?
                }
            }
            Ty::Seq(item) => {
                let n = self.varint()?;
                // Every element takes at least one byte: a count beyond the bytes left is damage.
                if n > (self.bytes.len() - self.at) as u64 {
                    return Err(TRUNCATED.into());
                }
                let mut items = Vec::new();
                for _ in 0..n {
                    items.push(self.value(item)?);
                }
                Value::Array(items)
            }
            Ty::Tuple(tys) => Value::Array(
                tys.iter()
                    .map(|t| self.value(t))
                    .collect::<Result<_, _>>()?,
            ),
            Ty::Named(name) => match container_in(self.schema, name) {
                Some(Container::Struct(body)) => self.body(body)?,
                Some(Container::Enum(variants)) => {
                    let i = usize::try_from(self.varint()?).map_err(|_| TRUNCATED)?;
                    let (vname, body) = variants.get(i).ok_or("an unknown enum variant")?;
                    if let Body::Unit = body {
                        Value::String((*vname).to_string())
                    } else {
                        let mut m = serde_json::Map::new();
                        m.insert((*vname).to_string(), self.body(body)?);
                        Value::Object(m)
                    }
                }
                None => return Err(format!("the schema has no type {name}")),
            },
        })
    }

    fn body(&mut self, body: &Body) -> Result<Value, String> {
        Ok(match body {
            Body::Unit => Value::Null,
            Body::NewType(ty) => self.value(ty)?,
            Body::Tuple(tys) => self.value(&Ty::Tuple(tys))?,
            Body::Struct(fields) => {
                let mut m = serde_json::Map::new();
                for f in *fields {
                    m.insert(f.name.to_string(), self.value(&f.ty)?);
                }
                Value::Object(m)
            }
        })
    }
}

/// A float as JSON holds it (serde_json writes a non-finite float as `null`).
fn float(f: f64) -> Value {
    serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)
}

/// JSON text as `serde_json::to_string_pretty` writes it (two-space indent), without the
/// serializer: floats keep their point (`80.0`), objects their fields' order.
pub fn write_pretty(v: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, v, 0);
    out
}

fn indent(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn write_value(out: &mut String, v: &Value, depth: usize) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => out.push_str(&u.to_string()),
            (None, Some(i), _) => out.push_str(&i.to_string()),
            (None, None, Some(f)) if f.is_finite() => out.push_str(&format!("{f:?}")),
            _ => out.push_str("null"),
        },
        Value::String(s) => write_json_string(out, s),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                indent(out, depth + 1);
                write_value(out, item, depth + 1);
            }
            indent(out, depth);
            out.push(']');
        }
        Value::Object(m) if m.is_empty() => out.push_str("{}"),
        Value::Object(m) => {
            out.push('{');
            for (i, (k, item)) in m.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                indent(out, depth + 1);
                write_json_string(out, k);
                out.push_str(": ");
                write_value(out, item, depth + 1);
            }
            indent(out, depth);
            out.push('}');
        }
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
