//! CloudWatch datapoints for the group's aggregated metrics (A4.9 to A4.11).
//!
//! Each minute, every instance that counts (InService, running, past the default instance
//! warm-up, A2.10) publishes its samples: every minute with detailed monitoring, every fifth
//! minute (the five-minute mean) with basic monitoring (A4.9), and every minute for the
//! CloudWatch agent's memory and disk metrics (A4.10). The store keeps one aggregate per metric
//! per minute in a fixed ring, so memory does not grow with simulated time.

#[cfg(test)]
use crate::alarm::Statistic;
use crate::alarm::{DatapointWindow, StatAccumulator};
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

/// A4.3: the datapoints of every alarm on one metric with one period: the aggregate of the
/// sliding window `[end - period, end)` for each evaluation minute `end`, kept for as many
/// periods as the alarms' evaluation range (A4.5) reaches back.
///
/// Re-summing `period` minutes every minute would cost O(period) per minute per alarm. Instead
/// the minutes are cut into blocks of `period` minutes: the window ending at `end` is a suffix of
/// the previous block (aggregated right to left once per block) joined with the prefix of the
/// current block (aggregated left to right as minutes arrive). That is O(1) amortised per
/// minute; alarms sharing a metric and a period share one series. For windows of one or two
/// minutes the result is bit for bit the left-to-right sum; longer windows group the
/// floating-point additions differently (the last bits may differ).
pub struct PeriodSeries {
    pub metric: MetricName,
    pub period_minutes: u64,
    /// `suffixes[i]` = minutes `[block - period + i, block)`, where `block` starts the current block.
    suffixes: Vec<Agg>,
    /// Minutes `[block, next_minute)`.
    prefix: Agg,
    /// The next minute [`PeriodSeries::push_minute`] expects.
    next_minute: u64,
    /// The window ending at each minute, by that minute (A4.3's sliding windows).
    history: DatapointWindow<Agg>,
}

impl PeriodSeries {
    /// A series whose windows are kept for `range` periods (the evaluation range, A4.5).
    pub fn new(metric: MetricName, period_minutes: u64, range: usize) -> PeriodSeries {
        let period = period_minutes.max(1);
        let len = (range.max(1) as u64 - 1) * period + 1;
        PeriodSeries {
            metric,
            period_minutes: period,
            suffixes: vec![Agg::default(); period as usize],
            prefix: Agg::default(),
            next_minute: 0,
            history: DatapointWindow::new(len as usize),
        }
    }

    /// Keeps windows for at least `range` periods.
    pub fn widen(&mut self, range: usize) {
        let len = (range.max(1) as u64 - 1) * self.period_minutes + 1;
        if len as usize > self.history.capacity() {
            // Only called while the series is built, before any minute was pushed.
            self.history = DatapointWindow::new(len as usize);
        }
    }

    /// Memory the series holds, in minute aggregates (for the work bound).
    pub fn slots(&self) -> usize {
        self.suffixes.len() + self.history.capacity()
    }

    /// Takes minute `minute` (already recorded in `store`) and stores the window ending at
    /// `minute + 1`. Returns the number of minute aggregates merged (work accounting).
    pub fn push_minute(&mut self, store: &MetricStore, minute: u64) -> u64 {
        let p = self.period_minutes;
        let mut work = 1;
        if minute != self.next_minute {
            // Not the minute expected (never happens in the event loop, which ticks every
            // minute): rebuild the block from the store.
            work += self.rebuild(store, minute);
        } else if minute.is_multiple_of(p) {
            // A new block starts: the previous one becomes suffixes, right to left.
            let start = minute.checked_sub(p);
            let mut acc = Agg::default();
            for i in (0..p).rev() {
                let mut a = match start {
                    Some(s) => store.minute(self.metric, s + i),
                    None => Agg::default(),
                };
                a.merge(&acc);
                acc = a;
                self.suffixes[i as usize] = acc;
            }
            work += p;
            self.prefix = Agg::default();
        }
        self.prefix.merge(&store.minute(self.metric, minute));
        self.next_minute = minute + 1;
        let j = (minute % p + 1) as usize;
        let window = match self.suffixes.get(j) {
            Some(suffix) if j < p as usize => {
                let mut w = *suffix;
                w.merge(&self.prefix);
                w
            }
            _ => self.prefix,
        };
        self.history.put(minute + 1, window);
        work
    }

    /// Recomputes the suffixes and the prefix for `minute`'s block from the store, then
    /// takes `minute` out of the prefix again (the caller adds it).
    fn rebuild(&mut self, store: &MetricStore, minute: u64) -> u64 {
        let p = self.period_minutes;
        let block = minute - minute % p;
        let mut acc = Agg::default();
        for i in (0..p).rev() {
            let mut a = match block.checked_sub(p) {
                Some(s) => store.minute(self.metric, s + i),
                None => Agg::default(),
            };
            a.merge(&acc);
            acc = a;
            self.suffixes[i as usize] = acc;
        }
        self.prefix = Agg::default();
        for m in block..minute {
            self.prefix.merge(&store.minute(self.metric, m));
        }
        2 * p
    }

    /// The window `[end - period, end)`, if it was stored; `None` when it is older than the
    /// series keeps or was never computed.
    pub fn window(&self, end: u64) -> Option<Agg> {
        self.history.get(end)
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

    /// A4.3: the series' windows equal re-summing the period, for every period and end, on
    /// integer data (exact sums), with a missing minute, across several blocks.
    #[test]
    fn a4_3_period_series_windows_equal_resumming() {
        for p in [1u64, 2, 3, 5, 7, 60] {
            let mut store = MetricStore::default();
            let mut series = PeriodSeries::new(MetricName::CPUUtilization, p, 4);
            for m in 0..400u64 {
                if m % 11 != 3 {
                    store.record(MetricName::CPUUtilization, m, ((m * 37) % 101) as f64);
                }
                series.push_minute(&store, m);
                let end = m + 1;
                for k in 0..4 {
                    let Some(e) = end.checked_sub(k * p).filter(|e| *e >= p) else {
                        continue;
                    };
                    let want = store.span(MetricName::CPUUtilization, e, p);
                    assert_eq!(series.window(e), Some(want), "p={p} end={e}");
                }
            }
        }
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
