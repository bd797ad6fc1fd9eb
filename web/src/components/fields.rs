//! The inputs every card uses, each with the core's validation messages shown next to it.
//!
//! A card builds its fields through a [`Fields`] context: every field knows the JSON path the
//! core's `validate` uses for it (`group.min_size`), shows the problems with exactly that path
//! under itself (`aria-describedby`), and sends an [`Edit`] (a change to the draft scenario)
//! when the user commits a value. Text that does not parse (a number field holding "abc") is
//! reported with its path instead, so the draft is never silently wrong.

use std::cell::RefCell;
use std::rc::Rc;

use scaleout_core::validate::Problem;
use scaleout_core::wire::{self, Ty};
use scaleout_core::Scenario;
use serde_json::Value as JsonValue;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::i18n::{t, Lang};

/// One change to the draft scenario.
#[derive(Clone)]
pub struct Edit(pub Rc<dyn Fn(&mut Scenario)>);

impl Edit {
    pub fn new(f: impl Fn(&mut Scenario) + 'static) -> Self {
        Edit(Rc::new(f))
    }
}

/// Writes a field's value into the draft: `(draft, list index, value)`.
pub type Set<T> = fn(&mut Scenario, usize, &T);

/// Turns a field's committed text into an edit (`None` = the text does not parse).
type MakeEdit = Rc<dyn Fn(&str) -> Option<Edit>>;

/// What a field sends: its path, and the edit (`None` = the text does not parse).
pub type FieldInput = (String, Option<Edit>);

/// The props every card takes. Compared by identity: a new draft is a new `Rc`.
#[derive(Clone)]
pub struct CardProps {
    pub scenario: Rc<Scenario>,
    pub problems: Rc<Vec<Problem>>,
    pub bad_inputs: Rc<Vec<String>>,
    pub on_edit: Callback<FieldInput>,
}

impl PartialEq for CardProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.scenario, &other.scenario)
            && Rc::ptr_eq(&self.problems, &other.problems)
            && Rc::ptr_eq(&self.bad_inputs, &other.bad_inputs)
        // `on_edit` is new on every render of the app but reads only the draft, the problems
        // and the bad inputs compared above, so it is left out: the cards do not re-render
        // on every animation frame.
    }
}

/// Builds a card's fields and remembers which paths it showed, so the card can list any
/// remaining problems of its part of the scenario at its foot.
pub struct Fields<'a> {
    pub lang: Lang,
    pub props: &'a CardProps,
    shown: RefCell<Vec<String>>,
    /// The draft as a JSON tree, for the fields [`Fields::at`] reads by path.
    json: JsonValue,
}

/// `group.lifecycle_hooks[0].name` -> `f-group-lifecycle_hooks-0--name`, usable as an id.
pub fn field_id(path: &str) -> String {
    let mut id = String::from("f-");
    id.extend(path.chars().map(|c| {
        if c.is_ascii_alphanumeric() || c == '_' {
            c
        } else {
            '-'
        }
    }));
    id
}

/// True when a problem at `problem` belongs to the field at `field`: the same path, or an item
/// of the list the field edits (`group.termination_policies[1]` for `group.termination_policies`).
fn is_at(problem: &str, field: &str) -> bool {
    problem
        .strip_prefix(field)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('['))
}

/// "a, b ,c" -> ["a", "b", "c"]; empty items dropped.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// Empty text -> `None`.
pub fn opt_text(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The global `Number(text)`: the browser's own decimal parser.
    #[wasm_bindgen(js_name = Number)]
    fn js_number(text: &str) -> f64;
}

/// A finite decimal number, read by the browser's `Number()` rather than Rust's float parser
/// (which would cost the page about 15 KB gzip), behind a check that keeps the accepted text to
/// what Rust's parser would accept for a finite decimal: digits, one sign, a point and an
/// exponent. So `0x10`, `Infinity`, `NaN`, `1_000` and `12abc` are refused, `1e400` (not
/// finite) is refused, and spaces around the number are trimmed.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let t = text.trim();
    let plain = !t.is_empty()
        && t.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        && t.bytes().any(|b| b.is_ascii_digit());
    if !plain {
        return None;
    }
    let v = js_number(t);
    v.is_finite().then_some(v)
}

impl<'a> Fields<'a> {
    pub fn new(lang: Lang, props: &'a CardProps) -> Self {
        Fields {
            lang,
            props,
            shown: RefCell::new(Vec::new()),
            json: wire::scenario_to_value(&props.scenario).unwrap_or(JsonValue::Null),
        }
    }

    pub fn t(&self, key: &'static str) -> &'static str {
        t(self.lang, key)
    }

    /// The problems (and a parse error) for exactly `path`, as `<p>`s with `id`.
    #[inline(never)]
    fn messages(&self, path: &str) -> (Vec<String>, String) {
        self.shown.borrow_mut().push(path.to_string());
        let mut msgs: Vec<String> = self
            .props
            .problems
            .iter()
            .filter(|p| is_at(&p.path, path))
            .map(|p| p.message.clone())
            .collect();
        if self.props.bad_inputs.iter().any(|p| p == path) {
            msgs.insert(0, self.t("not_parsed").to_string());
        }
        (msgs, format!("{}-msg", field_id(path)))
    }

    #[inline(never)]
    fn wrap(
        &self,
        path: &str,
        label: &str,
        control: Html,
        msgs: Vec<String>,
        msg_id: &str,
    ) -> Html {
        let invalid = !msgs.is_empty();
        // One node whatever the number of messages: Yew matches unkeyed children from the end,
        // so a message appearing must not shift the input (it would be replaced and lose focus).
        let messages: Html = msgs
            .into_iter()
            .map(|m| {
                html! {
                    <p class="problem" id={msg_id.to_string()} data-testid="field-problem"
                        data-path={path.to_string()} role="alert">{ m }</p>
                }
            })
            .collect();
        html! {
            <div class={classes!("field", invalid.then_some("invalid"))}>
                <label for={field_id(path)}>{ label.to_string() }</label>
                { control }
                { messages }
            </div>
        }
    }

    /// A text or number input. `parse` turns the committed text into a value (`None` = bad
    /// text); `set(draft, ix, value)` writes it into the draft, `ix` being the list index the
    /// field belongs to. Plain `fn`s, not closures, so each value type compiles once.
    #[allow(clippy::too_many_arguments)]
    #[inline(never)]
    pub fn input<T: 'static>(
        &self,
        kind: &'static str,
        label: &'static str,
        path: String,
        value: String,
        parse: fn(&str) -> Option<T>,
        ix: usize,
        set: Set<T>,
    ) -> Html {
        let make: MakeEdit = Rc::new(move |text: &str| {
            let v = parse(text)?;
            Some(Edit::new(move |s| set(s, ix, &v)))
        });
        self.input_dyn(kind, label, path, value, make)
    }

    #[inline(never)]
    fn input_dyn(
        &self,
        kind: &'static str,
        label: &'static str,
        path: String,
        value: String,
        make: MakeEdit,
    ) -> Html {
        let (msgs, msg_id) = self.messages(&path);
        let invalid = !msgs.is_empty();
        let onchange = {
            let on_edit = self.props.on_edit.clone();
            let path = path.clone();
            Callback::from(move |e: Event| {
                let input: HtmlInputElement = e.target_unchecked_into();
                on_edit.emit((path.clone(), make(&input.value())));
            })
        };
        let step = (kind == "number").then_some("any");
        let control = html! {
            <input id={field_id(&path)} type={kind} {value} {step} data-path={path.clone()}
                aria-invalid={invalid.to_string()} aria-describedby={invalid.then(|| msg_id.clone())}
                {onchange} />
        };
        self.wrap(&path, self.t(label), control, msgs, &msg_id)
    }

    /// The field at `path`, whatever its kind: the scenario's schema (the core's wire codec)
    /// gives its input (number, text, list, checkbox, or a select of an enum's variants), how its
    /// text parses, and how it is written back into the draft, so a plain field needs no code
    /// of its own. Paths are the ones `validate` reports, so problems land under their field.
    #[inline(never)]
    pub fn at(&self, label: &'static str, path: &str) -> Html {
        let Some(ty) = wire::ty_at(path) else {
            return html! {};
        };
        let current = lookup(&self.json, path).cloned().unwrap_or(JsonValue::Null);
        let owned = path.to_string();
        if matches!(ty, Ty::Bool) {
            let (msgs, msg_id) = self.messages(path);
            let onchange = {
                let on_edit = self.props.on_edit.clone();
                let path = owned.clone();
                Callback::from(move |e: Event| {
                    let input: HtmlInputElement = e.target_unchecked_into();
                    let v = JsonValue::Bool(input.checked());
                    on_edit.emit((path.clone(), Some(set_edit(path.clone(), v))));
                })
            };
            let control = html! {
                <input id={field_id(path)} type="checkbox" checked={current.as_bool() == Some(true)}
                    data-path={owned.clone()} {onchange} />
            };
            return self.wrap(path, self.t(label), control, msgs, &msg_id);
        }
        if let Some(variants) = wire::unit_variants(ty) {
            let (msgs, msg_id) = self.messages(path);
            let invalid = !msgs.is_empty();
            let onchange = {
                let on_edit = self.props.on_edit.clone();
                let path = owned.clone();
                Callback::from(move |e: Event| {
                    let select: HtmlSelectElement = e.target_unchecked_into();
                    let v = JsonValue::String(select.value());
                    on_edit.emit((path.clone(), Some(set_edit(path.clone(), v))));
                })
            };
            let now = current.as_str().unwrap_or_default();
            let control = html! {
                <select id={field_id(path)} data-path={owned.clone()} aria-invalid={invalid.to_string()}
                    aria-describedby={invalid.then(|| msg_id.clone())} {onchange}>
                    { for variants.iter().map(|v| html! {
                        <option value={*v} selected={*v == now}>{ *v }</option>
                    }) }
                </select>
            };
            return self.wrap(path, self.t(label), control, msgs, &msg_id);
        }
        let numeric = !matches!(ty, Ty::Str | Ty::Seq(_) | Ty::Option(Ty::Str | Ty::Seq(_)));
        let make: MakeEdit = {
            let path = owned.clone();
            Rc::new(move |text: &str| parse_for(ty, text).map(|v| set_edit(path.clone(), v)))
        };
        self.input_dyn(
            if numeric { "number" } else { "text" },
            label,
            owned,
            shown_text(&current),
            make,
        )
    }

    /// The fields `(label, path suffix)` of the item at `prefix` (`group.lifecycle_hooks[0]`).
    #[inline(never)]
    pub fn each(&self, prefix: &str, fields: &[(&'static str, &str)]) -> Html {
        fields
            .iter()
            .map(|(label, suffix)| {
                let path = if prefix.is_empty() {
                    (*suffix).to_string()
                } else {
                    format!("{prefix}.{suffix}")
                };
                self.at(label, &path)
            })
            .collect()
    }

    /// A select over `(value, shown text)` options.
    #[inline(never)]
    pub fn select(
        &self,
        label: &'static str,
        path: String,
        options: Vec<(String, String)>,
        current: &str,
        ix: usize,
        set: fn(&mut Scenario, usize, &str),
    ) -> Html {
        let (msgs, msg_id) = self.messages(&path);
        let invalid = !msgs.is_empty();
        let onchange = {
            let on_edit = self.props.on_edit.clone();
            let path = path.clone();
            Callback::from(move |e: Event| {
                let select: HtmlSelectElement = e.target_unchecked_into();
                let v = select.value();
                on_edit.emit((path.clone(), Some(Edit::new(move |s| set(s, ix, &v)))));
            })
        };
        let control = html! {
            <select id={field_id(&path)} data-path={path.clone()} aria-invalid={invalid.to_string()}
                aria-describedby={invalid.then(|| msg_id.clone())} {onchange}>
                { for options.into_iter().map(|(v, shown)| {
                    let selected = v == current;
                    html! { <option value={v} {selected}>{ shown }</option> }
                }) }
            </select>
        };
        self.wrap(&path, self.t(label), control, msgs, &msg_id)
    }

    /// A button that changes the draft (add or remove a list item).
    #[inline(never)]
    pub fn button(&self, label: &'static str, ix: usize, edit: fn(&mut Scenario, usize)) -> Html {
        let on_edit = self.props.on_edit.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            on_edit.emit((String::new(), Some(Edit::new(move |s| edit(s, ix)))));
        });
        html! { <button type="button" class="small" {onclick}>{ self.t(label) }</button> }
    }

    /// Problems under any of `prefixes` that no field of this card showed.
    #[inline(never)]
    pub fn leftovers(&self, prefixes: &[&str]) -> Html {
        let shown = self.shown.borrow();
        let rest: Vec<&Problem> = self
            .props
            .problems
            .iter()
            .filter(|p| {
                prefixes.iter().any(|pre| p.path.starts_with(pre))
                    && !shown.iter().any(|s| is_at(&p.path, s))
            })
            .collect();
        if rest.is_empty() {
            return html! {};
        }
        html! {
            <ul class="problems" role="alert">
                { for rest.into_iter().map(|p| html! {
                    <li data-testid="field-problem" data-path={p.path.clone()}>
                        <code>{ p.path.clone() }</code>{ ": " }{ p.message.clone() }
                    </li>
                }) }
            </ul>
        }
    }
}

/// The value at a `validate`-style path (`a.b[2].c`) in a JSON tree.
fn lookup<'v>(root: &'v JsonValue, path: &str) -> Option<&'v JsonValue> {
    let mut v = root;
    for part in path.split('.') {
        let (name, indices) = part.split_at(part.find('[').unwrap_or(part.len()));
        if !name.is_empty() {
            v = v.get(name)?;
        }
        for ix in indices.split('[').filter(|s| !s.is_empty()) {
            v = v.get(ix.trim_end_matches(']').parse::<usize>().ok()?)?;
        }
    }
    Some(v)
}

/// The same place, to write into.
fn lookup_mut<'v>(root: &'v mut JsonValue, path: &str) -> Option<&'v mut JsonValue> {
    let mut v = root;
    for part in path.split('.') {
        let (name, indices) = part.split_at(part.find('[').unwrap_or(part.len()));
        if !name.is_empty() {
            v = v.get_mut(name)?;
        }
        for ix in indices.split('[').filter(|s| !s.is_empty()) {
            v = v.get_mut(ix.trim_end_matches(']').parse::<usize>().ok()?)?;
        }
    }
    Some(v)
}

/// An edit that writes `value` at `path` through the draft's JSON (unchanged if it cannot).
fn set_edit(path: String, value: JsonValue) -> Edit {
    Edit::new(move |s| {
        let Ok(mut json) = wire::scenario_to_value(s) else {
            return;
        };
        let Some(slot) = lookup_mut(&mut json, &path) else {
            return;
        };
        *slot = value.clone();
        if let Ok(next) = wire::scenario_from_json(&json) {
            *s = next;
        }
    })
}

/// A field's text as its input shows it.
fn shown_text(v: &JsonValue) -> String {
    match v {
        JsonValue::Null => String::new(),
        JsonValue::String(s) => s.clone(),
        JsonValue::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => u.to_string(),
            (None, Some(i), _) => i.to_string(),
            (None, None, Some(f)) => f.to_string(),
            _ => String::new(),
        },
        JsonValue::Array(items) => items.iter().map(shown_text).collect::<Vec<_>>().join(", "),
        JsonValue::Bool(b) => b.to_string(),
        // An object is never a field's value (structs are edited field by field).
        JsonValue::Object(_) => String::new(),
    }
}

/// The JSON value a field's committed text stands for, by the field's format; `None` when the
/// text does not parse (or is out of the type's range).
fn parse_for(ty: &Ty, text: &str) -> Option<JsonValue> {
    let t = text.trim();
    let unsigned = |max: u64| {
        t.parse::<u64>()
            .ok()
            .filter(|n| *n <= max)
            .map(JsonValue::from)
    };
    let signed = |min: i64, max: i64| {
        t.parse::<i64>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .map(JsonValue::from)
    };
    match ty {
        Ty::Option(_) if t.is_empty() => Some(JsonValue::Null),
        Ty::Option(inner) => parse_for(inner, t),
        Ty::U8 => unsigned(u64::from(u8::MAX)),
        Ty::U16 => unsigned(u64::from(u16::MAX)),
        Ty::U32 => unsigned(u64::from(u32::MAX)),
        Ty::U64 => unsigned(u64::MAX),
        Ty::I8 => signed(i64::from(i8::MIN), i64::from(i8::MAX)),
        Ty::I16 => signed(i64::from(i16::MIN), i64::from(i16::MAX)),
        Ty::I32 => signed(i64::from(i32::MIN), i64::from(i32::MAX)),
        Ty::I64 => signed(i64::MIN, i64::MAX),
        Ty::F32 | Ty::F64 => parse_decimal(t)
            .and_then(serde_json::Number::from_f64)
            .map(JsonValue::Number),
        Ty::Str => Some(JsonValue::String(t.to_string())),
        Ty::Seq(Ty::Str) => Some(JsonValue::Array(
            split_list(t).into_iter().map(JsonValue::String).collect(),
        )),
        // A list of an enum's names ("OldestInstance, Default"): each must be one of them.
        Ty::Seq(item) => {
            let names = wire::unit_variants(item)?;
            split_list(t)
                .into_iter()
                .map(|n| names.contains(&n.as_str()).then_some(JsonValue::String(n)))
                .collect::<Option<Vec<_>>>()
                .map(JsonValue::Array)
        }
        _ => None,
    }
}

/// A card: a titled section with an id for the story navigation.
#[inline(never)]
pub fn card(id: &'static str, title: &str, step: u8, body: Html) -> Html {
    html! {
        <section class="card" id={id} aria-labelledby={format!("{id}-h")}>
            <h3 id={format!("{id}-h")}>
                if step > 0 { <span class="step-no">{ step }</span> }
                { title.to_string() }
            </h3>
            { body }
        </section>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn decimals_where_the_browser_and_rust_differ() {
        // Accepted, as Rust's parser would.
        assert_eq!(parse_decimal(" 12.5 "), Some(12.5));
        assert_eq!(parse_decimal("1e3"), Some(1000.0));
        assert_eq!(parse_decimal("-0.25"), Some(-0.25));
        assert_eq!(parse_decimal("+7"), Some(7.0));
        assert_eq!(parse_decimal(".5"), Some(0.5));
        // `Number()` would read these; a field refuses them.
        for text in [
            "0x10",
            "0b11",
            "0o7",
            "Infinity",
            "-Infinity",
            "",
            "   ",
            "1_000",
            "NaN",
        ] {
            assert_eq!(parse_decimal(text), None, "{text:?}");
        }
        // Not finite, or not a number at all.
        for text in ["1e400", "-1e400", "12abc", "1.2.3", "e5", "-", "."] {
            assert_eq!(parse_decimal(text), None, "{text:?}");
        }
    }

    #[wasm_bindgen_test]
    fn a_field_parses_by_its_format_and_edits_through_the_json() {
        let ty = |p: &str| wire::ty_at(p).expect(p);
        assert_eq!(
            parse_for(ty("group.min_size"), " 3 "),
            Some(JsonValue::from(3u64))
        );
        assert_eq!(parse_for(ty("group.min_size"), "-1"), None);
        assert_eq!(parse_for(ty("group.min_size"), "4294967296"), None);
        assert_eq!(
            parse_for(ty("group.desired_capacity"), ""),
            Some(JsonValue::Null)
        );
        assert_eq!(
            parse_for(ty("seed"), "18446744073709551615"),
            Some(JsonValue::from(u64::MAX))
        );
        assert_eq!(
            parse_for(ty("group.termination_policies"), "OldestInstance, Default"),
            Some(serde_json::json!(["OldestInstance", "Default"]))
        );
        assert_eq!(parse_for(ty("group.termination_policies"), "Oldest"), None);
        assert_eq!(parse_for(ty("load.noise_pct"), "0x10"), None);

        let mut s = Scenario::demo();
        (set_edit("group.max_size".into(), JsonValue::from(17u64)).0)(&mut s);
        assert_eq!(s.group.max_size, 17);
        (set_edit("group.health_check_type".into(), JsonValue::from("ELB")).0)(&mut s);
        assert_eq!(
            s.group.health_check_type,
            scaleout_core::scenario::HealthCheckType::ELB
        );
        // A path that is not there changes nothing.
        let before = s.clone();
        (set_edit("group.nope".into(), JsonValue::from(1u64)).0)(&mut s);
        assert_eq!(s, before);
    }
}
