//! CloudWatch datapoints for the group's aggregated metrics (A4.9 to A4.11).
//!
//! Each minute, every instance that counts (InService, running, past the default instance
//! warm-up, A2.10) publishes its samples: every minute with detailed monitoring, every fifth
//! minute (the five-minute mean) with basic monitoring (A4.9), and every minute for the
//! CloudWatch agent's memory and disk metrics (A4.10). The store keeps one aggregate per metric
//! per minute in a fixed ring, so memory does not grow with simulated time.

use crate::alarm::StatAccumulator;
#[cfg(test)]
use crate::alarm::Statistic;
use crate::scenario::MetricName;

/// One minute's (or one span's) samples: count, sum, min and max answer every statistic.
pub type Agg = StatAccumulator;

/// A4.2: `EvaluationPeriods x Period <= 1 day`, plus the evaluation range beyond N.
pub const RING_MINUTES: usize = 1440 + 120;

/// One aggregate per metric per minute, for the last `RING_MINUTES` minutes.
pub struct MetricStore {
    /// `slots[metric][minute % RING]` = (minute, aggregate).
    slots: Vec<Vec<(u64, Agg)>>,
}

impl Default for MetricStore {
    fn default() -> Self {
        MetricStore {
            slots: vec![vec![(u64::MAX, Agg::default()); RING_MINUTES]; MetricName::ALL.len()],
        }
    }
}

impl MetricStore {
    pub fn record(&mut self, metric: MetricName, minute: u64, value: f64) {
        let mut one = Agg::default();
        one.add(value);
        self.record_agg(metric, minute, &one);
    }

    /// Adds many samples at once (the whole group's, gathered in one pass).
    pub fn record_agg(&mut self, metric: MetricName, minute: u64, agg: &Agg) {
        let slot = &mut self.slots[metric.index()][(minute % RING_MINUTES as u64) as usize];
        if slot.0 != minute {
            *slot = (minute, Agg::default());
        }
        slot.1.merge(agg);
    }

    pub fn minute(&self, metric: MetricName, minute: u64) -> Agg {
        let slot = &self.slots[metric.index()][(minute % RING_MINUTES as u64) as usize];
        if slot.0 == minute {
            slot.1
        } else {
            Agg::default()
        }
    }

    /// The aggregate over minutes `[end_minute - period_minutes, end_minute)`.
    pub fn span(&self, metric: MetricName, end_minute: u64, period_minutes: u64) -> Agg {
        let mut agg = Agg::default();
        let start = end_minute.saturating_sub(period_minutes);
        for m in start..end_minute {
            agg.merge(&self.minute(metric, m));
        }
        agg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a4_11_group_average_of_60_and_40_is_50() {
        let mut s = MetricStore::default();
        s.record(MetricName::CPUUtilization, 3, 60.0);
        s.record(MetricName::CPUUtilization, 3, 40.0);
        let agg = s.span(MetricName::CPUUtilization, 4, 1);
        assert_eq!(agg.value(Statistic::Average), Some(50.0));
        assert_eq!(agg.value(Statistic::Maximum), Some(60.0));
        assert_eq!(agg.value(Statistic::SampleCount), Some(2.0));
    }

    #[test]
    fn missing_minutes_are_missing() {
        let mut s = MetricStore::default();
        s.record(MetricName::CPUUtilization, 5, 10.0);
        assert_eq!(
            s.span(MetricName::CPUUtilization, 5, 1)
                .value(Statistic::Average),
            None
        );
        // The ring forgets old minutes instead of returning stale values.
        assert_eq!(
            s.span(MetricName::CPUUtilization, 6 + RING_MINUTES as u64, 1)
                .value(Statistic::Average),
            None
        );
    }
}
