//! Several Auto Scaling groups in one run (`extra_groups`): each group scales on its own
//! policies and metrics, events name their group, references to groups are validated, the
//! work estimate counts every group, and the run is the same in one step or many.

mod common;

use common::{drain, example, sim};
use scaleout_core::limits::estimate_work;
use scaleout_core::policy::Detail;
use scaleout_core::scenario::{ExtraGroup, GroupLoad, GroupSpec};
use scaleout_core::time::MS_PER_MIN;
use scaleout_core::validate::validate;
use scaleout_core::{Output, Scenario, SimTime};

fn two_groups() -> Scenario {
    example("two-groups.json")
}

#[test]
fn each_group_scales_on_its_own_policies() {
    let mut sim = sim(two_groups());
    sim.advance_to(SimTime::from_secs(3 * 3600));
    let out = drain(&mut sim);
    let decisions: Vec<_> = out
        .iter()
        .filter_map(|o| match o {
            Output::PolicyDecision { decision, .. } => Some(decision),
            _ => None,
        })
        .collect();
    // The worker group's step policy acts on the worker group only, from its own fleet.
    let worker = decisions
        .iter()
        .find(|d| d.policy == "worker-step-out" && d.after > d.before)
        .expect("the worker group scales out");
    assert_eq!(worker.target, "autoScalingGroup/worker-asg");
    assert!(matches!(worker.detail, Detail::StepOut { warmed: 1, .. }));
    let web = decisions
        .iter()
        .find(|d| d.policy == "web-cpu50" && d.after > d.before)
        .expect("the web group scales out");
    assert_eq!(web.target, "autoScalingGroup/web-asg");
    // Activities and instance states name their group.
    let launches = |g: &str| {
        out.iter()
            .filter(|o| matches!(o, Output::Activity(a) if a.group == g))
            .count()
    };
    assert!(launches("worker-asg") > 1 && launches("web-asg") > 2);
    assert!(out
        .iter()
        .any(|o| matches!(o, Output::InstanceStateChanged { group, .. } if group == "worker-asg")));
    // The samples carry the worker group's minute, with half the scenario's load.
    let last = sim.samples().last().expect("samples");
    assert_eq!(last.groups.len(), 1);
    assert_eq!(last.groups[0].group, "worker-asg");
    assert!((last.groups[0].load_rps * 2.0 - last.load_rps).abs() < 1e-9);
    assert!(last.groups[0].desired > 1);
    // A3.4.2: the target-tracking alarms carry the group they track.
    assert!(sim
        .alarm_names()
        .iter()
        .any(|n| n.starts_with("TargetTracking-web-asg-AlarmHigh-")));
}

#[test]
fn the_run_is_the_same_in_one_step_or_many() {
    let until = SimTime::from_secs(3 * 3600);
    let mut one = sim(two_groups());
    one.advance_to(until);
    let a = drain(&mut one);
    let mut many = sim(two_groups());
    let mut b = Vec::new();
    let mut t = SimTime::ZERO;
    while t < until {
        t = t.plus_ms(7 * MS_PER_MIN / 3).min(until);
        many.advance_to(t);
        b.extend(drain(&mut many));
    }
    assert_eq!(a, b);
    assert_eq!(one.samples(), many.samples());
}

#[test]
fn unknown_and_duplicate_groups_are_reported_with_their_paths() {
    let mut s = two_groups();
    s.policies[1].group = Some("no-such-asg".into());
    s.alarms[0].group = Some("nor-this".into());
    s.extra_groups.push(ExtraGroup {
        group: GroupSpec {
            name: "web-asg".into(),
            ..GroupSpec::default()
        },
        load: GroupLoad::default(),
    });
    let problems = validate(&s);
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert!(paths.contains(&"policies[1].group"), "{paths:?}");
    assert!(paths.contains(&"alarms[0].group"), "{paths:?}");
    assert!(paths.contains(&"extra_groups[1].group.name"), "{paths:?}");
}

#[test]
fn a2_16_the_group_quota_and_every_groups_instances_are_counted() {
    let s = two_groups();
    let mut one = s.clone();
    one.extra_groups.clear();
    let until = SimTime::from_secs(3600);
    let both = estimate_work(&s, until).expect("fits");
    let primary = estimate_work(&one, until).expect("fits");
    assert_eq!(
        both.peak_instances,
        primary.peak_instances + u64::from(s.extra_groups[0].group.max_size)
    );
    let mut many = s;
    let extra = many.extra_groups[0].clone();
    many.extra_groups = vec![extra; 500];
    let problems = validate(&many);
    assert!(
        problems.iter().any(|p| p.path == "extra_groups"),
        "{problems:?}"
    );
}
