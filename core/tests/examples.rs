//! Every `examples/*.json` validates, runs to its horizon without panicking, and shows what its
//! name says (docs/scenario.md explains each one).

mod common;

use common::{all_examples, example, policy_of, run_minutes, sim, Tracker};
use scaleout_core::alarm::AlarmState;
use scaleout_core::instance::LifecycleState;
use scaleout_core::scenario::{LifecycleTransition, PolicyKind};
use scaleout_core::time::{MS_PER_HOUR, MS_PER_MIN};
use scaleout_core::trace::Sample;
use scaleout_core::validate::validate;
use scaleout_core::{Output, SimTime};

const EXPECTED: [&str; 5] = [
    "memory-alarm.json",
    "scheduled.json",
    "simple-scaling.json",
    "step-scaling.json",
    "target-tracking.json",
];

fn hours(h: u64) -> SimTime {
    SimTime(h * MS_PER_HOUR)
}

/// The sample recorded at minute `t` (samples are per minute, the first at 00:01).
fn sample_at(samples: &[Sample], t: SimTime) -> &Sample {
    samples
        .iter()
        .find(|s| s.t == t)
        .unwrap_or_else(|| panic!("no sample at {}", t.clock()))
}

/// Alarm-triggered desired-capacity changes, deduplicated per decision: (time, policy, from, to).
fn policy_changes(outputs: &[Output]) -> Vec<(SimTime, String, u32, u32)> {
    let mut v: Vec<(SimTime, String, u32, u32)> = Vec::new();
    for o in outputs {
        if let Output::Activity(a) = o {
            let (Some(p), Some((from, to))) = (policy_of(a), common::desired_change_of(a)) else {
                continue;
            };
            let entry = (a.start, p.to_string(), from, to);
            if !v.contains(&entry) {
                v.push(entry);
            }
        }
    }
    v
}

#[test]
fn the_five_documented_examples_exist() {
    let names: Vec<String> = all_examples().into_iter().map(|(n, _)| n).collect();
    for e in EXPECTED {
        assert!(
            names.iter().any(|n| n == e),
            "examples/{e} is missing; found {names:?}"
        );
    }
}

#[test]
fn every_example_validates_and_runs_to_its_horizon() {
    for (name, s) in all_examples() {
        assert_eq!(validate(&s), vec![], "{name} should be valid");
        assert!(!s.name.is_empty(), "{name} needs a descriptive name");
        let horizon = SimTime::from_secs(s.horizon_s);
        // A Fargate example has an empty group (no EC2 capacity at all).
        let launches = s.group.desired_capacity.unwrap_or(s.group.min_size) > 0;
        let mut sim = sim(s);
        let outputs = run_minutes(&mut sim, horizon);
        assert_eq!(sim.now(), horizon, "{name}");
        assert_eq!(
            sim.samples().len() as u64,
            horizon.ms() / MS_PER_MIN,
            "{name}: one sample per minute"
        );
        for smp in sim.samples() {
            assert!(
                smp.min_size <= smp.desired && smp.desired <= smp.max_size,
                "{name} at {}: desired {} outside [{}, {}]",
                smp.t.clock(),
                smp.desired,
                smp.min_size,
                smp.max_size
            );
        }
        assert!(
            !launches || outputs.iter().any(|o| matches!(o, Output::Activity(_))),
            "{name}: at least the group's creation launches instances"
        );
        // The overload example's SetDesiredCapacity above MaxSize is rejected on purpose (A2.2).
        let rejected = outputs
            .iter()
            .filter(|o| matches!(o, Output::ActionRejected { .. }))
            .count();
        let expected = usize::from(name == "overload-at-max-size.json");
        assert_eq!(rejected, expected, "{name}: rejected actions");
    }
}

/// Target tracking: scales out for the afternoon peak, scales back in at night; AlarmHigh
/// drives the scale-out and AlarmLow the scale-in (A3.4.2).
#[test]
fn target_tracking_follows_the_daily_wave() {
    let s = example("target-tracking.json");
    assert!(
        matches!(s.policies[0].kind, PolicyKind::TargetTrackingScaling { target_value, .. } if target_value == 50.0)
    );
    let mut sim = sim(s);
    let outputs = run_minutes(&mut sim, hours(24));
    let samples = sim.samples();
    let night = sample_at(samples, hours(3)).desired;
    let peak = sample_at(samples, hours(15)).desired;
    let late = sample_at(samples, hours(24)).desired;
    assert_eq!(night, 2, "night load fits the minimum");
    assert!(
        peak >= 8,
        "the 14:00 peak needs about 10 instances at 50% CPU, got {peak}"
    );
    assert!(late < peak, "scaled back in by midnight: {late} vs {peak}");
    let changes = policy_changes(&outputs);
    assert!(changes
        .iter()
        .any(|(_, p, f, t)| p == "cpu50-target-tracking" && t > f));
    assert!(changes
        .iter()
        .any(|(_, p, f, t)| p == "cpu50-target-tracking" && t < f));
    let causes: Vec<&str> = outputs
        .iter()
        .filter_map(|o| match o {
            Output::Activity(a) => Some(a.cause.as_str()),
            _ => None,
        })
        .collect();
    assert!(causes
        .iter()
        .any(|c| c.contains("a monitor alarm TargetTracking-web-asg-AlarmHigh-")));
    assert!(causes
        .iter()
        .any(|c| c.contains("a monitor alarm TargetTracking-web-asg-AlarmLow-")));
    // While the peak is on, average CPU stays near the target (the alarm pair's dead band).
    let afternoon: Vec<f64> = samples
        .iter()
        .filter(|s| s.t >= hours(12) && s.t < hours(16))
        .filter_map(|s| s.avg_cpu)
        .collect();
    let mean = afternoon.iter().sum::<f64>() / afternoon.len() as f64;
    assert!(
        (35.0..=55.0).contains(&mean),
        "afternoon mean CPU {mean:.1}"
    );
}

/// Step scaling: nothing happens before the spike; it scales out during the spike and back in
/// after it (A3.3).
#[test]
fn step_scaling_scales_out_during_the_spike_and_back_in_after() {
    let s = example("step-scaling.json");
    let initial = s.group.desired_capacity.unwrap_or(s.group.min_size);
    let mut sim = sim(s);
    let outputs = run_minutes(&mut sim, hours(4));
    let samples = sim.samples();
    assert_eq!(
        sample_at(samples, SimTime::from_mins(59)).desired,
        initial,
        "quiet before the spike"
    );
    let spike_max = samples
        .iter()
        .filter(|s| s.t >= hours(1) && s.t <= hours(2))
        .map(|s| s.desired)
        .max()
        .unwrap_or(0);
    assert!(
        spike_max >= 10,
        "900 rps needs 10+ instances, got {spike_max}"
    );
    assert!(
        sample_at(samples, hours(4)).desired <= 4,
        "back in after the spike"
    );
    let changes = policy_changes(&outputs);
    let outs = changes
        .iter()
        .filter(|(t, _, f, to)| *t >= hours(1) && *t < hours(2) && to > f)
        .count();
    let ins = changes
        .iter()
        .filter(|(t, _, f, to)| *t >= hours(2) && to < f)
        .count();
    assert!(
        outs >= 3,
        "several scale-outs during the spike: {changes:?}"
    );
    assert!(ins >= 2, "several scale-ins after it: {changes:?}");
    // The first scale-out waits for 3 breaching datapoints (A4.4): the spike starts at 01:00,
    // so the minutes ending 01:01, 01:02 and 01:03 breach and the alarm fires at 01:03.
    let first_out = changes
        .iter()
        .find(|(t, _, f, to)| *t >= hours(1) && to > f)
        .map(|c| c.0);
    assert_eq!(first_out, Some(SimTime::from_mins(63)));
}

/// Simple scaling: every scale-out adds exactly 2 and every scale-in removes exactly 1, and
/// decisions of one policy are at least its cooldown apart (A3.2.1).
#[test]
fn simple_scaling_respects_its_cooldowns() {
    let s = example("simple-scaling.json");
    let mut sim = sim(s);
    let outputs = run_minutes(&mut sim, hours(6));
    let changes = policy_changes(&outputs);
    assert!(changes.len() >= 6, "{changes:?}");
    for (name, step, cooldown_s) in [("scale-out-by-2", 2i64, 300u64), ("scale-in-by-1", -1, 600)] {
        let mine: Vec<&(SimTime, String, u32, u32)> =
            changes.iter().filter(|c| c.1 == name).collect();
        assert!(mine.len() >= 2, "{name}: {changes:?}");
        for c in &mine {
            let clamped = (i64::from(c.2) + step).clamp(2, 10);
            assert_eq!(i64::from(c.3), clamped, "{name}: {c:?}");
        }
        for w in mine.windows(2) {
            assert!(
                w[1].0.since(w[0].0) >= cooldown_s * 1000,
                "{name}: {} and {} are closer than the cooldown",
                w[0].0.clock(),
                w[1].0.clock()
            );
        }
    }
    let samples = sim.samples();
    assert_eq!(
        sample_at(samples, hours(2)).desired,
        10,
        "scaled out to max under 650 rps"
    );
    assert!(
        sample_at(samples, hours(6)).desired <= 6,
        "scaled back in after 03:00"
    );
}

/// Memory alarm: the CloudWatch agent's metric (A4.10) climbs with the leak until the alarm
/// fires and the step policy launches an instance.
#[test]
fn memory_alarm_fires_and_scales_out() {
    let s = example("memory-alarm.json");
    assert!(s.assumptions.mem_leak_pct_per_hour > 0.0);
    let alarm = s.alarms[0].name.clone();
    let mut sim = sim(s);
    let outputs = run_minutes(&mut sim, hours(24));
    let fired = outputs.iter().find_map(|o| match o {
        Output::AlarmStateChanged {
            t,
            alarm: a,
            to: AlarmState::Alarm,
            ..
        } if *a == alarm => Some(*t),
        _ => None,
    });
    let fired = fired.expect("the memory alarm fires");
    assert!(
        fired > hours(2),
        "the leak takes hours, fired at {}",
        fired.clock()
    );
    let changes = policy_changes(&outputs);
    assert!(changes
        .iter()
        .any(|(t, p, f, to)| *t >= fired && p == "mem-step-out" && to > f));
    let cause = outputs.iter().find_map(|o| match o {
        Output::Activity(a) if a.cause.contains(&alarm) => Some(a.cause.clone()),
        _ => None,
    });
    assert!(cause.is_some_and(|c| c.contains(&format!(
        "a monitor alarm {alarm} in state ALARM triggered policy mem-step-out"
    ))));
    let mem_first = sim.samples().iter().find_map(|s| s.avg_mem).unwrap_or(0.0);
    let mem_max = sim
        .samples()
        .iter()
        .filter_map(|s| s.avg_mem)
        .fold(0.0, f64::max);
    assert!(
        mem_max >= 75.0 && mem_first < 60.0,
        "memory {mem_first:.1} -> max {mem_max:.1}"
    );
}

/// Scheduled actions: on weekdays min and desired are 4 during office hours (A3.6), and every
/// launched instance waits for its launch lifecycle hook before InService (A6.4).
#[test]
fn scheduled_actions_hold_office_hours_capacity() {
    let s = example("scheduled.json");
    let hook = s
        .group
        .lifecycle_hooks
        .iter()
        .find(|h| h.transition == LifecycleTransition::Launching)
        .cloned()
        .expect("a launch hook");
    let handler_ms = u64::from(hook.handler_completes_after_s.unwrap_or(0)) * 1000;
    let mut sim = sim(s);
    let outputs = run_minutes(&mut sim, SimTime::from_secs(7 * 86_400));
    let samples = sim.samples();
    // Time 0 is Monday 2026-01-05 00:00 UTC.
    let monday_10 = sample_at(samples, hours(10));
    assert_eq!(monday_10.min_size, 4, "09:00 Monday raised min");
    assert!(
        monday_10.desired >= 4,
        "desired {} below the scheduled min",
        monday_10.desired
    );
    assert!(monday_10.in_service >= 4);
    assert_eq!(
        sample_at(samples, SimTime::from_mins(8 * 60 + 59)).min_size,
        1,
        "before 09:00"
    );
    assert_eq!(
        sample_at(samples, hours(19)).min_size,
        1,
        "18:00 lowered min"
    );
    for day in 0..5 {
        assert_eq!(
            sample_at(samples, hours(24 * day + 12)).min_size,
            4,
            "weekday {day} noon"
        );
    }
    for day in 5..7 {
        assert_eq!(
            sample_at(samples, hours(24 * day + 12)).min_size,
            1,
            "weekend day {day} noon"
        );
    }
    // Every instance went Pending -> Pending:Wait -> (handler) -> InService.
    let mut tr = Tracker::default();
    for o in &outputs {
        tr.feed(o);
    }
    assert!(tr.in_service_at.len() >= 4);
    for (id, t_in) in &tr.in_service_at {
        let wait = tr
            .pending_wait_at
            .get(id)
            .unwrap_or_else(|| panic!("{id} skipped Pending:Wait"));
        assert!(
            t_in.since(*wait) >= handler_ms,
            "{id} left Pending:Wait early"
        );
    }
    let proceeds = outputs
        .iter()
        .filter(|o| {
            matches!(
                o,
                Output::InstanceStateChanged {
                    to: LifecycleState::PendingProceed,
                    ..
                }
            )
        })
        .count();
    assert_eq!(proceeds, tr.in_service_at.len());
}

/// The scenario format documents `DailyWave.peak_hour` as a UTC hour (scenario.rs), like cron
/// expressions: a run starting Monday 08:00 UTC with `peak_hour` 14 peaks 6 hours in.
// Regression test (fixed): `load::pattern_rps` computes the hour from simulated seconds since the start and never
// sees `start_unix_s`, so the peak comes 14 hours after the start (22:00 UTC here). Every
// example starts at midnight, where the two agree.
#[test]
fn load_daily_wave_peak_hour_is_utc() {
    let mut s = example("target-tracking.json");
    s.start_unix_s = scaleout_core::scenario::DEFAULT_START_UNIX_S + 8 * 3600;
    s.load.noise_pct = 0.0;
    s.load.pattern = scaleout_core::scenario::LoadPattern::DailyWave {
        min_rps: 100.0,
        max_rps: 500.0,
        peak_hour: 14.0,
    };
    let mut sim = sim(s);
    sim.advance_to(hours(6)); // 14:00 UTC
    assert!(
        (sim.current_load() - 500.0).abs() < 1e-6,
        "load at 14:00 UTC: {}",
        sim.current_load()
    );
    sim.advance_to(hours(18)); // 02:00 UTC
    assert!(
        (sim.current_load() - 100.0).abs() < 1e-6,
        "load at 02:00 UTC: {}",
        sim.current_load()
    );
}
