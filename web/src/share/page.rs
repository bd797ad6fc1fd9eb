//! The page's connection to the world outside the simulator, as one hook the app
//! calls: the link in the URL (kept current, debounced), `hashchange`, the local autosave, `t=`,
//! presets, reset, files, and in embeds the autoplay-when-visible observer and the host page's
//! `postMessage` commands and events.
//!
//! Everything here drives the same [`Engine`] the app owns, through [`Controls`] (one path per
//! control); nothing here keeps a second copy of the run.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use scaleout_core::link;
use yew::prelude::*;

use crate::controls::Controls;
use crate::engine::{demo_with_fresh_seed, Engine};
use crate::share::embed::{self, VisibilityObserver};
use crate::share::host_messages::{self, Event};
use crate::share::url_state::{self, Boot, ViewOptions};
use crate::share::{files, tools};
use crate::state::Action;

/// Reads the URL and the autosave once, at start.
pub fn boot_from_page() -> Boot {
    let (_, search, hash) = url_state::location();
    let saved = url_state::read_autosave();
    url_state::boot(&search, &hash, saved.as_deref())
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
    pub save_notice: Option<SaveNotice>,
    pub on_download_json: Callback<()>,
    pub on_upload_json: Callback<web_sys::File>,
    pub on_export_csv: Callback<()>,
    pub on_export_png: Callback<()>,
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

/// Wires the page to the URL, the autosave, the embed observer and the host page. `enabled` is
/// false when the app was handed a scenario directly (component tests): then nothing is read
/// from or written to the page's URL or storage.
#[hook]
pub fn use_page_io(boot: Rc<Boot>, controls: &Controls, playing: bool, enabled: bool) -> PageIo {
    let view = use_memo(boot.clone(), |boot| boot.view.clone());
    let base: Rc<str> = use_memo((), |_| {
        let (href, _, _) = url_state::location();
        url_state::page_base(&href).to_string()
    })
    .as_str()
    .into();
    let payload = use_state(|| controls.payload().unwrap_or_default());
    let save_notice = use_state_eq(|| None::<SaveNotice>);
    let playing_now = use_mut_ref(|| playing);
    *playing_now.borrow_mut() = playing;

    // Everything with a lifetime: timers, listeners, the observer. Set up once.
    {
        let controls = controls.clone();
        let payload = payload.clone();
        let boot = boot.clone();
        let playing_now = playing_now.clone();
        let save_notice = save_notice.setter();
        use_effect_with((), move |_| {
            let guards = enabled.then(|| start(boot, controls, payload, playing_now, save_notice));
            move || drop(guards)
        });
    }

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
        Callback::from(move |file: web_sys::File| {
            let controls = controls.clone();
            let name = file.name();
            wasm_bindgen_futures::spawn_local(async move {
                let parsed = files::read_text(file)
                    .await
                    .map_err(|e| vec![e])
                    .and_then(|text| files::parse_scenario(&text));
                match parsed {
                    Ok(scenario) => {
                        controls.restart(scenario, Vec::new());
                    }
                    Err(lines) => {
                        let mut all = vec![format!("{name}:")];
                        all.extend(lines);
                        controls
                            .state
                            .dispatch(Action::FileProblems(Rc::new(tools::Notes::rejected(all))));
                    }
                }
            });
        })
    };
    let on_import = {
        let controls = controls.clone();
        Callback::from(move |chosen: js_sys::Array| {
            let base = controls
                .started
                .borrow()
                .engine
                .as_ref()
                .map(|e| files::to_json(e.scenario()));
            let Some(Ok(base)) = base else { return };
            let controls = controls.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let imported = tools::import(&chosen, &base).await.map_err(|e| vec![e]);
                match imported.and_then(|(json, notes)| Ok((files::parse_scenario(&json)?, notes)))
                {
                    Ok((scenario, notes)) => {
                        if controls.restart(scenario, Vec::new()) {
                            controls
                                .state
                                .dispatch(Action::FileProblems(Rc::new(notes)));
                        }
                    }
                    Err(lines) => controls
                        .state
                        .dispatch(Action::FileProblems(Rc::new(tools::Notes::rejected(lines)))),
                }
            });
        })
    };
    let on_export = {
        let controls = controls.clone();
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
            let controls = controls.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let name = files::file_name(&name, "");
                let notes = match tools::export(to, &json, name.trim_end_matches('.')).await {
                    Ok(notes) => notes,
                    Err(e) => tools::Notes::rejected(vec![e]),
                };
                controls
                    .state
                    .dispatch(Action::FileProblems(Rc::new(notes)));
            });
        })
    };
    // What the tools worker answered for the comparison: `None` while it runs.
    let compared = use_state(|| None::<Result<String, String>>);
    let compare_runs = use_mut_ref(|| 0u32);
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
    let now_s = {
        let controls = controls.clone();
        Callback::from(move |()| controls.now_ms() / 1000)
    };

    PageIo {
        view: Rc::new((*view).clone()),
        base,
        payload: payload.as_str().into(),
        save_notice: *save_notice,
        on_download_json,
        on_upload_json,
        on_export_csv,
        on_export_png,
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
            // Handing the run over to the platforms bundle: its URL is already on its way.
            if super::bundle::leaving() {
                return;
            }
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
            // An ECS or EKS link pasted into the EC2 bundle's tab goes to the platforms bundle
            // whole (its `t=` and view options too).
            if next
                .scenario
                .as_ref()
                .is_some_and(|s| super::bundle::hand_over_link(s, &hash))
            {
                return;
            }
            if *last_payload.borrow() == p {
                // The same run: only a new `t=` means something.
                if let Some(t_ms) = next.view.t_ms {
                    controls.seek(t_ms);
                }
                return;
            }
            last_payload.replace(p);
            controls.compare.replace(next.compare_a);
            let scenario = next.scenario.unwrap_or_else(demo_with_fresh_seed);
            controls.restart(scenario, next.problems);
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
