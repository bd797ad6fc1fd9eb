//! Incoming traffic: the scenario's load pattern, seeded noise, and the live override from the
//! page's slider. Load is a pure function of time (plus the override), so sampling it more or
//! less often never changes a run.

use crate::rng::Keyed;
use crate::scenario::{LoadPattern, LoadSpec};
use crate::time::{SimTime, MS_PER_MIN};

/// The spec ready for lookups: `Steps` sorted by time, stably, so of two steps at the same time
/// the one listed later still wins (as a scan for the latest step at or before `t` picks it).
/// The simulator normalises once at start; [`pattern_rps`] then finds a step by binary search.
pub fn normalized(spec: &LoadSpec) -> LoadSpec {
    let mut spec = spec.clone();
    if let LoadPattern::Steps { steps } = &mut spec.pattern {
        crate::sort::sort_by_key(steps, |st| st.at_s);
    }
    spec
}

/// Requests per second the pattern asks for at `t` (before noise), never negative.
/// `start_unix_s` places the run on the wall clock, so a daily wave peaks at its UTC hour.
/// `Steps` must be sorted by `at_s` ([`normalized`]).
pub fn pattern_rps(pattern: &LoadPattern, t: SimTime, start_unix_s: u64) -> f64 {
    let s = t.secs_f64();
    let v = match pattern {
        LoadPattern::Steady { rps } => *rps,
        LoadPattern::Ramp {
            from_rps,
            to_rps,
            start_s,
            duration_s,
        } => {
            let start = *start_s as f64;
            let dur = *duration_s as f64;
            if s <= start {
                *from_rps
            } else if dur <= 0.0 || s >= start + dur {
                *to_rps
            } else {
                from_rps + (to_rps - from_rps) * (s - start) / dur
            }
        }
        LoadPattern::Spike {
            base_rps,
            peak_rps,
            at_s,
            duration_s,
        } => {
            let at = *at_s as f64;
            if s >= at && s < at + *duration_s as f64 {
                *peak_rps
            } else {
                *base_rps
            }
        }
        LoadPattern::DailyWave {
            min_rps,
            max_rps,
            peak_hour,
        } => {
            let hour = (((start_unix_s % 86_400) as f64 + s) / 3600.0) % 24.0;
            let phase = (hour - peak_hour) / 24.0 * std::f64::consts::TAU;
            min_rps + (max_rps - min_rps) * (1.0 + phase.cos()) / 2.0
        }
        LoadPattern::Steps { steps } => {
            let after = steps.partition_point(|st| st.at_s as f64 <= s);
            after
                .checked_sub(1)
                .and_then(|i| steps.get(i))
                .map_or(0.0, |st| st.rps)
        }
    };
    if v.is_finite() {
        v.max(0.0)
    } else {
        0.0
    }
}

/// The offered load at `t`: the override if the user set one, else the pattern with noise.
/// Noise is constant within a minute and drawn from a stateless hash of (seed, minute).
pub fn offered_rps(
    spec: &LoadSpec,
    seed: u64,
    start_unix_s: u64,
    override_rps: Option<f64>,
    t: SimTime,
) -> f64 {
    if let Some(rps) = override_rps {
        return if rps.is_finite() { rps.max(0.0) } else { 0.0 };
    }
    let base = pattern_rps(&spec.pattern, t, start_unix_s);
    if spec.noise_pct <= 0.0 || !spec.noise_pct.is_finite() {
        return base;
    }
    let minute = t.ms() / MS_PER_MIN;
    let n = Keyed::LoadNoise.noise(seed, minute);
    (base * (1.0 + n * spec.noise_pct / 100.0)).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::LoadStep;

    #[test]
    fn ramp_interpolates() {
        let p = LoadPattern::Ramp {
            from_rps: 100.0,
            to_rps: 300.0,
            start_s: 60,
            duration_s: 100,
        };
        assert_eq!(pattern_rps(&p, SimTime::from_secs(0), 0), 100.0);
        assert_eq!(pattern_rps(&p, SimTime::from_secs(110), 0), 200.0);
        assert_eq!(pattern_rps(&p, SimTime::from_secs(1000), 0), 300.0);
    }

    #[test]
    fn daily_wave_peaks_at_peak_hour() {
        let p = LoadPattern::DailyWave {
            min_rps: 100.0,
            max_rps: 500.0,
            peak_hour: 14.0,
        };
        assert!((pattern_rps(&p, SimTime::from_secs(14 * 3600), 0) - 500.0).abs() < 1e-9);
        assert!((pattern_rps(&p, SimTime::from_secs(2 * 3600), 0) - 100.0).abs() < 1e-9);
    }

    #[test]
    fn daily_wave_peak_hour_is_utc() {
        let p = LoadPattern::DailyWave {
            min_rps: 100.0,
            max_rps: 500.0,
            peak_hour: 14.0,
        };
        // A run starting at 12:00 UTC peaks two hours in.
        assert!((pattern_rps(&p, SimTime::from_secs(2 * 3600), 12 * 3600) - 500.0).abs() < 1e-9);
    }

    #[test]
    fn steps_hold_until_next() {
        let p = LoadPattern::Steps {
            steps: vec![
                LoadStep { at_s: 0, rps: 10.0 },
                LoadStep {
                    at_s: 600,
                    rps: 50.0,
                },
            ],
        };
        assert_eq!(pattern_rps(&p, SimTime::from_secs(599), 0), 10.0);
        assert_eq!(pattern_rps(&p, SimTime::from_secs(600), 0), 50.0);
    }

    #[test]
    fn unsorted_steps_find_the_latest_step_like_a_scan() {
        let steps = vec![
            LoadStep {
                at_s: 600,
                rps: 50.0,
            },
            LoadStep { at_s: 0, rps: 10.0 },
            LoadStep {
                at_s: 300,
                rps: 30.0,
            },
            LoadStep {
                at_s: 300,
                rps: 35.0,
            },
        ];
        let spec = normalized(&LoadSpec {
            pattern: LoadPattern::Steps {
                steps: steps.clone(),
            },
            noise_pct: 0.0,
        });
        for sec in [0, 299, 300, 301, 599, 600, 10_000] {
            let scan = steps
                .iter()
                .filter(|st| st.at_s <= sec)
                .max_by_key(|st| st.at_s)
                .map_or(0.0, |st| st.rps);
            assert_eq!(
                pattern_rps(&spec.pattern, SimTime::from_secs(sec), 0),
                scan,
                "{sec}"
            );
        }
    }

    #[test]
    fn noise_is_repeatable_and_bounded() {
        let spec = LoadSpec {
            pattern: LoadPattern::Steady { rps: 100.0 },
            noise_pct: 10.0,
        };
        for m in 0..500 {
            let t = SimTime::from_mins(m);
            let a = offered_rps(&spec, 9, 0, None, t);
            assert_eq!(a, offered_rps(&spec, 9, 0, None, t.plus_ms(59_000)));
            assert!((90.0..=110.0).contains(&a));
        }
        assert_eq!(offered_rps(&spec, 9, 0, Some(-5.0), SimTime::ZERO), 0.0);
    }
}
