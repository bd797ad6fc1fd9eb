//! CodeDeploy and the other delivery methods, end to end through the event loop
//! (B1.3, B2.3, B4.4, B5.1-B5.9, G6).
//!
//! Each story is a golden trace (insta) of a compact text: the deployments with their targets,
//! the activity history, every instance's path to InService, and one sample every 5 minutes.
//! The snapshots were generated with `INSTA_UPDATE=always` and then read against the spec; the
//! assertions next to them pin the rule each story is about, so a reviewer does not have to
//! rediscover it in the text.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use scaleout_core::activity::ActivityStatus;
use scaleout_core::codedeploy::config::{
    DeploymentConfig, MinimumHealthyHosts, MinimumHealthyHostsType,
};
use scaleout_core::codedeploy::fleet::NO_INSTANCES_MESSAGE;
use scaleout_core::codedeploy::lifecycle_events::{EventStatus, LifecycleEvent};
use scaleout_core::instance::LifecycleState;
use scaleout_core::scenario::{
    Action, Ami, DeliveryMethod, HealthCheckType, LifecycleActionResult, LoadPattern,
    OutdatedInstancesStrategy, RevisionFailure, RevisionSpec, TerminationPolicy,
};
use scaleout_core::sim::{Creator, Deployment, DeploymentStatus};
use scaleout_core::time::{MS_PER_MIN, MS_PER_S};
use scaleout_core::{Output, Scenario, Sim, SimTime};

// ----- harness ---------------------------------------------------------------------------------

/// The demo scenario without scaling policies (sizes move only when a story says so), steady
/// load, CodeDeploy delivery with the default revisions v1, v2 (installs JDK 11), v3-jdk11
/// (requires JDK 11) and v4-broken (fails at ApplicationStart).
fn base() -> Scenario {
    let mut s = Scenario::demo();
    s.policies.clear();
    s.load.pattern = LoadPattern::Steady { rps: 80.0 };
    s
}

fn mins(m: u64) -> SimTime {
    SimTime::from_mins(m)
}

/// What the harness saw of one instance.
#[derive(Clone, Debug, Default)]
struct Seen {
    launched: SimTime,
    waited: bool,
    /// When it entered service and the revision it ran at that moment.
    in_service: Option<(SimTime, Option<String>)>,
    terminating: Option<SimTime>,
}

/// A run driven event by event, with what a reader of the trace needs recorded on the way.
struct Story {
    sim: Sim,
    outputs: Vec<(SimTime, Output)>,
    /// Instance id -> what happened to it, in launch order (ids are not ordered, so a Vec).
    instances: Vec<(String, Seen)>,
    /// Deployment id -> most targets `InProgress` at the same moment.
    max_in_progress: BTreeMap<String, usize>,
    /// Most fleet deployments (not `autoscaling`) InProgress at the same moment.
    max_active_fleet: usize,
}

impl Story {
    fn new(s: Scenario) -> Story {
        let sim = match Sim::new(s) {
            Ok(sim) => sim,
            Err(p) => panic!("scenario should be valid: {p:?}"),
        };
        let mut story = Story {
            sim,
            outputs: Vec::new(),
            instances: Vec::new(),
            max_in_progress: BTreeMap::new(),
            max_active_fleet: 0,
        };
        story.observe();
        story
    }

    /// Advances to `until`, stopping at every scheduled event so nothing between two events
    /// goes unobserved.
    fn run_to(&mut self, until: SimTime) {
        while self.sim.now() < until {
            // `advance_to` processes everything due by `next`, so the clock always moves on:
            // the minute tick keeps `poll_timeout` at most a minute ahead.
            let next = self.sim.poll_timeout().map_or(until, |t| t.min(until));
            self.sim.advance_to(next);
            self.observe();
        }
    }

    /// Runs to `at` and applies a user action there.
    fn act(&mut self, at: SimTime, action: Action) {
        self.run_to(at);
        self.sim.apply(action);
        self.observe();
    }

    fn seen_mut(&mut self, id: &str) -> &mut Seen {
        if let Some(n) = self.instances.iter().position(|(i, _)| i == id) {
            return &mut self.instances[n].1;
        }
        self.instances.push((id.to_string(), Seen::default()));
        let last = self.instances.len() - 1;
        &mut self.instances[last].1
    }

    fn observe(&mut self) {
        let now = self.sim.now();
        while let Some(o) = self.sim.poll_output() {
            if let Output::InstanceStateChanged {
                t, instance_id, to, ..
            } = &o
            {
                let revision = self
                    .sim
                    .instances()
                    .iter()
                    .find(|i| &i.id == instance_id)
                    .and_then(|i| i.revision.as_deref().map(str::to_string));
                let (t, to) = (*t, *to);
                let seen = self.seen_mut(instance_id);
                match to {
                    LifecycleState::PendingWait => seen.waited = true,
                    LifecycleState::InService => seen.in_service = Some((t, revision)),
                    LifecycleState::Terminating => seen.terminating = Some(t),
                    _ => {}
                }
            }
            if let Output::Activity(a) = &o {
                if a.description.starts_with("Launching a new EC2 instance: ") {
                    let start = a.start;
                    self.seen_mut(&a.instance_id).launched = start;
                }
            }
            self.outputs.push((now, o));
        }
        let mut active_fleet = 0;
        for d in self.sim.deployments() {
            if d.status != DeploymentStatus::InProgress {
                continue;
            }
            if d.creator != Creator::autoscaling {
                active_fleet += 1;
            }
            let running = d
                .targets
                .iter()
                .filter(|t| t.status == "InProgress")
                .count();
            let max = self.max_in_progress.entry(d.id.to_string()).or_default();
            *max = (*max).max(running);
        }
        self.max_active_fleet = self.max_active_fleet.max(active_fleet);
    }

    fn deployments(&self) -> Vec<&Deployment> {
        self.sim.deployments().iter().collect()
    }

    fn by_creator(&self, creator: Creator) -> Vec<&Deployment> {
        self.sim
            .deployments()
            .iter()
            .filter(|d| d.creator == creator)
            .collect()
    }

    fn rejections(&self) -> Vec<String> {
        self.outputs
            .iter()
            .filter_map(|(_, o)| match o {
                Output::ActionRejected { message, .. } => Some(message.clone()),
                _ => None,
            })
            .collect()
    }

    fn seen(&self, id: &str) -> &Seen {
        match self.instances.iter().find(|(i, _)| i == id) {
            Some((_, s)) => s,
            None => panic!("instance {id} was never seen"),
        }
    }

    /// Live (not terminating) instances and their revisions.
    fn live_revisions(&self) -> Vec<(String, Option<String>)> {
        self.sim
            .instances()
            .iter()
            .filter(|i| !i.state.is_terminating())
            .map(|i| (i.id.to_string(), i.revision.as_deref().map(str::to_string)))
            .collect()
    }

    /// The golden-trace text.
    fn trace(&self) -> String {
        let mut out = String::new();
        let s = self.sim.scenario();
        let _ = writeln!(
            out,
            "delivery={:?} config={} strategy={:?} auto_rollback={} initial={:?}",
            s.delivery.method,
            s.delivery.deployment_config.name(),
            s.delivery.outdated_instances_strategy,
            s.delivery.auto_rollback,
            s.delivery.initial_revision
        );
        let _ = writeln!(out, "== deployments");
        for d in self.sim.deployments() {
            let end = d.end.map(|e| e.clock()).unwrap_or_else(|| "-".into());
            let _ = writeln!(
                out,
                "{} {:?} {} {:?} {}..{} {}",
                d.id,
                d.creator,
                d.revision,
                d.status,
                d.start.clock(),
                end,
                d.message
            );
            for t in &d.targets {
                let failed = t
                    .events
                    .iter()
                    .find(|(_, st)| *st == EventStatus::Failed)
                    .map(|(e, _)| format!(" at {}", e.as_str()))
                    .unwrap_or_default();
                let _ = writeln!(out, "  {} {}{failed}", t.instance_id, t.status);
            }
        }
        let _ = writeln!(out, "== activities");
        for a in self.sim.activities() {
            let msg = if a.status_message.is_empty() {
                String::new()
            } else {
                format!(" ({})", a.status_message)
            };
            let _ = writeln!(
                out,
                "{} {} {}{msg}",
                a.start.clock(),
                a.status_code.as_str(),
                a.description
            );
        }
        let _ = writeln!(
            out,
            "== instances (launched, Pending:Wait?, InService at/on, terminating)"
        );
        for (id, seen) in &self.instances {
            let in_service = match &seen.in_service {
                Some((t, rev)) => format!(
                    "InService {} on {}",
                    t.clock(),
                    rev.as_deref().unwrap_or("-")
                ),
                None => "never InService".into(),
            };
            let term = seen
                .terminating
                .map(|t| format!(", terminating {}", t.clock()))
                .unwrap_or_default();
            let wait = if seen.waited { " wait," } else { "" };
            let _ = writeln!(
                out,
                "{id} {}{wait} {in_service}{term}",
                seen.launched.clock()
            );
        }
        let rejected = self.rejections();
        if !rejected.is_empty() {
            let _ = writeln!(out, "== rejected");
            for r in rejected {
                let _ = writeln!(out, "{r}");
            }
        }
        let _ = writeln!(out, "== samples");
        for smp in self
            .sim
            .samples()
            .iter()
            .filter(|x| x.t.ms() % (5 * MS_PER_MIN) == 0)
        {
            let _ = writeln!(out, "{} errors={:.0}", smp.text_row(&[]), smp.errors_rps);
        }
        let m = self.sim.measures();
        let _ = writeln!(out, "== measures");
        let served: Vec<String> = m
            .served_by_revision
            .iter()
            .map(|(l, n)| format!("{}={n:.0}", if l.is_empty() { "-" } else { l }))
            .collect();
        let conv: Vec<String> = m
            .convergence_s
            .iter()
            .map(|(l, s)| format!("{l}={}", s.map_or("never".into(), |s| format!("{s}s"))))
            .collect();
        let _ = writeln!(
            out,
            "served {} errors={:.0} dropped={:.0} mixed_minutes={} convergence {} last_successful={:?}",
            served.join(" "),
            m.errors_served,
            m.dropped,
            m.mixed_revision_minutes,
            conv.join(" "),
            self.sim.last_successful_revision()
        );
        out
    }
}

fn custom(kind: MinimumHealthyHostsType, value: u32) -> DeploymentConfig {
    DeploymentConfig::Custom {
        name: "Custom".into(),
        minimum_healthy_hosts: MinimumHealthyHosts { kind, value },
    }
}

fn revision_mut<'a>(s: &'a mut Scenario, label: &str) -> &'a mut RevisionSpec {
    match s.delivery.revisions.iter_mut().find(|r| r.label == label) {
        Some(r) => r,
        None => panic!("revision {label} missing"),
    }
}

// ----- B5.2 ----------------------------------------------------------------------------------

/// B5.2: a scale-out instance waits in Pending:Wait while CodeDeploy deploys the deployment
/// group's last successful revision to it (creator autoscaling), then CONTINUE -> InService.
#[test]
fn b5_2_scale_out_gets_last_successful_revision() {
    let mut st = Story::new(base());
    st.act(
        mins(5),
        Action::Deploy {
            revision: "v2".into(),
        },
    );
    st.act(mins(15), Action::SetDesiredCapacity { desired: 4 });
    st.run_to(mins(25));

    assert_eq!(st.sim.last_successful_revision(), Some("v2"));
    let user = st.by_creator(Creator::user);
    assert_eq!(user.len(), 1);
    assert_eq!(user[0].status, DeploymentStatus::Succeeded);
    let finished = user[0].end.unwrap_or(SimTime(u64::MAX));
    assert!(
        finished < mins(15),
        "the release finished before the scale-out"
    );

    // The two scale-out instances: each got its own launch deployment of v2, waited in
    // Pending:Wait for it, and entered service on v2 only after it succeeded (B5.2 step 4).
    let launches: Vec<&Deployment> = st
        .by_creator(Creator::autoscaling)
        .into_iter()
        .filter(|d| d.start >= mins(15))
        .collect();
    assert_eq!(launches.len(), 2);
    for d in launches {
        assert_eq!(d.revision, "v2");
        assert_eq!(d.status, DeploymentStatus::Succeeded);
        assert_eq!(
            d.targets.len(),
            1,
            "a launch deployment targets its one instance"
        );
        let seen = st.seen(&d.targets[0].instance_id);
        assert!(seen.waited);
        let (t, rev) = seen
            .in_service
            .clone()
            .unwrap_or_else(|| panic!("{} never InService", d.targets[0].instance_id));
        assert_eq!(rev.as_deref(), Some("v2"));
        assert_eq!(
            Some(t),
            d.end,
            "CONTINUE at the deployment's end (no other hooks)"
        );
        // A fresh instance has no previous revision, so ApplicationStop is skipped (B3.2).
        assert_eq!(
            d.targets[0].events[0],
            (LifecycleEvent::ApplicationStop, EventStatus::Skipped)
        );
    }
    assert!(st
        .live_revisions()
        .iter()
        .all(|(_, r)| r.as_deref() == Some("v2")));
    assert_eq!(st.sim.view().in_service, 4);
    insta::assert_snapshot!(st.trace());
}

// ----- B5.3 ----------------------------------------------------------------------------------

/// The blog's JDK story (B5.3): v2 installs JDK 11 on the running fleet, v3-jdk11 needs it and
/// succeeds there, so it becomes the last successful revision. Every scale-out instance boots
/// the JDK 1.8 AMI, fails at ApplicationStart, is abandoned and terminated, and the group
/// launches another: the loop never ends and none of them ever serves.
#[test]
fn b5_3_broken_last_revision_loops() {
    let mut s = Scenario::demo(); // target tracking at 50% CPU
    s.load.pattern = LoadPattern::Steady { rps: 50.0 };
    let mut st = Story::new(s);
    st.act(
        mins(5),
        Action::Deploy {
            revision: "v2".into(),
        },
    );
    st.act(
        mins(15),
        Action::Deploy {
            revision: "v3-jdk11".into(),
        },
    );
    st.act(mins(25), Action::SetLoad { rps: Some(400.0) });
    st.run_to(mins(90));

    let user = st.by_creator(Creator::user);
    assert_eq!(
        user.iter()
            .map(|d| (d.revision.as_str(), d.status))
            .collect::<Vec<_>>(),
        vec![
            ("v2", DeploymentStatus::Succeeded),
            ("v3-jdk11", DeploymentStatus::Succeeded)
        ]
    );
    assert_eq!(st.sim.last_successful_revision(), Some("v3-jdk11"));
    let loop_start = user[1].end.unwrap_or(SimTime(u64::MAX));

    let launches: Vec<&Deployment> = st
        .by_creator(Creator::autoscaling)
        .into_iter()
        .filter(|d| d.start > loop_start)
        .collect();
    assert!(
        launches.len() >= 10,
        "many launch attempts, got {}",
        launches.len()
    );
    for d in &launches {
        assert_eq!(d.revision, "v3-jdk11");
        if d.status == DeploymentStatus::InProgress {
            continue; // the attempt under way when the run stops
        }
        assert_eq!(d.status, DeploymentStatus::Failed);
        assert_eq!(
            d.message,
            "Deployment failed: the ApplicationStart lifecycle event failed (ScriptFailed)."
        );
        assert_eq!(d.targets[0].status, "Failed");
    }
    // Nothing launched after the release ever served.
    for (id, seen) in &st.instances {
        if seen.launched > loop_start {
            assert!(
                seen.in_service.is_none(),
                "{id} went InService on a broken revision"
            );
        }
    }
    // Launch/terminate cycles: abandoned by the hook (A6.4), terminated, replaced.
    let abandoned = st
        .sim
        .activities()
        .iter()
        .filter(|a| {
            a.cause
                .contains("in response to a launch lifecycle action that was abandoned")
        })
        .count();
    assert!(abandoned >= 10, "launch/terminate cycles: {abandoned}");
    let cancelled: Vec<_> = st
        .sim
        .activities()
        .iter()
        .filter(|a| a.status_code == ActivityStatus::Cancelled)
        .collect();
    assert!(cancelled.len() >= 10);
    assert!(cancelled.iter().all(|a| a
        .status_message
        .ends_with("was abandoned: Lifecycle Action Completed with ABANDON Result")));
    // The original two keep serving v3-jdk11 under a load they cannot carry.
    let view = st.sim.view();
    assert_eq!(view.in_service, 2);
    assert!(st.sim.samples().last().is_some_and(|x| x.dropped_rps > 0.0));
    insta::assert_snapshot!(st.trace());
}

/// B5.3 UNCONFIRMED (Appendix U4): the deployment group has no successful revision yet.
/// CONTINUE (the default assumption): the hook completes without a deployment and instances
/// serve their AMI's code. ABANDON: every instance is abandoned, the group never gets an
/// InService instance, and a release then fails with NO_INSTANCES (the "deployment deadlock").
#[test]
fn b5_3_no_successful_revision_assumption() {
    // CONTINUE.
    let mut s = base();
    s.delivery.initial_revision = None;
    s.assumptions.codedeploy_no_revision = LifecycleActionResult::CONTINUE;
    let mut st = Story::new(s);
    st.run_to(mins(5));
    assert!(
        st.deployments().is_empty(),
        "no revision, no launch deployment"
    );
    for (id, seen) in &st.instances {
        assert!(seen.waited, "{id}: the hook still holds it in Pending:Wait");
        assert_eq!(
            seen.in_service.as_ref().and_then(|x| x.1.as_deref()),
            Some("v1"),
            "{id}: AMI code"
        );
    }
    st.act(
        mins(5),
        Action::Deploy {
            revision: "v2".into(),
        },
    );
    st.act(mins(15), Action::SetDesiredCapacity { desired: 3 });
    st.run_to(mins(25));
    assert_eq!(st.sim.last_successful_revision(), Some("v2"));
    let launches = st.by_creator(Creator::autoscaling);
    assert_eq!(launches.len(), 1);
    assert_eq!(
        (launches[0].revision.as_str(), launches[0].status),
        ("v2", DeploymentStatus::Succeeded)
    );
    assert!(st
        .live_revisions()
        .iter()
        .all(|(_, r)| r.as_deref() == Some("v2")));
    insta::assert_snapshot!("b5_3_no_successful_revision_continue", st.trace());

    // ABANDON.
    let mut s = base();
    s.delivery.initial_revision = None;
    s.assumptions.codedeploy_no_revision = LifecycleActionResult::ABANDON;
    let mut st = Story::new(s);
    st.act(
        mins(10),
        Action::Deploy {
            revision: "v2".into(),
        },
    );
    st.run_to(mins(20));
    assert!(st
        .instances
        .iter()
        .all(|(_, seen)| seen.in_service.is_none()));
    assert!(
        st.instances.len() >= 10,
        "launch/terminate loop: {}",
        st.instances.len()
    );
    let user = st.by_creator(Creator::user);
    assert_eq!(user.len(), 1);
    assert_eq!(user[0].status, DeploymentStatus::Failed);
    assert_eq!(user[0].message, NO_INSTANCES_MESSAGE);
    assert_eq!(st.sim.last_successful_revision(), None);
    insta::assert_snapshot!("b5_3_no_successful_revision_abandon", st.trace());
}

// ----- B5.4 ----------------------------------------------------------------------------------

/// A slow release (60 s per lifecycle event) over four instances, one at a time, with a
/// scale-out to six shortly after it starts.
fn scale_out_during_deployment(strategy: OutdatedInstancesStrategy) -> Story {
    let mut s = base();
    s.group.desired_capacity = Some(4);
    s.delivery.outdated_instances_strategy = strategy;
    revision_mut(&mut s, "v2").event_s = 60;
    let mut st = Story::new(s);
    st.act(
        mins(5),
        Action::Deploy {
            revision: "v2".into(),
        },
    );
    st.act(mins(7), Action::SetDesiredCapacity { desired: 6 });
    st.run_to(mins(60));
    st
}

/// B5.4: instances launched during a deployment get the last successful (previous) revision;
/// when the deployment succeeds, UPDATE starts a CodeDeployAutoUpdate deployment of the new
/// revision to the outdated instances only ([MODEL]).
#[test]
fn b5_4_scale_out_during_deployment_update() {
    let st = scale_out_during_deployment(OutdatedInstancesStrategy::UPDATE);
    let user = st.by_creator(Creator::user);
    assert_eq!(user.len(), 1);
    assert_eq!(user[0].status, DeploymentStatus::Succeeded);
    assert_eq!(
        user[0].targets.len(),
        4,
        "only the instances InService at its start"
    );
    let release_end = user[0].end.unwrap_or(SimTime(u64::MAX));

    let launches: Vec<&Deployment> = st
        .by_creator(Creator::autoscaling)
        .into_iter()
        .filter(|d| d.start > mins(5))
        .collect();
    assert_eq!(launches.len(), 2);
    let mut new_ids = Vec::new();
    for d in &launches {
        assert_eq!(
            (d.revision.as_str(), d.status),
            ("v1", DeploymentStatus::Succeeded)
        );
        assert!(d.end.is_some_and(|e| e < release_end));
        let id = d.targets[0].instance_id.clone();
        assert_eq!(
            st.seen(&id)
                .in_service
                .as_ref()
                .and_then(|x| x.1.as_deref()),
            Some("v1")
        );
        new_ids.push(id);
    }
    let auto = st.by_creator(Creator::CodeDeployAutoUpdate);
    assert_eq!(auto.len(), 1);
    assert_eq!(auto[0].revision, "v2");
    assert_eq!(auto[0].start, release_end, "immediately after the release");
    assert_eq!(auto[0].status, DeploymentStatus::Succeeded);
    let mut targets: Vec<String> = auto[0]
        .targets
        .iter()
        .map(|t| t.instance_id.to_string())
        .collect();
    targets.sort();
    new_ids.sort();
    assert_eq!(targets, new_ids, "only the outdated instances");
    assert!(st
        .live_revisions()
        .iter()
        .all(|(_, r)| r.as_deref() == Some("v2")));
    assert_eq!(st.max_active_fleet, 1);
    insta::assert_snapshot!(st.trace());
}

/// B5.4 IGNORE: no follow-on deployment; the scale-out instances keep the old revision.
#[test]
fn b5_4_ignore() {
    let st = scale_out_during_deployment(OutdatedInstancesStrategy::IGNORE);
    assert!(st.by_creator(Creator::CodeDeployAutoUpdate).is_empty());
    let mut revs: Vec<Option<String>> = st.live_revisions().into_iter().map(|(_, r)| r).collect();
    revs.sort();
    assert_eq!(
        revs,
        vec![
            Some("v1".into()),
            Some("v1".into()),
            Some("v2".into()),
            Some("v2".into()),
            Some("v2".into()),
            Some("v2".into())
        ]
    );
    let last = st.sim.samples().last().map(|x| x.revision_mix());
    assert_eq!(last.as_deref(), Some("v1:2|v2:4"));
    assert!(st.sim.measures().mixed_revision_minutes > 30);
    insta::assert_snapshot!(st.trace());
}

/// B5.4 [MODEL]: when the release fails, the last successful revision is unchanged, so the
/// scale-out instances already match it: no follow-on deployment.
#[test]
fn b5_4_failed_release_needs_no_follow_on() {
    let mut s = base();
    s.group.desired_capacity = Some(4);
    revision_mut(&mut s, "v4-broken").event_s = 60;
    let mut st = Story::new(s);
    st.act(
        mins(5),
        Action::Deploy {
            revision: "v4-broken".into(),
        },
    );
    st.act(mins(6), Action::SetDesiredCapacity { desired: 6 });
    st.run_to(mins(40));
    let user = st.by_creator(Creator::user);
    assert_eq!(user[0].status, DeploymentStatus::Failed);
    assert!(st.by_creator(Creator::CodeDeployAutoUpdate).is_empty());
    assert_eq!(st.sim.last_successful_revision(), Some("v1"));
    let launched_later: Vec<&Deployment> = st
        .by_creator(Creator::autoscaling)
        .into_iter()
        .filter(|d| d.start > mins(5))
        .collect();
    assert_eq!(launched_later.len(), 2);
    assert!(launched_later
        .iter()
        .all(|d| d.revision == "v1" && d.status == DeploymentStatus::Succeeded));
}

// ----- B5.6 ----------------------------------------------------------------------------------

/// B5.6: an instance terminated by scale-in while it is being deployed to counts as a failed
/// instance. One AZ, one instance launched first and three more at 3:00; OneAtATime reaches
/// the oldest first (all Healthy with an Old revision, so launch order decides), and the
/// OldestInstance termination policy picks that same instance. Its failure is not the last,
/// so the deployment fails at once (B2.1, B2.3) and the rest are skipped.
#[test]
fn b5_6_scale_in_during_deployment() {
    let mut s = base();
    s.group.availability_zones = vec!["us-east-1a".into()];
    s.group.min_size = 1;
    s.group.desired_capacity = Some(1);
    s.group.termination_policies = vec![TerminationPolicy::OldestInstance];
    revision_mut(&mut s, "v2").event_s = 30;
    let mut st = Story::new(s);
    st.act(mins(3), Action::SetDesiredCapacity { desired: 4 });
    st.act(
        mins(7),
        Action::Deploy {
            revision: "v2".into(),
        },
    );
    st.act(mins(8), Action::SetDesiredCapacity { desired: 3 });
    st.run_to(mins(20));

    let user = st.by_creator(Creator::user);
    assert_eq!(user.len(), 1);
    let d = user[0];
    let oldest = st.instances[0].0.clone();
    assert_eq!(d.targets[0].instance_id, oldest, "the oldest goes first");
    assert_eq!(st.seen(&oldest).terminating, Some(mins(8)));
    assert_eq!(d.status, DeploymentStatus::Failed);
    assert_eq!(d.end, Some(mins(8)), "fails the moment its instance goes");
    assert_eq!(d.targets[0].status, "Failed");
    assert!(d.targets[1..].iter().all(|t| t.status == "Skipped"));
    assert_eq!(
        st.sim.last_successful_revision(),
        Some("v1"),
        "B2.3: unchanged after a failure"
    );
    assert!(st
        .live_revisions()
        .iter()
        .all(|(_, r)| r.as_deref() == Some("v1")));
    insta::assert_snapshot!(st.trace());
}

/// Regression test (fixed): a fleet-deployment target that is terminated *before* the deployment reaches it, and
/// has left the instance list (Terminated, dropped at the next minute tick) by then, leaves
/// the deployment InProgress forever. `start_instance_deployment` calls
/// `instance_deployment_done(seq, key, false)` for the vanished instance, but that returns
/// early because the target row is still "Pending", not "InProgress", so
/// `FleetDeployment::record` is never called (core/src/sim/delivery.rs). The deployment group
/// is then blocked for good: every later Deploy is refused by B1.3.
#[test]
fn b5_6_target_terminated_before_it_is_reached() {
    let mut s = base();
    s.group.availability_zones = vec!["us-east-1a".into()];
    s.group.desired_capacity = Some(3);
    s.group.termination_policies = vec![TerminationPolicy::NewestInstance];
    revision_mut(&mut s, "v2").event_s = 30;
    let mut st = Story::new(s);
    st.act(mins(1), Action::SetDesiredCapacity { desired: 4 });
    st.act(
        mins(5),
        Action::Deploy {
            revision: "v2".into(),
        },
    );
    // The newest instance is the last target (launch order); it goes at 6:00, long before
    // the deployment reaches it (about 3 minutes per instance).
    st.act(mins(6), Action::SetDesiredCapacity { desired: 3 });
    st.run_to(mins(40));
    let user = st.by_creator(Creator::user);
    assert_eq!(user.len(), 1);
    assert_ne!(
        user[0].status,
        DeploymentStatus::InProgress,
        "{}",
        st.trace()
    );
    st.act(
        mins(40),
        Action::Deploy {
            revision: "v3-jdk11".into(),
        },
    );
    assert!(st.rejections().is_empty(), "{:?}", st.rejections());
}

/// B5.6 for a launch deployment: a Pending:Wait instance terminated by scale-in closes its
/// autoscaling deployment as Failed.
#[test]
fn b5_6_scale_in_during_launch_deployment() {
    let mut s = base();
    s.group.termination_policies = vec![TerminationPolicy::NewestInstance];
    revision_mut(&mut s, "v1").event_s = 60;
    let mut st = Story::new(s);
    st.run_to(mins(12));
    st.act(mins(12), Action::SetDesiredCapacity { desired: 3 });
    // Boot takes 60-90 s, so the new instance is in Pending:Wait, being deployed to, at 14:00.
    st.run_to(mins(14));
    let newest = st
        .instances
        .last()
        .map(|(id, _)| id.clone())
        .unwrap_or_default();
    assert!(st.seen(&newest).waited);
    st.act(mins(14), Action::SetDesiredCapacity { desired: 2 });
    st.run_to(mins(20));
    let d = st
        .by_creator(Creator::autoscaling)
        .into_iter()
        .find(|d| d.targets[0].instance_id == newest)
        .cloned();
    let Some(d) = d else {
        panic!("no launch deployment for {newest}")
    };
    assert_eq!(d.status, DeploymentStatus::Failed);
    assert_eq!(d.end, Some(mins(14)));
    assert_eq!(
        d.message,
        "The instance was terminated during the deployment (B5.6)."
    );
    assert_eq!(d.targets[0].status, "Failed");
    assert!(st.seen(&newest).in_service.is_none());
    assert_eq!(st.sim.view().in_service, 2);
}

// ----- B4.4, B1.3 --------------------------------------------------------------------------

/// B4.4: a failed deployment with auto-rollback starts a new deployment (new id, creator
/// codeDeployRollback) of the last known good revision; the last successful revision never
/// changes.
#[test]
fn b4_4_auto_rollback() {
    let mut s = base();
    s.group.desired_capacity = Some(3);
    s.delivery.auto_rollback = true;
    let mut st = Story::new(s);
    st.act(
        mins(5),
        Action::Deploy {
            revision: "v4-broken".into(),
        },
    );
    st.run_to(mins(20));
    let user = st.by_creator(Creator::user);
    assert_eq!(user.len(), 1);
    assert_eq!(user[0].status, DeploymentStatus::Failed);
    assert_eq!(
        user[0]
            .targets
            .iter()
            .filter(|t| t.status == "Failed")
            .count(),
        1
    );
    let rollback = st.by_creator(Creator::codeDeployRollback);
    assert_eq!(rollback.len(), 1);
    let r = rollback[0];
    assert_ne!(r.id, user[0].id);
    assert_eq!(r.revision, "v1");
    assert_eq!(r.start, user[0].end.unwrap_or_default());
    assert_eq!(r.status, DeploymentStatus::Succeeded);
    // B2.3 order: the instance the failed deployment broke (Unhealthy) goes first.
    let broken = user[0]
        .targets
        .iter()
        .find(|t| t.status == "Failed")
        .map(|t| t.instance_id.clone());
    assert_eq!(r.targets.first().map(|t| t.instance_id.clone()), broken);
    assert_eq!(st.sim.last_successful_revision(), Some("v1"));
    assert!(st
        .live_revisions()
        .iter()
        .all(|(_, r)| r.as_deref() == Some("v1")));
    assert!(st.sim.view().instances.iter().all(|i| i.healthy));
    insta::assert_snapshot!(st.trace());
}

/// Without auto-rollback the instance the failed deployment broke keeps serving errors.
#[test]
fn b4_4_without_rollback_the_broken_instance_stays() {
    let mut s = base();
    s.group.desired_capacity = Some(3);
    let mut st = Story::new(s);
    st.act(
        mins(5),
        Action::Deploy {
            revision: "v4-broken".into(),
        },
    );
    st.run_to(mins(20));
    assert!(st.by_creator(Creator::codeDeployRollback).is_empty());
    let mut revs: Vec<Option<String>> = st.live_revisions().into_iter().map(|(_, r)| r).collect();
    revs.sort();
    assert_eq!(
        revs,
        vec![
            Some("v1".into()),
            Some("v1".into()),
            Some("v4-broken".into())
        ]
    );
    assert!(st.sim.measures().errors_served > 0.0);
}

/// B1.3: one concurrent deployment per deployment group. A second release while the first
/// runs is refused; the first carries on.
#[test]
fn b1_3_one_active_deployment() {
    let mut st = Story::new(base());
    st.act(
        mins(5),
        Action::Deploy {
            revision: "v2".into(),
        },
    );
    st.act(
        mins(5).plus_secs(30),
        Action::Deploy {
            revision: "v3-jdk11".into(),
        },
    );
    st.run_to(mins(15));
    let user = st.by_creator(Creator::user);
    assert_eq!(user.len(), 1, "the second release created no deployment");
    assert_eq!(
        (user[0].revision.as_str(), user[0].status),
        ("v2", DeploymentStatus::Succeeded)
    );
    let rejected = st.rejections();
    assert_eq!(rejected.len(), 1);
    assert!(rejected[0].starts_with("DeploymentLimitExceededException: The deployment group web-dg already has an active deployment "));
    assert!(rejected[0].contains(user[0].id.as_str()));
    // Once it has finished, the next release goes through.
    st.act(
        mins(15),
        Action::Deploy {
            revision: "v3-jdk11".into(),
        },
    );
    st.run_to(mins(25));
    assert_eq!(st.sim.last_successful_revision(), Some("v3-jdk11"));
    insta::assert_snapshot!(st.trace());
}

/// Regression test (fixed): `release` records the release for the convergence measure (and as the user-data
/// artifact) before it checks B1.3, so a rejected Deploy leaves a `convergence_s` entry that
/// never converges, replaces the release being watched (v2's convergence is never recorded),
/// and changes `latest_artifact`. core/src/sim/delivery.rs `Sim::release`.
#[test]
fn b1_3_rejected_deploy_leaves_the_measures_alone() {
    let mut st = Story::new(base());
    st.act(
        mins(5),
        Action::Deploy {
            revision: "v2".into(),
        },
    );
    st.act(
        mins(5).plus_secs(30),
        Action::Deploy {
            revision: "v3-jdk11".into(),
        },
    );
    st.run_to(mins(15));
    assert_eq!(st.rejections().len(), 1);
    let conv = &st.sim.measures().convergence_s;
    assert_eq!(conv.len(), 1, "{conv:?}");
    assert_eq!(conv[0].0, "v2");
    assert!(conv[0].1.is_some(), "v2 converged: {conv:?}");
}

// ----- B5.9 and the alternatives -----------------------------------------------------------

/// UserData, with v4-broken released: the person updating servers by hand breaks the running
/// two, and every new instance's script pulls the same broken artifact; nothing checks.
fn user_data_story(health: HealthCheckType) -> Story {
    let mut s = base();
    s.delivery.method = DeliveryMethod::UserData;
    s.group.health_check_type = health;
    s.group.health_check_grace_period_s = 300;
    let mut st = Story::new(s);
    st.act(
        mins(5),
        Action::Deploy {
            revision: "v4-broken".into(),
        },
    );
    st.act(mins(10), Action::SetDesiredCapacity { desired: 3 });
    st.run_to(mins(40));
    st
}

/// B5.9: with user data only, a broken bootstrap still goes InService (no hook, no signal)
/// and serves errors. EC2 health checks never notice; ELB health checks replace it after the
/// grace period, and the replacement pulls the same broken artifact.
#[test]
fn b5_9_user_data_broken_instance_in_service() {
    let st = user_data_story(HealthCheckType::EC2);
    assert!(st.deployments().is_empty(), "no CodeDeploy");
    let (id, seen) = st.instances.last().cloned().unwrap_or_default();
    assert!(!seen.waited, "no lifecycle hook: straight to InService");
    assert_eq!(
        seen.in_service.as_ref().and_then(|x| x.1.as_deref()),
        Some("v4-broken"),
        "{id}"
    );
    let v = st.sim.view();
    assert_eq!(v.in_service, 3);
    assert!(v
        .instances
        .iter()
        .all(|i| i.healthy && i.revision.as_deref() == Some("v4-broken")));
    let last = st.sim.samples().last().cloned();
    assert!(last.is_some_and(|x| x.errors_rps > 0.0 && (x.errors_rps - x.load_rps).abs() < 1e-9));
    insta::assert_snapshot!("b5_9_user_data_ec2_health_check", st.trace());

    let st = user_data_story(HealthCheckType::ELB);
    assert!(st.deployments().is_empty());
    let mut replaced = 0;
    for (id, seen) in &st.instances {
        let (Some((in_service, rev)), Some(term)) = (&seen.in_service, seen.terminating) else {
            continue;
        };
        if rev.as_deref() == Some("v4-broken") {
            // Replaced only once the grace period (from InService, B5.2 step 5) is over.
            assert!(term.since(*in_service) >= 300 * MS_PER_S, "{id}");
            replaced += 1;
        }
    }
    assert!(replaced >= 3, "replaced {replaced}");
    let health_terms = st
        .sim
        .activities()
        .iter()
        .filter(|a| {
            a.cause
                .contains("in response to an ELB system health check failure")
        })
        .count();
    assert!(health_terms >= 3);
    // Every replacement launched after the release also ran the broken artifact.
    for (id, seen) in &st.instances {
        if seen.launched > mins(5) {
            if let Some((_, rev)) = &seen.in_service {
                assert_eq!(rev.as_deref(), Some("v4-broken"), "{id}");
            }
        }
    }
    insta::assert_snapshot!("b5_9_user_data_elb_health_check", st.trace());
}

/// NoAutomation: a release is applied by hand to the running servers; a scale-out launches
/// from the AMI, which still bakes v1, so old code comes back (PRODUCT.md point 4).
#[test]
fn no_automation_scale_out_brings_old_code_back() {
    let mut s = base();
    s.delivery.method = DeliveryMethod::NoAutomation;
    let mut st = Story::new(s);
    st.act(
        mins(5),
        Action::Deploy {
            revision: "v2".into(),
        },
    );
    st.run_to(mins(12));
    assert!(st
        .live_revisions()
        .iter()
        .all(|(_, r)| r.as_deref() == Some("v2")));
    st.act(mins(15), Action::SetDesiredCapacity { desired: 4 });
    st.run_to(mins(30));
    assert!(st.deployments().is_empty());
    let mut revs: Vec<Option<String>> = st.live_revisions().into_iter().map(|(_, r)| r).collect();
    revs.sort();
    assert_eq!(
        revs,
        vec![
            Some("v1".into()),
            Some("v1".into()),
            Some("v2".into()),
            Some("v2".into())
        ]
    );
    let m = st.sim.measures();
    assert!(
        m.mixed_revision_minutes >= 12,
        "{}",
        m.mixed_revision_minutes
    );
    // v2 converged once (both servers updated by hand at 07:00 and 09:00).
    assert_eq!(m.convergence_s, vec![("v2".to_string(), Some(240))]);
    insta::assert_snapshot!(st.trace());
}

/// BakeAmi (A1.9): after the bake time a new launch template version with the new AMI is the
/// default; an instance refresh replaces the instances in batches that keep
/// MinHealthyPercentage in service, waiting for each batch to be InService and warmed up.
#[test]
fn bake_ami_instance_refresh() {
    let mut s = base();
    s.delivery.method = DeliveryMethod::BakeAmi;
    s.group.desired_capacity = Some(4);
    s.assumptions.refresh_min_healthy_pct = 50;
    s.assumptions.ami_bake_s = 600;
    let mut st = Story::new(s);
    st.act(
        mins(5),
        Action::Deploy {
            revision: "v3-jdk11".into(),
        },
    );
    st.run_to(mins(14));
    assert_eq!(
        st.sim.scenario().launch_templates[0].default_version,
        1,
        "still baking"
    );
    st.run_to(mins(16));
    let lt = &st.sim.scenario().launch_templates[0];
    assert_eq!(lt.default_version, 2);
    let new_ami = lt.versions[1].image_id.clone().unwrap_or_default();
    let ami = st
        .sim
        .scenario()
        .amis
        .iter()
        .find(|a| a.id == new_ami)
        .cloned()
        .unwrap_or_default();
    assert_eq!(ami.baked_revision.as_deref(), Some("v3-jdk11"));
    assert!(
        ami.software.iter().any(|x| x == "JDK 11"),
        "the bake installs what v3 needs"
    );
    st.run_to(mins(60));

    assert!(st.deployments().is_empty());
    let v = st.sim.view();
    assert_eq!(v.in_service, 4);
    assert!(v
        .instances
        .iter()
        .all(|i| i.revision.as_deref() == Some("v3-jdk11") && i.launch_label == "web-lt:2"));
    // MinHealthyPercentage 50 of 4: two at a time, never fewer than two in service.
    for smp in st.sim.samples().iter().filter(|x| x.t >= mins(15)) {
        assert!(smp.in_service >= 2, "{}", smp.text_row(&[]));
        assert!(smp.terminating <= 2, "{}", smp.text_row(&[]));
    }
    let refreshed: Vec<SimTime> = st
        .instances
        .iter()
        .filter_map(|(_, seen)| seen.terminating)
        .collect();
    assert_eq!(refreshed.len(), 4);
    assert_eq!(
        refreshed.iter().filter(|t| **t == refreshed[0]).count(),
        2,
        "first batch of two"
    );
    // A new batch starts only after the previous one's warm-up (the 300 s grace period).
    let second = refreshed.iter().copied().max().unwrap_or_default();
    assert!(second.since(refreshed[0]) >= 300 * MS_PER_S);
    assert!(st.sim.measures().errors_served == 0.0);
    assert!(st.sim.measures().convergence_s[0].1.is_some());
    insta::assert_snapshot!(st.trace());
}

// ----- G6 at simulation level --------------------------------------------------------------

fn nine_instance_release(config: DeploymentConfig) -> Story {
    let mut s = base();
    s.group.min_size = 9;
    s.group.max_size = 12;
    s.group.desired_capacity = Some(9);
    s.load.pattern = LoadPattern::Steady { rps: 400.0 };
    s.delivery.deployment_config = config;
    let mut st = Story::new(s);
    st.act(
        mins(5),
        Action::Deploy {
            revision: "v2".into(),
        },
    );
    st.run_to(mins(20));
    st
}

/// G6: nine instances, HalfAtATime -> at most 4 deploying at once (and 4 are); FLEET_PERCENT 40
/// -> at most 5 at once (and 5 are); OneAtATime -> 1; AllAtOnce -> 9.
#[test]
fn g6_concurrency_nine_instances() {
    let cases = [
        ("HalfAtATime", DeploymentConfig::HalfAtATime, 4),
        (
            "FLEET_PERCENT 40",
            custom(MinimumHealthyHostsType::FLEET_PERCENT, 40),
            5,
        ),
        (
            "HOST_COUNT 6",
            custom(MinimumHealthyHostsType::HOST_COUNT, 6),
            3,
        ),
        ("OneAtATime", DeploymentConfig::OneAtATime, 1),
        ("AllAtOnce", DeploymentConfig::AllAtOnce, 9),
    ];
    let mut text = String::new();
    for (name, config, max) in cases {
        let st = nine_instance_release(config);
        let user = st.by_creator(Creator::user);
        assert_eq!(user.len(), 1, "{name}");
        let d = user[0];
        assert_eq!(d.status, DeploymentStatus::Succeeded, "{name}");
        assert_eq!(d.targets.len(), 9, "{name}");
        let seen_max = st.max_in_progress.get(d.id.as_str()).copied().unwrap_or(0);
        assert_eq!(seen_max, max, "{name}: most instances deploying at once");
        // The group never had fewer than 9 - max instances serving during the release.
        let floor = st
            .sim
            .samples()
            .iter()
            .filter(|x| x.t > mins(5) && d.end.is_some_and(|e| x.t <= e))
            .map(|x| x.in_service)
            .min();
        let _ = writeln!(
            text,
            "{name}: max deploying at once {seen_max}, release {}..{}, in service >= {:?}",
            d.start.clock(),
            d.end.map(|e| e.clock()).unwrap_or_default(),
            floor
        );
    }
    insta::assert_snapshot!(text);
}

/// Three instances, the third launched from a slim AMI that lacks a library v5 needs, and a
/// release of v5 at 10 min: v5 fails on that instance only, and OneAtATime reaches it last.
fn slim_third_instance(mut s: Scenario) -> Story {
    s.amis[0].software.push("libfoo".into());
    s.amis.push(Ami {
        id: "ami-0slim000000000000".into(),
        name: "app-base-slim".into(),
        ..Ami::default()
    });
    s.delivery.revisions.push(RevisionSpec {
        requires: vec!["libfoo".into()],
        ..RevisionSpec::labelled("v5-needs-libfoo")
    });
    let mut st = Story::new(s);
    st.act(
        mins(1),
        Action::CreateLaunchTemplateVersion {
            source_version: Some(1),
            image_id: Some("ami-0slim000000000000".into()),
            instance_type: None,
            set_default: true,
        },
    );
    st.act(mins(1), Action::SetDesiredCapacity { desired: 3 });
    st.act(
        mins(10),
        Action::Deploy {
            revision: "v5-needs-libfoo".into(),
        },
    );
    st
}

/// G6's OneAtATime row "all succeed, last may fail" at simulation level. The third instance is
/// launched from a second AMI that lacks a library v5 needs, so v5 fails on it only; OneAtATime
/// reaches it last (all three are Healthy with an Old revision, so launch order decides), and
/// the deployment still succeeds (B2.1).
#[test]
fn g6_one_at_a_time_last_instance_may_fail() {
    let mut st = slim_third_instance(base());
    st.run_to(mins(20));
    let user = st.by_creator(Creator::user);
    assert_eq!(user.len(), 1);
    let statuses: Vec<&str> = user[0].targets.iter().map(|t| t.status.as_str()).collect();
    assert_eq!(statuses, vec!["Succeeded", "Succeeded", "Failed"]);
    assert_eq!(user[0].status, DeploymentStatus::Succeeded);
    assert_eq!(st.sim.last_successful_revision(), Some("v5-needs-libfoo"));
}

/// The launch deployment sees the same events as a first deployment: with a load balancer in
/// the deployment group the traffic events run and BeforeBlockTraffic/AfterBlockTraffic are
/// skipped (B3.1, B3.2).
#[test]
fn b3_1_launch_deployment_events_with_load_balancer() {
    let mut s = base();
    s.delivery.with_load_balancer = true;
    s.group.desired_capacity = Some(1);
    s.group.min_size = 1;
    let mut st = Story::new(s);
    st.run_to(mins(5));
    let launches = st.by_creator(Creator::autoscaling);
    assert_eq!(launches.len(), 1);
    let events: Vec<(&str, &str)> = launches[0].targets[0]
        .events
        .iter()
        .map(|(e, s)| (e.as_str(), s.as_str()))
        .collect();
    assert_eq!(
        events,
        vec![
            ("BeforeBlockTraffic", "Skipped"),
            ("BlockTraffic", "Succeeded"),
            ("AfterBlockTraffic", "Skipped"),
            ("ApplicationStop", "Skipped"),
            ("DownloadBundle", "Succeeded"),
            ("BeforeInstall", "Succeeded"),
            ("Install", "Succeeded"),
            ("AfterInstall", "Succeeded"),
            ("ApplicationStart", "Succeeded"),
            ("ValidateService", "Succeeded"),
            ("BeforeAllowTraffic", "Succeeded"),
            ("AllowTraffic", "Succeeded"),
            ("AfterAllowTraffic", "Succeeded"),
        ]
    );
}

/// A probabilistic failure is drawn per (seed, deployment, instance): the same run twice fails
/// on the same instances.
#[test]
fn probability_failures_are_seeded() {
    let run = || {
        let mut s = base();
        s.group.desired_capacity = Some(6);
        s.delivery.deployment_config = DeploymentConfig::AllAtOnce;
        revision_mut(&mut s, "v2").failure = RevisionFailure::Probability(50.0);
        let mut st = Story::new(s);
        st.act(
            mins(5),
            Action::Deploy {
                revision: "v2".into(),
            },
        );
        st.run_to(mins(15));
        let user = st.by_creator(Creator::user);
        let statuses: Vec<String> = user[0]
            .targets
            .iter()
            .map(|t| t.status.to_string())
            .collect();
        (statuses, st.trace())
    };
    let (statuses, trace) = run();
    assert!(statuses.iter().any(|s| s == "Failed"), "{statuses:?}");
    assert!(statuses.iter().any(|s| s == "Succeeded"), "{statuses:?}");
    assert_eq!(trace, run().1);
}

// ----- bugs found while writing these stories ------------------------------------------------

/// A release over two instances ends at 07:10; a scale-out at `scale_out_at` puts a third
/// instance somewhere on its way to service at that moment.
fn release_with_late_scale_out(scale_out_at: SimTime, auto_rollback: bool) -> Story {
    let mut s = base();
    s.delivery.auto_rollback = auto_rollback;
    let mut st = Story::new(s);
    st.act(
        mins(5),
        Action::Deploy {
            revision: "v2".into(),
        },
    );
    st.act(scale_out_at, Action::SetDesiredCapacity { desired: 3 });
    st.run_to(mins(20));
    st
}

/// Regression test (fixed; B5.4): when the release succeeds while a scale-out instance is still booting
/// (`Pending`, its launch deployment not yet created), `fleet_finished` counts it as outdated
/// (its AMI's v1 is not v2) but `start_fleet_deployment` only targets InService instances, so
/// the CodeDeployAutoUpdate deployment starts with no targets and fails at once with
/// NO_INSTANCES. The instance itself is fine (its launch deployment, created after the release
/// succeeded, brings v2). With auto-rollback on, that spurious failure also starts a
/// codeDeployRollback deployment of v2 over the whole, already up-to-date fleet.
/// core/src/sim/delivery.rs `fleet_finished` (the `outdated` filter should consider only
/// instances the follow-on deployment can target, or defer it).
#[test]
fn b5_4_follow_on_skips_instances_still_booting() {
    let st = release_with_late_scale_out(mins(6), false);
    let auto = st.by_creator(Creator::CodeDeployAutoUpdate);
    assert!(
        auto.iter().all(|d| d.status != DeploymentStatus::Failed),
        "{}",
        st.trace()
    );
    let st = release_with_late_scale_out(mins(6), true);
    assert!(
        st.by_creator(Creator::codeDeployRollback).is_empty(),
        "{}",
        st.trace()
    );
}

/// Regression test (fixed; B5.4): when the release succeeds while a scale-out instance is in Pending:Wait with
/// its launch deployment of the previous revision (v1) under way, the follow-on
/// CodeDeployAutoUpdate deployment cannot target it (not InService yet), fails with
/// NO_INSTANCES, and the instance then enters service on v1 and stays there for good, although
/// outdatedInstancesStrategy is UPDATE. core/src/sim/delivery.rs `fleet_finished`.
#[test]
fn b5_4_instance_in_launch_deployment_at_release_end_is_updated() {
    let st = release_with_late_scale_out(mins(5).plus_secs(30), false);
    assert!(
        st.live_revisions()
            .iter()
            .all(|(_, r)| r.as_deref() == Some("v2")),
        "{}",
        st.trace()
    );
}

/// B4.4: a rollback deployment that fails is not rolled back again (an earlier version did, one
/// every 55 s, forever). Here v5 needs a library the third instance (launched from a slim AMI)
/// lacks: it succeeds with the last instance failing (OneAtATime), v4-broken then fails on that
/// instance first, and every rollback to v5 fails on it again. The spec says a rollback is a new
/// deployment of the last known good revision (B4.4); it does not say a failed rollback is
/// rolled back, and an endless chain of deployments cannot be right.
#[test]
fn b4_4_failed_rollback_is_not_rolled_back_again() {
    let mut s = base();
    s.delivery.auto_rollback = true;
    let mut st = slim_third_instance(s);
    st.act(
        mins(20),
        Action::Deploy {
            revision: "v4-broken".into(),
        },
    );
    st.run_to(mins(40));
    let rollbacks = st.by_creator(Creator::codeDeployRollback);
    assert_eq!(rollbacks.len(), 1, "{}", st.trace());
}

/// Regression test (fixed): with BakeAmi, `scenario_with_recorded_actions()` does not reproduce a live run. The
/// bake pushes the new AMI into the sim's own scenario and `create_lt_version` adds the
/// launch template version there too (and makes it the default), so the saved scenario starts
/// the fleet on the baked AMI (already v3-jdk11 at 00:00) and the replayed Deploy bakes a third
/// version. A shared link of a BakeAmi run shows a different story. The same holds for a live
/// `Action::CreateLaunchTemplateVersion` (the version is both in the scenario and replayed).
/// core/src/sim.rs `scenario_with_recorded_actions` / core/src/sim/delivery.rs `ami_baked`.
#[test]
fn bake_ami_live_run_replays_exactly() {
    let mut s = base();
    s.delivery.method = DeliveryMethod::BakeAmi;
    let mut st = Story::new(s);
    st.act(
        mins(5),
        Action::Deploy {
            revision: "v3-jdk11".into(),
        },
    );
    st.run_to(mins(40));
    let replay = st.sim.scenario_with_recorded_actions();
    let mut again = Story::new(replay);
    again.run_to(mins(40));
    assert_eq!(st.trace(), again.trace());
}

/// Regression test (fixed; B4.4, severe): with auto-rollback on, a deployment that fails the moment it starts
/// (HEALTH_CONSTRAINTS_INVALID: HalfAtATime on a one-instance group needs 1 healthy of 1;
/// or NO_INSTANCES: nothing InService) starts a rollback that fails the same way at once, and
/// so on by direct recursion (`fleet_finished` -> `start_fleet_deployment` -> `pump_fleet` ->
/// `fleet_finished` ...) until the stack overflows and the process aborts (the page would
/// die). core/src/sim/delivery.rs `fleet_finished`. Running this test aborts the test binary.
#[test]
fn b4_4_immediately_failing_deployment_with_auto_rollback_does_not_recurse() {
    let mut s = base();
    s.delivery.auto_rollback = true;
    s.group.min_size = 1;
    s.group.desired_capacity = Some(1);
    s.delivery.deployment_config = DeploymentConfig::HalfAtATime;
    let mut st = Story::new(s);
    st.act(
        mins(5),
        Action::Deploy {
            revision: "v2".into(),
        },
    );
    st.run_to(mins(10));
    let user = st.by_creator(Creator::user);
    assert_eq!(user[0].status, DeploymentStatus::Failed);
    assert!(st.by_creator(Creator::codeDeployRollback).len() <= 1);
}

// ----- the delivery examples ---------------------------------------------------------------

fn example(file: &str) -> Scenario {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
    Scenario::from_json(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn run_example(file: &str) -> Story {
    let s = example(file);
    let horizon = SimTime::from_secs(s.horizon_s);
    let mut st = Story::new(s);
    st.run_to(horizon);
    assert!(st.rejections().is_empty(), "{file}: {:?}", st.rejections());
    st
}

/// examples/codedeploy-jdk11-loop.json tells the JDK story: both releases succeed on the
/// fleet, the load step at 30:00 scales out, and no scale-out instance ever serves.
#[test]
fn example_codedeploy_jdk11_loop() {
    let st = run_example("codedeploy-jdk11-loop.json");
    let user: Vec<(&str, DeploymentStatus)> = st
        .by_creator(Creator::user)
        .iter()
        .map(|d| (d.revision.as_str(), d.status))
        .collect();
    assert_eq!(
        user,
        vec![
            ("v2", DeploymentStatus::Succeeded),
            ("v3-jdk11", DeploymentStatus::Succeeded)
        ]
    );
    let failed_launches = st
        .by_creator(Creator::autoscaling)
        .iter()
        .filter(|d| d.status == DeploymentStatus::Failed)
        .count();
    assert!(failed_launches >= 20, "{failed_launches}");
    assert!(st
        .instances
        .iter()
        .filter(|(_, seen)| seen.launched > mins(30))
        .all(|(_, seen)| seen.in_service.is_none()));
    assert_eq!(st.sim.view().in_service, 2);
    assert!(st.sim.measures().dropped > 0.0);
}

/// examples/delivery-user-data.json: after the broken release every instance serves errors,
/// and ELB health checks keep replacing them with broken ones.
#[test]
fn example_delivery_user_data() {
    let st = run_example("delivery-user-data.json");
    assert!(st.deployments().is_empty());
    let late = st.sim.samples().iter().filter(|x| x.t >= mins(30));
    assert!(late
        .clone()
        .all(|x| x.errors_rps > 0.0 && x.revision_mix().starts_with("v2-broken:")));
    let replaced = st
        .sim
        .activities()
        .iter()
        .filter(|a| a.cause.contains("ELB system health check failure"))
        .count();
    assert!(replaced >= 10, "{replaced}");
    let m = st.sim.measures();
    assert!(m.errors_served > 0.9 * m.served_by_revision.iter().map(|(_, n)| n).sum::<f64>());
}

/// examples/delivery-no-automation.json: the scale-out after the hand release brings v1 back
/// and the fleet stays mixed.
#[test]
fn example_delivery_no_automation() {
    let st = run_example("delivery-no-automation.json");
    assert!(st.deployments().is_empty());
    let last = st
        .sim
        .samples()
        .last()
        .map(|x| x.revision_mix())
        .unwrap_or_default();
    assert!(last.starts_with("v1:") && last.contains("|v2:2"), "{last}");
    assert!(st.sim.measures().mixed_revision_minutes >= 60);
}

/// examples/delivery-bake-ami.json: the refresh rolls v3-jdk11 out on a JDK 11 AMI, and the
/// later scale-out boots it too: every instance ends on v3-jdk11 with no errors.
#[test]
fn example_delivery_bake_ami() {
    let st = run_example("delivery-bake-ami.json");
    let v = st.sim.view();
    assert!(v.in_service >= 8);
    assert!(v
        .instances
        .iter()
        .all(|i| i.revision.as_deref() == Some("v3-jdk11") && i.launch_label == "web-lt:2"));
    let m = st.sim.measures();
    assert_eq!(m.errors_served, 0.0);
    assert!(m.convergence_s[0].1.is_some());
    // MinHealthyPercentage 75 of 4: one instance at a time.
    assert!(st
        .sim
        .samples()
        .iter()
        .filter(|x| x.t >= mins(5) && x.t < mins(70))
        .all(|x| x.in_service >= 3));
}
