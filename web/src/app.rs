//! The root component: owns the [`Engine`] (outside Yew state), the UI [`State`], and wires the
//! animation-frame loop, the controls, the story cards and the views to the simulator.
//!
//! Every control acts through [`Controls`]: one restart (a valid card edit, a preset, a link, a
//! file), one reset, one path for the load and for live actions, whoever asks.

use std::rc::Rc;

use scaleout_core::scenario::Action as SimAction;
use scaleout_core::validate::validate;
use scaleout_core::Scenario;
use yew::prelude::*;

use crate::components::cards::Cards;
use crate::components::fields::{CardProps, FieldInput};
use crate::components::timeline::Props as TimelineProps;
use crate::components::{compare_panel, ecs, eks, FileMenu, OpenInFull, PresetSelect, ShareDialog};
use crate::components::{
    lang_select, stats, summary, tile_details, timeline, why_strip, ActivityLog, Chart, ChartKind,
    DeployPanel, Deployments, ErrorBanner, InstanceGrid, LoadSlider, Markers, Transport,
};
use crate::controls::Controls;
use crate::engine::{Engine, Frame};
use crate::hooks::use_animation_frame;
use crate::i18n::{count, t, Lang};
use crate::share::page::use_page_io;
use crate::state::{Action, State, STEP_MS};

/// A scenario handed to the app (tests, and later links and presets). Compared by identity.
#[derive(Clone, Debug)]
pub struct ScenarioProp(pub Rc<Scenario>);

impl PartialEq for ScenarioProp {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// What the page's URL and autosave hold, read once by `main` before it mounts the app (it
/// decides there whether this bundle keeps the scenario). Compared by identity.
#[derive(Clone, Debug)]
pub struct BootProp(pub Rc<crate::share::url_state::Boot>);

impl PartialEq for BootProp {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Properties)]
pub struct AppProps {
    /// The scenario to run; `None` runs the demo scenario with a fresh seed.
    #[prop_or_default]
    pub scenario: Option<ScenarioProp>,
    /// The language; `None` reads `?lang=` from the page's URL.
    #[prop_or_default]
    pub lang: Option<Lang>,
    /// The link or autosave the page opened with, already read; `None` reads it here.
    #[prop_or_default]
    pub boot: Option<BootProp>,
}

/// Wall-clock budget of one "run to the end" slice per animation frame, in ms. Longer than a
/// frame on purpose: while the run computes, the page draws only its progress bar, so nearly all
/// the time goes to the simulator, and the page still answers a click on "stop" within 0.1 s.
const RUN_SLICE_MS: f64 = 100.0;

/// How often the progress bar moves while a run to the end computes, in ms of wall time.
const PROGRESS_EVERY_MS: f64 = 250.0;

/// Says why the current run is not (fully) kept, next to the link.
fn save_notice(lang: Lang, notice: Option<crate::share::page::SaveNotice>) -> Html {
    let text = match notice {
        None => return html! {},
        Some(crate::share::page::SaveNotice::TooLong(n)) => {
            format!(
                "{} ({n} / {})",
                t(lang, "save_too_long"),
                scaleout_core::link::MAX_PAYLOAD_CHARS
            )
        }
        Some(crate::share::page::SaveNotice::NoStorage) => t(lang, "save_no_storage").to_string(),
    };
    html! { <p class="notice" role="status" data-testid="save-notice">{ text }</p> }
}

/// Scrolls a card into view. (Not an `<a href="#...">`: the fragment holds the shared link.)
fn scroll_to(id: &'static str) -> Callback<MouseEvent> {
    Callback::from(move |_| {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
        {
            el.scroll_into_view();
        }
    })
}

/// The ReplicaSet revisions of the Deployment, oldest first (the pods' badge colours).
fn pod_revisions(k: &scaleout_core::kubernetes::KubeView) -> Vec<u64> {
    k.deployment.replica_sets.iter().map(|r| r.1).collect()
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    // Without a scenario prop the page opens the link in the URL (or the autosave);
    // a bad link shows its problem in the banner and the default scenario runs.
    let page_io_enabled = props.scenario.is_none();
    let given_boot = props.boot.clone();
    let boot = Rc::clone(&*use_memo((), move |_| match given_boot {
        Some(BootProp(boot)) if page_io_enabled => boot,
        None if page_io_enabled => Rc::new(crate::share::page::boot_from_page()),
        _ => Rc::default(),
    }));
    let started = {
        let scenario = props.scenario.clone();
        let boot = Rc::clone(&boot);
        use_mut_ref(move || {
            let mut scenario = scenario.map(|s| s.0.duplicate());
            if scenario.is_none() {
                scenario = boot
                    .scenario
                    .as_ref()
                    .map(scaleout_core::Scenario::duplicate);
            }
            let mut started = Engine::start(scenario);
            if !boot.problems.is_empty() {
                started.problems.splice(0..0, boot.problems.iter().cloned());
            }
            started
        })
    };
    let state = {
        let draft = started
            .borrow()
            .engine
            .as_ref()
            .map(|e| e.scenario().duplicate())
            .unwrap_or_default();
        let lang = props.lang.unwrap_or_else(crate::i18n::lang_from_page);
        use_reducer(move || State::new(draft, lang))
    };
    let frame = {
        let started = Rc::clone(&started);
        use_state_eq(move || started.borrow_mut().engine.as_mut().map(Engine::frame))
    };
    let lang = state.lang;
    let compare = {
        let boot = Rc::clone(&boot);
        use_mut_ref(move || boot.compare_a.clone())
    };
    let controls = Controls {
        started: Rc::clone(&started),
        frame: frame.setter(),
        state: state.dispatcher(),
        framed: page_io_enabled && crate::share::host_messages::is_framed(),
        compare,
    };
    let io = use_page_io(Rc::clone(&boot), &controls, state.playing, page_io_enabled);
    // The preset the draft came from (links and files keep its name): one source, the draft.
    let active_preset = *use_memo(state.draft.name.clone(), |name| {
        crate::preset_text::preset_of(name)
    });
    let annotations: crate::components::chart::Annotations = Rc::new(
        (*use_memo((active_preset, lang), |(id, lang)| {
            id.map(|id| crate::preset_text::annotations(id, *lang))
                .unwrap_or_default()
        }))
        .clone(),
    );
    use_effect_with(lang, |lang| crate::i18n::set_document_lang(*lang));
    // Marks the first simulated frame on screen, for the load-time figure the E2E run prints.
    use_effect_with((), |_| {
        if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
            let _ = p.mark("scaleout-first-frame");
        }
    });

    let has_engine = started.borrow().engine.is_some();

    // While "run to the end" computes, only the progress bar moves (at most every
    // PROGRESS_EVERY_MS); the grid, logs and charts are drawn once when the run is done.
    let run_progress = use_state_eq(|| 0.0_f64);
    let progress_shown_at = use_mut_ref(|| 0.0_f64);

    // Advances the simulator by (real elapsed ms x speed) on every animation frame while playing,
    // or computes the next slice of "run to the end".
    let on_frame = {
        let started = Rc::clone(&started);
        let frame = frame.clone();
        let state = state.clone();
        let run_progress = run_progress.clone();
        Callback::from(move |elapsed_ms: f64| {
            if let Some(engine) = started.borrow_mut().engine.as_mut() {
                if state.running_to_end {
                    if engine.run_slice(RUN_SLICE_MS, now_ms) {
                        state.dispatch(Action::RunToEnd(false));
                        // The slider shows the load the run has now, from the frame (a seek
                        // may have replayed recorded SetLoad actions).
                        frame.set(Some(engine.frame()));
                    } else {
                        let now = now_ms();
                        let mut shown_at = progress_shown_at.borrow_mut();
                        if now - *shown_at >= PROGRESS_EVERY_MS {
                            *shown_at = now;
                            run_progress.set(engine.progress());
                        }
                    }
                } else if state.playing {
                    // (A frame can still arrive between a render that stops the loop and the
                    // effect that cancels it: only a playing page advances.)
                    engine.advance_real(elapsed_ms, state.speed);
                    frame.set(Some(engine.frame()));
                }
            }
        })
    };
    use_animation_frame(
        (state.playing || state.running_to_end) && has_engine,
        on_frame,
    );

    let on_step = {
        let started = Rc::clone(&started);
        let frame = frame.clone();
        Callback::from(move |()| {
            if let Some(engine) = started.borrow_mut().engine.as_mut() {
                engine.advance_ms(STEP_MS);
                frame.set(Some(engine.frame()));
            }
        })
    };
    let on_toggle = {
        let started = Rc::clone(&started);
        let frame = frame.clone();
        let state = state.clone();
        Callback::from(move |()| {
            if state.running_to_end {
                // Play/pause interrupts a run to the end or a seek: the page shows where the
                // run got to, as stopping it does.
                if let Some(engine) = started.borrow_mut().engine.as_mut() {
                    engine.set_run_target(None);
                    frame.set(Some(engine.frame()));
                }
            }
            state.dispatch(Action::TogglePlay);
        })
    };
    let on_speed = {
        let state = state.clone();
        Callback::from(move |speed: u32| state.dispatch(Action::SetSpeed(speed)))
    };
    let on_load = {
        let controls = controls.clone();
        Callback::from(move |rps: Option<f64>| controls.set_load(rps))
    };
    // A user action on the running simulation (deploy, new launch template version).
    let on_action = {
        let controls = controls.clone();
        Callback::from(move |action: SimAction| controls.apply(action))
    };
    let on_deploy = on_action.reform(|revision: String| SimAction::Deploy { revision });
    let on_new_version = on_action.reform(|image: String| SimAction::CreateLaunchTemplateVersion {
        source_version: None,
        image_id: (!image.is_empty()).then_some(image),
        instance_type: None,
        set_default: true,
    });
    // A card edited the draft: validate it; restart the run only when it is valid.
    let on_edit = {
        let controls = controls.clone();
        let state = state.clone();
        Callback::from(move |(path, edit): FieldInput| {
            let edited = path.clone();
            let mut draft = state.draft.duplicate();
            let mut bad = (*state.bad_inputs).clone();
            match edit {
                Some(edit) => {
                    (edit.0)(&mut draft);
                    bad.retain(|p| *p != path);
                }
                None => {
                    if !bad.contains(&path) {
                        bad.push(path);
                    }
                }
            }
            let mut problems = validate(&draft);
            // A problem this edit caused sits under the edited field, wherever the core's rule
            // points (max size below min size is reported at min size); one shown before stays.
            for p in &mut problems {
                match state.problems.iter().find(|q| q.message == p.message) {
                    Some(q) => p.path.clone_from(&q.path),
                    None => p.path.clone_from(&edited),
                }
            }
            if problems.is_empty() {
                problems = crate::engine::check_work(&draft).err().unwrap_or_default();
            }
            if problems.is_empty() && bad.is_empty() {
                controls.restart(draft, Vec::new());
            } else {
                // The run keeps the last valid scenario; the cards show what is wrong.
                state.dispatch(Action::SetDraft {
                    draft: Rc::new(draft),
                    problems: Rc::new(problems),
                    bad_inputs: Rc::new(bad),
                });
            }
        })
    };
    let on_reset = {
        let controls = controls.clone();
        Callback::from(move |()| controls.reset())
    };
    let on_preset = {
        let controls = controls.clone();
        Callback::from(move |id: &'static str| {
            if let Some(p) = scaleout_core::presets::by_id(id) {
                controls.restart(p.scenario, Vec::new());
            }
        })
    };
    // The platform: EKS and ECS open their first story, EC2 the default scenario.
    let on_platform = {
        let controls = controls.clone();
        Callback::from(move |platform: &'static str| {
            let first = scaleout_core::presets::all()
                .into_iter()
                .find(|p| match platform {
                    "EKS" => scaleout_core::presets::is_eks(p),
                    "ECS" => scaleout_core::presets::is_ecs(p),
                    _ => false,
                });
            match first {
                Some(p) => {
                    controls.restart(p.scenario, Vec::new());
                }
                None => controls.reset(),
            }
        })
    };
    let eks = state.draft.kubernetes.is_some();
    let ecs = state.draft.ecs.is_some();
    let on_dismiss_file_problems = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::FileProblems(Rc::default())))
    };
    let on_lang = {
        let state = state.clone();
        Callback::from(move |l: Lang| state.dispatch(Action::SetLang(l)))
    };
    let on_select = {
        let state = state.clone();
        Callback::from(move |id: String| {
            let next = (state.selected.as_deref() != Some(id.as_str())).then_some(id);
            state.dispatch(Action::Select(next));
        })
    };
    let on_close = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::Select(None)))
    };
    let on_run = {
        let started = Rc::clone(&started);
        let frame = frame.clone();
        let state = state.clone();
        let run_progress = run_progress.clone();
        Callback::from(move |on: bool| {
            let mut on = on;
            if let Some(engine) = started.borrow_mut().engine.as_mut() {
                // The button runs to the end (a seek in progress is overtaken).
                engine.set_run_target(None);
                // The first slice runs now, in the click, not a frame later: a short run is
                // done before the page draws again.
                if on && engine.run_slice(RUN_SLICE_MS, now_ms) {
                    // Done already: pause as a run to the end does, and show the end.
                    state.dispatch(Action::RunToEnd(true));
                    on = false;
                }
                // Starting shows where the run is; stopping draws the page at that moment.
                run_progress.set(engine.progress());
                if !on {
                    frame.set(Some(engine.frame()));
                }
            }
            state.dispatch(Action::RunToEnd(on));
        })
    };
    // Time travel: the page shows the run as it was at the scrubbed minute (a replay from the
    // seed, kept in `past`); the charts keep the whole run and draw a cursor there.
    let past = use_mut_ref(|| None::<((u64, usize), Engine)>);
    let past_frame = use_state_eq(|| None::<Frame>);
    let travel = {
        let started = Rc::clone(&started);
        let past_frame = past_frame.clone();
        move |i: Option<usize>| {
            let frame = i.and_then(|i| {
                let started = started.borrow();
                started.engine.as_ref()?.travel(&mut past.borrow_mut(), i)
            });
            past_frame.set(frame);
        }
    };
    let on_scrub = {
        let state = state.clone();
        let travel = travel.clone();
        Callback::from(move |i: Option<usize>| {
            travel(i);
            state.dispatch(Action::Scrub(i));
        })
    };
    // A marker: go to its minute and pick its activity (or the one it led to, within a minute).
    let on_pick = {
        let state = state.clone();
        let frame = frame.clone();
        Callback::from(move |k: usize| {
            let Some(f) = frame.as_ref() else { return };
            let Some(m) = f.moments.0.get(k) else { return };
            let seq = m.seq.or_else(|| {
                f.moments
                    .0
                    .iter()
                    .find(|a| a.seq.is_some() && a.t_ms >= m.t_ms && a.t_ms <= m.t_ms + 60_000)
                    .and_then(|a| a.seq)
            });
            let minutes = m.t_ms as f64 / 60_000.0;
            let points = f.series.points.borrow();
            let i = points
                .iter()
                .position(|p| p.minutes >= minutes)
                .unwrap_or(points.len().saturating_sub(1));
            drop(points);
            travel(Some(i));
            state.dispatch(Action::Pick(Some(i), seq));
        })
    };

    let (problems, fell_back, load_max_rps, busy_ms) = {
        let s = started.borrow();
        (
            s.problems.clone(),
            s.engine.is_some(),
            s.engine.as_ref().map_or(0.0, Engine::load_max_rps),
            s.engine.as_ref().map_or(0.0, Engine::busy_ms),
        )
    };
    let banner = (!problems.is_empty()).then(|| {
        html! { <ErrorBanner problems={problems} {fell_back} on_reset={on_reset.clone()} /> }
    });

    let card_props = CardProps {
        scenario: Rc::clone(&state.draft),
        problems: Rc::clone(&state.problems),
        bad_inputs: Rc::clone(&state.bad_inputs),
        on_edit,
    };
    let n_problems = state.problems.len() + state.bad_inputs.len();

    // Share and files come after the fleet and the charts (on a phone too): the run first.
    let share_bar = (!io.view.embed).then(|| {
        html! {
            <section class="share-bar" aria-label={t(lang, "share_link")}>
                <ShareDialog {lang} base={io.base.to_string()} payload={io.payload.to_string()}
                    name={state.draft.name.clone()} now_s={io.now_s.clone()} />
                { save_notice(lang, io.save_notice) }
                <FileMenu {lang} on_download_json={io.on_download_json.clone()}
                    on_upload_json={io.on_upload_json.clone()}
                    on_export_csv={io.on_export_csv.clone()}
                    on_export_png={io.on_export_png.clone()}
                    problems={state.file_problems.clone()}
                    on_dismiss={on_dismiss_file_problems}
                    on_import={io.on_import.clone()}
                    on_export={io.on_export.clone()} eks={state.draft.kubernetes.is_some()} />
                { compare_panel(lang, false, &io.compare, &io.on_compare) }
            </section>
        }
    });

    let body = match &*frame {
        None => html! {},
        Some(live) => {
            // Scrubbed: everything but the charts shows the past moment.
            let shown = match (state.scrub, &*past_frame) {
                (Some(_), Some(past)) => past,
                _ => live,
            };
            let Frame {
                snapshot,
                activities,
                deployments,
                hpa_log,
                ..
            } = shown;
            let (series, progress) = (&live.series, &live.progress);
            let x_max = crate::components::chart::x_end(&series.points.borrow());
            let samples = series.points.borrow().len();
            let until = state.scrub;
            let details = state.selected.as_ref().map(|id| {
                let tile = snapshot.tiles.iter().find(|t| &t.id == id);
                tile_details(lang, id, tile, &on_close)
            });
            // The memory and disk charts only when an alarm watches their metric.
            let watched = |k: ChartKind| series.meta.alarm_lines.iter().any(|a| k.shows(a));
            let kinds = [
                ChartKind::LoadCapacity,
                ChartKind::Latency,
                ChartKind::Cpu,
                ChartKind::Memory,
                ChartKind::Disk,
                ChartKind::Counts,
                ChartKind::Pods,
                ChartKind::Tasks,
                ChartKind::Revisions,
            ];
            // The EC2 bundle compiles the ECS and EKS views out (`PLATFORMS`).
            let kube = snapshot
                .kube
                .as_ref()
                .filter(|_| crate::PLATFORMS)
                .map(|k| &*k.0);
            let service = snapshot.ecs.as_deref().filter(|_| crate::PLATFORMS);
            let charts = kinds
                .into_iter()
                .filter(|k| !matches!(k, ChartKind::Memory | ChartKind::Disk) || watched(*k))
                .filter(|k| kube.is_some() || *k != ChartKind::Pods)
                .filter(|k| service.is_some() || *k != ChartKind::Tasks)
                .map(|kind| {
                    // The markers' lane rides on the load chart.
                    let lane = (kind == ChartKind::LoadCapacity).then(|| {
                        html! { <Markers moments={live.moments.clone()} {x_max} on_pick={on_pick.clone()} /> }
                    });
                    html! {
                        <Chart {kind} series={series.clone()} {until} hold={state.running_to_end}
                            annotations={annotations.clone()}>{ lane.unwrap_or_default() }</Chart>
                    }
                });
            html! {
                <>
                    <section class="controls" aria-label={t(lang, "controls")}>
                        <Transport
                            playing={state.playing}
                            speed={state.speed}
                            clock={snapshot.clock.clone()}
                            {on_toggle}
                            {on_step}
                            {on_speed}
                        />
                        <LoadSlider
                            value_rps={snapshot.load_override_rps.unwrap_or(snapshot.load_rps)}
                            max_rps={load_max_rps}
                            overridden={snapshot.load_override_rps.is_some()}
                            on_change={on_load}
                        />
                        { timeline(lang, &TimelineProps {
                            running: state.running_to_end,
                            progress: if state.running_to_end { *run_progress } else { *progress },
                            busy_ms,
                            samples,
                            scrub: state.scrub,
                            on_run,
                            on_scrub,
                        }) }
                    </section>
                    { why_strip(lang, &shown.moments.0) }
                    <div class="figures">
                        { stats(lang, snapshot) }
                        { summary(lang, &shown.summary) }
                    </div>
                    <div class="panels">
                        <section class="panel fleet" aria-labelledby="fleet-h">
                            if let Some(v) = service {
                                // ECS: the tasks inside their container instances, or on Fargate.
                                <h2 id="fleet-h">{ t(lang, "ecs_tasks") }</h2>
                                { ecs::task_grid(lang, v, &ecs::revision_names(&state.draft, snapshot.now_ms)) }
                            } else if let Some(k) = kube {
                                // EKS: the nodes are the group's instances, with their pods.
                                <h2 id="fleet-h">{ t(lang, "eks_pods") }</h2>
                                { eks::pod_grid(lang, k, &pod_revisions(k)) }
                            } else {
                                <h2 id="fleet-h">{ t(lang, "instances") }</h2>
                                <InstanceGrid tiles={snapshot.tiles.clone()}
                                    revision_labels={series.meta.revision_labels.clone()}
                                    selected={state.selected.clone()} {on_select} />
                                { details.unwrap_or_default() }
                            }
                        </section>
                        <section class="panel charts" aria-label={t(lang, "charts")}>
                            { for charts }
                            // The preset's notes on the charts, for screen readers (the canvas is an image).
                            <ul class="visually-hidden" data-testid="chart-notes">
                                { for annotations.iter().map(|(m, label)| html! {
                                    <li data-minute={m.to_string()}>{ format!("{}: {label}", count(lang, m, "min_short")) }</li>
                                }) }
                            </ul>
                        </section>
                    </div>
                    <section class="deploy-bar" aria-label={t(lang, "deploy")}>
                        <DeployPanel revisions={state.draft.delivery.revisions.clone()}
                            method={state.draft.delivery.method}
                            last_successful={snapshot.last_successful_revision.clone()}
                            {on_deploy} />
                    </section>
                    { share_bar.unwrap_or_default() }
                    if let Some(k) = kube {
                        <section class="eks" aria-labelledby="eks-h">
                            <h2 id="eks-h">{ t(lang, "eks_cluster") }</h2>
                            { eks::cluster_cards(lang, k, &state.draft, snapshot) }
                        </section>
                    }
                    if let Some(v) = service {
                        <section class="eks ecs" aria-labelledby="ecs-h">
                            <h2 id="ecs-h">{ t(lang, "ecs_title") }</h2>
                            { ecs::service_cards(lang, v, &state.draft, snapshot.now_ms) }
                        </section>
                    }
                    <div class="panels">
                        if kube.is_some() {
                            { eks::hpa_log(lang, &hpa_log.0) }
                        }
                        <ActivityLog rows={activities.0.clone()} picked={state.picked} />
                        <Deployments rows={deployments.clone()} />
                    </div>
                    <section class="story" aria-labelledby="story-h">
                        <h2 id="story-h">{ t(lang, "scenario") }</h2>
                        // The post's path, left to right: each step links to its card.
                        <nav class="story-steps" aria-label={t(lang, "scenario")}>
                            <ol>
                                { for [("card-ami", "card_ami"), ("card-launch", "card_launch"),
                                    ("card-group", "card_group"), ("card-policies", "card_policies"),
                                    ("card-delivery", "card_delivery")].into_iter().map(|(id, key)| html! {
                                    <li><button type="button" class="link" onclick={scroll_to(id)}>{ t(lang, key) }</button></li>
                                }) }
                            </ol>
                        </nav>
                        <p class={classes!("edit-status", (n_problems > 0).then_some("invalid"))}
                            data-testid="edit-status" role="status">
                            { if n_problems > 0 {
                                count(lang, n_problems, "problems_keep_running")
                            } else {
                                t(lang, "edits_restart").to_string()
                            } }
                        </p>
                        <Cards card={card_props} live={snapshot.template.clone()}
                            alarm_states={snapshot.alarms.clone()} {on_new_version} />
                    </section>
                </>
            }
        }
    };

    html! {
        <ContextProvider<Lang> context={lang}>
            <main class="app">
                <header>
                    <div class="title">
                        <h1>{ t(lang, "app_title") }</h1>
                        <p class="tagline">{ t(lang, "tagline") }</p>
                    </div>
                    // The header's tools: presets, reset and the language.
                    <div class="header-tools">
                        <PresetSelect {lang} active={active_preset} on_select={on_preset}
                            {eks} {ecs} {on_platform} />
                        <button type="button" data-testid="reset" title={t(lang, "reset_title")}
                            onclick={on_reset.reform(|_: MouseEvent| ())}>
                            { t(lang, "reset") }
                        </button>
                        { lang_select(lang, &on_lang) }
                    </div>
                </header>
                if io.view.embed {
                    <nav class="embed-bar">
                        <OpenInFull {lang} base={io.base.to_string()} payload={io.payload.to_string()}
                            now_s={io.now_s.clone()} />
                    </nav>
                }
                { banner.unwrap_or_default() }
                // An embed shows a comparison its link holds first; the page has it with the files.
                if io.view.embed {
                    { compare_panel(lang, true, &io.compare, &io.on_compare) }
                }
                { body }
            </main>
        </ContextProvider<Lang>>
    }
}
