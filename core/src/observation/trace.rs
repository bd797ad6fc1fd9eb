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
    /// The group's average of the CloudWatch agent's `mem_used_percent` this minute (A4.10).
    pub avg_mem: Option<f64>,
    /// The group's average of the CloudWatch agent's `disk_used_percent` this minute (A4.10).
    #[serde(default)]
    pub avg_disk: Option<f64>,
    pub latency_ms: f64,
    /// Requests per second answered with errors by broken instances.
    pub errors_rps: f64,
    /// Serving instances per revision label ("" = no application), sorted by label.
    pub revisions: Vec<(String, u32)>,
    /// In the order of `Sim::alarm_names()`.
    pub alarms: Vec<AlarmState>,
    /// The scenario's extra groups (`extra_groups`), in order; empty for one group.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupSample>,
    /// The cluster's minute (pods, the HPA, Argo CD); `None` without a `kubernetes` section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubernetes: Option<crate::kubernetes::sample::KubeSample>,
}

/// An extra group's minute: its sizes, fleet and load.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupSample {
    pub group: String,
    pub desired: u32,
    pub min_size: u32,
    pub max_size: u32,
    pub in_service: u32,
    pub load_rps: f64,
    pub avg_cpu: Option<f64>,
}

/// The CSV columns of the extra groups, after [`csv_header`]'s (the same order as
/// [`Sample::csv_row`]): `<group>:desired`, `:in_service`, `:load_rps`, `:avg_cpu` each.
pub fn csv_group_header(groups: &[String]) -> String {
    let mut h = String::new();
    for g in groups {
        for col in ["desired", "in_service", "load_rps", "avg_cpu"] {
            h.push(',');
            h.push_str(&crate::csv::cell(&format!("{g}:{col}")));
        }
    }
    h
}

/// Column header for CSV output; the same order as [`Sample::csv_row`]. Alarm names are
/// escaped with [`crate::csv::cell`] (RFC 4180 quoting, OWASP formula neutralising).
pub fn csv_header(alarm_names: &[String]) -> String {
    let mut h = String::from(
        "time_s,clock,desired,min,max,pending,pending_wait,in_service,terminating,load_rps,served_rps,dropped_rps,capacity_rps,avg_cpu,avg_mem,avg_disk,latency_ms,errors_rps,revisions",
    );
    for a in alarm_names {
        h.push(',');
        h.push_str(&crate::csv::cell(a));
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

    /// One CSV record; text cells (the revision mix) go through [`crate::csv::cell`].
    pub fn csv_row(&self) -> String {
        let mut r = format!(
            "{},{},{},{},{},{},{},{},{},{:.2},{:.2},{:.2},{:.2},{},{},{},{:.1},{:.2},{}",
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
            opt(self.avg_disk),
            self.latency_ms,
            self.errors_rps,
            crate::csv::cell(&self.revision_mix())
        );
        for a in &self.alarms {
            r.push(',');
            r.push_str(a.as_str());
        }
        for g in &self.groups {
            r.push_str(&format!(
                ",{},{},{:.2},{}",
                g.desired,
                g.in_service,
                g.load_rps,
                opt(g.avg_cpu)
            ));
        }
        if let Some(k) = &self.kubernetes {
            r.push_str(&k.csv_cells());
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
        let mut row = format!(
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
        );
        for g in &self.groups {
            row.push_str(&format!(
                " | {}: desired={} inservice={} load={:.0} cpu={}",
                g.group,
                g.desired,
                g.in_service,
                g.load_rps,
                g.avg_cpu
                    .map(|c| format!("{c:.1}"))
                    .unwrap_or_else(|| "-".into())
            ));
        }
        row
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(revisions: Vec<(String, u32)>) -> Sample {
        Sample {
            t: SimTime(60_000),
            desired: 2,
            min_size: 1,
            max_size: 4,
            pending: 0,
            pending_wait: 0,
            in_service: 2,
            terminating: 0,
            load_rps: 10.0,
            served_rps: 10.0,
            dropped_rps: 0.0,
            capacity_rps: 200.0,
            avg_cpu: None,
            avg_mem: None,
            avg_disk: None,
            latency_ms: 40.0,
            errors_rps: 0.0,
            revisions,
            alarms: vec![AlarmState::Ok],
            groups: Vec::new(),
            kubernetes: None,
        }
    }

    #[test]
    fn csv_names_with_commas_and_quotes_keep_the_columns() {
        let names = vec!["cpu,\"high\"".to_string()];
        let header = crate::observation::csv::split(&csv_header(&names));
        let row = crate::observation::csv::split(&sample(vec![("v1,beta".into(), 2)]).csv_row());
        assert_eq!(header.len(), row.len());
        assert_eq!(header.last().map(String::as_str), Some("cpu,\"high\""));
        assert_eq!(row[18], "v1,beta:2");
    }

    #[test]
    fn csv_formula_cells_are_neutralised() {
        let names = vec!["=HYPERLINK(1)".to_string(), "@x".to_string()];
        let header = csv_header(&names);
        assert!(header.ends_with(",'=HYPERLINK(1),'@x"), "{header}");
        let row = sample(vec![("".into(), 1), ("+v2".into(), 1)]).csv_row();
        assert!(row.contains(",'-:1|+v2:1,"), "{row}");
    }
}
