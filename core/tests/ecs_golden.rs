//! Golden traces of the ECS examples (insta snapshots, reviewed by a person): every ECS output
//! in the runner's text form (task state changes, service events, rollout states, CodeDeploy
//! lifecycle events and traffic shifts), the group's activities, alarm transitions and policy
//! decisions, and an ECS sample line every 5 minutes.
//!
//! Review a changed snapshot against `docs/rules/ecs.md` (C1 bounds, C2 threshold and
//! rollback, C3 hook order and shift timing, capacity provider reservation): `cargo insta
//! review`, or `INSTA_UPDATE=always` then `git diff`.

mod common;

use common::{drain, example, sim};
use scaleout_core::time::MS_PER_MIN;
use scaleout_core::{Output, SimTime};

fn ecs_trace(file: &str, until_min: u64) -> String {
    let mut sim = sim(example(file));
    let mut out = format!("scenario: {}\n", sim.scenario().name);
    let mut t = SimTime::ZERO;
    let until = SimTime(until_min * MS_PER_MIN);
    let mut printed = 0;
    loop {
        for o in drain(&mut sim) {
            let line = match &o {
                Output::Ecs(e) => format!("{} {}", e.time().clock(), e.text()),
                Output::Activity(a) => format!("{} ACTIVITY {}", a.start.clock(), a.description),
                Output::AlarmStateChanged {
                    t, alarm, from, to, ..
                } => format!(
                    "{} ALARM {} {} -> {}",
                    t.clock(),
                    alarm.split('-').take(4).collect::<Vec<_>>().join("-"),
                    from.as_str(),
                    to.as_str()
                ),
                Output::PolicyDecision { t, decision, .. } => {
                    format!(
                        "{} POLICY [{}] {}",
                        t.clock(),
                        decision.target,
                        decision.text()
                    )
                }
                _ => continue,
            };
            out.push_str(&line);
            out.push('\n');
        }
        let samples = sim.ecs_samples();
        for s in &samples[printed..] {
            if (s.minute + 1) % 5 == 0 {
                out.push_str(&format!(
                    "{:02}:{:02}{}\n",
                    (s.minute + 1) / 60,
                    (s.minute + 1) % 60,
                    s.text_row()
                ));
            }
        }
        printed = samples.len();
        if t >= until {
            break;
        }
        t = t.plus_ms(MS_PER_MIN).min(until);
        sim.advance_to(t);
    }
    out
}

/// C1 with capacity providers: the deploy's extra tasks wait in PROVISIONING, the reservation
/// goes to 200 %, the group scales out, the old tasks drain from the target group.
#[test]
fn golden_ecs_rolling_deploy() {
    insta::assert_snapshot!(
        "ecs_rolling_deploy",
        ecs_trace("ecs-rolling-deploy.json", 70)
    );
}

/// C2: ten tasks fail to pull their image, the breaker fails the deployment and rolls back.
#[test]
fn golden_ecs_circuit_breaker() {
    insta::assert_snapshot!(
        "ecs_circuit_breaker",
        ecs_trace("ecs-circuit-breaker.json", 20)
    );
}

/// C3: hooks in order, 10 % then 100 % after 5 minutes, a scaling event during the shift,
/// the original task set drained after the 10-minute wait.
#[test]
fn golden_ecs_blue_green_canary() {
    insta::assert_snapshot!(
        "ecs_blue_green_canary",
        ecs_trace("ecs-blue-green-canary.json", 35)
    );
}

/// Two levels: the service's desired count rises during a spike, the new tasks wait in
/// PROVISIONING, the reservation passes 100 %, managed scaling adds instances, the tasks are
/// placed; after the spike the service shrinks and the empty instances go.
#[test]
fn golden_ecs_two_level_scaling() {
    insta::assert_snapshot!(
        "ecs_two_level_scaling",
        ecs_trace("ecs-two-level-scaling.json", 150)
    );
}
