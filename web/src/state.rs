//! UI state that Yew owns: play/pause, speed, the language, the draft
//! scenario the cards edit (with its problems), the selected tile and the timeline position, plus
//! the snapshot types that views receive. The simulator itself lives in [`crate::engine`],
//! outside Yew state.

use std::cell::RefCell;
use std::rc::Rc;

use scaleout_core::alarm::AlarmState;
use scaleout_core::validate::Problem;
use scaleout_core::Scenario;
use yew::prelude::*;

use crate::i18n::Lang;

/// Simulated seconds per real second that the speed select offers.
pub const SPEEDS: [u32; 6] = [1, 10, 60, 300, 600, 3600];

/// What one press of `step` advances: one metric period, so a test can reach an exact minute.
pub const STEP_MS: u64 = 60_000;

/// A frame longer than this (a background tab, a debugger pause) counts as this long, so the
/// simulation never jumps hours ahead when the page comes back.
pub const MAX_FRAME_MS: f64 = 250.0;

#[derive(Clone, Debug)]
pub struct State {
    pub playing: bool,
    /// Simulated ms per real ms.
    pub speed: u32,
    pub lang: Lang,
    /// What the cards show and edit. The simulation runs the last *valid* draft.
    pub draft: Rc<Scenario>,
    /// The core's problems with the draft (empty = it runs).
    pub problems: Rc<Vec<Problem>>,
    /// Paths of fields whose text does not parse (a number field holding "abc").
    pub bad_inputs: Rc<Vec<String>>,
    /// The instance whose details are open.
    pub selected: Option<String>,
    /// The timeline position (sample index) the page shows; `None` = the latest.
    pub scrub: Option<usize>,
    /// The activity a chart marker picked (its `seq`), highlighted in the activity history.
    pub picked: Option<u64>,
    /// "Run to the end" is computing the horizon in chunks between frames.
    pub running_to_end: bool,
    /// Why the last opened file was refused (the run was kept), or what the last import or
    /// export left out; cleared by a restart.
    pub file_problems: Rc<crate::share::tools::Notes>,
}

/// By identity for the shared parts (a new draft is a new `Rc`): no deep scenario comparison.
impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        self.playing == other.playing
            && self.speed == other.speed
            && self.lang == other.lang
            && Rc::ptr_eq(&self.draft, &other.draft)
            && Rc::ptr_eq(&self.problems, &other.problems)
            && Rc::ptr_eq(&self.bad_inputs, &other.bad_inputs)
            && self.selected == other.selected
            && self.scrub == other.scrub
            && self.picked == other.picked
            && self.running_to_end == other.running_to_end
            && Rc::ptr_eq(&self.file_problems, &other.file_problems)
    }
}

impl Default for State {
    fn default() -> Self {
        State::new(Scenario::demo(), Lang::En)
    }
}

impl State {
    pub fn new(draft: Scenario, lang: Lang) -> Self {
        Self {
            playing: false,
            speed: 60,
            lang,
            draft: Rc::new(draft),
            problems: Rc::new(Vec::new()),
            bad_inputs: Rc::new(Vec::new()),
            selected: None,
            scrub: None,
            picked: None,
            running_to_end: false,
            file_problems: Rc::default(),
        }
    }
}

pub enum Action {
    TogglePlay,
    SetPlaying(bool),
    SetSpeed(u32),
    SetLang(Lang),
    /// A card edited the draft: the new draft, its problems and the unparsable fields.
    SetDraft {
        draft: Rc<Scenario>,
        problems: Rc<Vec<Problem>>,
        bad_inputs: Rc<Vec<String>>,
    },
    /// The simulation restarted from t = 0 (`Controls::restart`: a valid edit, a preset, a
    /// link, a file, reset).
    Restarted,
    /// An opened file was refused (why), or an import or export left fields out (which);
    /// empty: dismissed.
    FileProblems(Rc<crate::share::tools::Notes>),
    Select(Option<String>),
    Scrub(Option<usize>),
    /// A chart marker was clicked: show that sample and pick that activity.
    Pick(Option<usize>, Option<u64>),
    RunToEnd(bool),
    /// A seek is on its way (the run goes there a slice per frame); play goes on after it.
    Seeking,
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::TogglePlay => {
                next.playing = !next.playing;
                next.running_to_end = false;
                // Playing follows the newest minute again.
                if next.playing {
                    next.scrub = None;
                    next.picked = None;
                }
            }
            Action::SetPlaying(p) => next.playing = p,
            Action::SetSpeed(speed) => next.speed = speed,
            Action::SetLang(lang) => next.lang = lang,
            Action::SetDraft {
                draft,
                problems,
                bad_inputs,
            } => {
                next.draft = draft;
                next.problems = problems;
                next.bad_inputs = bad_inputs;
            }
            Action::Restarted => {
                next.scrub = None;
                next.picked = None;
                next.selected = None;
                next.running_to_end = false;
                next.file_problems = Rc::default();
            }
            Action::FileProblems(lines) => next.file_problems = lines,
            Action::Select(id) => next.selected = id,
            Action::Scrub(i) => {
                next.scrub = i;
                next.picked = None;
            }
            Action::Pick(i, seq) => {
                next.scrub = i;
                next.picked = seq;
            }
            Action::Seeking => {
                next.running_to_end = true;
                next.scrub = None;
            }
            Action::RunToEnd(on) => {
                next.running_to_end = on;
                if on {
                    next.playing = false;
                    next.scrub = None;
                }
            }
        }
        Rc::new(next)
    }
}

/// One instance tile.
#[derive(Clone, Debug, PartialEq)]
pub struct Tile {
    pub id: String,
    pub az: String,
    /// The AWS lifecycle state string ("Pending", "InService", ...).
    pub state: &'static str,
    /// Revision label, empty when the instance runs no tracked revision.
    pub revision: String,
    pub healthy: bool,
    /// Its application answers with errors (a broken revision).
    pub broken: bool,
    pub cpu: f64,
    pub image_id: String,
    /// "web-lt:3" or "web-lc-1": what it was launched from.
    pub launch_label: String,
    pub instance_type: String,
    pub uptime_s: u64,
}

/// What the views show of the simulator at one moment: cheap to build and to compare.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    pub now_ms: u64,
    pub clock: String,
    pub desired: u32,
    pub min_size: u32,
    pub max_size: u32,
    pub in_service: u32,
    pub load_rps: f64,
    /// The simulator's load override, the one place the load lives: the slider's value once
    /// the user, the host page or a replayed action set it; `None` follows the load pattern.
    pub load_override_rps: Option<f64>,
    pub capacity_rps: f64,
    pub avg_cpu: f64,
    pub tiles: Vec<Tile>,
    /// Each alarm's name and state ("OK", "ALARM", "INSUFFICIENT_DATA").
    pub alarms: Vec<(String, &'static str)>,
    pub last_successful_revision: String,
    /// The live launch template (it gains versions while the simulation runs).
    pub template: Option<TemplateView>,
    /// EKS: the cluster (pods, nodes, the Deployment, the HPA, Argo CD); `None` on EC2.
    pub kube: Option<KubeFrame>,
    /// ECS: the service (its tasks, with the ones that stopped in the last minute, and its
    /// deployments); `None` without an `ecs` section.
    pub ecs: Option<Rc<scaleout_core::ecs::output::EcsView>>,
}

/// The cluster of one frame, compared by identity: each frame has a new one (a deep comparison
/// would cost page size and time for nothing, the clock changes every frame anyway).
#[derive(Clone, Debug)]
pub struct KubeFrame(pub Rc<scaleout_core::kubernetes::KubeView>);

impl PartialEq for KubeFrame {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// One line of the HPA's decision log: the core's typed `HpaDecision` output.
#[derive(Clone, Debug, PartialEq)]
pub struct HpaRow {
    pub t_ms: u64,
    pub current: i32,
    pub desired: i32,
    pub rescale: bool,
    /// In Kubernetes' words, as the core writes them ("New size: 5; reason: ...").
    pub decision: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct TemplateView {
    pub name: String,
    pub default_version: u32,
    /// (version number, image id, instance type), oldest first.
    pub versions: Vec<(u32, String, String)>,
}

/// One per-minute point for the charts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChartPoint {
    pub minutes: f64,
    pub load_rps: f64,
    pub capacity_rps: f64,
    pub served_rps: f64,
    pub errors_rps: f64,
    pub dropped_rps: f64,
    /// The minute's p95 latency of served requests, in ms (the core's latency model).
    pub p95_ms: f64,
    pub desired: u32,
    pub in_service: u32,
    /// Pending, Pending:Wait and Pending:Proceed.
    pub pending: u32,
    pub min_size: u32,
    pub max_size: u32,
    pub avg_cpu: Option<f64>,
    pub avg_mem: Option<f64>,
    pub avg_disk: Option<f64>,
    /// In the order of [`ChartMeta::alarm_names`].
    pub alarms: Vec<AlarmState>,
    /// Serving instances per revision label.
    pub revisions: Vec<(String, u32)>,
    /// EKS: the HPA's desired replicas, Ready pods and Pending pods (zeros on EC2).
    pub hpa_desired: u32,
    pub pods_ready: u32,
    pub pods_pending: u32,
    /// ECS: the service's desired count, RUNNING tasks, and tasks on their way (PROVISIONING
    /// and PENDING) (zeros without a service).
    pub ecs_desired: u32,
    pub tasks_running: u32,
    pub tasks_waiting: u32,
}

/// What the charts need besides the points: fixed for one run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChartMeta {
    pub alarm_names: Vec<String>,
    /// Every alarm on CPU, memory or disk, in the order of `alarm_names`, for the threshold lines,
    /// the state strips and the legend.
    pub alarm_lines: Vec<AlarmLine>,
    /// Revision labels in the scenario's order (for stable colours).
    pub revision_labels: Vec<String>,
}

/// One alarm the charts draw: its threshold line and its state strip.
#[derive(Clone, Debug, PartialEq)]
pub struct AlarmLine {
    /// Index into [`ChartMeta::alarm_names`] (and each point's `alarms`).
    pub index: usize,
    /// The alarm's name, or "<policy> AlarmHigh" for a target-tracking pair.
    pub label: String,
    /// The metric it watches: CPU, memory or disk (the chart it is drawn on).
    pub metric: scaleout_core::scenario::MetricName,
    pub threshold: f64,
    /// Fires above its threshold (red, adds capacity) rather than below it (blue).
    pub high: bool,
}

/// The charts' data, appended to in place; `version` changes whenever the points do, so the
/// charts redraw only then.
#[derive(Clone, Debug, Default)]
pub struct Series {
    pub version: u64,
    pub points: Rc<RefCell<Vec<ChartPoint>>>,
    pub meta: Rc<ChartMeta>,
}

impl PartialEq for Series {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
            && Rc::ptr_eq(&self.points, &other.points)
            && Rc::ptr_eq(&self.meta, &other.meta)
    }
}

/// One line of the activity history.
#[derive(Clone, Debug, PartialEq)]
pub struct ActivityRow {
    /// The core's sequence number (the page's key).
    pub seq: u64,
    pub start_ms: u64,
    pub description: String,
    pub cause: String,
}

/// What a moment is: the three links of the why strip.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MomentKind {
    Alarm,
    Policy,
    Activity,
}

/// An alarm state change, a policy decision or a scaling activity, from the core's outputs: a
/// marker on the charts and a link of the why strip.
#[derive(Clone, Debug, PartialEq)]
pub struct Moment {
    pub t_ms: u64,
    pub kind: MomentKind,
    /// AWS's words: "web-high: OK -> ALARM", the policy's decision, the activity's description.
    pub text: String,
    /// The activity's `seq` (activities only).
    pub seq: Option<u64>,
}

/// One CodeDeploy deployment (or a by-hand / user-data / bake release) for the deployments panel.
#[derive(Clone, Debug, PartialEq)]
pub struct DeploymentRow {
    pub id: String,
    pub creator: &'static str,
    pub revision: String,
    pub status: &'static str,
    pub start: String,
    pub end: String,
    pub message: String,
    pub targets: Vec<TargetRow>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TargetRow {
    pub instance_id: String,
    pub status: String,
    /// (event name, status) in lifecycle order.
    pub events: Vec<(&'static str, &'static str)>,
}
