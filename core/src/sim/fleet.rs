//! The active group's instances, with a compact row per instance beside them for the minute's
//! passes (`sim/cloudwatch.rs`, `sim/observe.rs`).
//!
//! A pass over 15,000 instances of 300 bytes each reads several megabytes a minute; the rows
//! hold only what the minute reads (64 bytes an instance) and the minute's own per-instance
//! state ([`Minute`]: the CPU averaged for basic monitoring, A4.9), so the minute walks one cache
//! line an instance. The rows cannot drift from the instances: the fleet hands out an instance to
//! change only through [`Fleet::edit`] (or [`Fleet::edit_all`]), whose guard rewrites the row
//! when it is dropped, and it keeps the counts the minute needs before its walk (serving
//! instances, health-check suspects, terminated instances) as it goes.
//!
//! Alike instances sit next to each other (launched together, in launch order) and go through
//! the same minutes, so a row may share its predecessor's minute state instead of holding a
//! copy ([`Row::minute`]): the minute's walk then writes nothing for most rows.

use std::ops::{Deref, DerefMut};

use crate::instance::{Instance, LifecycleState, Role};
use crate::time::SimTime;

/// The row's flags.
const SERVING: u8 = 1;
const EC2_RUNNING: u8 = 1 << 1;
const APP_HEALTHY: u8 = 1 << 2;
const DETAILED: u8 = 1 << 3;
/// The row's minute state is its predecessor's ([`Row::minute`]).
const SHARES_MINUTE: u8 = 1 << 4;

/// The minute's own state for one instance (`Sim::collect_metrics`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Minute {
    /// The last minute's CPU, for the page.
    pub(super) cpu_pct: f64,
    /// Running total and count of CPU since the last basic-monitoring datapoint (A4.9).
    pub(super) cpu_sum: f64,
    pub(super) cpu_n: u32,
}

impl Minute {
    /// The same state, bit for bit.
    pub(super) fn same(&self, other: &Minute) -> bool {
        self.cpu_pct.to_bits() == other.cpu_pct.to_bits()
            && self.cpu_sum.to_bits() == other.cpu_sum.to_bits()
            && self.cpu_n == other.cpu_n
    }
}

/// What the minute reads of one instance, and the minute's own state for it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Row {
    pub(super) capacity_rps: f64,
    pub(super) launched_at: SimTime,
    /// `Instance::in_service_at`, `u64::MAX` for none.
    in_service_ms: u64,
    /// The address of the interned revision label, 0 for none: grouping by revision compares
    /// these, as the interned labels' pointers would be compared.
    pub(super) revision: usize,
    /// The address of the interned instance type label.
    pub(super) type_label: usize,
    /// The row's own [`Minute`], unless it shares its predecessor's (kept flat: 64 bytes a row).
    cpu_pct: f64,
    cpu_sum: f64,
    cpu_n: u32,
    pub(super) state: LifecycleState,
    pub(super) role: Role,
    flags: u8,
}

impl Row {
    fn of(i: &Instance) -> Row {
        let mut flags = 0;
        if i.serves_traffic() {
            flags |= SERVING;
        }
        if i.ec2_running {
            flags |= EC2_RUNNING;
        }
        if i.app_healthy {
            flags |= APP_HEALTHY;
        }
        if i.launch.detailed_monitoring {
            flags |= DETAILED;
        }
        Row {
            capacity_rps: i.capacity_rps,
            launched_at: i.launched_at,
            in_service_ms: i.in_service_at.map_or(u64::MAX, SimTime::ms),
            revision: i.revision.as_ref().map_or(0, |r| r.as_ptr() as usize),
            type_label: i.type_label.as_ptr() as usize,
            cpu_pct: 0.0,
            cpu_sum: 0.0,
            cpu_n: 0,
            state: i.state,
            role: i.role,
            flags,
        }
    }

    /// Copies the instance's fields, keeping the minute's own state (or its sharing).
    fn refresh(&mut self, i: &Instance) {
        let fresh = Row::of(i);
        *self = Row {
            cpu_pct: self.cpu_pct,
            cpu_sum: self.cpu_sum,
            cpu_n: self.cpu_n,
            flags: fresh.flags | (self.flags & SHARES_MINUTE),
            ..fresh
        };
    }

    /// The row's own minute state, or `None` when it shares its predecessor's: the state of
    /// the nearest row before it that has its own. A row's state changes only on the minute's
    /// walk (`Sim::collect_metrics`); an edit of the instance keeps it, and dropping rows
    /// ([`Fleet::retain`]) gives a row that shared with a dropped one its own copy.
    pub(super) fn minute(&self) -> Option<Minute> {
        (self.flags & SHARES_MINUTE == 0).then_some(Minute {
            cpu_pct: self.cpu_pct,
            cpu_sum: self.cpu_sum,
            cpu_n: self.cpu_n,
        })
    }

    /// Sets the row's own minute state, or (`None`) shares its predecessor's.
    pub(super) fn set_minute(&mut self, m: Option<Minute>) {
        match m {
            Some(m) => {
                self.cpu_pct = m.cpu_pct;
                self.cpu_sum = m.cpu_sum;
                self.cpu_n = m.cpu_n;
                self.flags &= !SHARES_MINUTE;
            }
            None => self.flags |= SHARES_MINUTE,
        }
    }

    /// Whether the row shares its predecessor's minute state.
    pub(super) fn shares_minute(&self) -> bool {
        self.flags & SHARES_MINUTE != 0
    }

    /// The same as `other` in all the minute reads but the InService time (which counts only
    /// through the warm-up, A2.10) and the minute state.
    pub(super) fn alike(&self, other: &Row) -> bool {
        self.capacity_rps.to_bits() == other.capacity_rps.to_bits()
            && self.launched_at == other.launched_at
            && self.revision == other.revision
            && self.type_label == other.type_label
            && self.state == other.state
            && self.role == other.role
            && (self.flags ^ other.flags) & !SHARES_MINUTE == 0
    }

    /// [`Instance::serves_traffic`].
    pub(super) fn serves_traffic(&self) -> bool {
        self.flags & SERVING != 0
    }

    pub(super) fn ec2_running(&self) -> bool {
        self.flags & EC2_RUNNING != 0
    }

    pub(super) fn app_healthy(&self) -> bool {
        self.flags & APP_HEALTHY != 0
    }

    /// The launch asked for detailed monitoring (A4.9).
    pub(super) fn detailed_monitoring(&self) -> bool {
        self.flags & DETAILED != 0
    }

    pub(super) fn in_service_at(&self) -> Option<SimTime> {
        (self.in_service_ms != u64::MAX).then_some(SimTime(self.in_service_ms))
    }

    /// An InService member that is not running or not answering: the only instances a health
    /// check acts on (A2.6, A2.7).
    fn suspect(&self) -> bool {
        self.state == LifecycleState::InService
            && self.role == Role::Member
            && self.flags & (EC2_RUNNING | APP_HEALTHY) != EC2_RUNNING | APP_HEALTHY
    }

    /// Adds (or takes away) this row's share of the fleet's counts.
    fn tally(&self, counts: &mut Counts, add: bool) {
        let step = |n: &mut u32, yes: bool| {
            if yes {
                *n = if add { *n + 1 } else { *n - 1 };
            }
        };
        step(&mut counts.serving, self.serves_traffic());
        step(&mut counts.suspects, self.suspect());
        step(
            &mut counts.terminated,
            self.state == LifecycleState::Terminated,
        );
    }
}

/// Counts over the fleet, kept as instances change.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Counts {
    serving: u32,
    suspects: u32,
    terminated: u32,
}

/// The instances (sorted by key, launch order) and their rows, index for index.
#[derive(Default)]
pub(super) struct Fleet {
    instances: Vec<Instance>,
    rows: Vec<Row>,
    /// The instances' keys, index for index: finding an instance by its key searches these
    /// (8 bytes an instance), not the instances.
    keys: Vec<u64>,
    counts: Counts,
    /// Bumped on every change to an instance (not on the minute's own state in the rows).
    version: u64,
}

impl Deref for Fleet {
    type Target = [Instance];

    fn deref(&self) -> &[Instance] {
        &self.instances
    }
}

impl Fleet {
    pub(super) fn push(&mut self, i: Instance) {
        let row = Row::of(&i);
        row.tally(&mut self.counts, true);
        self.keys.push(i.key);
        self.instances.push(i);
        self.rows.push(row);
        self.version += 1;
    }

    /// The instance at `idx` to change; its row follows when the guard is dropped.
    pub(super) fn edit(&mut self, idx: usize) -> Edit<'_> {
        self.rows[idx].tally(&mut self.counts, false);
        Edit { fleet: self, idx }
    }

    /// Changes every instance.
    pub(super) fn edit_all(&mut self, mut f: impl FnMut(&mut Instance)) {
        for (i, row) in self.instances.iter_mut().zip(self.rows.iter_mut()) {
            f(i);
            row.refresh(i);
        }
        self.recount();
    }

    /// Keeps the instances `keep` approves, in order. A kept row that shared the minute state
    /// of a dropped one takes a copy of it.
    pub(super) fn retain(&mut self, mut keep: impl FnMut(&Instance) -> bool) {
        let mut kept = 0;
        let mut minute = Minute::default();
        let mut dropped_last = false;
        for idx in 0..self.instances.len() {
            let row = &mut self.rows[idx];
            match row.minute() {
                Some(own) => minute = own,
                None if dropped_last => row.set_minute(Some(minute)),
                None => {}
            }
            dropped_last = !keep(&self.instances[idx]);
            if !dropped_last {
                self.instances.swap(kept, idx);
                self.rows.swap(kept, idx);
                self.keys.swap(kept, idx);
                kept += 1;
            }
        }
        self.instances.truncate(kept);
        self.rows.truncate(kept);
        self.keys.truncate(kept);
        self.recount();
    }

    /// Drops the terminated instances; without one, this costs nothing.
    pub(super) fn remove_terminated(&mut self) {
        if self.counts.terminated > 0 {
            self.retain(|i| i.state != LifecycleState::Terminated);
        }
    }

    fn recount(&mut self) {
        self.version += 1;
        self.counts = Counts::default();
        for row in &self.rows {
            row.tally(&mut self.counts, true);
        }
    }

    /// The index of the instance with this key (the instances are sorted by key).
    pub(super) fn index_of(&self, key: u64) -> Option<usize> {
        self.keys.binary_search(&key).ok()
    }

    /// Changes when an instance changes: equal versions, the same instances.
    pub(super) fn version(&self) -> u64 {
        self.version
    }

    pub(super) fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub(super) fn rows_mut(&mut self) -> &mut [Row] {
        &mut self.rows
    }

    /// Each instance's minute state, in fleet order.
    pub(super) fn minutes(&self) -> impl Iterator<Item = Minute> + '_ {
        self.rows.iter().scan(Minute::default(), |minute, row| {
            if let Some(own) = row.minute() {
                *minute = own;
            }
            Some(*minute)
        })
    }

    /// Instances that serve traffic ([`Instance::serves_traffic`]).
    pub(super) fn serving(&self) -> u32 {
        self.counts.serving
    }

    /// Whether an InService member is not running or not answering (A2.6, A2.7).
    pub(super) fn has_suspects(&self) -> bool {
        self.counts.suspects > 0
    }

    /// True when every row and key matches its instance and the counts match the rows (for debug
    /// assertions).
    pub(super) fn consistent(&self) -> bool {
        let mut counts = Counts::default();
        for row in &self.rows {
            row.tally(&mut counts, true);
        }
        counts == self.counts
            && self.rows.first().is_none_or(|row| !row.shares_minute())
            && self.rows.len() == self.instances.len()
            && self.keys.iter().eq(self.instances.iter().map(|i| &i.key))
            && self.rows.iter().zip(&self.instances).all(|(row, i)| {
                let mut fresh = *row;
                fresh.refresh(i);
                fresh == *row
            })
    }
}

/// An instance being changed ([`Fleet::edit`]).
pub(super) struct Edit<'a> {
    fleet: &'a mut Fleet,
    idx: usize,
}

impl Deref for Edit<'_> {
    type Target = Instance;

    fn deref(&self) -> &Instance {
        &self.fleet.instances[self.idx]
    }
}

impl DerefMut for Edit<'_> {
    fn deref_mut(&mut self) -> &mut Instance {
        &mut self.fleet.instances[self.idx]
    }
}

impl Drop for Edit<'_> {
    fn drop(&mut self) {
        let f = &mut *self.fleet;
        let row = &mut f.rows[self.idx];
        row.refresh(&f.instances[self.idx]);
        row.tally(&mut f.counts, true);
        f.version += 1;
    }
}
