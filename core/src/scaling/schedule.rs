//! Scheduled actions (A3.6): the 5-field Unix cron of a recurring action, in UTC.
//!
//! `[minute] [hour] [day-of-month] [month] [day-of-week]`, each field a comma list of `*`,
//! `n`, `a-b`, with an optional `/step` (`*/15`, `0-30/10`, `5/20` = `5-59/20`). Months accept
//! `JAN`..`DEC` and days of week `SUN`..`SAT` (any case); day-of-week 0 and 7 are both Sunday.
//! Like Vixie cron, when both day-of-month and day-of-week are restricted a day matching EITHER
//! fires (`0 0 13 * 5` = every 13th and every Friday); a field that starts with `*` (even `*/2`)
//! counts as unrestricted, so the other day field alone decides.
//!
//! Not modelled: the optional `TimeZone` with DST (A3.6.1); everything is UTC. Civil-date math
//! is done here (proleptic Gregorian, days since 1970-01-01) so the crate needs no date library.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

const MINUTES_PER_DAY: u64 = 24 * 60;

/// The search horizon of [`Cron::next_after`], in days: 8 years and a day, the longest gap
/// between two February 29ths (2096 → 2104), so a `29 2` schedule is always found.
const SEARCH_DAYS: i64 = 8 * 366 + 1;

/// A parsed cron expression. Serializes as its source text and parses it back on deserialize.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cron {
    source: String,
    /// Bit `m` set when minute `m` (0..=59) matches.
    minutes: u64,
    /// Bit `h` for hour `h` (0..=23).
    hours: u64,
    /// Bit `d` for day of month `d` (1..=31).
    days_of_month: u64,
    /// Bit `m` for month `m` (1..=12).
    months: u64,
    /// Bit `d` for weekday `d` (0 = Sunday ..= 6 = Saturday).
    days_of_week: u64,
    /// Day-of-month field did not start with `*` (Vixie cron's rule).
    dom_restricted: bool,
    /// Day-of-week field did not start with `*`.
    dow_restricted: bool,
}

/// What one of the five fields accepts.
struct FieldSpec {
    name: &'static str,
    min: u32,
    max: u32,
    /// Three-letter names for `min`, `min + 1`, …; empty when the field takes numbers only.
    names: &'static [&'static str],
}

const MINUTE: FieldSpec = FieldSpec {
    name: "minute",
    min: 0,
    max: 59,
    names: &[],
};
const HOUR: FieldSpec = FieldSpec {
    name: "hour",
    min: 0,
    max: 23,
    names: &[],
};
const DAY_OF_MONTH: FieldSpec = FieldSpec {
    name: "day-of-month",
    min: 1,
    max: 31,
    names: &[],
};
const MONTH: FieldSpec = FieldSpec {
    name: "month",
    min: 1,
    max: 12,
    names: &[
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ],
};
/// 7 is accepted and folded onto 0 (Sunday) when the bits are set.
const DAY_OF_WEEK: FieldSpec = FieldSpec {
    name: "day-of-week",
    min: 0,
    max: 7,
    names: &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
};

/// A3.6.1: parses a 5-field cron expression. Errors name the field and the offending text,
/// e.g. `hour field "24": 24 is out of range 0-23`.
pub fn parse_cron(expr: &str) -> Result<Cron, String> {
    let fields: Vec<&str> = expr.split_whitespace().collect();
    let [minute, hour, dom, month, dow] = fields.as_slice() else {
        return Err(format!(
            "a cron expression has 5 fields ([minute] [hour] [day-of-month] [month] \
             [day-of-week]), found {} in \"{}\"",
            fields.len(),
            expr.trim()
        ));
    };
    let mut days_of_week = parse_field(dow, &DAY_OF_WEEK)?;
    // Fold 7 onto 0: both are Sunday.
    if days_of_week & (1 << 7) != 0 {
        days_of_week = (days_of_week & !(1 << 7)) | 1;
    }
    Ok(Cron {
        source: fields.join(" "),
        minutes: parse_field(minute, &MINUTE)?,
        hours: parse_field(hour, &HOUR)?,
        days_of_month: parse_field(dom, &DAY_OF_MONTH)?,
        months: parse_field(month, &MONTH)?,
        days_of_week,
        dom_restricted: !dom.starts_with('*'),
        dow_restricted: !dow.starts_with('*'),
    })
}

/// One field to a bit set, or an error naming the field.
fn parse_field(text: &str, spec: &FieldSpec) -> Result<u64, String> {
    let fail = |problem: String| format!("{} field \"{}\": {}", spec.name, text, problem);
    let mut bits = 0u64;
    for item in text.split(',') {
        let (range, step) = match item.split_once('/') {
            Some((range, step)) => (range, Some(parse_number(step, "step").map_err(fail)?)),
            None => (item, None),
        };
        if step == Some(0) {
            return Err(fail("a step must be at least 1".to_string()));
        }
        let (first, last) = if range == "*" {
            (spec.min, spec.max)
        } else if let Some((a, b)) = range.split_once('-') {
            (
                parse_value(a, spec).map_err(fail)?,
                parse_value(b, spec).map_err(fail)?,
            )
        } else {
            let value = parse_value(range, spec).map_err(fail)?;
            // `5/20` means "from 5 to the end, every 20" (a common extension); plain `5` is just 5.
            (value, if step.is_some() { spec.max } else { value })
        };
        if first > last {
            return Err(fail(format!(
                "range {first}-{last} runs backwards (ranges do not wrap around)"
            )));
        }
        let step = step.unwrap_or(1);
        let mut value = first;
        while value <= last {
            bits |= 1 << value;
            match value.checked_add(step) {
                Some(next) => value = next,
                None => break,
            }
        }
    }
    Ok(bits)
}

/// A number or (where the field has names) a three-letter name, checked against the range.
fn parse_value(text: &str, spec: &FieldSpec) -> Result<u32, String> {
    if let Some(index) = spec
        .names
        .iter()
        .position(|name| name.eq_ignore_ascii_case(text))
    {
        // `index` < 12, so the conversion cannot fail.
        return Ok(spec.min + u32::try_from(index).unwrap_or(0));
    }
    if !spec.names.is_empty() && text.chars().any(|c| c.is_ascii_alphabetic()) {
        return Err(format!(
            "unknown name \"{text}\" (expected one of {})",
            spec.names.join(", ")
        ));
    }
    let value = parse_number(text, "value")?;
    if value < spec.min || value > spec.max {
        return Err(format!("{value} is out of range {}-{}", spec.min, spec.max));
    }
    Ok(value)
}

/// Plain decimal digits only (no sign, no spaces).
fn parse_number(text: &str, what: &str) -> Result<u32, String> {
    if text.is_empty() {
        return Err(format!("missing {what}"));
    }
    if !text.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("\"{text}\" is not a number"));
    }
    text.parse::<u32>()
        .map_err(|_| format!("{what} {text} is too large"))
}

impl Cron {
    /// The expression as parsed, fields separated by single spaces.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// A3.6.1: the first firing time strictly after `after_unix_s` (Unix seconds; firings are on
    /// whole minutes). Searches at most 8 years ahead (`SEARCH_DAYS`); `None` if the
    /// expression never fires in that window (`0 0 30 2 *`) or the answer would not fit in `u64`.
    ///
    /// Cost: one step per day in matching months, one per month otherwise, a few per matching day.
    pub fn next_after(&self, after_unix_s: u64) -> Option<u64> {
        let start_minute = after_unix_s / 60 + 1;
        let mut day = i64::try_from(start_minute / MINUTES_PER_DAY).ok()?;
        let mut from_minute = u32::try_from(start_minute % MINUTES_PER_DAY).ok()?;
        let last_day = day.checked_add(SEARCH_DAYS)?;
        while day <= last_day {
            let (year, month, day_of_month) = civil_from_days(day);
            if self.months & (1 << month) == 0 {
                // Jump to the 1st of next month.
                let (y, m) = if month == 12 {
                    (year + 1, 1)
                } else {
                    (year, month + 1)
                };
                day = days_from_civil(y, m, 1);
                from_minute = 0;
                continue;
            }
            if self.day_matches(day_of_month, weekday(day)) {
                if let Some(minute_of_day) = self.first_minute_from(from_minute) {
                    let minutes = u64::try_from(day)
                        .ok()?
                        .checked_mul(MINUTES_PER_DAY)?
                        .checked_add(u64::from(minute_of_day))?;
                    return minutes.checked_mul(60);
                }
            }
            day += 1;
            from_minute = 0;
        }
        None
    }

    /// A3.6.1: the next firing of a recurring action with its optional `StartTime` and `EndTime`
    /// (Unix seconds): strictly after `after_unix_s`, at or after `start_unix_s`, at or before
    /// `end_unix_s` (after that the action is deleted, so `None`).
    pub fn next_in_window(
        &self,
        after_unix_s: u64,
        start_unix_s: Option<u64>,
        end_unix_s: Option<u64>,
    ) -> Option<u64> {
        // "Strictly after start − 1" is "at or after start".
        let after = start_unix_s.map_or(after_unix_s, |s| after_unix_s.max(s.saturating_sub(1)));
        let next = self.next_after(after)?;
        match end_unix_s {
            Some(end) if next > end => None,
            _ => Some(next),
        }
    }

    /// Does the expression fire at the minute containing `unix_s`?
    pub fn matches(&self, unix_s: u64) -> bool {
        let minutes = unix_s / 60;
        let Ok(day) = i64::try_from(minutes / MINUTES_PER_DAY) else {
            return false;
        };
        let minute_of_day = minutes % MINUTES_PER_DAY;
        let (_, month, day_of_month) = civil_from_days(day);
        self.months & (1 << month) != 0
            && self.day_matches(day_of_month, weekday(day))
            && self.hours & (1 << (minute_of_day / 60)) != 0
            && self.minutes & (1 << (minute_of_day % 60)) != 0
    }

    /// Vixie cron: both day fields restricted → either matches; otherwise both must (an
    /// unrestricted field matches every day unless it is a stepped `*/n`).
    fn day_matches(&self, day_of_month: u32, weekday: u32) -> bool {
        let dom = self.days_of_month & (1 << day_of_month) != 0;
        let dow = self.days_of_week & (1 << weekday) != 0;
        if self.dom_restricted && self.dow_restricted {
            dom || dow
        } else {
            dom && dow
        }
    }

    /// The first matching minute of the day (0..1440) at or after `from_minute`.
    fn first_minute_from(&self, from_minute: u32) -> Option<u32> {
        let mut hour = from_minute / 60;
        let mut minute = from_minute % 60;
        while hour < 24 {
            if self.hours & (1 << hour) != 0 {
                let later = self.minutes >> minute;
                if later != 0 {
                    return Some(hour * 60 + minute + later.trailing_zeros());
                }
            }
            hour += 1;
            minute = 0;
        }
        None
    }
}

impl fmt::Display for Cron {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl std::str::FromStr for Cron {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_cron(s)
    }
}

impl Serialize for Cron {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.source)
    }
}

impl<'de> Deserialize<'de> for Cron {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_cron(&text).map_err(serde::de::Error::custom)
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
/// Callers stay within ±10^14 days, far from overflow.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400; // 0..=399
    let month_from_march = i64::from((month + 9) % 12); // March = 0
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// `(year, month 1..=12, day 1..=31)` for days since 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097; // 0..=146096
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153; // 0..=11
                                                        // Both values are small and non-negative, so the conversions cannot fail.
    let day = u32::try_from(day_of_year - (153 * month_from_march + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    })
    .unwrap_or(1);
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// 0 = Sunday. 1970-01-01 was a Thursday (4).
fn weekday(days: i64) -> u32 {
    // rem_euclid(7) is in 0..7.
    u32::try_from((days + 4).rem_euclid(7)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cron(expr: &str) -> Cron {
        match parse_cron(expr) {
            Ok(c) => c,
            Err(e) => panic!("{expr}: {e}"),
        }
    }

    // Reference instants, from `date -u -d … +%s`.
    const FRI_2024_03_01_1000: u64 = 1_709_287_200;
    const MON_2024_03_04_0900: u64 = 1_709_542_800;
    const FRI_2024_03_01_0000: u64 = 1_709_251_200;

    #[test]
    fn a3_6_weekdays_at_9_after_friday_10_is_monday_9() {
        let c = cron("0 9 * * 1-5");
        assert_eq!(c.next_after(FRI_2024_03_01_1000), Some(MON_2024_03_04_0900));
        assert_eq!(
            cron("0 9 * * MON-FRI").next_after(FRI_2024_03_01_1000),
            Some(MON_2024_03_04_0900)
        );
    }

    #[test]
    fn a3_6_every_15_minutes() {
        let c = cron("*/15 * * * *");
        // 10:07 → 10:15; exactly 10:15 → 10:30 (strictly after); 10:59:30 → 11:00.
        assert_eq!(c.next_after(1_709_287_620), Some(1_709_288_100));
        assert_eq!(c.next_after(1_709_288_100), Some(1_709_288_100 + 15 * 60));
        assert_eq!(c.next_after(1_709_290_770), Some(1_709_290_800));
        // Year end rolls over: 2024-12-31 23:59 → 2025-01-01 00:00.
        assert_eq!(c.next_after(1_735_689_540), Some(1_735_689_600));
    }

    #[test]
    fn a3_6_stepped_range_0_30_every_10() {
        let c = cron("0-30/10 * * * *");
        let hour = FRI_2024_03_01_1000;
        assert_eq!(c.next_after(hour), Some(hour + 600));
        assert_eq!(c.next_after(hour + 600), Some(hour + 1200));
        assert_eq!(c.next_after(hour + 1800), Some(hour + 3600));
        // `5/20` = 5, 25, 45.
        let c = cron("5/20 * * * *");
        assert_eq!(c.next_after(hour + 45 * 60), Some(hour + 3600 + 5 * 60));
        assert!(c.matches(hour + 25 * 60));
    }

    #[test]
    fn a3_6_feb_29_only_in_leap_years() {
        let c = cron("0 0 29 2 *");
        // 2024-02-28 12:00 → 2024-02-29.
        assert_eq!(c.next_after(1_709_121_600), Some(1_709_164_800));
        // 2024-03-01 → 2028-02-29.
        assert_eq!(c.next_after(FRI_2024_03_01_0000), Some(1_835_395_200));
        // 2096-03-01 → 2104-02-29 (2100 is not a leap year): an 8-year gap.
        assert_eq!(c.next_after(3_981_398_400), Some(4_233_686_400));
    }

    #[test]
    fn a3_6_never_firing_expressions_give_none() {
        assert_eq!(cron("0 0 30 2 *").next_after(0), None);
        assert_eq!(
            cron("0 0 31 4,6,9,11 *").next_after(FRI_2024_03_01_0000),
            None
        );
    }

    #[test]
    fn a3_6_dom_or_dow_when_both_restricted() {
        let c = cron("0 0 13 * 5");
        // From Fri 2024-03-01 00:00 (strictly after): Fri 03-08, then Wed 03-13.
        assert_eq!(c.next_after(FRI_2024_03_01_0000), Some(1_709_856_000));
        assert_eq!(c.next_after(1_709_856_000), Some(1_710_288_000));
    }

    #[test]
    fn a3_6_star_step_day_field_counts_as_unrestricted_like_vixie() {
        // `*/2` starts with `*`: odd days AND Mondays. Mon 03-04 is even; Mon 03-11 fires.
        let c = cron("0 0 */2 * 1");
        assert_eq!(c.next_after(FRI_2024_03_01_0000), Some(1_710_115_200));
        // Then 03-18 (even) and 03-25 (odd).
        assert_eq!(
            c.next_after(1_710_115_200),
            Some(1_710_115_200 + 14 * 86_400)
        );
        // With a restricted day-of-month (`1-31/2`, same days) it is odd days OR Mondays.
        let c = cron("0 0 1-31/2 * 1");
        assert_eq!(
            c.next_after(FRI_2024_03_01_0000),
            Some(FRI_2024_03_01_0000 + 2 * 86_400)
        );
    }

    #[test]
    fn a3_6_day_of_week_0_and_7_are_sunday() {
        let sunday = Some(1_709_424_000); // 2024-03-03
        assert_eq!(cron("0 0 * * 0").next_after(FRI_2024_03_01_0000), sunday);
        assert_eq!(cron("0 0 * * 7").next_after(FRI_2024_03_01_0000), sunday);
        assert_eq!(cron("0 0 * * sun").next_after(FRI_2024_03_01_0000), sunday);
        let weekend = cron("0 0 * * 6-7");
        assert_eq!(
            weekend.next_after(FRI_2024_03_01_0000),
            Some(1_709_424_000 - 86_400)
        );
        assert!(weekend.matches(1_709_424_000));
    }

    #[test]
    fn a3_6_month_names_and_lists() {
        let c = cron("30 8 1 jan,JUL *");
        // 2024-03-01 → 2024-07-01 08:30.
        assert_eq!(c.next_after(FRI_2024_03_01_0000), Some(1_719_822_600));
        assert_eq!(
            cron("30 8 1 1,7 *"),
            Cron {
                source: "30 8 1 1,7 *".into(),
                ..c
            }
        );
    }

    #[test]
    fn a3_6_epoch_and_extremes() {
        let every_minute = cron("* * * * *");
        assert_eq!(every_minute.next_after(0), Some(60));
        assert_eq!(every_minute.next_after(59), Some(60));
        assert_eq!(every_minute.next_after(u64::MAX), None);
        let near_end = u64::MAX - 100_000;
        assert_eq!(
            every_minute.next_after(near_end),
            Some((near_end / 60 + 1) * 60)
        );
        // Far-future instants: no overflow, no panic (the answer itself is not interesting).
        let _ = cron("0 0 29 2 *").next_after(u64::MAX / 2);
        let _ = every_minute.matches(u64::MAX);
    }

    #[test]
    fn a3_6_1_window_start_and_end() {
        let c = cron("0 9 * * *");
        let nine = FRI_2024_03_01_0000 + 9 * 3600;
        // Start exactly at a firing: it counts.
        assert_eq!(c.next_in_window(0, Some(nine), None), Some(nine));
        // Start later that day → next day.
        assert_eq!(
            c.next_in_window(0, Some(nine + 1), None),
            Some(nine + 86_400)
        );
        // End before the next firing → none.
        assert_eq!(c.next_in_window(nine, None, Some(nine + 86_399)), None);
        assert_eq!(
            c.next_in_window(nine, None, Some(nine + 86_400)),
            Some(nine + 86_400)
        );
        assert_eq!(c.next_in_window(nine, Some(0), None), Some(nine + 86_400));
    }

    #[test]
    fn a3_6_whitespace_is_normalised_and_serde_round_trips_through_text() {
        let c = cron("  0   9 *\t* 1-5 ");
        assert_eq!(c.source(), "0 9 * * 1-5");
        assert_eq!(c.to_string(), "0 9 * * 1-5");
        let de = serde::de::value::StrDeserializer::<serde::de::value::Error>::new("0 9 * * 1-5");
        assert_eq!(Cron::deserialize(de), Ok(c));
        let bad = serde::de::value::StrDeserializer::<serde::de::value::Error>::new("0 25 * * *");
        assert!(Cron::deserialize(bad).is_err());
    }

    fn err(expr: &str) -> String {
        match parse_cron(expr) {
            Ok(c) => panic!("{expr} parsed as {c:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn a3_6_invalid_expressions_name_the_field() {
        assert!(err("").contains("5 fields"));
        assert!(err("* * * *").contains("found 4"));
        assert!(err("* * * * * *").contains("found 6"));
        assert_eq!(
            err("60 * * * *"),
            "minute field \"60\": 60 is out of range 0-59"
        );
        assert_eq!(
            err("* 24 * * *"),
            "hour field \"24\": 24 is out of range 0-23"
        );
        assert!(err("* * 0 * *").starts_with("day-of-month field"));
        assert!(err("* * 32 * *").starts_with("day-of-month field"));
        assert!(err("* * * 13 *").starts_with("month field"));
        assert!(err("* * * 0 *").starts_with("month field"));
        assert!(err("* * * * 8").starts_with("day-of-week field"));
        assert!(err("*/0 * * * *").contains("at least 1"));
        assert!(err("5-1 * * * *").contains("runs backwards"));
        assert!(err("a * * * *").contains("not a number"));
        assert!(err("1,,2 * * * *").contains("missing value"));
        assert!(err("1- * * * *").contains("missing value"));
        assert!(err("-1 * * * *").contains("missing value"));
        assert!(err("99999999999 * * * *").contains("too large"));
        assert!(err("*/99999999999 * * * *").contains("too large"));
        assert!(err("JAN * * * *").starts_with("minute field"));
        assert!(err("* * * FOO *").contains("unknown name \"FOO\""));
        assert!(err("* * * * MON-").contains("missing value"));
        assert!(err("1/2/3 * * * *").starts_with("minute field"));
        assert!(err("? * * * *").starts_with("minute field"));
        assert!(err("@daily").contains("5 fields"));
    }

    #[test]
    fn civil_date_round_trips_and_known_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(weekday(0), 4);
        assert_eq!(days_from_civil(2000, 2, 29), 951_782_400 / 86_400);
        assert_eq!(days_from_civil(2100, 3, 1), 4_107_542_400 / 86_400);
        assert_eq!(civil_from_days(4_107_542_400 / 86_400 - 1), (2100, 2, 28));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        for day in -800_000..800_000i64 {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
    }

    /// Small cron expressions built from pieces, so the properties exercise real schedules.
    fn arb_cron() -> impl Strategy<Value = String> {
        let minute = prop_oneof![
            Just("*".to_string()),
            Just("*/15".to_string()),
            (0u32..60).prop_map(|m| m.to_string()),
            Just("0-30/10".to_string()),
            Just("5,35".to_string()),
        ];
        let hour = prop_oneof![
            Just("*".to_string()),
            (0u32..24).prop_map(|h| h.to_string()),
            Just("9-17".to_string()),
            Just("*/6".to_string()),
        ];
        let dom = prop_oneof![
            Just("*".to_string()),
            (1u32..32).prop_map(|d| d.to_string()),
            Just("1,15".to_string()),
            Just("*/2".to_string()),
            Just("29".to_string()),
        ];
        let month = prop_oneof![
            Just("*".to_string()),
            (1u32..13).prop_map(|m| m.to_string()),
            Just("FEB".to_string()),
            Just("1-6".to_string()),
        ];
        let dow = prop_oneof![
            Just("*".to_string()),
            (0u32..8).prop_map(|d| d.to_string()),
            Just("MON-FRI".to_string()),
            Just("6,7".to_string()),
        ];
        (minute, hour, dom, month, dow).prop_map(|(a, b, c, d, e)| format!("{a} {b} {c} {d} {e}"))
    }

    proptest! {
        #[test]
        fn a3_6_prop_parse_cron_never_panics(expr in any::<String>()) {
            let _ = parse_cron(&expr);
        }

        #[test]
        fn a3_6_prop_parse_cron_never_panics_on_cron_like_text(expr in "[0-9*/,A-Za-z? -]{0,40}") {
            if let Ok(c) = parse_cron(&expr) {
                let _ = c.next_after(0);
            }
        }

        #[test]
        fn a3_6_prop_next_after_is_the_first_match(expr in arb_cron(), after in 0u64..5_000_000_000) {
            let c = cron(&expr);
            match c.next_after(after) {
                Some(next) => {
                    prop_assert!(next > after);
                    prop_assert_eq!(next % 60, 0);
                    prop_assert!(c.matches(next));
                    // No earlier minute matches; brute force over at most two days.
                    let first = (after / 60 + 1) * 60;
                    let mut t = first;
                    while t < next && t < first + 2 * 86_400 {
                        prop_assert!(!c.matches(t), "{} matches earlier at {}", expr, t);
                        t += 60;
                    }
                }
                // Only impossible dates (30 February, 31 April) never fire: no day in the
                // horizon may match.
                None => {
                    let first_day = i64::try_from(after / 86_400).unwrap_or(0);
                    for day in first_day..first_day + SEARCH_DAYS {
                        let (_, month, day_of_month) = civil_from_days(day);
                        let fires = c.months & (1 << month) != 0
                            && c.day_matches(day_of_month, weekday(day));
                        prop_assert!(!fires, "{} fires on day {}", expr, day);
                    }
                }
            }
        }
    }
}
