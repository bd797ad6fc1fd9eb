//! The run summary: the totals a person compares between two configurations (docs/trace.md,
//! "Run summary"). Where AWS is silent the model is stated here and in the docs:
//!
//! - **Latency** [MODEL]: each serving instance is an M/M/1 queue. With utilisation
//!   `rho = load / capacity` (capped at 0.98, so an overloaded minute stays finite) and the
//!   unloaded latency `assumptions.base_latency_ms` as the mean service time `S`, a request's
//!   time in the system is exponential with mean `S / (1 - rho)` (this is `Sample::latency_ms`).
//!   The run's p50 and p95 are the quantiles of the mixture of those exponentials, one per
//!   minute, weighted by the requests served that minute. Dropped requests have no latency;
//!   they are counted apart.
//! - **Under-provisioned minute**: the offered load exceeded the serving capacity (some requests
//!   were dropped).
//! - **At MaxSize while overloaded**: an under-provisioned minute in which desired capacity was
//!   already at MaxSize, so no policy could add capacity (A2.4).
//! - **Instance-hours and cost** [MODEL]: every instance that exists at a minute's end (any
//!   lifecycle state but `Terminated`, including blue/green replacement and retired instances)
//!   is billed that whole minute at its type's `price_per_hour` (EC2 bills Linux instances per
//!   second while running; a minute is this simulator's resolution). The prices are the
//!   scenario's `instance_types[].price_per_hour`, editable; [`ON_DEMAND_PRICES`] lists the
//!   list prices the shipped types use.

use serde::{Deserialize, Serialize};

use crate::trace::Sample;

/// Where [`ON_DEMAND_PRICES`] come from, and when they were read.
pub const PRICES_SOURCE: &str = "AWS EC2 On-Demand pricing (https://aws.amazon.com/ec2/pricing/on-demand/), US East (N. Virginia), Linux, USD per hour, as listed in April 2026";

/// On-demand list prices of common types (see [`PRICES_SOURCE`]). A scenario's instance types
/// carry their own `price_per_hour`; the defaults use these figures.
pub const ON_DEMAND_PRICES: [(&str, f64); 6] = [
    ("t3.micro", 0.0104),
    ("t3.small", 0.0208),
    ("t3.medium", 0.0416),
    ("t3.large", 0.0832),
    ("m5.large", 0.096),
    ("c5.large", 0.085),
];

/// Running totals, updated once per simulated minute.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunTotals {
    pub minutes: u64,
    pub under_provisioned_minutes: u64,
    pub at_max_overloaded_minutes: u64,
    /// Instance-minutes per instance type, in order of first use.
    pub instance_minutes: Vec<(String, u64)>,
}

impl RunTotals {
    /// Adds one minute: its sample and the instances billed in it, as (instance type, how
    /// many) in order of first appearance in the fleet.
    pub fn add_minute<'a>(&mut self, s: &Sample, billed: impl Iterator<Item = (&'a str, u64)>) {
        self.minutes += 1;
        if s.dropped_rps > 0.0 {
            self.under_provisioned_minutes += 1;
            if s.desired >= s.max_size {
                self.at_max_overloaded_minutes += 1;
            }
        }
        for (t, count) in billed {
            // A run has a handful of types: a linear search beats a map here.
            match self.instance_minutes.iter_mut().find(|(n, _)| n == t) {
                Some((_, m)) => *m += count,
                None => self.instance_minutes.push((t.to_string(), count)),
            }
        }
    }
}

/// What a run came to (docs/trace.md defines every field).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    /// Simulated minutes summarised.
    pub minutes: u64,
    pub requests_offered: f64,
    pub requests_served: f64,
    pub requests_dropped: f64,
    /// Requests served with errors by instances whose application is broken (part of served).
    pub requests_errors: f64,
    /// Median latency of served requests (`None` when nothing was served).
    pub latency_p50_ms: Option<f64>,
    pub latency_p95_ms: Option<f64>,
    pub under_provisioned_minutes: u64,
    pub at_max_size_overloaded_minutes: u64,
    pub instance_hours: f64,
    /// (instance type, instance-hours, price per hour, cost in USD), in order of first use.
    pub by_instance_type: Vec<TypeCost>,
    pub estimated_cost_usd: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TypeCost {
    pub instance_type: String,
    pub instance_hours: f64,
    pub price_per_hour: f64,
    pub cost_usd: f64,
}

/// Builds the summary from the totals, the samples and the scenario's price table.
pub fn summarise(
    totals: &RunTotals,
    samples: &[Sample],
    price_of: impl Fn(&str) -> f64,
) -> RunSummary {
    let mut offered = 0.0;
    let mut served = 0.0;
    let mut dropped = 0.0;
    let mut errors = 0.0;
    for s in samples {
        offered += s.load_rps * 60.0;
        served += s.served_rps * 60.0;
        dropped += s.dropped_rps * 60.0;
        errors += s.errors_rps * 60.0;
    }
    let by_instance_type: Vec<TypeCost> = totals
        .instance_minutes
        .iter()
        .map(|(t, m)| {
            let hours = *m as f64 / 60.0;
            let price = price_of(t);
            TypeCost {
                instance_type: t.clone(),
                instance_hours: hours,
                price_per_hour: price,
                cost_usd: hours * price,
            }
        })
        .collect();
    RunSummary {
        minutes: totals.minutes,
        requests_offered: offered,
        requests_served: served,
        requests_dropped: dropped,
        requests_errors: errors,
        latency_p50_ms: latency_quantile(samples, 0.50),
        latency_p95_ms: latency_quantile(samples, 0.95),
        under_provisioned_minutes: totals.under_provisioned_minutes,
        at_max_size_overloaded_minutes: totals.at_max_overloaded_minutes,
        // Folded from +0.0: an empty `sum()` of floats is -0.0, which prints as "-0.00".
        instance_hours: by_instance_type
            .iter()
            .fold(0.0, |sum, c| sum + c.instance_hours),
        estimated_cost_usd: by_instance_type.iter().fold(0.0, |sum, c| sum + c.cost_usd),
        by_instance_type,
    }
}

/// The `q` quantile of served requests' latency: each minute contributes an exponential with
/// mean `latency_ms`, weighted by the requests it served (see the module docs). Bisection on
/// the mixture's distribution function, a fixed number of steps (deterministic, bounded).
pub fn latency_quantile(samples: &[Sample], q: f64) -> Option<f64> {
    let parts: Vec<(f64, f64)> = samples
        .iter()
        .filter(|s| s.served_rps > 0.0 && s.latency_ms.is_finite() && s.latency_ms > 0.0)
        .map(|s| (s.served_rps, s.latency_ms))
        .collect();
    let total: f64 = parts.iter().map(|(w, _)| w).sum();
    if parts.is_empty() || total.is_nan() || total <= 0.0 || !(0.0..1.0).contains(&q) {
        return None;
    }
    // An exponential's q quantile is mean x ln(1 / (1 - q)); the mixture's lies between the
    // smallest and the largest component's.
    let k = (1.0 / (1.0 - q)).ln();
    let (mut lo, mut hi) = parts.iter().fold((f64::MAX, 0.0f64), |(lo, hi), (_, m)| {
        (lo.min(m * k), hi.max(m * k))
    });
    for _ in 0..64 {
        let mid = (lo + hi) / 2.0;
        let cdf: f64 = parts
            .iter()
            .map(|(w, m)| w * (1.0 - (-mid / m).exp()))
            .sum::<f64>()
            / total;
        if cdf < q {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some((lo + hi) / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::SimTime;

    fn sample(served: f64, dropped: f64, latency: f64, desired: u32, max: u32) -> Sample {
        Sample {
            t: SimTime(60_000),
            desired,
            min_size: 1,
            max_size: max,
            pending: 0,
            pending_wait: 0,
            in_service: desired,
            terminating: 0,
            load_rps: served + dropped,
            served_rps: served,
            dropped_rps: dropped,
            capacity_rps: served,
            avg_cpu: None,
            avg_mem: None,
            avg_disk: None,
            latency_ms: latency,
            errors_rps: 0.0,
            revisions: Vec::new(),
            alarms: Vec::new(),
            groups: Vec::new(),
            kubernetes: None,
        }
    }

    #[test]
    fn one_minute_quantiles_are_the_exponentials() {
        let s = [sample(10.0, 0.0, 100.0, 2, 4)];
        let p50 = latency_quantile(&s, 0.5).unwrap_or_default();
        let p95 = latency_quantile(&s, 0.95).unwrap_or_default();
        assert!((p50 - 100.0 * 2f64.ln()).abs() < 1e-6, "{p50}");
        assert!((p95 - 100.0 * 20f64.ln()).abs() < 1e-6, "{p95}");
    }

    #[test]
    fn quantiles_weight_minutes_by_requests_served() {
        // 99% of requests at 40 ms mean, 1% at 2000 ms: the median stays near the fast minutes.
        let s = [
            sample(990.0, 0.0, 40.0, 2, 4),
            sample(10.0, 0.0, 2000.0, 2, 4),
        ];
        let p50 = latency_quantile(&s, 0.5).unwrap_or_default();
        assert!(p50 > 27.0 && p50 < 30.0, "{p50}");
        assert_eq!(latency_quantile(&[], 0.5), None);
    }

    #[test]
    fn overload_minutes_and_cost() {
        let mut t = RunTotals::default();
        t.add_minute(
            &sample(100.0, 0.0, 40.0, 2, 4),
            [("t3.medium", 2)].into_iter(),
        );
        t.add_minute(
            &sample(100.0, 50.0, 40.0, 3, 4),
            [("t3.medium", 3)].into_iter(),
        );
        t.add_minute(
            &sample(100.0, 50.0, 40.0, 4, 4),
            [("t3.medium", 4)].into_iter(),
        );
        let s = summarise(&t, &[], |_| 0.0416);
        assert_eq!(s.under_provisioned_minutes, 2);
        assert_eq!(s.at_max_size_overloaded_minutes, 1);
        assert!((s.instance_hours - 9.0 / 60.0).abs() < 1e-12);
        assert!((s.estimated_cost_usd - 9.0 / 60.0 * 0.0416).abs() < 1e-12);
    }

    #[test]
    fn an_empty_group_costs_zero_not_minus_zero() {
        let mut t = RunTotals::default();
        t.add_minute(&sample(100.0, 100.0, 40.0, 0, 0), std::iter::empty());
        let s = summarise(&t, &[], |_| 0.0416);
        assert_eq!(
            format!("{:.2} {:.4}", s.instance_hours, s.estimated_cost_usd),
            "0.00 0.0000"
        );
    }

    #[test]
    fn the_default_type_uses_the_listed_price() {
        let t = crate::scenario::InstanceType::default();
        assert!(ON_DEMAND_PRICES.contains(&(t.name.as_str(), t.price_per_hour)));
    }
}
