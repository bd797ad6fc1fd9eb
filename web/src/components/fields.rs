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
use scaleout_core::Scenario;
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

fn parse_text(s: &str) -> Option<String> {
    Some(s.trim().to_string())
}

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

/// A number type a field edits.
///
/// Whole numbers use Rust's integer parser (exact for 64-bit seeds, and small). Decimals use the
/// browser's `Number()`, which spares the page Rust's float parser and its tables (about 15 KB
/// gzip), behind a check that keeps the accepted text to what Rust's parser would accept for a
/// finite decimal: digits, one sign, a point and an exponent. So `0x10`, `Infinity`, `NaN`,
/// `1_000` and `12abc` are refused, `1e400` (not finite) is refused, and spaces around the
/// number are trimmed.
pub trait FieldNumber: Sized + ToString + 'static {
    fn parse_field(text: &str) -> Option<Self>;
}

macro_rules! whole_numbers {
    ($($t:ty),*) => {$(
        impl FieldNumber for $t {
            fn parse_field(text: &str) -> Option<Self> {
                text.trim().parse().ok()
            }
        }
    )*};
}
whole_numbers!(u8, u16, u32, u64, usize, i32, i64);

impl FieldNumber for f64 {
    fn parse_field(text: &str) -> Option<Self> {
        parse_decimal(text)
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The global `Number(text)`: the browser's own decimal parser.
    #[wasm_bindgen(js_name = Number)]
    fn js_number(text: &str) -> f64;
}

/// A finite decimal number, read by the browser's `Number()` (see [`FieldNumber`]).
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

/// A number, or `None` for an empty field (`Some(None)`); `None` when the text does not parse.
pub fn parse_opt<T: FieldNumber>(text: &str) -> Option<Option<T>> {
    let t = text.trim();
    if t.is_empty() {
        Some(None)
    } else {
        T::parse_field(t).map(Some)
    }
}

pub fn parse_num<T: FieldNumber>(text: &str) -> Option<T> {
    T::parse_field(text)
}

impl<'a> Fields<'a> {
    pub fn new(lang: Lang, props: &'a CardProps) -> Self {
        Fields {
            lang,
            props,
            shown: RefCell::new(Vec::new()),
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

    /// A number field.
    #[inline(never)]
    pub fn num<T: FieldNumber>(
        &self,
        label: &'static str,
        path: String,
        value: T,
        ix: usize,
        set: Set<T>,
    ) -> Html {
        self.input(
            "number",
            label,
            path,
            value.to_string(),
            parse_num::<T>,
            ix,
            set,
        )
    }

    /// A number field that may be empty (`None`).
    #[inline(never)]
    pub fn opt_num<T: FieldNumber>(
        &self,
        label: &'static str,
        path: String,
        value: Option<T>,
        ix: usize,
        set: Set<Option<T>>,
    ) -> Html {
        let text = value.map(|v| v.to_string()).unwrap_or_default();
        self.input("number", label, path, text, parse_opt::<T>, ix, set)
    }

    #[inline(never)]
    pub fn text(
        &self,
        label: &'static str,
        path: String,
        value: String,
        ix: usize,
        set: Set<String>,
    ) -> Html {
        self.input("text", label, path, value, parse_text, ix, set)
    }

    /// An optional text: empty = `None`.
    #[inline(never)]
    pub fn opt_text(
        &self,
        label: &'static str,
        path: String,
        value: Option<String>,
        ix: usize,
        set: Set<Option<String>>,
    ) -> Html {
        self.input(
            "text",
            label,
            path,
            value.unwrap_or_default(),
            |t| Some(opt_text(t)),
            ix,
            set,
        )
    }

    /// A comma-separated list.
    #[inline(never)]
    pub fn list(
        &self,
        label: &'static str,
        path: String,
        value: &[String],
        ix: usize,
        set: Set<Vec<String>>,
    ) -> Html {
        self.input(
            "text",
            label,
            path,
            value.join(", "),
            |s| Some(split_list(s)),
            ix,
            set,
        )
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

    #[inline(never)]
    pub fn check(
        &self,
        label: &'static str,
        path: String,
        checked: bool,
        ix: usize,
        set: fn(&mut Scenario, usize, bool),
    ) -> Html {
        let (msgs, msg_id) = self.messages(&path);
        let onchange = {
            let on_edit = self.props.on_edit.clone();
            let path = path.clone();
            Callback::from(move |e: Event| {
                let input: HtmlInputElement = e.target_unchecked_into();
                let v = input.checked();
                on_edit.emit((path.clone(), Some(Edit::new(move |s| set(s, ix, v)))));
            })
        };
        let control = html! {
            <input id={field_id(&path)} type="checkbox" {checked} data-path={path.clone()} {onchange} />
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
