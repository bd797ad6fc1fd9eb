//! Property tests of the CodeDeploy integration over random small scenarios (B1.3,
//! B2.3, B5.2-B5.4): random revisions and failure modes, random releases, size and load
//! changes, random deployment configurations and assumptions. The checks run after every event
//! the simulator processes (never more than a minute apart):
//!
//! 1. B5.2: an instance enters service only on the deployment group's last successful revision
//!    as of the moment its launch deployment was created (when it entered Pending:Wait; the
//!    hook notification is what makes CodeDeploy pick the revision), and only after that
//!    launch deployment succeeded. With no successful revision yet (B5.3 UNCONFIRMED, CONTINUE)
//!    it serves its AMI's code.
//! 2. B2.3: a failed deployment never changes the last successful revision; it changes only
//!    when a fleet deployment of that revision succeeds.
//! 3. B1.3: at most one fleet deployment (user, CodeDeployAutoUpdate, codeDeployRollback) is
//!    in progress at a time, and a launch deployment targets exactly one instance.
//! 4. Determinism: the same scenario run event by event and in one `advance_to` gives the same
//!    outputs, samples, deployments and measures.

use std::collections::BTreeMap;

use proptest::prelude::*;

use scaleout_core::codedeploy::config::{
    DeploymentConfig, MinimumHealthyHosts, MinimumHealthyHostsType,
};
use scaleout_core::codedeploy::lifecycle_events::LifecycleEvent;
use scaleout_core::instance::LifecycleState;
use scaleout_core::scenario::{
    Action, DeliveryMethod, HealthCheckType, LifecycleActionResult, LoadPattern,
    OutdatedInstancesStrategy, RevisionFailure, RevisionSpec, TimedAction,
};
use scaleout_core::sim::{Creator, DeploymentStatus};
use scaleout_core::{Output, Scenario, Sim, SimTime};

const RUN_MINUTES: u64 = 120;
const SOFTWARE: [&str; 2] = ["JDK 11", "libfoo"];

fn config() -> impl Strategy<Value = DeploymentConfig> {
    let custom = |kind, value| DeploymentConfig::Custom {
        name: "Custom".into(),
        minimum_healthy_hosts: MinimumHealthyHosts { kind, value },
    };
    prop_oneof![
        Just(DeploymentConfig::AllAtOnce),
        Just(DeploymentConfig::HalfAtATime),
        Just(DeploymentConfig::OneAtATime),
        (0u32..5).prop_map(move |v| custom(MinimumHealthyHostsType::HOST_COUNT, v)),
        (0u32..=99).prop_map(move |v| custom(MinimumHealthyHostsType::FLEET_PERCENT, v)),
    ]
}

fn failure() -> impl Strategy<Value = RevisionFailure> {
    let events = [
        LifecycleEvent::ApplicationStop,
        LifecycleEvent::DownloadBundle,
        LifecycleEvent::BeforeInstall,
        LifecycleEvent::AfterInstall,
        LifecycleEvent::ApplicationStart,
        LifecycleEvent::ValidateService,
        LifecycleEvent::AllowTraffic,
    ];
    prop_oneof![
        8 => Just(RevisionFailure::None),
        2 => prop::sample::select(events.to_vec()).prop_map(RevisionFailure::AtEvent),
        2 => (0.0f64..40.0).prop_map(RevisionFailure::Probability),
        1 => Just(RevisionFailure::ServesErrors),
    ]
}

fn software() -> impl Strategy<Value = Vec<String>> {
    prop::sample::subsequence(SOFTWARE.to_vec(), 0..=2)
        .prop_map(|v| v.into_iter().map(String::from).collect())
}

/// Most revisions need nothing the AMI lacks; some need what an earlier one installs.
fn requires() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![4 => Just(Vec::new()), 1 => software()]
}

fn revisions() -> impl Strategy<Value = Vec<RevisionSpec>> {
    prop::collection::vec(
        (failure(), requires(), software(), 1u32..=60, 0.0f64..200.0),
        2..=5,
    )
    .prop_map(|specs| {
        specs
            .into_iter()
            .enumerate()
            .map(
                |(n, (failure, requires, installs, event_s, bundle_mb))| RevisionSpec {
                    label: format!("r{n}"),
                    bundle_mb,
                    event_s,
                    failure,
                    requires,
                    installs,
                },
            )
            .collect()
    })
}

#[derive(Clone, Debug)]
enum Step {
    Deploy(usize),
    Desired(u32),
    Load(f64),
    Fail,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0usize..5).prop_map(Step::Deploy),
        3 => (0u32..=8).prop_map(Step::Desired),
        2 => (0.0f64..700.0).prop_map(Step::Load),
        1 => Just(Step::Fail),
    ]
}

prop_compose! {
    fn scenario(rollback: bool)(
        revisions in revisions(),
        config in config(),
        initial in prop::option::weighted(0.8, 0usize..5),
        no_revision in prop::bool::ANY,
        auto_rollback in prop::bool::ANY.prop_map(move |b| b && rollback),
        ignore in prop::bool::weighted(0.3),
        with_lb in prop::bool::ANY,
        min in 0u32..=3,
        extra in 0u32..=3,
        elb in prop::bool::weighted(0.3),
        target_tracking in prop::bool::ANY,
        rps in 10.0f64..500.0,
        seed in 0u64..1_000,
        boot_s in 20u32..=120,
        steps in prop::collection::vec((0u64..(RUN_MINUTES - 10) * 60, step()), 0..10),
    ) -> Scenario {
        let mut s = Scenario::demo();
        s.seed = seed;
        s.assumptions.boot_s = boot_s;
        s.assumptions.codedeploy_no_revision = if no_revision {
            LifecycleActionResult::CONTINUE
        } else {
            LifecycleActionResult::ABANDON
        };
        s.group.min_size = min;
        s.group.max_size = 8;
        s.group.desired_capacity = Some((min + extra).min(8));
        if elb {
            s.group.health_check_type = HealthCheckType::ELB;
        }
        if !target_tracking {
            s.policies.clear();
        }
        s.load.pattern = LoadPattern::Steady { rps };
        let labels: Vec<String> = revisions.iter().map(|r| r.label.clone()).collect();
        let d = &mut s.delivery;
        d.method = DeliveryMethod::CodeDeploy;
        d.deployment_config = config;
        d.auto_rollback = auto_rollback;
        d.with_load_balancer = with_lb;
        d.outdated_instances_strategy = if ignore {
            OutdatedInstancesStrategy::IGNORE
        } else {
            OutdatedInstancesStrategy::UPDATE
        };
        d.initial_revision = initial.map(|n| labels[n % labels.len()].clone());
        // The AMI bakes r0 (what an instance serves with no deployment).
        s.amis[0].baked_revision = Some(labels[0].clone());
        d.revisions = revisions;
        let mut steps = steps;
        steps.sort_by_key(|(t, _)| *t);
        s.actions = steps
            .into_iter()
            .map(|(at_s, st)| TimedAction {
                at_ms: at_s * 1000,
                action: match st {
                    Step::Deploy(n) => Action::Deploy { revision: labels[n % labels.len()].clone() },
                    Step::Desired(n) => Action::UpdateGroupSize {
                        min_size: None,
                        max_size: None,
                        desired_capacity: Some(n.clamp(min, 8)),
                    },
                    Step::Load(rps) => Action::SetLoad { rps: Some(rps) },
                    Step::Fail => Action::FailInstance,
                },
            })
            .collect();
        s
    }
}

/// What the checker knows about one instance.
#[derive(Clone, Debug, Default)]
struct Watch {
    /// The last successful revision just before and just after the step in which the
    /// instance entered Pending:Wait (either is acceptable when both happen at one instant).
    expected: Option<(Option<String>, Option<String>)>,
}

fn fail<T>(msg: String) -> Result<T, TestCaseError> {
    Err(TestCaseError::fail(msg))
}

/// Runs the scenario event by event, checking invariants 1-3 after every step. Returns every
/// output for the determinism check.
fn run_checked(s: &Scenario) -> Result<Vec<Output>, TestCaseError> {
    let mut sim = match Sim::new(s.clone()) {
        Ok(sim) => sim,
        Err(p) => return fail(format!("invalid scenario: {p:?}")),
    };
    let end = SimTime::from_mins(RUN_MINUTES);
    let ami_code = s.amis[0].baked_revision.clone();
    let mut outputs = Vec::new();
    let mut watch: BTreeMap<String, Watch> = BTreeMap::new();
    let mut before = sim.last_successful_revision().map(String::from);
    let mut steps = 0u64;
    loop {
        let after = sim.last_successful_revision().map(String::from);
        let step_outputs: Vec<Output> = std::iter::from_fn(|| sim.poll_output()).collect();
        let now = sim.now();

        // Invariant 2: the last successful revision moves only with a fleet success.
        let fleet_success = step_outputs.iter().any(|o| {
            matches!(o, Output::Deployment(d)
                if d.status == DeploymentStatus::Succeeded
                    && d.creator != Creator::autoscaling
                    && Some(d.revision.as_str()) == after.as_deref())
        });
        if after != before && !fleet_success {
            return fail(format!(
                "{}: last successful revision {before:?} -> {after:?} without a successful fleet deployment of it",
                now.clock()
            ));
        }
        for o in &step_outputs {
            let Output::Deployment(d) = o else { continue };
            if d.status == DeploymentStatus::Failed && after != before && !fleet_success {
                return fail(format!(
                    "{}: failed deployment {} changed the last successful revision",
                    now.clock(),
                    d.id
                ));
            }
            // (The output announcing a new deployment is emitted before its targets are set.)
            if d.creator == Creator::autoscaling && d.end.is_some() && d.targets.len() != 1 {
                return fail(format!(
                    "launch deployment {} has {} targets",
                    d.id,
                    d.targets.len()
                ));
            }
        }

        // Invariant 1.
        for o in &step_outputs {
            let Output::InstanceStateChanged {
                instance_id, to, ..
            } = o
            else {
                continue;
            };
            match to {
                LifecycleState::PendingWait => {
                    watch.entry(instance_id.to_string()).or_default().expected =
                        Some((before.clone(), after.clone()));
                }
                LifecycleState::InService => {
                    let Some(w) = watch.get(instance_id.as_str()) else {
                        return fail(format!(
                            "{}: {instance_id} InService without Pending:Wait (CodeDeploy's hook)",
                            now.clock()
                        ));
                    };
                    let Some((b, a)) = w.expected.clone() else {
                        return fail(format!("{instance_id}: no expectation"));
                    };
                    let revision = sim
                        .instances()
                        .iter()
                        .find(|i| &i.id == instance_id)
                        .and_then(|i| i.revision.as_deref().map(str::to_string));
                    let ok_for = |expected: &Option<String>| match expected {
                        Some(_) => revision == *expected,
                        None => revision == ami_code,
                    };
                    if !ok_for(&b) && !ok_for(&a) {
                        return fail(format!(
                            "{}: {instance_id} went InService on {revision:?}; last successful at its Pending:Wait was {b:?}/{a:?}",
                            now.clock()
                        ));
                    }
                    // With a revision to deploy, only a successful launch deployment lets it in.
                    if b.is_some() && a.is_some() {
                        let launched_ok = sim.deployments().iter().any(|d| {
                            d.creator == Creator::autoscaling
                                && d.status == DeploymentStatus::Succeeded
                                && d.targets.iter().any(|t| &t.instance_id == instance_id)
                        });
                        if !launched_ok {
                            return fail(format!("{}: {instance_id} InService without a successful launch deployment", now.clock()));
                        }
                    }
                }
                _ => {}
            }
        }

        // Invariant 3.
        let active: Vec<&str> = sim
            .deployments()
            .iter()
            .filter(|d| {
                d.status == DeploymentStatus::InProgress && d.creator != Creator::autoscaling
            })
            .map(|d| d.id.as_str())
            .collect();
        if active.len() > 1 {
            return fail(format!(
                "{}: {} fleet deployments in progress: {active:?}",
                now.clock(),
                active.len()
            ));
        }

        outputs.extend(step_outputs);
        before = after;
        if now >= end {
            break;
        }
        steps += 1;
        if steps > 1_000_000 {
            return fail("the event loop does not move forward".into());
        }
        let next = sim.poll_timeout().map_or(end, |t| t.min(end)).max(now);
        // Never more than a minute between checks (the minute tick guarantees it anyway).
        let next = next
            .min(SimTime(now.ms() + 60_000))
            .max(SimTime(now.ms() + 1).min(end));
        sim.advance_to(next);
    }
    Ok(outputs)
}

/// The same run in a single `advance_to`.
fn run_at_once(s: &Scenario) -> (Vec<Output>, Sim) {
    let mut sim = Sim::new(s.clone()).unwrap_or_else(|p| panic!("invalid scenario: {p:?}"));
    sim.advance_to(SimTime::from_mins(RUN_MINUTES));
    let outputs = std::iter::from_fn(|| sim.poll_output()).collect();
    (outputs, sim)
}

fn check(s: &Scenario) -> Result<(), TestCaseError> {
    let checked = run_checked(s)?;
    let (at_once, sim) = run_at_once(s);
    // Invariant 4: stepping does not change anything, and two runs are equal.
    prop_assert_eq!(checked.len(), at_once.len());
    prop_assert!(
        checked == at_once,
        "outputs differ between event stepping and one advance_to"
    );
    let (again, sim2) = run_at_once(s);
    prop_assert!(again == at_once, "two runs of the same scenario differ");
    prop_assert!(sim.samples() == sim2.samples());
    prop_assert!(sim.deployments() == sim2.deployments());
    prop_assert!(sim.measures() == sim2.measures());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Auto-rollback off: see the next property for why.
    #[test]
    fn codedeploy_invariants_hold_in_random_scenarios(s in scenario(false)) {
        check(&s)?;
    }

    /// Regression test (fixed): with auto-rollback on, a deployment that fails the moment it starts (for example
    /// HalfAtATime on a one-instance group, or nothing InService) starts a rollback that fails
    /// at once too, recursively, until the stack overflows and the process aborts
    /// (core/tests/codedeploy.rs `b4_4_immediately_failing_deployment_with_auto_rollback_does_not_recurse`).
    /// Random scenarios reach it quickly. Un-ignore once `fleet_finished` is fixed.
    #[test]
    fn codedeploy_invariants_hold_with_auto_rollback(s in scenario(true)) {
        check(&s)?;
    }
}
