//! Several Auto Scaling groups in one run. Group 0 is the scenario's `group`; groups 1.. are
//! its `extra_groups`. Each group has its own sizes, instances, census, simple-scaling gate,
//! launch retries and metrics (its `AutoScalingGroupName` dimension, A4.9).
//!
//! The group code (`capacity.rs`, `lifecycle.rs`, `health.rs`, the policy path) works on the
//! *active* group, whose state sits in `Sim`'s own fields; the other groups wait in
//! `Sim::parked`. [`Sim::activate`] swaps one in before its work, and the dispatcher puts the
//! primary group back after each event, so the public API and the deployment code (which
//! serve the primary group, the one CodeDeploy's deployment group names) always see group 0.
//! An instance key carries its group ([`group_of`]), so a lifecycle timer finds its group
//! without a lookup.

use super::*;

/// Instance keys of group `g` start at `g << GROUP_KEY_SHIFT`, so the primary group's keys
/// (and instance ids) are those of a one-group run.
pub(super) const GROUP_KEY_SHIFT: u32 = 40;

/// The group an instance key belongs to.
pub(super) fn group_of(key: u64) -> usize {
    (key >> GROUP_KEY_SHIFT) as usize
}

/// One group's runtime state while it is not the active group.
#[derive(Default)]
pub(super) struct GroupState {
    pub(super) sizes: Option<Sizes>,
    pub(super) instances: Fleet,
    pub(super) next_key: u64,
    pub(super) simple_gate: SimpleGate,
    pub(super) census: Census,
    pub(super) launch_failures: u32,
    pub(super) launch_retry_pending: bool,
    pub(super) metrics: MetricStore,
    pub(super) last_load_rps: f64,
    pub(super) last_avg_cpu: f64,
}

impl GroupState {
    /// Group `g`'s state at t = 0.
    pub(super) fn new(spec: &crate::scenario::GroupSpec, g: usize) -> GroupState {
        GroupState {
            sizes: Some(Sizes {
                min: spec.min_size,
                max: spec.max_size,
                desired: spec.desired_capacity.unwrap_or(spec.min_size),
            }),
            next_key: (g as u64) << GROUP_KEY_SHIFT,
            census: Census::of(&[], spec.availability_zones.len()),
            ..GroupState::default()
        }
    }
}

impl Sim {
    /// Makes group `g` the active group (a no-op when it already is).
    pub(super) fn activate(&mut self, g: usize) {
        if g == self.active || g >= self.parked.len() {
            return;
        }
        let mut slot = std::mem::take(&mut self.parked[g]);
        self.swap_group(&mut slot);
        self.parked[self.active] = slot;
        self.active = g;
    }

    fn swap_group(&mut self, s: &mut GroupState) {
        use std::mem::swap;
        let mut sizes = s.sizes.unwrap_or(self.sizes);
        swap(&mut self.sizes, &mut sizes);
        s.sizes = Some(sizes);
        swap(&mut self.instances, &mut s.instances);
        swap(&mut self.next_key, &mut s.next_key);
        swap(&mut self.simple_gate, &mut s.simple_gate);
        swap(&mut self.census, &mut s.census);
        swap(&mut self.launch_failures, &mut s.launch_failures);
        swap(&mut self.launch_retry_pending, &mut s.launch_retry_pending);
        swap(&mut self.metrics, &mut s.metrics);
        swap(&mut self.last_load_rps, &mut s.last_load_rps);
        swap(&mut self.last_avg_cpu, &mut s.last_avg_cpu);
    }

    /// How many groups the run has.
    pub(super) fn group_count(&self) -> usize {
        self.parked.len()
    }

    /// The active group's name.
    pub(super) fn group_name(&self) -> Text {
        self.group_names[self.active.min(self.group_names.len() - 1)].clone()
    }

    /// The active group's spec.
    pub(super) fn group_spec(&self) -> &crate::scenario::GroupSpec {
        self.scenario
            .group_spec(self.active)
            .unwrap_or(&self.scenario.group)
    }

    /// The active group as a scalable target.
    pub(super) fn target_id(&self) -> &crate::policy::TargetId {
        &self.targets[self.active.min(self.targets.len() - 1)]
    }

    /// The offered load of the active group at `t` (see [`crate::scenario::GroupLoad`]).
    pub(super) fn group_load(&self, t: SimTime) -> f64 {
        let s = &self.scenario;
        match self
            .active
            .checked_sub(1)
            .and_then(|i| s.extra_groups.get(i))
        {
            None => load::offered_rps(&self.load, s.seed, s.start_unix_s, self.load_override, t),
            Some(extra) => match (&extra.load, self.extra_loads.get(self.active - 1)) {
                (crate::scenario::GroupLoad::Own { .. }, Some(Some(own))) => {
                    load::offered_rps(own, s.seed, s.start_unix_s, None, t)
                }
                (crate::scenario::GroupLoad::ShareOfScenario { factor }, _) => {
                    factor
                        * load::offered_rps(
                            &self.load,
                            s.seed,
                            s.start_unix_s,
                            self.load_override,
                            t,
                        )
                }
                _ => 0.0,
            },
        }
    }

    /// The minute of each extra group, for the sample (the primary group is active after).
    pub(super) fn extra_group_samples(&mut self, minute: u64) -> Vec<crate::trace::GroupSample> {
        let mut out = Vec::new();
        for g in 1..self.group_count() {
            self.activate(g);
            let avg = self
                .metrics
                .span(MetricName::CPUUtilization, minute + 1, 1)
                .value(Statistic::Average);
            out.push(crate::trace::GroupSample {
                group: self.group_spec().name.clone(),
                desired: self.sizes.desired,
                min_size: self.sizes.min,
                max_size: self.sizes.max,
                in_service: self.count(|i| i.state == LifecycleState::InService),
                load_rps: self.last_load_rps,
                avg_cpu: avg,
            });
        }
        self.activate(0);
        out
    }

    /// Every group's name, sizes and live instances, the primary group first.
    pub fn group_sizes(&self) -> Vec<(String, Sizes, u32)> {
        (0..self.group_count())
            .map(|g| {
                let name = self
                    .scenario
                    .group_spec(g)
                    .map(|s| s.name.clone())
                    .unwrap_or_default();
                if g == self.active {
                    (name, self.sizes, self.census.live)
                } else {
                    let p = &self.parked[g];
                    (name, p.sizes.unwrap_or(self.sizes), p.census.live)
                }
            })
            .collect()
    }
}
