//! Helpers shared by the integration tests: the example scenarios, draining outputs, and the
//! compact text trace the golden tests snapshot.
//!
//! Each test binary uses a different subset, hence the `dead_code` allowance.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use scaleout_core::activity::{Activity, ActivityStatus};
use scaleout_core::instance::LifecycleState;
use scaleout_core::policy::{ScalingDecision, Unchanged};
use scaleout_core::time::MS_PER_MIN;
use scaleout_core::{Output, Scenario, Sim, SimTime};

/// `examples/` at the workspace root.
pub fn examples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

/// Every `examples/*.json`, sorted by file name, as (file name, scenario).
pub fn all_examples() -> Vec<(String, Scenario)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(examples_dir())
        .expect("examples/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = std::fs::read_to_string(&p).expect("readable example");
            let scenario = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, scenario)
        })
        .collect()
}

/// One example by file name (`"step-scaling.json"`).
pub fn example(file: &str) -> Scenario {
    let text = std::fs::read_to_string(examples_dir().join(file)).expect("example exists");
    Scenario::from_json(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

pub fn sim(s: Scenario) -> Sim {
    match Sim::new(s) {
        Ok(sim) => sim,
        Err(problems) => panic!("scenario should be valid: {problems:?}"),
    }
}

pub fn drain(sim: &mut Sim) -> Vec<Output> {
    std::iter::from_fn(|| sim.poll_output()).collect()
}

/// Advances to `until` one minute at a time and returns every output, in order.
pub fn run_minutes(sim: &mut Sim, until: SimTime) -> Vec<Output> {
    let mut out = drain(sim);
    let mut t = sim.now();
    while t < until {
        t = SimTime(((t.ms() / MS_PER_MIN) + 1) * MS_PER_MIN).min(until);
        sim.advance_to(t);
        out.extend(drain(sim));
    }
    out
}

/// `At 2026-01-05T00:00:00Z a monitor alarm X ... from 2 to 3.` -> the part after the timestamp
/// of the first sentence (the trigger), without the instance-level sentences that follow.
pub fn trigger_of(cause: &str) -> &str {
    let first = cause.split("  ").next().unwrap_or(cause);
    match first.strip_prefix("At ") {
        Some(rest) => rest.split_once(' ').map_or(rest, |(_, r)| r),
        None => first,
    }
}

/// The policy an alarm invoked to change the desired capacity behind this activity.
pub fn policy_of(a: &Activity) -> Option<&str> {
    a.change.as_ref()?.policy()
}

/// `(from, to)` of the desired-capacity change behind this activity.
pub fn desired_change_of(a: &Activity) -> Option<(u32, u32)> {
    a.change.as_ref().map(|c| (c.from, c.to))
}

/// Options for [`compact_trace`].
pub struct TraceOptions {
    /// Print a sample line every this many minutes.
    pub every_min: u64,
    /// No sample lines before this time (events are always printed).
    pub samples_from: SimTime,
    /// Also print lifecycle state changes (useful with lifecycle hooks).
    pub states: bool,
}

impl Default for TraceOptions {
    fn default() -> Self {
        TraceOptions {
            every_min: 5,
            samples_from: SimTime::ZERO,
            states: false,
        }
    }
}

/// A compact, reviewable text trace of a run to `until`: a header naming the alarms, then in
/// time order the events (activities with their AZ and trigger, unsuccessful activity ends,
/// alarm transitions, policy decisions, rejected actions) and one sample line every
/// `every_min` minutes (`desired [min,max]`, pending / Pending:Wait / InService / terminating,
/// live instances per AZ, load, average CPU and memory, alarm states).
pub fn compact_trace(scenario: Scenario, until: SimTime, opts: &TraceOptions) -> String {
    let azs = scenario.group.availability_zones.clone();
    let mut sim = sim(scenario);
    let names = sim.alarm_names();
    let mut out = String::new();
    out.push_str(&format!("scenario: {}\n", sim.scenario().name));
    for (i, n) in names.iter().enumerate() {
        out.push_str(&format!("alarm A{i}: {n}\n"));
    }
    out.push_str(
        "samples: time desired [min,max] pend/wait/insvc/term az=live per AZ load cpu mem alarms\n",
    );

    // Instance id -> AZ, learnt from the instance list after every step (instances stay listed
    // at least until they finish terminating).
    let mut az_of: BTreeMap<String, String> = BTreeMap::new();
    let mut last_decision: BTreeMap<String, String> = BTreeMap::new();
    let mut printed = 0usize;
    let mut t = SimTime::ZERO;
    let mut first = true;
    while t < until {
        if !first {
            t = t.plus_ms(MS_PER_MIN).min(until);
            sim.advance_to(t);
        }
        first = false;
        for i in sim.instances() {
            az_of
                .entry(i.id.to_string())
                .or_insert_with(|| i.az.to_string());
        }
        let outputs = drain(&mut sim);
        for o in outputs {
            match o {
                Output::Activity(a) => {
                    let az = az_of
                        .get(a.instance_id.as_str())
                        .map_or("?", String::as_str);
                    out.push_str(&format!(
                        "{} ACT {} [{az}] <- {}\n",
                        a.start.clock(),
                        a.description,
                        trigger_of(&a.cause)
                    ));
                }
                Output::ActivityUpdated {
                    seq, status, end, ..
                } => {
                    // Only unsuccessful ends (Failed, Cancelled); intermediate statuses carry no
                    // time of their own and lifecycle states show them anyway.
                    if !status.is_done() || status == ActivityStatus::Successful {
                        continue;
                    }
                    let (desc, msg) = sim
                        .activities()
                        .iter()
                        .find(|a| a.seq == seq)
                        .map(|a| (a.description.clone(), a.status_message.clone()))
                        .unwrap_or_default();
                    let at = end.unwrap_or(sim.now());
                    out.push_str(&format!(
                        "{} END {desc}: {} {msg}\n",
                        at.clock(),
                        status.as_str()
                    ));
                }
                Output::AlarmStateChanged {
                    t, alarm, from, to, ..
                } => {
                    let idx = names.iter().position(|n| *n == alarm).unwrap_or(usize::MAX);
                    out.push_str(&format!(
                        "{} ALARM A{idx} {} -> {}\n",
                        t.clock(),
                        from.as_str(),
                        to.as_str()
                    ));
                }
                Output::PolicyDecision { t, decision } => {
                    // A cooldown countdown is printed once per run (see normalise_decision).
                    let key = normalise_decision(&decision);
                    let policy = decision.policy.clone();
                    if last_decision.get(&policy) == Some(&key) {
                        continue;
                    }
                    last_decision.insert(policy.clone(), key);
                    let text = decision.text();
                    out.push_str(&format!("{} POLICY {policy}: {text}\n", t.clock()));
                }
                Output::InstanceStateChanged {
                    t,
                    instance_id,
                    from,
                    to,
                    ..
                } if opts.states => {
                    out.push_str(&format!(
                        "{} STATE {instance_id} {} -> {}\n",
                        t.clock(),
                        from.as_str(),
                        to.as_str()
                    ));
                }
                Output::ActionRejected { t, message } => {
                    out.push_str(&format!("{} REJECTED {message}\n", t.clock()));
                }
                // Deployments (the scaling examples deliver code without CodeDeploy), and state
                // changes when not asked for.
                _ => {}
            }
        }
        let samples = sim.samples();
        for s in &samples[printed..] {
            let minute = s.t.ms() / MS_PER_MIN;
            // `checked_rem` rather than `%` (MSRV 1.85 has no `is_multiple_of`).
            if s.t < opts.samples_from || minute.checked_rem(opts.every_min) != Some(0) {
                continue;
            }
            let per_az: Vec<String> = azs
                .iter()
                .map(|az| {
                    sim.instances()
                        .iter()
                        .filter(|i| &i.az == az && !i.state.is_terminating())
                        .count()
                        .to_string()
                })
                .collect();
            let alarms: Vec<&str> = s.alarms.iter().map(|a| short_state(a.as_str())).collect();
            out.push_str(&format!(
                "{} S d={} [{},{}] {}/{}/{}/{} az={} load={:.0} cpu={} mem={} {}\n",
                s.t.clock(),
                s.desired,
                s.min_size,
                s.max_size,
                s.pending,
                s.pending_wait,
                s.in_service,
                s.terminating,
                per_az.join("/"),
                s.load_rps,
                s.avg_cpu.map_or("-".into(), |c| format!("{c:.1}")),
                s.avg_mem.map_or("-".into(), |c| format!("{c:.1}")),
                alarms.join(",")
            ));
        }
        printed = samples.len();
    }
    out
}

fn short_state(s: &str) -> &str {
    match s {
        "INSUFFICIENT_DATA" => "INS",
        other => other,
    }
}

/// Only the cooldown countdown ("in cooldown for another 263 s") changes every minute without
/// news; every other decision is printed whenever its text changes.
fn normalise_decision(d: &ScalingDecision) -> String {
    match d.unchanged {
        Some(Unchanged::Cooldown { .. }) => "cooldown".into(),
        _ => d.text(),
    }
}

/// Lifecycle state tracking rebuilt from the output stream (the simulator's own view is not
/// consulted, so invariants are checked from outside).
#[derive(Default)]
pub struct Tracker {
    pub state: BTreeMap<String, LifecycleState>,
    pub launched_at: BTreeMap<String, SimTime>,
    pub pending_wait_at: BTreeMap<String, SimTime>,
    pub in_service_at: BTreeMap<String, SimTime>,
    /// Instances launched by a policy's scale-out (an alarm changed the desired capacity).
    pub scale_out: BTreeMap<String, ()>,
}

impl Tracker {
    /// Feeds one output. Returns nothing; query the maps afterwards.
    pub fn feed(&mut self, o: &Output) {
        match o {
            Output::Activity(a) if a.description.starts_with("Launching a new EC2 instance") => {
                self.state
                    .insert(a.instance_id.to_string(), LifecycleState::Pending);
                self.launched_at.insert(a.instance_id.to_string(), a.start);
                if a.change.as_ref().is_some_and(|c| c.alarm().is_some()) {
                    self.scale_out.insert(a.instance_id.to_string(), ());
                }
            }
            Output::InstanceStateChanged {
                t, instance_id, to, ..
            } => {
                match to {
                    LifecycleState::PendingWait => {
                        self.pending_wait_at.insert(instance_id.to_string(), *t);
                    }
                    LifecycleState::InService => {
                        self.in_service_at.insert(instance_id.to_string(), *t);
                    }
                    _ => {}
                }
                if *to == LifecycleState::Terminated {
                    self.state.remove(instance_id.as_str());
                } else {
                    self.state.insert(instance_id.to_string(), *to);
                }
            }
            _ => {}
        }
    }

    /// A3.3.6: a scale-out is in progress while an instance it launched is still pending.
    pub fn any_pending(&self) -> bool {
        self.state
            .iter()
            .any(|(id, s)| s.is_pending() && self.scale_out.contains_key(id))
    }

    /// Scale-out instances that entered service less than `warmup_ms` before `now`.
    pub fn warming(&self, now: SimTime, warmup_ms: u64) -> Vec<String> {
        self.state
            .iter()
            .filter(|(id, _)| self.scale_out.contains_key(*id))
            .filter(|(_, s)| **s == LifecycleState::InService)
            .filter(|(id, _)| {
                self.in_service_at
                    .get(*id)
                    .is_some_and(|t| now.since(*t) < warmup_ms)
            })
            .map(|(id, _)| id.clone())
            .collect()
    }
}

/// A reviewed fingerprint of a scenario's run (its first two hours): the number of outputs and
/// samples, the final sizes, the number of activities, the run summary, and a hash (FNV-1a) of
/// every per-minute sample as the runner's CSV prints it. Two scenarios with the same fingerprint
/// ran the same way, minute by minute.
pub fn run_fingerprint(scenario: Scenario) -> String {
    use std::fmt::Write as _;
    let horizon = SimTime::from_secs(scenario.horizon_s.min(2 * 3600));
    let mut sim = sim(scenario);
    let mut outputs = 0usize;
    let mut t = SimTime::ZERO;
    while t < horizon {
        t = t.plus_ms(600_000).min(horizon);
        sim.advance_to(t);
        while sim.poll_output().is_some() {
            outputs += 1;
        }
    }
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for s in sim.samples() {
        for b in s.csv_row().bytes().chain([b'\n']) {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    let sizes = sim.sizes();
    let mut out = String::new();
    let _ = writeln!(out, "outputs: {outputs}");
    let _ = writeln!(out, "samples: {}", sim.samples().len());
    let _ = writeln!(out, "samples csv fnv-1a: {hash:016x}");
    let _ = writeln!(
        out,
        "sizes: min {} max {} desired {}",
        sizes.min, sizes.max, sizes.desired
    );
    let _ = writeln!(out, "activities: {}", sim.activities().len());
    let _ = writeln!(out, "summary: {:?}", sim.summary());
    out
}
