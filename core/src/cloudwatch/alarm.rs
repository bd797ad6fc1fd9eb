//! CloudWatch metric alarms: statistics, M-of-N evaluation with missing data, parameter
//! validation and a bounded per-period datapoint store (spec section A4, golden table G4).
//!
//! Everything here is a pure function of its inputs: no clock, no entropy, no I/O. The caller
//! (the simulator's event loop) decides when an alarm is evaluated (A4.3: every minute for
//! periods of 60 s or more) and what to do with the result (A4.7: Auto Scaling actions are
//! re-invoked while the alarm stays in ALARM, so this module reports the state, not a
//! transition).
//!
//! Pipeline for one alarm:
//! 1. raw samples of one period go into a [`StatAccumulator`]; its [`Statistic`] value is the
//!    period's datapoint (A4.2, A4.11);
//! 2. datapoints are kept per period index in a [`DatapointWindow`];
//! 3. [`evaluate`] reads the last [`EvaluationRules::evaluation_range`] periods and applies
//!    A4.4 (M of N) and A4.5 (missing data, premature-alarm rule).

use serde::{Deserialize, Serialize};

/// The state of an alarm (A4.1). Serialized as AWS spells it: `"OK"`, `"ALARM"`,
/// `"INSUFFICIENT_DATA"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AlarmState {
    Ok,
    Alarm,
    /// A new or updated alarm starts here (A4.1), hence the `Default`.
    #[default]
    InsufficientData,
}

impl AlarmState {
    /// AWS's spelling, as in `StateValue`.
    pub fn as_str(self) -> &'static str {
        match self {
            AlarmState::Ok => "OK",
            AlarmState::Alarm => "ALARM",
            AlarmState::InsufficientData => "INSUFFICIENT_DATA",
        }
    }
}

/// The four threshold operators usable with Auto Scaling (A4.2; the anomaly-band operators
/// cannot drive Auto Scaling, A4.8, so they are not modelled).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ComparisonOperator {
    GreaterThanOrEqualToThreshold,
    GreaterThanThreshold,
    LessThanThreshold,
    LessThanOrEqualToThreshold,
}

impl ComparisonOperator {
    /// Whether one datapoint breaches the threshold. A NaN on either side never breaches
    /// (IEEE comparisons with NaN are false), which keeps this total without panicking.
    pub fn breaches(self, value: f64, threshold: f64) -> bool {
        match self {
            ComparisonOperator::GreaterThanOrEqualToThreshold => value >= threshold,
            ComparisonOperator::GreaterThanThreshold => value > threshold,
            ComparisonOperator::LessThanThreshold => value < threshold,
            ComparisonOperator::LessThanOrEqualToThreshold => value <= threshold,
        }
    }

    /// Short mathematical form for UIs: `">="`, `">"`, `"<"`, `"<="`.
    pub fn symbol(self) -> &'static str {
        match self {
            ComparisonOperator::GreaterThanOrEqualToThreshold => ">=",
            ComparisonOperator::GreaterThanThreshold => ">",
            ComparisonOperator::LessThanThreshold => "<",
            ComparisonOperator::LessThanOrEqualToThreshold => "<=",
        }
    }

    /// AWS's spelling, as in `ComparisonOperator`.
    pub fn as_str(self) -> &'static str {
        match self {
            ComparisonOperator::GreaterThanOrEqualToThreshold => "GreaterThanOrEqualToThreshold",
            ComparisonOperator::GreaterThanThreshold => "GreaterThanThreshold",
            ComparisonOperator::LessThanThreshold => "LessThanThreshold",
            ComparisonOperator::LessThanOrEqualToThreshold => "LessThanOrEqualToThreshold",
        }
    }

    /// The words CloudWatch uses in a `StateReason` ("was greater than or equal to the
    /// threshold").
    fn words(self) -> &'static str {
        match self {
            ComparisonOperator::GreaterThanOrEqualToThreshold => "greater than or equal to",
            ComparisonOperator::GreaterThanThreshold => "greater than",
            ComparisonOperator::LessThanThreshold => "less than",
            ComparisonOperator::LessThanOrEqualToThreshold => "less than or equal to",
        }
    }
}

/// How an alarm treats periods without a datapoint (A4.2, A4.5). Serialized as AWS spells
/// it: `"missing"`, `"notBreaching"`, `"breaching"`, `"ignore"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TreatMissingData {
    /// AWS's default (A4.2).
    #[default]
    Missing,
    NotBreaching,
    Breaching,
    Ignore,
}

impl TreatMissingData {
    /// AWS's spelling, as in `TreatMissingData`.
    pub fn as_str(self) -> &'static str {
        match self {
            TreatMissingData::Missing => "missing",
            TreatMissingData::NotBreaching => "notBreaching",
            TreatMissingData::Breaching => "breaching",
            TreatMissingData::Ignore => "ignore",
        }
    }
}

/// The per-period statistic of an alarm (A4.2). Extended statistics (percentiles) are not
/// modelled: they would need every raw sample, and [`StatAccumulator`] keeps O(1) state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Statistic {
    SampleCount,
    /// The console's and the target-tracking default.
    #[default]
    Average,
    Sum,
    Minimum,
    Maximum,
}

impl Statistic {
    /// AWS's spelling, as in `Statistic`.
    pub fn as_str(self) -> &'static str {
        match self {
            Statistic::SampleCount => "SampleCount",
            Statistic::Average => "Average",
            Statistic::Sum => "Sum",
            Statistic::Minimum => "Minimum",
            Statistic::Maximum => "Maximum",
        }
    }
}

/// Accumulates raw samples within one period (count, sum, min, max) and answers any
/// [`Statistic`] (A4.2). Samples from several instances can be pooled with
/// [`StatAccumulator::merge`], which is how a group-wide metric such as `AWS/EC2
/// CPUUtilization` by `AutoScalingGroupName` is formed (A4.11).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StatAccumulator {
    count: u64,
    sum: f64,
    // Only meaningful while `count > 0`; the derived zeros of `Default` are never reported.
    min: f64,
    max: f64,
}

impl StatAccumulator {
    /// Adds one sample. NaN and infinite samples are dropped: CloudWatch's `PutMetricData`
    /// rejects them, and keeping them would poison `sum`, `min` and `max`.
    pub fn add(&mut self, v: f64) {
        if !v.is_finite() {
            return;
        }
        if self.count == 0 {
            self.min = v;
            self.max = v;
        } else {
            self.min = self.min.min(v);
            self.max = self.max.max(v);
        }
        self.sum += v;
        self.count = self.count.saturating_add(1);
    }

    /// The same as `n` rounds of [`add`](Self::add), each round adding `values[k]` to
    /// `accs[k]`: after the first round the extremes stay (`min(min(m, v), v)` is `min(m, v)`),
    /// and the sums, which depend on the order of their additions, take the other rounds one
    /// by one, all the sums in step.
    pub fn add_rounds<const N: usize>(accs: &mut [Self; N], values: [f64; N], n: u64) {
        if n == 0 || !values.iter().all(|v| v.is_finite()) {
            (0..n).for_each(|_| accs.iter_mut().zip(values).for_each(|(a, v)| a.add(v)));
            return;
        }
        for (a, v) in accs.iter_mut().zip(values) {
            a.add(v);
            a.count = a.count.saturating_add(n - 1);
        }
        let mut sums: [f64; N] = std::array::from_fn(|k| accs[k].sum);
        for _ in 1..n {
            for (s, v) in sums.iter_mut().zip(values) {
                *s += v;
            }
        }
        for (a, s) in accs.iter_mut().zip(sums) {
            a.sum = s;
        }
    }

    /// Pools another accumulator's samples into this one, as if each had been added here.
    pub fn merge(&mut self, other: &StatAccumulator) {
        if other.count == 0 {
            return;
        }
        if self.count == 0 {
            *self = *other;
            return;
        }
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
        self.sum += other.sum;
        self.count = self.count.saturating_add(other.count);
    }

    /// The statistic's value, or `None` when the period has no samples. That includes
    /// `SampleCount`: a period without samples has no datapoint at all (it is "missing" to the
    /// alarm, A4.5), rather than a datapoint of 0.
    pub fn value(&self, s: Statistic) -> Option<f64> {
        if self.count == 0 {
            return None;
        }
        Some(match s {
            Statistic::SampleCount => self.count as f64,
            Statistic::Average => self.sum / self.count as f64,
            Statistic::Sum => self.sum,
            Statistic::Minimum => self.min,
            Statistic::Maximum => self.max,
        })
    }

    /// Number of samples added so far.
    pub fn count(&self) -> u64 {
        self.count
    }
}

/// The M-of-N rule set of one alarm (A4.2, A4.4).
///
/// `datapoints_to_alarm` (M) defaults to `evaluation_periods` (N) in AWS; the caller applies
/// that default. [`evaluate`] tolerates invalid values (N = 0, M = 0, M > N) by reading N as
/// at least 1 and M as clamped to `1..=N`, so that it never panics; [`validate_rules`]
/// reports them.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvaluationRules {
    pub evaluation_periods: u32,
    pub datapoints_to_alarm: u32,
    pub threshold: f64,
    pub comparison: ComparisonOperator,
    pub treat_missing_data: TreatMissingData,
}

impl EvaluationRules {
    /// How many most-recent periods CloudWatch fetches: the *evaluation range* (A4.5).
    ///
    /// AWS only says it is larger than N and depends on the period and the metric's
    /// resolution; its one worked example (G4) fetches 5 points for N = 3. **\[MODEL\]** We use
    /// N + 2: it reproduces that example, is always larger than N, and bounds how long a
    /// lone old datapoint keeps influencing the alarm after the metric stops (two extra
    /// periods).
    pub fn evaluation_range(&self) -> usize {
        (self.evaluation_periods.max(1) as usize).saturating_add(2)
    }
}

/// The outcome of one evaluation: the state the alarm should be in, and what its `StateReason`
/// is worded from. The simulator evaluates every alarm every minute but reports a reason only
/// when the state changes, so the words are put together only when asked ([`Evaluation::reason`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    pub state: AlarmState,
    evaluator: Evaluator,
    wording: Wording,
}

/// Which of CloudWatch's `StateReason` sentences an evaluation ends in, with its facts.
#[derive(Clone, Debug, PartialEq)]
enum Wording {
    /// M of N (A4.4), real points newest first plus any fills.
    ThresholdCrossed {
        real: Vec<Point>,
        fill: Option<Fill>,
    },
    /// `ignore` with too few real points: the state stays.
    Ignored {
        unknown: usize,
        current: AlarmState,
    },
    /// The premature-alarm rule under `missing`: every real point breaches.
    OldestBreaching {
        real: Vec<Point>,
    },
    Insufficient {
        unknown: usize,
    },
}

impl Evaluation {
    /// The `StateReason` in CloudWatch's wording.
    pub fn reason(&self) -> String {
        let e = &self.evaluator;
        match &self.wording {
            Wording::ThresholdCrossed { real, fill } => {
                e.threshold_crossed(self.state, real, *fill)
            }
            Wording::Ignored { unknown, current } => format!(
                "Missing data treated as [Ignore]: {} {} unknown, so the alarm stays in {}.",
                unknown,
                datapoints_were(*unknown),
                current.as_str()
            ),
            Wording::OldestBreaching { real } => {
                let breaching = real.iter().filter(|p| p.breaching).count();
                let oldest = real.last().map_or(0, |p| p.age);
                format!(
                    "Threshold Crossed: {} out of the last {} datapoints [{}] {} {} the threshold \
                     ({}); the oldest is {} periods old and every newer period is breaching or \
                     missing (minimum {} for OK -> ALARM transition).",
                    breaching,
                    real.len(),
                    join_values(real.iter().map(|p| p.value)),
                    was_were(breaching),
                    e.rules.comparison.words(),
                    num(e.rules.threshold),
                    oldest,
                    count_noun(e.m, "datapoint", "datapoints"),
                )
            }
            Wording::Insufficient { unknown } => format!(
                "Insufficient Data: {} {} unknown.",
                unknown,
                datapoints_were(*unknown)
            ),
        }
    }
}

/// Evaluates an alarm once (A4.4, A4.5, G4).
///
/// `range` = the datapoints of the evaluation range, OLDEST FIRST, newest last (`None` =
/// missing; a NaN datapoint also counts as missing, since CloudWatch never stores one).
/// Normally `range.len()` is [`EvaluationRules::evaluation_range`]; any length works,
/// including empty. `current` = the alarm's state before this evaluation, needed for
/// `ignore`.
///
/// Let N = evaluation periods, M = datapoints to alarm and k = the number of real datapoints
/// in the range.
///
/// * **k ≥ N** (A4.5, first two cases): the N most recent real datapoints are evaluated. When
///   the N newest periods all have data those are the same points; otherwise the gaps are
///   skipped and TreatMissingData is not used. ALARM iff at least M of them breach (A4.4),
///   otherwise OK.
/// * **k < N, `breaching` / `notBreaching`**: every real point in the range is evaluated, *no
///   matter how old*, plus N − k filled points ("as few fills as possible"). ALARM iff at
///   least M of those N breach.
/// * **k < N, `missing`**: nothing is filled; the real points decide when they can:
///   - at least M of them breach → ALARM;
///   - any of them does not breach → OK;
///   - otherwise (no real point, or only breaching ones but fewer than M) the missing periods
///     would decide. Then the **premature-alarm rule** applies: if the oldest of those
///     breaching points is at least M periods old (the newest period of the range is 1
///     period old) → ALARM, since every newer period is breaching or missing. Otherwise →
///     INSUFFICIENT_DATA ("N − k datapoints were unknown").
/// * **k < N, `ignore`**: as `missing`, except that whenever `missing` would need the
///   premature-alarm rule or answer INSUFFICIENT_DATA, the alarm keeps `current`.
///
/// How that reproduces every cell of G4 (N = 3, M = 3, range of 5, newest right):
///
/// | data        | k | missing                     | ignore           | breaching               | notBreaching |
/// |-------------|---|-----------------------------|------------------|-------------------------|--------------|
/// | `0 - X - X` | 3 | OK: newest 3 real = 0 X X   | same             | same                    | same         |
/// | `0 - - - -` | 1 | OK: a real point is fine    | OK: same         | OK: {0, B, B} has 2 < 3 | OK           |
/// | `- - - - -` | 0 | INSUFFICIENT_DATA           | keeps state      | ALARM: {B, B, B}        | OK           |
/// | `0 X X - X` | 4 | ALARM: newest 3 real = XXX  | same             | same                    | same         |
/// | `- - X - -` | 1 | ALARM: X is 3 ≥ M old       | keeps state      | ALARM: {X, B, B}        | OK: {X,0,0}  |
///
/// and the premature-alarm guard: `- - - - X` and `- - - X -` (X only 1 or 2 periods old,
/// M = 3) give INSUFFICIENT_DATA under `missing`, not ALARM.
///
/// Judgement calls, each forced by a table cell or by AWS's own wording:
/// * `0 - - - -` with `breaching` is OK although only 1 real point exists and it sits outside
///   the 3 newest periods: CloudWatch includes *all* real points of the range and fills only
///   N − k = 2 slots, so the evaluated set is {0, B, B}: 2 breaches < M = 3. (AWS's guide
///   adds that one evaluation later the 0 has left the 5-point range, and the alarm goes to
///   ALARM.) Filling the 3 newest periods instead would give ALARM, contradicting the table.
/// * `- - X - -` with `ignore` keeps the state although `missing` alarms: the table says so,
///   so the premature-alarm rule is specific to `missing`; `ignore` never lets missing
///   periods decide. With `notBreaching` the fills count as non-breaching, so it is OK.
/// * Premature-alarm rule: the spec's prose says "the oldest available breaching point in
///   the last N"; since for k < N the evaluated points are every real point of the range, we
///   read "the last N" as "the N evaluated points", and we require that *no* evaluated real
///   point is non-breaching. That is the wording of the 2019 CW-UG revision ("the oldest
///   evaluated data point is breaching and there aren't any non-breaching data points"),
///   whose table also had `X - - - -` → ALARM under `missing` and, for 2 of 3,
///   `0 - X - -` → OK under `missing`. The newer prose ("all more recent points are breaching
///   or missing") would make that last cell ALARM; the tables are consistent with our
///   reading, and the table wins.
/// * Under `missing`, any non-breaching real point gives OK (when fewer than M breach) rather
///   than INSUFFICIENT_DATA, even if the missing periods could still have made M: row 2, and
///   `- - - - 0` → OK for 2 of 3 in the older table.
pub fn evaluate(rules: &EvaluationRules, range: &[Option<f64>], current: AlarmState) -> Evaluation {
    let n = (rules.evaluation_periods as usize).max(1);
    let m = (rules.datapoints_to_alarm as usize).clamp(1, n);
    let evaluator = Evaluator {
        rules: *rules,
        n,
        m,
    };

    // Real datapoints, newest first, each with its age (the newest period of the range is 1
    // period old). Newest first because every rule below looks back from the present, and
    // because CloudWatch lists datapoints newest first in its reasons.
    let mut real: Vec<Point> = range
        .iter()
        .rev()
        .enumerate()
        .filter_map(|(i, slot)| {
            let value = (*slot).filter(|v| !v.is_nan())?;
            Some(Point {
                age: i + 1,
                value,
                breaching: rules.comparison.breaches(value, rules.threshold),
            })
        })
        .collect();

    if real.len() >= n {
        // A4.5: enough real points; the most recent N of them, TreatMissingData unused.
        real.truncate(n);
        return evaluator.m_of_n(&real, None);
    }

    let unknown = n - real.len();
    match rules.treat_missing_data {
        TreatMissingData::Breaching => evaluator.m_of_n(
            &real,
            Some(Fill {
                count: unknown,
                breaching: true,
            }),
        ),
        TreatMissingData::NotBreaching => evaluator.m_of_n(
            &real,
            Some(Fill {
                count: unknown,
                breaching: false,
            }),
        ),
        TreatMissingData::Missing | TreatMissingData::Ignore => {
            evaluator.without_filling(&real, unknown, current)
        }
    }
}

/// One real datapoint of the evaluation range.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Point {
    /// Periods before the end of the range: the newest period is 1 old.
    age: usize,
    value: f64,
    breaching: bool,
}

/// Missing periods filled by `breaching` / `notBreaching`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Fill {
    count: usize,
    breaching: bool,
}

impl Fill {
    /// CloudWatch's label in reasons: "treated as [Breaching]" / "[NonBreaching]".
    fn label(self) -> &'static str {
        if self.breaching {
            "Breaching"
        } else {
            "NonBreaching"
        }
    }
}

/// One evaluation's normalized parameters: N ≥ 1 and 1 ≤ M ≤ N.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Evaluator {
    rules: EvaluationRules,
    n: usize,
    m: usize,
}

impl Evaluator {
    /// A4.4: ALARM iff at least M of the evaluated points (real ones plus fills) breach.
    fn m_of_n(&self, real: &[Point], fill: Option<Fill>) -> Evaluation {
        let real_breaching = real.iter().filter(|p| p.breaching).count();
        let filled_breaching = match fill {
            Some(f) if f.breaching => f.count,
            _ => 0,
        };
        let state = if real_breaching + filled_breaching >= self.m {
            AlarmState::Alarm
        } else {
            AlarmState::Ok
        };
        Evaluation {
            state,
            evaluator: *self,
            wording: Wording::ThresholdCrossed {
                real: real.to_vec(),
                fill,
            },
        }
    }

    /// A4.5 for `missing` and `ignore` when fewer than N real points exist (see [`evaluate`]).
    fn without_filling(&self, real: &[Point], unknown: usize, current: AlarmState) -> Evaluation {
        let breaching = real.iter().filter(|p| p.breaching).count();
        let any_fine = real.iter().any(|p| !p.breaching);
        if breaching >= self.m || any_fine {
            // The real points settle it whatever the missing ones would have been.
            return self.m_of_n(real, None);
        }
        if self.rules.treat_missing_data == TreatMissingData::Ignore {
            return Evaluation {
                state: current,
                evaluator: *self,
                wording: Wording::Ignored { unknown, current },
            };
        }
        // Premature-alarm rule. `real` is newest first, so its last point is the oldest; here
        // every real point breaches.
        match real.last() {
            Some(oldest) if oldest.age >= self.m => Evaluation {
                state: AlarmState::Alarm,
                evaluator: *self,
                wording: Wording::OldestBreaching {
                    real: real.to_vec(),
                },
            },
            _ => Evaluation {
                state: AlarmState::InsufficientData,
                evaluator: *self,
                wording: Wording::Insufficient { unknown },
            },
        }
    }

    /// CloudWatch's `StateReason` for an M-of-N decision, e.g. "Threshold Crossed: 3 out of
    /// the last 3 datapoints [75.3, 80.0, 72.1] were greater than the threshold (70.0)
    /// (minimum 3 datapoints for OK -> ALARM transition)." The listed datapoints are the real
    /// ones that crossed in the reported direction, newest first as CloudWatch lists them
    /// (without CloudWatch's timestamps: this function has no clock).
    fn threshold_crossed(&self, state: AlarmState, real: &[Point], fill: Option<Fill>) -> String {
        if let (true, Some(f)) = (real.is_empty(), fill) {
            // CloudWatch's own wording when every evaluated period was filled.
            return format!(
                "Threshold Crossed: no datapoints were received for {} and {} missing {} \
                 treated as [{}].",
                count_noun(f.count, "period", "periods"),
                f.count,
                datapoints_were(f.count),
                f.label()
            );
        }
        let to_alarm = state == AlarmState::Alarm;
        let listed: Vec<f64> = real
            .iter()
            .filter(|p| p.breaching == to_alarm)
            .map(|p| p.value)
            .collect();
        let evaluated = real.len() + fill.map_or(0, |f| f.count);
        let list = if listed.is_empty() {
            String::new()
        } else {
            format!(" [{}]", join_values(listed.iter().copied()))
        };
        let filled = match fill {
            Some(f) => format!(
                " and {} missing {} treated as [{}]",
                f.count,
                datapoints_were(f.count),
                f.label()
            ),
            None => String::new(),
        };
        // The "minimum" is how many crossing points the transition needs: M to alarm,
        // N - M + 1 non-breaching points to leave ALARM.
        let (minimum, transition, not) = if to_alarm {
            (self.m, "OK -> ALARM", "")
        } else {
            (self.n - self.m + 1, "ALARM -> OK", "not ")
        };
        format!(
            "Threshold Crossed: {} out of the last {} datapoints{} {} {}{} the threshold ({}){} \
             (minimum {} for {} transition).",
            listed.len(),
            evaluated,
            list,
            was_were(listed.len()),
            not,
            self.rules.comparison.words(),
            num(self.rules.threshold),
            filled,
            count_noun(minimum, "datapoint", "datapoints"),
            transition
        )
    }
}

/// A number as CloudWatch prints it in reasons: always with a fractional part ("70.0").
fn num(v: f64) -> String {
    format!("{v:?}")
}

fn join_values(values: impl Iterator<Item = f64>) -> String {
    values.map(num).collect::<Vec<_>>().join(", ")
}

fn was_were(count: usize) -> &'static str {
    if count == 1 {
        "was"
    } else {
        "were"
    }
}

/// "1 period", "2 periods".
fn count_noun(count: usize, singular: &str, plural: &str) -> String {
    format!("{count} {}", if count == 1 { singular } else { plural })
}

/// "datapoint was" / "datapoints were", after a count.
fn datapoints_were(count: usize) -> &'static str {
    if count == 1 {
        "datapoint was"
    } else {
        "datapoints were"
    }
}

/// The longest evaluation window CloudWatch accepts: `EvaluationPeriods × Period ≤ 1 day`
/// (A4.2).
pub const MAX_EVALUATION_SECONDS: u64 = 86_400;

/// A4.2 parameter rules. Returns one human-readable message per problem (empty = valid), in
/// AWS's wording where it is known:
///
/// * `Period` must be 10, 20, 30 or a positive multiple of 60;
/// * `EvaluationPeriods` (N) ≥ 1 and `DatapointsToAlarm` (M) ≥ 1, worded like AWS's
///   request-constraint errors;
/// * M ≤ N: "DatapointsToAlarm must be less than or equal to EvaluationPeriods" (AWS's
///   `ValidationError`);
/// * N × Period ≤ 86400 s: AWS's "Metrics cannot be checked across more than a day" error.
///
/// The caller applies AWS's default M = N before calling. (AWS has since raised the limit to
/// 7 days for periods of one hour or more; the spec, A4.2, keeps the 1-day rule.)
pub fn validate_rules(
    period_s: u32,
    evaluation_periods: u32,
    datapoints_to_alarm: u32,
) -> Vec<String> {
    let mut problems = Vec::new();
    // `checked_rem` rather than `%` or `is_multiple_of`: the latter needs Rust 1.87 (the
    // workspace's MSRV is 1.85) and clippy flags `% 60 == 0` when no MSRV is set.
    let period_ok =
        matches!(period_s, 10 | 20 | 30) || (period_s >= 60 && period_s.checked_rem(60) == Some(0));
    if !period_ok {
        problems.push("Period must be 10, 20, 30 or a multiple of 60".to_string());
    }
    if evaluation_periods < 1 {
        problems.push(below_minimum("evaluationPeriods", evaluation_periods));
    }
    if datapoints_to_alarm < 1 {
        problems.push(below_minimum("datapointsToAlarm", datapoints_to_alarm));
    }
    // Only meaningful once both counts are valid; otherwise it repeats the problems above.
    if evaluation_periods >= 1 && datapoints_to_alarm > evaluation_periods {
        problems
            .push("DatapointsToAlarm must be less than or equal to EvaluationPeriods".to_string());
    }
    if u64::from(evaluation_periods) * u64::from(period_s) > MAX_EVALUATION_SECONDS {
        problems.push(
            "Metrics cannot be checked across more than a day \
             (EvaluationPeriods * Period must be <= 86400)."
                .to_string(),
        );
    }
    problems
}

/// AWS's wording for a request-constraint violation.
fn below_minimum(field: &str, value: u32) -> String {
    format!(
        "Value '{value}' at '{field}' failed to satisfy constraint: \
         Member must have value greater than or equal to 1"
    )
}

/// A bounded ring of per-period datapoints (A4.3, A4.5): the metric windows the simulator's
/// alarms read ([`crate::metrics::PeriodSeries`] keeps one of aggregates, indexed by the minute
/// each sliding window ends).
///
/// Period `i` lives in slot `i % capacity`, tagged with `i`, so a slot that was overwritten by
/// a later period, or never written, reads as missing. Memory is fixed at construction; the
/// natural capacity is [`EvaluationRules::evaluation_range`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DatapointWindow<T = f64> {
    /// `(period_index, value)`; the capacity is the length, so a deserialized window is
    /// always internally consistent.
    slots: Vec<Option<(u64, T)>>,
}

impl<T: Copy> DatapointWindow<T> {
    /// The largest capacity any valid alarm needs: N ≤ 86400 / 10 = 8640 periods (A4.2),
    /// plus the 2 extra periods of [`EvaluationRules::evaluation_range`]. Larger requests are
    /// clamped so that invalid input cannot allocate without bound.
    pub const MAX_CAPACITY: usize = 8_642;

    /// An empty window holding up to `capacity` periods (clamped to [`Self::MAX_CAPACITY`]).
    /// A capacity of 0 gives a window that stores nothing.
    pub fn new(capacity: usize) -> Self {
        DatapointWindow {
            slots: vec![None; capacity.min(Self::MAX_CAPACITY)],
        }
    }

    /// How many periods the window can hold.
    pub fn capacity(&self) -> usize {
        self.slots.len()
    }

    /// Stores the datapoint of period `period_index`, replacing an earlier value for the same
    /// period. A value for a period older than the one already occupying its slot is dropped
    /// (it has aged out of the window).
    pub fn put(&mut self, period_index: u64, value: T) {
        let Some(slot) = self.slot_mut(period_index) else {
            return;
        };
        match slot {
            Some((held, _)) if *held > period_index => {}
            _ => *slot = Some((period_index, value)),
        }
    }

    /// The datapoint of period `period_index`, if it is still held.
    pub fn get(&self, period_index: u64) -> Option<T> {
        let i = self.slot_of(period_index)?;
        match self.slots.get(i) {
            Some(Some((held, value))) if *held == period_index => Some(*value),
            _ => None,
        }
    }

    /// The datapoints of the `len` periods ending with `last_complete_period_index`, OLDEST
    /// FIRST, `None` for missing: the `range` argument of [`evaluate`]. `len` is clamped to
    /// the capacity (older periods cannot be held, and this bounds the allocation); periods
    /// before index 0 never existed and read as missing.
    pub fn window(&self, last_complete_period_index: u64, len: usize) -> Vec<Option<T>> {
        let len = len.min(self.capacity());
        (0..len)
            .rev()
            .map(|back| {
                last_complete_period_index
                    .checked_sub(back as u64)
                    .and_then(|index| self.get(index))
            })
            .collect()
    }

    fn slot_of(&self, period_index: u64) -> Option<usize> {
        let capacity = self.capacity() as u64;
        if capacity == 0 {
            return None;
        }
        // The remainder is below the capacity, which is a usize.
        Some((period_index % capacity) as usize)
    }

    fn slot_mut(&mut self, period_index: u64) -> Option<&mut Option<(u64, T)>> {
        let i = self.slot_of(period_index)?;
        self.slots.get_mut(i)
    }
}

impl DatapointWindow<f64> {
    /// [`DatapointWindow::put`] for a statistic's value: NaN is dropped (a period with no
    /// datapoint is simply not recorded).
    pub fn record(&mut self, period_index: u64, value: f64) {
        if !value.is_nan() {
            self.put(period_index, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_rounds_is_rounds_of_add() {
        let start = [0.1, 7.0, f64::NAN, 3.3];
        for values in [
            [0.1, 0.2, 1e-17, 3.0],
            [5.0, f64::INFINITY, 0.3, 0.0],
            [0.7, 0.7, 0.7, 0.7],
        ] {
            for n in [0, 1, 2, 7, 1000] {
                let mut accs = [StatAccumulator::default(); 4];
                // One accumulator starts empty, the others with a sample.
                for (a, &v) in accs.iter_mut().zip(&start).skip(1) {
                    a.add(v);
                }
                let mut one_by_one = accs;
                StatAccumulator::add_rounds(&mut accs, values, n);
                for _ in 0..n {
                    for (a, &v) in one_by_one.iter_mut().zip(&values) {
                        a.add(v);
                    }
                }
                for (a, b) in accs.iter().zip(&one_by_one) {
                    assert_eq!(a.count, b.count);
                    assert_eq!(a.sum.to_bits(), b.sum.to_bits());
                    if a.count > 0 {
                        assert_eq!(a.min.to_bits(), b.min.to_bits());
                        assert_eq!(a.max.to_bits(), b.max.to_bits());
                    }
                }
            }
        }
    }

    /// Threshold 70 with `GreaterThanThreshold`: X = 80.0 breaches, 0 = 50.0 does not.
    const BREACH: f64 = 80.0;
    const FINE: f64 = 50.0;

    /// Parses the doc's notation, oldest first: `0` = OK point, `X` = breaching, `-` = missing.
    fn pattern(s: &str) -> Vec<Option<f64>> {
        s.split_whitespace()
            .map(|c| match c {
                "X" => Some(BREACH),
                "0" => Some(FINE),
                _ => None,
            })
            .collect()
    }

    fn rules(n: u32, m: u32, treat: TreatMissingData) -> EvaluationRules {
        EvaluationRules {
            evaluation_periods: n,
            datapoints_to_alarm: m,
            threshold: 70.0,
            comparison: ComparisonOperator::GreaterThanThreshold,
            treat_missing_data: treat,
        }
    }

    #[derive(Clone, Copy, Debug)]
    enum Want {
        Is(AlarmState),
        KeepsState,
    }
    use AlarmState::{Alarm, InsufficientData, Ok as OkState};
    use Want::{Is, KeepsState};

    const ALL_STATES: [AlarmState; 3] = [OkState, Alarm, InsufficientData];

    /// Checks one table cell from every prior state: a cell with a definite state must not
    /// depend on the prior state, and "keeps state" must return each prior state unchanged.
    fn check(n: u32, m: u32, data: &str, treat: TreatMissingData, want: Want) {
        let r = rules(n, m, treat);
        for current in ALL_STATES {
            let got = evaluate(&r, &pattern(data), current);
            let expected = match want {
                Is(s) => s,
                KeepsState => current,
            };
            assert_eq!(
                got.state,
                expected,
                "{m} of {n}, `{data}`, {treat:?}, from {current:?}: {}",
                got.reason()
            );
            assert!(!got.reason().is_empty());
        }
    }

    /// Named tests, one per cell: `o` = 0, `x` = X, `d` = - (dash).
    macro_rules! cells {
        ($($name:ident: $m:literal of $n:literal, $data:literal, $treat:ident => $want:expr;)*) => {
            $(
                #[test]
                fn $name() {
                    check($n, $m, $data, TreatMissingData::$treat, $want);
                }
            )*
        };
    }

    // G4 (A4.5): M = 3 of N = 3, evaluation range 5, newest right. `m of n` reads M of N.
    cells! {
        a4_5_g4_row1_odxdx_missing_ok: 3 of 3, "0 - X - X", Missing => Is(OkState);
        a4_5_g4_row1_odxdx_ignore_ok: 3 of 3, "0 - X - X", Ignore => Is(OkState);
        a4_5_g4_row1_odxdx_breaching_ok: 3 of 3, "0 - X - X", Breaching => Is(OkState);
        a4_5_g4_row1_odxdx_not_breaching_ok: 3 of 3, "0 - X - X", NotBreaching => Is(OkState);

        a4_5_g4_row2_odddd_missing_ok: 3 of 3, "0 - - - -", Missing => Is(OkState);
        a4_5_g4_row2_odddd_ignore_ok: 3 of 3, "0 - - - -", Ignore => Is(OkState);
        // All real points are included however old, so {0, B, B}: 2 < 3 breaches.
        a4_5_g4_row2_odddd_breaching_ok: 3 of 3, "0 - - - -", Breaching => Is(OkState);
        a4_5_g4_row2_odddd_not_breaching_ok: 3 of 3, "0 - - - -", NotBreaching => Is(OkState);

        a4_5_g4_row3_ddddd_missing_insufficient_data:
            3 of 3, "- - - - -", Missing => Is(InsufficientData);
        a4_5_g4_row3_ddddd_ignore_keeps_state: 3 of 3, "- - - - -", Ignore => KeepsState;
        a4_5_g4_row3_ddddd_breaching_alarm: 3 of 3, "- - - - -", Breaching => Is(Alarm);
        a4_5_g4_row3_ddddd_not_breaching_ok: 3 of 3, "- - - - -", NotBreaching => Is(OkState);

        a4_5_g4_row4_oxxdx_missing_alarm: 3 of 3, "0 X X - X", Missing => Is(Alarm);
        a4_5_g4_row4_oxxdx_ignore_alarm: 3 of 3, "0 X X - X", Ignore => Is(Alarm);
        a4_5_g4_row4_oxxdx_breaching_alarm: 3 of 3, "0 X X - X", Breaching => Is(Alarm);
        a4_5_g4_row4_oxxdx_not_breaching_alarm: 3 of 3, "0 X X - X", NotBreaching => Is(Alarm);

        // Premature-alarm rule: X is 3 periods old (>= M) and everything newer is missing.
        a4_5_g4_row5_ddxdd_missing_alarm: 3 of 3, "- - X - -", Missing => Is(Alarm);
        a4_5_g4_row5_ddxdd_ignore_keeps_state: 3 of 3, "- - X - -", Ignore => KeepsState;
        a4_5_g4_row5_ddxdd_breaching_alarm: 3 of 3, "- - X - -", Breaching => Is(Alarm);
        a4_5_g4_row5_ddxdd_not_breaching_ok: 3 of 3, "- - X - -", NotBreaching => Is(OkState);

        // Premature-alarm guard: the breaching point is younger than M, so not ALARM yet.
        a4_5_premature_ddddx_m3_missing_not_alarm_yet:
            3 of 3, "- - - - X", Missing => Is(InsufficientData);
        a4_5_premature_dddxd_m3_missing_not_alarm_yet:
            3 of 3, "- - - X -", Missing => Is(InsufficientData);
        a4_5_premature_ddddx_m3_ignore_keeps_state: 3 of 3, "- - - - X", Ignore => KeepsState;
        a4_5_premature_dddxd_m3_ignore_keeps_state: 3 of 3, "- - - X -", Ignore => KeepsState;
        a4_5_premature_ddddx_m3_breaching_alarm: 3 of 3, "- - - - X", Breaching => Is(Alarm);
        a4_5_premature_ddddx_m3_not_breaching_ok:
            3 of 3, "- - - - X", NotBreaching => Is(OkState);

        // The 2019 revision of the same CW-UG page had a sixth row: the oldest evaluated point
        // breaches and there are no non-breaching points, so ALARM even under `missing`.
        a4_5_premature_xdddd_missing_alarm: 3 of 3, "X - - - -", Missing => Is(Alarm);
        a4_5_premature_xdddd_ignore_keeps_state: 3 of 3, "X - - - -", Ignore => KeepsState;
        a4_5_premature_xdddd_breaching_alarm: 3 of 3, "X - - - -", Breaching => Is(Alarm);
        a4_5_premature_xdddd_not_breaching_ok: 3 of 3, "X - - - -", NotBreaching => Is(OkState);

        // A4.4 with M < N, from CW-UG's "2 out of 3" table (range 5, period 5 min).
        a4_4_two_of_three_odxdx_missing_alarm: 2 of 3, "0 - X - X", Missing => Is(Alarm);
        a4_4_two_of_three_odxdx_ignore_alarm: 2 of 3, "0 - X - X", Ignore => Is(Alarm);
        a4_4_two_of_three_odxdx_breaching_alarm: 2 of 3, "0 - X - X", Breaching => Is(Alarm);
        a4_4_two_of_three_odxdx_not_breaching_alarm:
            2 of 3, "0 - X - X", NotBreaching => Is(Alarm);
        // Non-consecutive breaches: X 0 X among the newest three.
        a4_4_two_of_three_ooxox_missing_alarm: 2 of 3, "0 0 X 0 X", Missing => Is(Alarm);
        a4_4_two_of_three_ooxox_ignore_alarm: 2 of 3, "0 0 X 0 X", Ignore => Is(Alarm);
        a4_4_two_of_three_ooxox_breaching_alarm: 2 of 3, "0 0 X 0 X", Breaching => Is(Alarm);
        a4_4_two_of_three_ooxox_not_breaching_alarm:
            2 of 3, "0 0 X 0 X", NotBreaching => Is(Alarm);
        a4_5_two_of_three_odxdd_missing_ok: 2 of 3, "0 - X - -", Missing => Is(OkState);
        a4_5_two_of_three_odxdd_ignore_ok: 2 of 3, "0 - X - -", Ignore => Is(OkState);
        a4_5_two_of_three_odxdd_breaching_alarm: 2 of 3, "0 - X - -", Breaching => Is(Alarm);
        a4_5_two_of_three_odxdd_not_breaching_ok:
            2 of 3, "0 - X - -", NotBreaching => Is(OkState);
        a4_5_two_of_three_ddddo_missing_ok: 2 of 3, "- - - - 0", Missing => Is(OkState);
        a4_5_two_of_three_ddddo_ignore_ok: 2 of 3, "- - - - 0", Ignore => Is(OkState);
        a4_5_two_of_three_ddddo_breaching_alarm: 2 of 3, "- - - - 0", Breaching => Is(Alarm);
        a4_5_two_of_three_ddddo_not_breaching_ok:
            2 of 3, "- - - - 0", NotBreaching => Is(OkState);
        a4_5_two_of_three_ddddx_missing_insufficient_data:
            2 of 3, "- - - - X", Missing => Is(InsufficientData);
        a4_5_two_of_three_ddddx_ignore_keeps_state: 2 of 3, "- - - - X", Ignore => KeepsState;
        a4_5_two_of_three_ddddx_breaching_alarm: 2 of 3, "- - - - X", Breaching => Is(Alarm);
        a4_5_two_of_three_ddddx_not_breaching_ok:
            2 of 3, "- - - - X", NotBreaching => Is(OkState);
        // Premature-alarm rule with M = 2: X is 2 periods old, which is >= M.
        a4_5_two_of_three_dddxd_missing_alarm: 2 of 3, "- - - X -", Missing => Is(Alarm);
    }

    #[test]
    fn a4_4_two_of_three_non_consecutive_full_data() {
        for treat in [
            TreatMissingData::Missing,
            TreatMissingData::Ignore,
            TreatMissingData::Breaching,
            TreatMissingData::NotBreaching,
        ] {
            check(3, 2, "X 0 X", treat, Is(Alarm));
            check(3, 2, "X X 0", treat, Is(Alarm));
            check(3, 2, "0 X X", treat, Is(Alarm));
            check(3, 2, "X 0 0", treat, Is(OkState));
            check(3, 2, "0 0 X", treat, Is(OkState));
            // Only the newest N count: the two old breaches are out of the window.
            check(3, 2, "X X 0 0 X", treat, Is(OkState));
        }
    }

    #[test]
    fn a4_4_m_equals_n_one_fine_point_returns_to_ok() {
        check(3, 3, "X X X", TreatMissingData::Missing, Is(Alarm));
        check(3, 3, "X X X 0", TreatMissingData::Missing, Is(OkState));
        check(3, 3, "X X 0 X", TreatMissingData::Missing, Is(OkState));
        check(3, 3, "0 X X", TreatMissingData::Missing, Is(OkState));
    }

    #[test]
    fn a4_4_cw_ug_figure_sliding_window() {
        // CW-UG's figure, threshold crossed in periods 3-5, dip in 6, lone breach in 9; 3 of 3.
        let series = pattern("0 0 X X X 0 0 0 X 0");
        let r = rules(3, 3, TreatMissingData::Missing);
        let states: Vec<AlarmState> = (1..=series.len())
            .map(|end| {
                let start = end.saturating_sub(r.evaluation_range());
                evaluate(&r, &series[start..end], InsufficientData).state
            })
            .collect();
        // A lone fine point already settles OK (a breach would need all 3 to breach).
        let mut want = [OkState; 10];
        want[4] = Alarm; // periods 3-5 all breach
        assert_eq!(states, want);
    }

    #[test]
    fn a4_5_newest_n_real_points_skip_gaps_and_ignore_treatment() {
        // 3 real points in the range: the missing one is skipped, not filled.
        for treat in [TreatMissingData::Breaching, TreatMissingData::NotBreaching] {
            check(3, 3, "X - X X", treat, Is(Alarm));
            check(3, 3, "0 X - X", treat, Is(OkState));
        }
    }

    #[test]
    fn a4_2_comparison_operators() {
        use ComparisonOperator::*;
        assert!(GreaterThanOrEqualToThreshold.breaches(70.0, 70.0));
        assert!(GreaterThanOrEqualToThreshold.breaches(70.1, 70.0));
        assert!(!GreaterThanOrEqualToThreshold.breaches(69.9, 70.0));

        // Boundary: exactly at the threshold does not breach a strict operator.
        assert!(!GreaterThanThreshold.breaches(70.0, 70.0));
        assert!(GreaterThanThreshold.breaches(70.1, 70.0));

        assert!(LessThanThreshold.breaches(29.9, 30.0));
        assert!(!LessThanThreshold.breaches(30.0, 30.0));

        assert!(LessThanOrEqualToThreshold.breaches(30.0, 30.0));
        assert!(!LessThanOrEqualToThreshold.breaches(30.1, 30.0));

        for op in [
            GreaterThanOrEqualToThreshold,
            GreaterThanThreshold,
            LessThanThreshold,
            LessThanOrEqualToThreshold,
        ] {
            assert!(!op.breaches(f64::NAN, 1.0));
            assert!(!op.breaches(1.0, f64::NAN));
        }
        assert_eq!(GreaterThanOrEqualToThreshold.symbol(), ">=");
        assert_eq!(GreaterThanThreshold.symbol(), ">");
        assert_eq!(LessThanThreshold.symbol(), "<");
        assert_eq!(LessThanOrEqualToThreshold.symbol(), "<=");
    }

    #[test]
    fn a4_4_operator_drives_evaluation() {
        let mut r = rules(1, 1, TreatMissingData::Missing);
        r.threshold = 30.0;
        r.comparison = ComparisonOperator::LessThanThreshold;
        assert_eq!(evaluate(&r, &[Some(29.0)], OkState).state, Alarm);
        assert_eq!(evaluate(&r, &[Some(30.0)], Alarm).state, OkState);
        r.comparison = ComparisonOperator::LessThanOrEqualToThreshold;
        assert_eq!(evaluate(&r, &[Some(30.0)], OkState).state, Alarm);
    }

    #[test]
    fn a4_4_reason_alarm_wording() {
        let r = rules(3, 3, TreatMissingData::Missing);
        let e = evaluate(&r, &[Some(72.1), Some(80.0), Some(75.3)], OkState);
        assert_eq!(e.state, Alarm);
        assert_eq!(
            e.reason(),
            "Threshold Crossed: 3 out of the last 3 datapoints [75.3, 80.0, 72.1] were greater \
             than the threshold (70.0) (minimum 3 datapoints for OK -> ALARM transition)."
        );
    }

    #[test]
    fn a4_4_reason_ok_wording() {
        let r = rules(3, 3, TreatMissingData::Missing);
        let e = evaluate(&r, &[Some(72.1), Some(80.0), Some(60.0)], Alarm);
        assert_eq!(e.state, OkState);
        assert_eq!(
            e.reason(),
            "Threshold Crossed: 1 out of the last 3 datapoints [60.0] was not greater than the \
             threshold (70.0) (minimum 1 datapoint for ALARM -> OK transition)."
        );
    }

    #[test]
    fn a4_5_reason_wording_with_missing_data() {
        let r = rules(3, 3, TreatMissingData::Breaching);
        assert_eq!(
            evaluate(&r, &pattern("0 - - - -"), OkState).reason(),
            "Threshold Crossed: 1 out of the last 3 datapoints [50.0] was not greater than the \
             threshold (70.0) and 2 missing datapoints were treated as [Breaching] (minimum 1 \
             datapoint for ALARM -> OK transition)."
        );
        assert_eq!(
            evaluate(&r, &pattern("- - - - -"), OkState).reason(),
            "Threshold Crossed: no datapoints were received for 3 periods and 3 missing \
             datapoints were treated as [Breaching]."
        );
        let r = rules(1, 1, TreatMissingData::NotBreaching);
        assert_eq!(
            evaluate(&r, &[], Alarm).reason(),
            "Threshold Crossed: no datapoints were received for 1 period and 1 missing \
             datapoint was treated as [NonBreaching]."
        );
        let r = rules(3, 3, TreatMissingData::Missing);
        assert_eq!(
            evaluate(&r, &pattern("- - - - -"), OkState).reason(),
            "Insufficient Data: 3 datapoints were unknown."
        );
        assert_eq!(
            evaluate(&r, &pattern("- - X - -"), OkState).reason(),
            "Threshold Crossed: 1 out of the last 1 datapoints [80.0] was greater than the \
             threshold (70.0); the oldest is 3 periods old and every newer period is breaching \
             or missing (minimum 3 datapoints for OK -> ALARM transition)."
        );
        let r = rules(3, 3, TreatMissingData::Ignore);
        assert_eq!(
            evaluate(&r, &pattern("- - X - -"), Alarm).reason(),
            "Missing data treated as [Ignore]: 2 datapoints were unknown, so the alarm stays in \
             ALARM."
        );
        // ALARM only because of fills: no real point is listed.
        let r = rules(3, 2, TreatMissingData::Breaching);
        assert_eq!(
            evaluate(&r, &pattern("- - - - 0"), OkState).reason(),
            "Threshold Crossed: 0 out of the last 3 datapoints were greater than the threshold \
             (70.0) and 2 missing datapoints were treated as [Breaching] (minimum 2 datapoints \
             for OK -> ALARM transition)."
        );
    }

    #[test]
    fn a4_5_nan_datapoints_are_missing() {
        let r = rules(3, 3, TreatMissingData::Missing);
        let range = [None, None, Some(BREACH), Some(f64::NAN), None];
        // Same as `- - X - -`.
        assert_eq!(evaluate(&r, &range, OkState).state, Alarm);
        let all_nan = [Some(f64::NAN); 5];
        assert_eq!(evaluate(&r, &all_nan, OkState).state, InsufficientData);
    }

    #[test]
    fn degenerate_inputs_do_not_panic() {
        let weird = [
            rules(0, 0, TreatMissingData::Missing),
            rules(0, 5, TreatMissingData::Ignore),
            rules(2, 9, TreatMissingData::Breaching),
            rules(u32::MAX, u32::MAX, TreatMissingData::NotBreaching),
            rules(u32::MAX, 1, TreatMissingData::Missing),
            EvaluationRules {
                threshold: f64::NAN,
                ..rules(3, 3, TreatMissingData::Missing)
            },
            EvaluationRules {
                threshold: f64::INFINITY,
                ..rules(1, 1, TreatMissingData::Breaching)
            },
        ];
        let ranges: [&[Option<f64>]; 5] = [
            &[],
            &[None],
            &[Some(f64::NAN), Some(f64::INFINITY), Some(f64::NEG_INFINITY)],
            &[Some(BREACH); 7],
            &[Some(FINE), None, Some(BREACH)],
        ];
        for r in &weird {
            assert!(r.evaluation_range() >= 3);
            for range in ranges {
                for current in ALL_STATES {
                    let e = evaluate(r, range, current);
                    assert!(!e.reason().is_empty());
                }
            }
        }
        // N = 0 reads as 1; M > N reads as N.
        let r = rules(0, 0, TreatMissingData::Missing);
        assert_eq!(evaluate(&r, &[Some(BREACH)], OkState).state, Alarm);
        let r = rules(2, 9, TreatMissingData::Missing);
        assert_eq!(
            evaluate(&r, &[Some(BREACH), Some(BREACH)], OkState).state,
            Alarm
        );
    }

    #[test]
    fn a4_5_exhaustive_small_ranges_invariants() {
        // Every range of up to 6 periods over {0, X, -, NaN}, every M <= N <= 4.
        let symbols = [Some(FINE), Some(BREACH), None, Some(f64::NAN)];
        for len in 0..=6u32 {
            for code in 0..4usize.pow(len) {
                let range: Vec<Option<f64>> = (0..len)
                    .map(|i| symbols[code / 4usize.pow(i) % 4])
                    .collect();
                let real = range.iter().flatten().filter(|v| !v.is_nan()).count();
                for n in 1..=4 {
                    for m in 1..=n {
                        let states: Vec<Vec<AlarmState>> = [
                            TreatMissingData::Missing,
                            TreatMissingData::NotBreaching,
                            TreatMissingData::Breaching,
                            TreatMissingData::Ignore,
                        ]
                        .iter()
                        .map(|t| {
                            ALL_STATES
                                .iter()
                                .map(|c| evaluate(&rules(n, m, *t), &range, *c).state)
                                .collect()
                        })
                        .collect();
                        // Only `ignore` may depend on the prior state.
                        for per_treatment in &states[..3] {
                            assert!(per_treatment.iter().all(|s| *s == per_treatment[0]));
                        }
                        // With N real points the treatment is unused (A4.5).
                        if real >= n as usize {
                            assert!(states.iter().flatten().all(|s| *s == states[0][0]));
                        }
                        // Filling treatments always decide.
                        assert!(!states[1].contains(&InsufficientData));
                        assert!(!states[2].contains(&InsufficientData));
                    }
                }
            }
        }
    }

    #[test]
    fn a4_5_evaluation_range_is_n_plus_two() {
        assert_eq!(rules(3, 3, TreatMissingData::Missing).evaluation_range(), 5);
        assert_eq!(rules(1, 1, TreatMissingData::Missing).evaluation_range(), 3);
        assert_eq!(rules(0, 0, TreatMissingData::Missing).evaluation_range(), 3);
    }

    #[test]
    fn a4_2_stat_accumulator_statistics() {
        let mut acc = StatAccumulator::default();
        for s in [
            Statistic::SampleCount,
            Statistic::Average,
            Statistic::Sum,
            Statistic::Minimum,
            Statistic::Maximum,
        ] {
            assert_eq!(acc.value(s), None, "{s:?} of no samples");
        }
        for v in [60.0, 40.0, 80.0, 20.0] {
            acc.add(v);
        }
        assert_eq!(acc.count(), 4);
        assert_eq!(acc.value(Statistic::SampleCount), Some(4.0));
        assert_eq!(acc.value(Statistic::Average), Some(50.0));
        assert_eq!(acc.value(Statistic::Sum), Some(200.0));
        assert_eq!(acc.value(Statistic::Minimum), Some(20.0));
        assert_eq!(acc.value(Statistic::Maximum), Some(80.0));
    }

    #[test]
    fn a4_2_stat_accumulator_negative_and_single_sample() {
        let mut acc = StatAccumulator::default();
        acc.add(-5.0);
        assert_eq!(acc.value(Statistic::Minimum), Some(-5.0));
        assert_eq!(acc.value(Statistic::Maximum), Some(-5.0));
        assert_eq!(acc.value(Statistic::Average), Some(-5.0));
    }

    #[test]
    fn a4_2_stat_accumulator_drops_non_finite_samples() {
        let mut acc = StatAccumulator::default();
        acc.add(f64::NAN);
        acc.add(f64::INFINITY);
        assert_eq!(acc.count(), 0);
        assert_eq!(acc.value(Statistic::Average), None);
        acc.add(10.0);
        acc.add(f64::NEG_INFINITY);
        assert_eq!(acc.value(Statistic::Maximum), Some(10.0));
        assert_eq!(acc.value(Statistic::Minimum), Some(10.0));
        assert_eq!(acc.count(), 1);
    }

    #[test]
    fn a4_11_stat_accumulator_merge_pools_instances() {
        // A4.11: instances at 60% and 40% give a group average of 50%.
        let mut a = StatAccumulator::default();
        a.add(60.0);
        let mut b = StatAccumulator::default();
        b.add(40.0);
        let mut group = StatAccumulator::default();
        group.merge(&a);
        group.merge(&b);
        group.merge(&StatAccumulator::default());
        assert_eq!(group.value(Statistic::Average), Some(50.0));
        assert_eq!(group.value(Statistic::Minimum), Some(40.0));
        assert_eq!(group.value(Statistic::Maximum), Some(60.0));
        assert_eq!(group.count(), 2);
    }

    #[test]
    fn a4_2_validate_rules_accepts_valid() {
        for period in [10, 20, 30, 60, 120, 300, 3600, 86_400] {
            assert_eq!(
                validate_rules(period, 1, 1),
                Vec::<String>::new(),
                "period {period}"
            );
        }
        assert!(validate_rules(60, 5, 3).is_empty());
        assert!(validate_rules(300, 288, 288).is_empty()); // exactly one day
        assert!(validate_rules(10, 8640, 1).is_empty());
    }

    #[test]
    fn a4_2_validate_rules_period() {
        for period in [0, 1, 5, 15, 40, 45, 59, 61, 90] {
            assert_eq!(
                validate_rules(period, 1, 1),
                ["Period must be 10, 20, 30 or a multiple of 60"],
                "period {period}"
            );
        }
    }

    #[test]
    fn a4_2_validate_rules_counts() {
        assert_eq!(
            validate_rules(60, 0, 1),
            [
                "Value '0' at 'evaluationPeriods' failed to satisfy constraint: Member must have \
              value greater than or equal to 1"
            ]
        );
        assert_eq!(
            validate_rules(60, 3, 0),
            [
                "Value '0' at 'datapointsToAlarm' failed to satisfy constraint: Member must have \
              value greater than or equal to 1"
            ]
        );
        assert_eq!(
            validate_rules(60, 3, 4),
            ["DatapointsToAlarm must be less than or equal to EvaluationPeriods"]
        );
        assert_eq!(validate_rules(60, 0, 0).len(), 2);
    }

    #[test]
    fn a4_2_validate_rules_one_day_limit() {
        let day = "Metrics cannot be checked across more than a day (EvaluationPeriods * Period \
                   must be <= 86400).";
        assert_eq!(validate_rules(300, 289, 1), [day]);
        assert_eq!(validate_rules(86_460, 1, 1), [day]);
        // Several problems at once, one message each; no overflow at the extremes.
        let all = validate_rules(u32::MAX, u32::MAX, 0);
        assert_eq!(all.len(), 3, "{all:?}");
        assert!(all.contains(&day.to_string()));
    }

    #[test]
    fn a4_5_datapoint_window_records_and_reads_oldest_first() {
        let mut w = DatapointWindow::new(5);
        assert_eq!(w.capacity(), 5);
        w.record(0, 10.0);
        w.record(1, 11.0);
        w.record(3, 13.0);
        // Periods before 0 never existed; period 2 has no datapoint.
        assert_eq!(
            w.window(3, 5),
            [None, Some(10.0), Some(11.0), None, Some(13.0)]
        );
        // Re-recording a period replaces its value.
        w.record(3, 14.0);
        assert_eq!(w.get(3), Some(14.0));
        // The window can end before the newest recorded period.
        assert_eq!(w.window(1, 2), [Some(10.0), Some(11.0)]);
    }

    #[test]
    fn a4_5_datapoint_window_is_a_bounded_ring() {
        let mut w = DatapointWindow::new(3);
        for i in 0..10u64 {
            w.record(i, i as f64);
        }
        assert_eq!(w.window(9, 3), [Some(7.0), Some(8.0), Some(9.0)]);
        // Older periods were overwritten and read as missing.
        assert_eq!(w.get(6), None);
        // A late value for an evicted period does not clobber a newer one.
        w.record(6, 60.0);
        assert_eq!(w.get(9), Some(9.0));
        assert_eq!(w.get(6), None);
        // `len` is clamped to the capacity.
        assert_eq!(w.window(9, 1000).len(), 3);
        assert_eq!(w.window(u64::MAX, usize::MAX), [None, None, None]);
        // NaN is not recorded.
        w.record(10, f64::NAN);
        assert_eq!(w.get(10), None);
    }

    #[test]
    fn a4_5_datapoint_window_zero_and_huge_capacity() {
        let mut w = DatapointWindow::new(0);
        w.record(5, 1.0);
        assert_eq!(w.get(5), None);
        assert!(w.window(5, 3).is_empty());
        assert_eq!(
            DatapointWindow::<f64>::new(usize::MAX).capacity(),
            DatapointWindow::<f64>::MAX_CAPACITY
        );
    }

    #[test]
    fn a4_5_datapoint_window_feeds_evaluate() {
        // Period 300 s, N = M = 3; the metric reports once then stops: `- - X - -` -> ALARM.
        let r = rules(3, 3, TreatMissingData::Missing);
        let mut w = DatapointWindow::new(r.evaluation_range());
        w.record(12, BREACH);
        assert_eq!(
            evaluate(&r, &w.window(12, 5), OkState).state,
            InsufficientData
        );
        assert_eq!(
            evaluate(&r, &w.window(13, 5), OkState).state,
            InsufficientData
        );
        assert_eq!(evaluate(&r, &w.window(14, 5), OkState).state, Alarm);
        assert_eq!(evaluate(&r, &w.window(16, 5), OkState).state, Alarm);
        // The point leaves the 5-period range: nothing is known any more.
        assert_eq!(
            evaluate(&r, &w.window(17, 5), Alarm).state,
            InsufficientData
        );
    }

    #[test]
    fn a4_5_breaching_fill_alarms_once_the_fine_point_ages_out() {
        // CW-UG on G4 row 2: `0 - - - -` is OK under `breaching`, but one evaluation later
        // the 0 has left the range and the alarm goes to ALARM.
        let r = rules(3, 3, TreatMissingData::Breaching);
        let mut w = DatapointWindow::new(r.evaluation_range());
        w.record(10, FINE);
        assert_eq!(evaluate(&r, &w.window(14, 5), OkState).state, OkState);
        assert_eq!(evaluate(&r, &w.window(15, 5), OkState).state, Alarm);
    }

    #[test]
    fn serde_uses_aws_strings() {
        let json = |v: &dyn erased::Ser| v.json();
        assert_eq!(json(&AlarmState::Ok), "\"OK\"");
        assert_eq!(json(&AlarmState::Alarm), "\"ALARM\"");
        assert_eq!(json(&AlarmState::InsufficientData), "\"INSUFFICIENT_DATA\"");
        assert_eq!(json(&TreatMissingData::Missing), "\"missing\"");
        assert_eq!(json(&TreatMissingData::NotBreaching), "\"notBreaching\"");
        assert_eq!(json(&TreatMissingData::Breaching), "\"breaching\"");
        assert_eq!(json(&TreatMissingData::Ignore), "\"ignore\"");
        assert_eq!(json(&Statistic::SampleCount), "\"SampleCount\"");
        assert_eq!(
            json(&ComparisonOperator::GreaterThanOrEqualToThreshold),
            "\"GreaterThanOrEqualToThreshold\""
        );
        // as_str agrees with serde for every enum value.
        for s in ALL_STATES {
            assert_eq!(json(&s), format!("\"{}\"", s.as_str()));
        }
        for t in [
            TreatMissingData::Missing,
            TreatMissingData::NotBreaching,
            TreatMissingData::Breaching,
            TreatMissingData::Ignore,
        ] {
            assert_eq!(json(&t), format!("\"{}\"", t.as_str()));
        }
        for s in [
            Statistic::SampleCount,
            Statistic::Average,
            Statistic::Sum,
            Statistic::Minimum,
            Statistic::Maximum,
        ] {
            assert_eq!(json(&s), format!("\"{}\"", s.as_str()));
        }
        for c in [
            ComparisonOperator::GreaterThanOrEqualToThreshold,
            ComparisonOperator::GreaterThanThreshold,
            ComparisonOperator::LessThanThreshold,
            ComparisonOperator::LessThanOrEqualToThreshold,
        ] {
            assert_eq!(json(&c), format!("\"{}\"", c.as_str()));
        }
    }

    #[test]
    fn serde_round_trips() {
        let r = rules(3, 2, TreatMissingData::NotBreaching);
        let text = serde_json::to_string(&r).unwrap_or_default();
        assert_eq!(serde_json::from_str::<EvaluationRules>(&text).ok(), Some(r));

        let mut w = DatapointWindow::new(4);
        w.record(2, 1.5);
        let text = serde_json::to_string(&w).unwrap_or_default();
        assert_eq!(serde_json::from_str::<DatapointWindow>(&text).ok(), Some(w));

        let mut acc = StatAccumulator::default();
        acc.add(3.0);
        let text = serde_json::to_string(&acc).unwrap_or_default();
        assert_eq!(
            serde_json::from_str::<StatAccumulator>(&text).ok(),
            Some(acc)
        );
    }

    #[test]
    fn defaults_match_aws() {
        assert_eq!(AlarmState::default(), InsufficientData); // A4.1
        assert_eq!(TreatMissingData::default(), TreatMissingData::Missing); // A4.2
        assert_eq!(Statistic::default(), Statistic::Average);
    }

    /// Serializes any of the module's enums to JSON without naming each type.
    mod erased {
        pub trait Ser {
            fn json(&self) -> String;
        }
        impl<T: serde::Serialize> Ser for T {
            fn json(&self) -> String {
                serde_json::to_string(self).unwrap_or_default()
            }
        }
    }
}
