//! The page's connection to the world outside the simulator, as one hook the app
//! calls: the link in the URL (kept current, debounced), `hashchange`, the local autosave, `t=`,
//! presets, reset, files, and in embeds the autoplay-when-visible observer and the host page's
//! `postMessage` commands and events.
//!
//! Everything here drives the same [`Engine`] the app owns, through [`Controls`]; nothing here
//! keeps a second copy of the run.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use scaleout_core::scenario::Action as SimAction;
use scaleout_core::{link, presets, Scenario, SimTime};
use yew::prelude::*;

use crate::engine::{demo_with_fresh_seed, Engine, Frame, Started};
use crate::share::embed::{self, VisibilityObserver};
use crate::share::host_messages::{self, Command, Event};
use crate::share::url_state::{self, Boot, ViewOptions};
use crate::share::{files, tools};
use crate::state::{Action, State};

/// Reads the URL and the autosave once, at start.
pub fn boot_from_page() -> Boot {
    let (_, search, hash) = url_state::location();
    let saved = url_state::read_autosave();
    url_state::boot(&search, &hash, saved.as_deref())
}

/// The preset a scenario came from, recognised by its name (links and files keep the name).
pub fn preset_of(scenario: &Scenario) -> Option<&'static str> {
    presets::all()
        .into_iter()
        .find(|p| p.scenario.name == scenario.name)
        .map(|p| p.id)
}

/// What the page's own controls can do to the run the app owns.
#[derive(Clone)]
pub struct Controls {
    pub started: Rc<RefCell<Started>>,
    pub frame: UseStateSetter<Option<Frame>>,
    pub state: UseReducerDispatcher<State>,
    /// Keep the simulator's outputs for the host page (embedded in a frame).
    pub framed: bool,
    /// The comparison's A (a link payload) while the page compares: set by forking, by a link
    /// or the autosave that holds one; the run itself is B.
    pub compare: Rc<RefCell<Option<String>>>,
}

impl Controls {
    fn with_engine<R>(&self, f: impl FnOnce(&mut Engine) -> R) -> Option<R> {
        let mut started = self.started.borrow_mut();
        let result = started.engine.as_mut().map(f);
        if let Some(engine) = started.engine.as_mut() {
            self.frame.set(Some(engine.frame()));
        }
        result
    }

    /// The current link payload, with `&a=<A>` while comparing ([`url_state::split_payload`]).
    pub fn payload(&self) -> Option<String> {
        let started = self.started.borrow();
        let engine = started.engine.as_ref()?;
        let b = link::encode(&engine.scenario_with_recorded_actions());
        Some(match self.compare.borrow().as_deref() {
            Some(a) => format!("{b}&a={a}"),
            None => b,
        })
    }

    pub fn now_ms(&self) -> u64 {
        self.started
            .borrow()
            .engine
            .as_ref()
            .map_or(0, |e| e.sim().now().0)
    }

    /// Restarts on `scenario`, showing `problems` (a bad link) in the error banner. An invalid
    /// scenario runs the default one instead, with its problems listed.
    pub fn restart(&self, scenario: Option<Scenario>, problems: Vec<String>) {
        let mut fresh = Engine::start(scenario);
        fresh.problems.splice(0..0, problems);
        if let Some(engine) = fresh.engine.as_mut() {
            if self.framed {
                engine.keep_outputs();
            }
            let draft = engine.scenario().clone();
            self.state.dispatch(Action::SetDraft {
                draft: Rc::new(draft),
                problems: Rc::new(Vec::new()),
                bad_inputs: Rc::new(Vec::new()),
            });
            self.frame.set(Some(engine.frame()));
        }
        *self.started.borrow_mut() = fresh;
        self.state.dispatch(Action::Restarted);
    }

    /// Jumps to `t_ms`: forwards by running on, backwards by replaying the run (with every
    /// action recorded so far) from the start.
    pub fn seek(&self, t_ms: u64) {
        // A link's `t=` is untrusted: never compute more than the longest run the page offers.
        let t_ms = t_ms.min(crate::engine::MAX_RUN_S * 1000);
        let framed = self.framed;
        let target = SimTime(t_ms);
        let seeking = self.with_engine(|engine| {
            let now = engine.sim().now();
            if target < now {
                let replay = engine.scenario_with_recorded_actions();
                if engine.replace_scenario(replay).is_err() {
                    // The run stays where it is (and nothing runs to the end instead).
                    return false;
                }
                if framed {
                    engine.keep_outputs();
                    // What the replay emits up to the target was already told to the host.
                    engine.quiet_until(target);
                }
            }
            // The page gets there a slice per frame (as "run to the end" does), never in one
            // call that could hold the tab for seconds on a large group; the slider follows
            // the run's load when the seek ends.
            engine.set_run_target(Some(target));
            true
        });
        if seeking == Some(true) {
            self.state.dispatch(Action::Seeking);
        }
    }

    pub fn set_load(&self, rps: Option<f64>) {
        // The frame `with_engine` draws carries the new override to the slider.
        self.with_engine(|engine| engine.set_load_override(rps));
    }

    pub fn apply(&self, action: SimAction) {
        self.with_engine(|engine| engine.apply(action));
    }

    fn command(&self, command: Command) {
        match command {
            Command::Play => self.state.dispatch(Action::SetPlaying(true)),
            Command::Pause => self.state.dispatch(Action::SetPlaying(false)),
            Command::SetLoad(rps) => self.set_load(rps),
            Command::Deploy(revision) => self.apply(SimAction::Deploy { revision }),
            Command::Seek(t_ms) => self.seek(t_ms),
            Command::SetSpeed(speed) => self.state.dispatch(Action::SetSpeed(speed)),
        }
    }
}

/// What the comparison panel shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Comparison {
    /// The page compares (the link holds an A).
    pub a: bool,
    /// The worker's HTML (the table and charts) or why it could not run; `None` while it runs.
    pub result: Option<Result<String, String>>,
    /// Comparisons finished so far (tests wait for the next one).
    pub runs: u32,
}

/// What the comparison's controls ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareCommand {
    /// A becomes the run as it is now (B stays the run, to edit); then compare.
    Fork,
    /// Compare A with the run as it is now.
    Run,
    /// Stop comparing.
    End,
}

/// Why the page could not keep the current run, shown next to the link until it can again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveNotice {
    /// The link would be this many characters, over [`link::MAX_PAYLOAD_CHARS`].
    TooLong(usize),
    /// The browser refused the autosave (storage full or turned off).
    NoStorage,
}

/// What the hook gives the app's view.
#[derive(Clone, PartialEq)]
pub struct PageIo {
    pub view: Rc<ViewOptions>,
    /// The page address without query or fragment.
    pub base: Rc<str>,
    /// The current link payload (updated at most every [`url_state::SYNC_INTERVAL_MS`]).
    pub payload: Rc<str>,
    pub active_preset: Option<&'static str>,
    /// Why the last file was refused (the run was kept), or what an import or export left out.
    pub file_problems: Rc<tools::Notes>,
    pub save_notice: Option<SaveNotice>,
    pub on_preset: Callback<&'static str>,
    pub on_reset: Callback<()>,
    pub on_download_json: Callback<()>,
    pub on_upload_json: Callback<web_sys::File>,
    pub on_export_csv: Callback<()>,
    pub on_export_png: Callback<()>,
    pub on_dismiss_file_problems: Callback<()>,
    /// Configuration files or a traffic recording to import (through [`tools`]).
    pub on_import: Callback<js_sys::Array>,
    /// Exports the scenario as infrastructure code: `cloudformation-yaml`,
    /// `cloudformation-json` or `terraform`.
    pub on_export: Callback<&'static str>,
    /// The comparison of A and B, while comparing.
    pub compare: Rc<Comparison>,
    pub on_compare: Callback<CompareCommand>,
    pub now_s: Callback<(), u64>,
}

/// Wires the page to the URL, the autosave, the embed observer and the host page. `enabled` is
/// false when the app was handed a scenario directly (component tests): then nothing is read
/// from or written to the page's URL or storage.
#[hook]
pub fn use_page_io(
    boot: Rc<Boot>,
    started: &Rc<RefCell<Started>>,
    frame: &UseStateHandle<Option<Frame>>,
    state: &UseReducerHandle<State>,
    enabled: bool,
) -> PageIo {
    let compare = use_mut_ref(|| boot.compare_a.clone());
    let controls = Controls {
        started: Rc::clone(started),
        frame: frame.setter(),
        state: state.dispatcher(),
        framed: enabled && host_messages::is_framed(),
        compare,
    };
    // What the tools worker answered for the comparison: `None` while it runs.
    let compared = use_state(|| None::<Result<String, String>>);
    let compare_runs = use_mut_ref(|| 0u32);
    let playing = state.playing;
    let view = use_memo(boot.clone(), |boot| boot.view.clone());
    let base: Rc<str> = use_memo((), |_| {
        let (href, _, _) = url_state::location();
        url_state::page_base(&href).to_string()
    })
    .as_str()
    .into();
    let payload = use_state(|| controls.payload().unwrap_or_default());
    let active_preset = use_state(|| boot.scenario.as_ref().and_then(preset_of));
    let file_problems = use_state(|| Rc::new(tools::Notes::default()));
    let save_notice = use_state_eq(|| None::<SaveNotice>);
    let playing_now = use_mut_ref(|| playing);
    *playing_now.borrow_mut() = playing;

    // Everything with a lifetime: timers, listeners, the observer. Set up once.
    {
        let controls = controls.clone();
        let payload = payload.clone();
        let active_preset = active_preset.clone();
        let boot = boot.clone();
        let playing_now = playing_now.clone();
        let save_notice = save_notice.setter();
        use_effect_with((), move |_| {
            let guards = enabled.then(|| {
                start(
                    boot,
                    controls,
                    payload,
                    active_preset,
                    playing_now,
                    save_notice,
                )
            });
            move || drop(guards)
        });
    }

    let on_preset = {
        let controls = controls.clone();
        let active_preset = active_preset.clone();
        let file_problems = file_problems.clone();
        Callback::from(move |id: &'static str| {
            if let Some(p) = presets::by_id(id) {
                controls.restart(Some(p.scenario), Vec::new());
                active_preset.set(Some(id));
                file_problems.set(Rc::default());
            }
        })
    };
    let on_reset = {
        let controls = controls.clone();
        let active_preset = active_preset.clone();
        let file_problems = file_problems.clone();
        Callback::from(move |()| {
            url_state::clear_autosave();
            controls.compare.replace(None);
            controls.restart(Some(demo_with_fresh_seed()), Vec::new());
            active_preset.set(None);
            file_problems.set(Rc::default());
        })
    };
    let on_download_json = {
        let controls = controls.clone();
        Callback::from(move |()| {
            let file = controls.started.borrow().engine.as_ref().map(|e| {
                (
                    files::file_name(&e.scenario().name, "json"),
                    files::scenario_json(e.sim()),
                )
            });
            if let Some((name, json)) = file {
                report(
                    json.and_then(|json| files::download_text(&name, "application/json", &json)),
                );
            }
        })
    };
    let on_upload_json = {
        let controls = controls.clone();
        let active_preset = active_preset.clone();
        let file_problems = file_problems.clone();
        Callback::from(move |file: web_sys::File| {
            let controls = controls.clone();
            let active_preset = active_preset.clone();
            let file_problems = file_problems.clone();
            let name = file.name();
            wasm_bindgen_futures::spawn_local(async move {
                let parsed = files::read_text(file)
                    .await
                    .map_err(|e| vec![e])
                    .and_then(|text| files::parse_scenario(&text));
                match parsed {
                    Ok(scenario) => {
                        active_preset.set(preset_of(&scenario));
                        controls.restart(Some(scenario), Vec::new());
                        file_problems.set(Rc::default());
                    }
                    Err(lines) => {
                        let mut all = vec![format!("{name}:")];
                        all.extend(lines);
                        file_problems.set(Rc::new(tools::Notes::rejected(all)));
                    }
                }
            });
        })
    };
    let on_export_csv = {
        let controls = controls.clone();
        Callback::from(move |()| {
            let file = controls.started.borrow().engine.as_ref().map(|e| {
                (
                    files::file_name(&e.scenario().name, "csv"),
                    files::run_csv(e.sim()),
                )
            });
            if let Some((name, csv)) = file {
                report(files::download_text(&name, "text/csv", &csv));
            }
        })
    };
    let on_export_png = {
        let controls = controls.clone();
        Callback::from(move |()| {
            let name = controls
                .started
                .borrow()
                .engine
                .as_ref()
                .map(|e| files::file_name(&e.scenario().name, "png"))
                .unwrap_or_else(|| "scaleout.png".into());
            report(files::charts_png().and_then(|url| files::click_download(&name, &url)));
        })
    };
    let on_dismiss_file_problems = {
        let file_problems = file_problems.clone();
        Callback::from(move |()| file_problems.set(Rc::default()))
    };
    let on_import = {
        let controls = controls.clone();
        let active_preset = active_preset.clone();
        let file_problems = file_problems.clone();
        Callback::from(move |chosen: js_sys::Array| {
            let base = controls
                .started
                .borrow()
                .engine
                .as_ref()
                .map(|e| files::to_json(e.scenario()));
            let Some(Ok(base)) = base else { return };
            let (controls, active_preset, file_problems) = (
                controls.clone(),
                active_preset.clone(),
                file_problems.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let imported = tools::import(&chosen, &base).await.map_err(|e| vec![e]);
                match imported.and_then(|(json, notes)| Ok((files::parse_scenario(&json)?, notes)))
                {
                    Ok((scenario, notes)) => {
                        active_preset.set(None);
                        controls.restart(Some(scenario), Vec::new());
                        file_problems.set(Rc::new(notes));
                    }
                    Err(lines) => file_problems.set(Rc::new(tools::Notes::rejected(lines))),
                }
            });
        })
    };
    let on_export = {
        let controls = controls.clone();
        let file_problems = file_problems.clone();
        Callback::from(move |to: &'static str| {
            let current = controls
                .started
                .borrow()
                .engine
                .as_ref()
                .map(|e| (e.scenario().name.clone(), files::scenario_json(e.sim())));
            let Some((name, Ok(json))) = current else {
                return;
            };
            let file_problems = file_problems.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let name = files::file_name(&name, "");
                let done = tools::export(to, &json, name.trim_end_matches('.')).await;
                match done {
                    Ok(notes) => file_problems.set(Rc::new(notes)),
                    Err(e) => file_problems.set(Rc::new(tools::Notes::rejected(vec![e]))),
                }
            });
        })
    };
    let now_s = {
        let controls = controls.clone();
        Callback::from(move |()| controls.now_ms() / 1000)
    };
    let on_compare = {
        let controls = controls.clone();
        let compared = compared.clone();
        let runs = compare_runs.clone();
        Callback::from(move |command: CompareCommand| {
            if command != CompareCommand::Run {
                let a = (command == CompareCommand::Fork)
                    .then(|| controls.payload())
                    .flatten()
                    .map(|p| url_state::split_payload(&p).0.to_string());
                controls.compare.replace(a);
            }
            let a = controls.compare.borrow().clone();
            let (Some(a), Some(b)) = (a, controls.payload()) else {
                compared.set(None);
                return;
            };
            let (compared, runs) = (compared.clone(), runs.clone());
            compared.set(None);
            wasm_bindgen_futures::spawn_local(async move {
                let b = url_state::split_payload(&b).0;
                let result = tools::compare(&a, b).await;
                *runs.borrow_mut() += 1;
                compared.set(Some(result));
            });
        })
    };
    {
        // A link (or the autosave) holding a comparison shows it at once.
        let on_compare = on_compare.clone();
        let holds_one = enabled && controls.compare.borrow().is_some();
        use_effect_with((), move |_| {
            if holds_one {
                on_compare.emit(CompareCommand::Run);
            }
        });
    }
    let compare = Rc::new(Comparison {
        a: controls.compare.borrow().is_some(),
        result: (*compared).clone(),
        runs: *compare_runs.borrow(),
    });

    PageIo {
        view: Rc::new((*view).clone()),
        base,
        payload: payload.as_str().into(),
        active_preset: *active_preset,
        file_problems: (*file_problems).clone(),
        save_notice: *save_notice,
        on_preset,
        on_reset,
        on_download_json,
        on_upload_json,
        on_export_csv,
        on_export_png,
        on_dismiss_file_problems,
        on_import,
        on_export,
        compare,
        on_compare,
        now_s,
    }
}

fn report(result: Result<(), String>) {
    if let Err(e) = result {
        host_messages::warn(&e);
    }
}

/// The timers and listeners [`use_page_io`] keeps alive.
struct Guards {
    _sync: gloo_timers::callback::Interval,
    _hashchange: Option<gloo_events::EventListener>,
    _host: Option<gloo_events::EventListener>,
    _observer: Option<VisibilityObserver>,
}

fn start(
    boot: Rc<Boot>,
    controls: Controls,
    payload: UseStateHandle<String>,
    active_preset: UseStateHandle<Option<&'static str>>,
    playing_now: Rc<RefCell<bool>>,
    save_notice: UseStateSetter<Option<SaveNotice>>,
) -> Guards {
    let view = &boot.view;
    embed::mark_document(view);
    let framed = controls.framed;
    if framed {
        controls.with_engine(Engine::keep_outputs);
    }
    if let Some(t_ms) = view.t_ms {
        controls.seek(t_ms);
    }

    // The link: what the URL held at start is the baseline, so opening a link does not rewrite
    // it (and its `t=`) until something changes.
    let last_payload = Rc::new(RefCell::new(
        url_state::payload_in_hash(&url_state::location().2).unwrap_or_default(),
    ));
    let write_url = !view.embed;
    let last_desired = Rc::new(Cell::new(None::<u32>));
    let tick = Rc::new(Cell::new(0u32));
    // What the share dialog was last given (the hook's state handle is a snapshot).
    let shown = RefCell::new(controls.payload().unwrap_or_default());
    let too_long = Cell::new(false);
    let sync = {
        let controls = controls.clone();
        let last_payload = Rc::clone(&last_payload);
        gloo_timers::callback::Interval::new(url_state::SYNC_INTERVAL_MS / 2, move || {
            if framed {
                tell_host(&controls, &last_desired);
            }
            tick.set(tick.get().wrapping_add(1));
            if tick.get().is_multiple_of(2) {
                return;
            }
            let Some(now) = controls.payload() else {
                return;
            };
            if *last_payload.borrow() == now {
                // Back to what was last written (a reset, a shorter run): nothing is unsaved.
                if too_long.replace(false) {
                    save_notice.set(None);
                }
            } else if write_url {
                // A run too long for a link is never written: the address bar and the autosave
                // keep the last version that fits, and the page says so.
                if now.len() > link::MAX_PAYLOAD_CHARS {
                    too_long.set(true);
                    save_notice.set(Some(SaveNotice::TooLong(now.len())));
                } else {
                    too_long.set(false);
                    url_state::replace_fragment(Some(&now));
                    save_notice
                        .set((!url_state::write_autosave(&now)).then_some(SaveNotice::NoStorage));
                    last_payload.replace(now.clone());
                }
            } else {
                last_payload.replace(now.clone());
            }
            if *shown.borrow() != now {
                shown.replace(now.clone());
                payload.set(now);
            }
        })
    };

    // Someone edited the fragment (or pasted a link into the address bar of this tab).
    let hashchange = web_sys::window().map(|window| {
        let controls = controls.clone();
        gloo_events::EventListener::new(&window, "hashchange", move |_| {
            let (_, search, hash) = url_state::location();
            let Some(p) = url_state::payload_in_hash(&hash) else {
                return;
            };
            let next = url_state::boot(&search, &hash, None);
            if *last_payload.borrow() == p {
                // The same run: only a new `t=` means something.
                if let Some(t_ms) = next.view.t_ms {
                    controls.seek(t_ms);
                }
                return;
            }
            last_payload.replace(p);
            active_preset.set(next.scenario.as_ref().and_then(preset_of));
            controls.compare.replace(next.compare_a);
            controls.restart(next.scenario, next.problems);
            if let Some(t_ms) = next.view.t_ms {
                controls.seek(t_ms);
            }
        })
    });

    let host = if framed {
        let c = controls.clone();
        let listener = host_messages::listen(move |command| c.command(command));
        let name = controls
            .started
            .borrow()
            .engine
            .as_ref()
            .map(|e| e.scenario().name.clone());
        host_messages::post_to_parent(&Event {
            name,
            ..Event::new("ready", controls.now_ms())
        });
        listener
    } else {
        None
    };

    let autoplay = embed::wants_autoplay(view, embed::prefers_reduced_motion());
    let observer = if view.embed {
        // Play while visible; pause when scrolled away, and resume only what was auto-paused.
        let state = controls.state.clone();
        let pending_autoplay = Cell::new(autoplay);
        let auto_paused = Cell::new(false);
        let observer = VisibilityObserver::new(Callback::from(move |visible: bool| {
            if visible {
                if pending_autoplay.replace(false) || auto_paused.replace(false) {
                    state.dispatch(Action::SetPlaying(true));
                }
            } else if *playing_now.borrow() {
                auto_paused.set(true);
                state.dispatch(Action::SetPlaying(false));
            }
        }));
        if observer.is_none() && autoplay {
            controls.state.dispatch(Action::SetPlaying(true));
        }
        observer
    } else {
        if autoplay {
            controls.state.dispatch(Action::SetPlaying(true));
        }
        None
    };

    Guards {
        _sync: sync,
        _hashchange: hashchange,
        _host: host,
        _observer: observer,
    }
}

/// Posts what happened since the last tick to the host page.
fn tell_host(controls: &Controls, last_desired: &Cell<Option<u32>>) {
    let mut started = controls.started.borrow_mut();
    let Some(engine) = started.engine.as_mut() else {
        return;
    };
    for output in engine.take_outputs() {
        if let Some(event) = Event::from_output(&output) {
            host_messages::post_to_parent(&event);
        }
    }
    let desired = engine.sim().sizes().desired;
    if let Some(before) = last_desired.replace(Some(desired)) {
        if let Some(event) = Event::capacity(engine.sim().now().0, before, desired) {
            host_messages::post_to_parent(&event);
        }
    }
}
