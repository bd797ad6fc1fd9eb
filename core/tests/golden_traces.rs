//! Golden traces of the five examples (insta snapshots, reviewed by a person). Each trace is a
//! compact text rendering (see `common::compact_trace`): a sample line every 5 minutes plus
//! every activity (with its AZ and trigger), unsuccessful activity end, alarm transition and
//! policy decision. Horizons are cut so each snapshot stays around 300 lines.
//!
//! Review a changed snapshot against the rules in docs/rules/ (`cargo insta review`, or
//! `INSTA_UPDATE=always` then `git diff`): alarm M-of-N timing, cooldowns, warm-up blocking
//! scale-in, AZ balance, termination choices.

mod common;

use common::{compact_trace, example, TraceOptions};
use scaleout_core::SimTime;

fn hours(h: u64) -> SimTime {
    SimTime::from_secs(h * 3600)
}

/// 50% CPU target tracking under the daily wave: AlarmHigh 3-of-3 scale-outs through the
/// morning, AlarmLow 15-of-15 scale-ins in the evening.
#[test]
fn golden_target_tracking() {
    let trace = compact_trace(
        example("target-tracking.json"),
        hours(24),
        &TraceOptions {
            samples_from: hours(4),
            every_min: 5,
            ..TraceOptions::default()
        },
    );
    insta::assert_snapshot!("target_tracking", trace);
}

/// The G1 step policy on the one-hour spike.
#[test]
fn golden_step_scaling() {
    let trace = compact_trace(
        example("step-scaling.json"),
        hours(3),
        &TraceOptions::default(),
    );
    insta::assert_snapshot!("step_scaling", trace);
}

/// Simple policies with their cooldowns.
#[test]
fn golden_simple_scaling() {
    let trace = compact_trace(
        example("simple-scaling.json"),
        hours(5),
        &TraceOptions::default(),
    );
    insta::assert_snapshot!("simple_scaling", trace);
}

/// The memory leak driving the CWAgent alarm.
#[test]
fn golden_memory_alarm() {
    let trace = compact_trace(
        example("memory-alarm.json"),
        hours(22),
        &TraceOptions {
            every_min: 10,
            ..TraceOptions::default()
        },
    );
    insta::assert_snapshot!("memory_alarm", trace);
}

/// Monday's office hours with the launch lifecycle hook (lifecycle states shown).
#[test]
fn golden_scheduled() {
    let trace = compact_trace(
        example("scheduled.json"),
        hours(20),
        &TraceOptions {
            samples_from: hours(8),
            every_min: 5,
            states: true,
        },
    );
    insta::assert_snapshot!("scheduled", trace);
}
