//! Simulated time: integer milliseconds since the scenario's start. The core never reads a clock.

use serde::{Deserialize, Serialize};

/// Milliseconds since the start of the simulation. Ordered, copyable, never negative.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct SimTime(pub u64);

pub const MS_PER_S: u64 = 1_000;
pub const MS_PER_MIN: u64 = 60_000;
pub const MS_PER_HOUR: u64 = 3_600_000;
pub const MS_PER_DAY: u64 = 86_400_000;

impl SimTime {
    pub const ZERO: SimTime = SimTime(0);

    pub const fn from_secs(s: u64) -> SimTime {
        SimTime(s.saturating_mul(MS_PER_S))
    }
    pub const fn from_mins(m: u64) -> SimTime {
        SimTime(m.saturating_mul(MS_PER_MIN))
    }
    pub const fn ms(self) -> u64 {
        self.0
    }
    pub const fn secs(self) -> u64 {
        self.0 / MS_PER_S
    }
    pub fn secs_f64(self) -> f64 {
        self.0 as f64 / MS_PER_S as f64
    }
    pub const fn plus_ms(self, ms: u64) -> SimTime {
        SimTime(self.0.saturating_add(ms))
    }
    pub const fn plus_secs(self, s: u64) -> SimTime {
        self.plus_ms(s.saturating_mul(MS_PER_S))
    }
    pub const fn since(self, earlier: SimTime) -> u64 {
        self.0.saturating_sub(earlier.0)
    }
    /// The next multiple of `step_ms` strictly after `self`.
    pub const fn next_multiple(self, step_ms: u64) -> SimTime {
        SimTime((self.0 / step_ms + 1) * step_ms)
    }

    /// `HH:MM:SS` with a day prefix after the first day, for clocks and traces: `1d 02:03:04`.
    pub fn clock(self) -> String {
        let s = self.secs();
        let (d, h, m, sec) = (s / 86_400, (s / 3600) % 24, (s / 60) % 60, s % 60);
        if d > 0 {
            format!("{d}d {h:02}:{m:02}:{sec:02}")
        } else {
            format!("{h:02}:{m:02}:{sec:02}")
        }
    }

    /// AWS timestamp form `YYYY-MM-DDThh:mm:ssZ` (A7.3), given the scenario's start as Unix seconds.
    pub fn iso(self, start_unix_s: u64) -> String {
        iso_from_unix(start_unix_s.saturating_add(self.secs()))
    }
}

/// Parses durations such as `90`, `90s`, `15m`, `24h`, `7d` (seconds when no unit).
pub fn parse_duration(text: &str) -> Result<SimTime, String> {
    let t = text.trim();
    let (num, unit_ms) = match t.char_indices().last() {
        Some((i, 's')) => (&t[..i], MS_PER_S),
        Some((i, 'm')) => (&t[..i], MS_PER_MIN),
        Some((i, 'h')) => (&t[..i], MS_PER_HOUR),
        Some((i, 'd')) => (&t[..i], MS_PER_DAY),
        _ => (t, MS_PER_S),
    };
    let n: u64 = num
        .trim()
        .parse()
        .map_err(|_| format!("'{text}' is not a duration (examples: 90s, 15m, 24h, 7d)"))?;
    n.checked_mul(unit_ms)
        .map(SimTime)
        .ok_or_else(|| format!("'{text}' is too long"))
}

/// Civil date from Unix seconds (proleptic Gregorian, UTC), formatted as AWS does.
pub fn iso_from_unix(unix_s: u64) -> String {
    let days = (unix_s / 86_400) as i64;
    let rem = unix_s % 86_400;
    let (y, mo, d) = civil_from_days(days);
    format!(
        "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
}

/// Howard Hinnant's days-to-civil algorithm.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_matches_aws_form() {
        // 2013-08-19T20:53:25Z is the timestamp in the A7.3 example.
        assert_eq!(iso_from_unix(1_376_945_605), "2013-08-19T20:53:25Z");
        assert_eq!(iso_from_unix(0), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn durations_parse() {
        assert_eq!(parse_duration("24h"), Ok(SimTime(86_400_000)));
        assert_eq!(parse_duration("90"), Ok(SimTime(90_000)));
        assert_eq!(parse_duration("7d"), Ok(SimTime(7 * MS_PER_DAY)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("").is_err());
    }

    #[test]
    fn clock_formats() {
        assert_eq!(SimTime::from_secs(3661).clock(), "01:01:01");
        assert_eq!(SimTime::from_secs(86_400 + 5).clock(), "1d 00:00:05");
    }
}
