//! Prints how long the simulator takes on the two reference workloads of issue 3. A benchmark,
//! not a test: it asserts nothing about time. Run with `cargo bench -p scaleout-core --bench sim`.
//!
//! (a) 24 h of a 100-instance group with target tracking under a noisy daily wave.
//! (b) 7 days of a 10,000-instance group.

use std::time::Instant;

use scaleout_core::scenario::{InstanceType, LoadPattern, LoadSpec};
use scaleout_core::{Scenario, Sim, SimTime};

fn scenario(instances: u32, min_rps: f64, max_rps: f64) -> Scenario {
    let mut s = Scenario::demo();
    s.instance_types = vec![InstanceType::default()];
    s.group.min_size = instances / 2;
    s.group.max_size = instances * 2;
    s.group.desired_capacity = Some(instances);
    s.load = LoadSpec {
        pattern: LoadPattern::DailyWave {
            min_rps,
            max_rps,
            peak_hour: 14.0,
        },
        noise_pct: 10.0,
    };
    s
}

fn run(label: &str, s: Scenario, horizon: SimTime, repeats: u32) {
    let mut best = f64::MAX;
    let mut samples = 0;
    let mut outputs = 0usize;
    let mut peak = 0usize;
    for _ in 0..repeats {
        let start = Instant::now();
        let mut sim = match Sim::new(s.clone()) {
            Ok(sim) => sim,
            Err(p) => {
                eprintln!("{label}: invalid scenario: {p:?}");
                return;
            }
        };
        // Advance hour by hour, draining outputs as a caller would.
        let mut t = SimTime::ZERO;
        outputs = 0;
        peak = 0;
        while t < horizon {
            t = t.plus_ms(3_600_000).min(horizon);
            sim.advance_to(t);
            while sim.poll_output().is_some() {
                outputs += 1;
            }
            peak = peak.max(sim.instances().len());
        }
        samples = sim.samples().len();
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "{label}: best of {repeats}: {:.1} ms ({samples} samples, {outputs} outputs, peak {peak} instances)",
        best * 1000.0
    );
}

fn main() {
    // 100 instances at ~50% CPU on average: 100 rps capacity each.
    run(
        "(a) 24 h, 100 instances, target tracking, noisy daily wave",
        scenario(100, 2_000.0, 8_000.0),
        SimTime::from_secs(86_400),
        5,
    );
    run(
        "(b) 7 days, 10,000 instances",
        scenario(10_000, 300_000.0, 700_000.0),
        SimTime::from_secs(7 * 86_400),
        1,
    );
}
