//! The per-minute trace: what the runner prints and the page charts. One sample per simulated
//! minute, so its size grows with the horizon (7 days = 10,080 samples) and nothing else.

use serde::{Deserialize, Serialize};

use crate::alarm::AlarmState;
use crate::time::SimTime;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    pub t: SimTime,
    pub desired: u32,
    pub min_size: u32,
    pub max_size: u32,
    /// Pending and Pending:Proceed.
    pub pending: u32,
    pub pending_wait: u32,
    pub in_service: u32,
    /// Every Terminating* state.
    pub terminating: u32,
    pub load_rps: f64,
    pub served_rps: f64,
    pub dropped_rps: f64,
    pub capacity_rps: f64,
    /// The group's average CPU datapoint this minute (`None` = no datapoint, A4.9).
    pub avg_cpu: Option<f64>,
    pub avg_mem: Option<f64>,
    pub latency_ms: f64,
    /// Requests per second answered with errors by broken instances.
    pub errors_rps: f64,
    /// Serving instances per revision label ("" = no application), sorted by label.
    pub revisions: Vec<(String, u32)>,
    /// In the order of `Sim::alarm_names()`.
    pub alarms: Vec<AlarmState>,
}

/// Column header for CSV output; the same order as [`Sample::csv_row`].
pub fn csv_header(alarm_names: &[String]) -> String {
    let mut h = String::from(
        "time_s,clock,desired,min,max,pending,pending_wait,in_service,terminating,load_rps,served_rps,dropped_rps,capacity_rps,avg_cpu,avg_mem,latency_ms,errors_rps,revisions",
    );
    for a in alarm_names {
        h.push(',');
        h.push_str(&a.replace(',', "_"));
    }
    h
}

fn opt(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.2}")).unwrap_or_default()
}

impl Sample {
    /// `v1:3|v2:1`: serving instances per revision.
    pub fn revision_mix(&self) -> String {
        self.revisions
            .iter()
            .map(|(l, n)| format!("{}:{n}", if l.is_empty() { "-" } else { l.as_str() }))
            .collect::<Vec<_>>()
            .join("|")
    }

    pub fn csv_row(&self) -> String {
        let mut r = format!(
            "{},{},{},{},{},{},{},{},{},{:.2},{:.2},{:.2},{:.2},{},{},{:.1},{:.2},{}",
            self.t.secs(),
            self.t.clock(),
            self.desired,
            self.min_size,
            self.max_size,
            self.pending,
            self.pending_wait,
            self.in_service,
            self.terminating,
            self.load_rps,
            self.served_rps,
            self.dropped_rps,
            self.capacity_rps,
            opt(self.avg_cpu),
            opt(self.avg_mem),
            self.latency_ms,
            self.errors_rps,
            self.revision_mix()
        );
        for a in &self.alarms {
            r.push(',');
            r.push_str(a.as_str());
        }
        r
    }

    /// One human-readable line.
    pub fn text_row(&self, alarm_names: &[String]) -> String {
        let alarms: Vec<String> = alarm_names
            .iter()
            .zip(&self.alarms)
            .map(|(n, s)| format!("{n}={}", s.as_str()))
            .collect();
        format!(
            "{} desired={} pending={} wait={} inservice={} terminating={} load={:.0} cpu={} rev={} {}",
            self.t.clock(),
            self.desired,
            self.pending,
            self.pending_wait,
            self.in_service,
            self.terminating,
            self.load_rps,
            self.avg_cpu.map(|c| format!("{c:.1}")).unwrap_or_else(|| "-".into()),
            self.revision_mix(),
            alarms.join(" ")
        )
    }
}
