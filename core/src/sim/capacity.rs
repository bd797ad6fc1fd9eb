//! Auto Scaling capacity: launching and terminating until the group matches desired (A2.4,
//! A2.11), launch failures and their retry (A7.2), and the census that keeps the counts a
//! per-instance event needs without a pass over the fleet.

use super::*;

/// A7.2 [MODEL]: the first wait before retrying a failed launch, and the longest.
pub(super) const LAUNCH_RETRY_FIRST_S: u64 = 10;

pub(super) const LAUNCH_RETRY_MAX_S: u64 = 300;

/// The shortest boot ([MODEL], see [`Sim::launch`]).
pub(super) const MIN_BOOT_MS: u64 = MS_PER_S;

/// Counts kept current on every instance state or role change, so that a per-instance event
/// never needs a pass over the fleet (a burst of N launches is O(N log N), not O(N^2)).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Census {
    /// Members not on their way out ([`Instance::in_group`]), per AZ index.
    pub(super) live_per_az: Vec<u32>,
    /// Their total.
    pub(super) live: u32,
    /// Members InService: the targets of a fleet deployment (B2.3).
    pub(super) in_service_members: u32,
}

impl Census {
    pub(super) fn of(instances: &[Instance], az_count: usize) -> Census {
        let mut c = Census {
            live_per_az: vec![0; az_count.max(1)],
            ..Census::default()
        };
        for i in instances {
            c.tally(i, true);
        }
        c
    }

    pub(super) fn tally(&mut self, i: &Instance, add: bool) {
        let step = |n: &mut u32| {
            *n = if add {
                n.saturating_add(1)
            } else {
                n.saturating_sub(1)
            }
        };
        if i.in_group() {
            step(&mut self.live);
            if let Some(n) = self.live_per_az.get_mut(i.az_index) {
                step(n);
            }
        }
        if i.role == Role::Member && i.state == LifecycleState::InService {
            step(&mut self.in_service_members);
        }
    }
}

/// The shared string for `label`, adding it on first use. A run has a handful of labels.
pub(super) fn intern(labels: &mut Vec<Text>, label: &str) -> Text {
    if let Some(l) = labels.iter().find(|l| l.as_str() == label) {
        return l.clone();
    }
    let l = Text::from(label);
    labels.push(l.clone());
    l
}

impl Sim {
    /// A pass over the fleet: callers are per-minute work or once per action, never per
    /// instance event.
    pub(super) fn count(&self, f: impl Fn(&Instance) -> bool) -> u32 {
        self.instances.iter().filter(|i| f(i)).count() as u32
    }

    /// Counts a pass over `n` items.
    pub(super) fn visit(&mut self, n: usize) {
        self.work.steps = self.work.steps.saturating_add(n as u64);
    }

    pub(super) fn capacity_rps(&self) -> f64 {
        self.instances
            .iter()
            .filter(|i| i.serves_traffic())
            .map(|i| i.capacity_rps)
            .sum()
    }

    pub(super) fn suspended(&self, p: ScalingProcess) -> bool {
        self.group_spec().suspended_processes.contains(&p)
    }

    pub(super) fn at(&self) -> String {
        self.now.iso(self.scenario.start_unix_s)
    }

    /// Launches or terminates instances until the live count matches desired.
    pub(super) fn reconcile(&mut self, trigger: Trigger, from_desired: u32) {
        let to = self.sizes.desired;
        let scale_out = matches!(trigger, Trigger::Alarm { .. });
        let change = DesiredChange {
            trigger,
            from: from_desired,
            to,
        };
        let first = change.sentence(&self.at());
        // A replacement changes nothing, so its activities carry no change (A7.3).
        let change = first.is_some().then(|| Rc::new(change));
        // The census keeps these counts, so a reconcile after one instance event (a replacement
        // after an abandoned launch, A6.4) costs O(AZs), not a pass over the fleet.
        let mut live = self.census.live;
        self.visit(1);
        if live < to && !self.suspended(ScalingProcess::Launch) {
            let mut per_az: Vec<usize> = self
                .census
                .live_per_az
                .iter()
                .map(|&n| n as usize)
                .collect();
            self.visit(per_az.len());
            while live < to {
                let az = group::pick_az(&per_az);
                if self
                    .launch(first.clone(), change.clone(), live, to, az, scale_out)
                    .is_none()
                {
                    // A7.2: the launch failed (a failed activity is recorded); the group stays
                    // below desired and tries again later.
                    self.schedule_launch_retry();
                    break;
                }
                per_az[az] += 1;
                live += 1;
            }
        } else if live > to && !self.suspended(ScalingProcess::Terminate) {
            self.visit(self.instances.len());
            let spec = self
                .scenario
                .group_spec(self.active)
                .unwrap_or(&self.scenario.group);
            let victims = termination::choose_many(
                &self.instances,
                (live - to) as usize,
                &spec.termination_policies,
                &spec.launch,
                self.now,
                &mut self.rng_term,
                &mut self.termination_buffers,
            );
            let short = (live - to) as usize > victims.len();
            for idx in victims {
                let id = self.instances[idx].id.clone();
                let sentences = activity::terminate_sentences(&self.at(), live, to, &id);
                let cause = match &first {
                    Some(f) => activity::join(&[f.clone(), sentences]),
                    None => sentences,
                };
                self.begin_termination(idx, TerminationCause::ScaleIn, Some(cause), change.clone());
            }
            if short {
                // A5.5: desired still drops, but protected instances stay.
                let cause = activity::join(&[first.clone().unwrap_or_default(),
                    "Could not scale to desired capacity because all remaining instances are protected from scale-in.".into()]);
                let mut decision = ScalingDecision::skipped(
                    &self.target_id().resource_id,
                    "",
                    None,
                    from_desired,
                    Unchanged::ProtectedFromScaleIn { cause },
                );
                decision.after = to;
                self.outputs.push_back(Output::PolicyDecision {
                    t: self.now,
                    decision,
                });
            }
        }
    }

    pub(super) fn launch(
        &mut self,
        first: Option<String>,
        change: Option<Rc<DesiredChange>>,
        from: u32,
        to: u32,
        az_index: usize,
        scale_out: bool,
    ) -> Option<u64> {
        self.visit(
            1 + self.scenario.launch_configurations.len() + self.scenario.launch_templates.len(),
        );
        let resolved = match launch::resolve(&self.scenario, &self.group_spec().launch.clone()) {
            Ok(r) => r,
            Err(message) => {
                // A7.2: a failed launch is an activity of its own, with no instance id.
                let sentence = activity::launch_sentence(&self.at(), from, to);
                let cause = match first {
                    Some(f) => activity::join(&[f, sentence]),
                    None => sentence,
                };
                let no_instance = intern(&mut self.labels, "");
                let seq = self.start_activity(
                    format!("Launching a new EC2 instance.  Status Reason: {message}"),
                    cause,
                    no_instance,
                    change,
                );
                self.update_activity(seq, ActivityStatus::Failed, Some(self.now), message);
                return None;
            }
        };
        self.launch_failures = 0;
        let key = self.next_key;
        self.next_key += 1;
        let id = Text::from(instance::instance_id(self.scenario.seed, key));
        let azs = &self.group_spec().availability_zones;
        let az = azs.get(az_index).map_or("", String::as_str).to_string();
        let az = intern(&mut self.labels, &az);
        let capacity_rps = launch::find_type(&self.scenario, &resolved.instance_type)
            .map_or(100.0, |t| t.capacity_rps);
        let ami = launch::find_ami(&self.scenario, &resolved.image_id);
        let revision = ami
            .and_then(|a| a.baked_revision.as_deref())
            .map(|l| intern(&mut self.labels, l));
        let software = ami.map(|a| a.software.clone()).unwrap_or_default();
        let type_label = intern(&mut self.labels, &resolved.instance_type);
        let resolved = match self.instances.last() {
            Some(last) if *last.launch == resolved => Rc::clone(&last.launch),
            _ => Rc::new(resolved),
        };
        // A revision baked into the AMI starts with the instance; a broken one serves errors.
        let app_healthy = revision
            .as_deref()
            .and_then(|l| {
                self.scenario
                    .delivery
                    .revisions
                    .iter()
                    .find(|r| r.label == l)
            })
            .is_none_or(|r| {
                r.failure == crate::scenario::RevisionFailure::None
                    && r.requires.iter().all(|q| software.contains(q))
            });
        let sentence = activity::launch_sentence(&self.at(), from, to);
        let cause = match first {
            Some(f) => activity::join(&[f, sentence]),
            None => sentence,
        };
        let seq = self.start_activity(
            format!("Launching a new EC2 instance: {id}"),
            cause,
            id.clone(),
            change,
        );
        self.instances.push(Instance {
            key,
            id,
            az,
            az_index,
            state: LifecycleState::Pending,
            health: HealthStatus::Healthy,
            launch: resolved,
            type_label,
            revision,
            app_healthy,
            software,
            deploying: None,
            last_deploy_ok: None,
            ec2_running: true,
            protected_from_scale_in: false,
            scale_out_launch: scale_out,
            role: Role::Member,
            launched_at: self.now,
            in_service_at: None,
            terminating_at: None,
            pending_hooks: Vec::new(),
            generation: 0,
            launch_activity: Some(seq),
            capacity_rps,
        });
        if let Some(i) = self.instances.last() {
            self.census.tally(i, true);
        }
        let a = &self.scenario.assumptions;
        let jitter = self
            .rng_boot
            .below(u64::from(a.boot_jitter_s) * MS_PER_S + 1);
        // [MODEL] A boot takes at least a second: with no time between a launch and its end, a
        // launch hook that abandons at once (A6.4) would relaunch forever within one
        // millisecond.
        let boot = (u64::from(a.boot_s) * MS_PER_S + jitter).max(MIN_BOOT_MS);
        self.push(
            self.now.plus_ms(boot),
            Phase::Internal,
            Timer::Lifecycle(LifecycleTimer::BootComplete { instance: key }),
        );
        Some(key)
    }

    /// A7.2 [MODEL]: after a failed launch the group tries again, 10 s later, doubling the wait
    /// after each failure in a row up to 300 s (AWS retries failed launches with a growing
    /// back-off and does not document the intervals).
    pub(super) fn schedule_launch_retry(&mut self) {
        self.launch_failures = self.launch_failures.saturating_add(1);
        if self.launch_retry_pending {
            return;
        }
        self.launch_retry_pending = true;
        let shift = self.launch_failures.saturating_sub(1).min(5);
        let wait_s = (LAUNCH_RETRY_FIRST_S << shift).min(LAUNCH_RETRY_MAX_S);
        self.push(
            self.now.plus_secs(wait_s),
            Phase::Internal,
            Timer::Capacity(CapacityTimer::LaunchRetry { group: self.active }),
        );
    }

    /// Changes an instance's role, keeping the census current.
    pub(super) fn set_role(&mut self, idx: usize, role: Role) {
        let mut i = self.instances.edit(idx);
        self.census.tally(&i, false);
        i.role = role;
        self.census.tally(&i, true);
    }

    /// Recounts the census after a change to many instances at once (a blue/green reroute).
    pub(super) fn recount(&mut self) {
        self.visit(self.instances.len());
        self.census = Census::of(&self.instances, self.group_spec().availability_zones.len());
    }

    /// Instances stay sorted by key (launch order), so lookups are binary searches.
    pub(super) fn index_of(&self, key: u64) -> Option<usize> {
        self.instances.index_of(key)
    }

    pub(super) fn set_state(&mut self, idx: usize, to: LifecycleState) {
        let now = self.now;
        if self.instances[idx].state == to {
            return;
        }
        let group = self.group_name();
        let mut i = self.instances.edit(idx);
        let from = i.state;
        self.census.tally(&i, false);
        i.state = to;
        i.generation += 1;
        self.census.tally(&i, true);
        let (launched_from, launch_template_version) = match &i.launch.origin {
            launch::LaunchOrigin::LaunchConfiguration { name } => (name.clone(), None),
            launch::LaunchOrigin::LaunchTemplate { name, version, .. } => {
                (name.clone(), Some(*version))
            }
        };
        let out = Output::InstanceStateChanged {
            t: now,
            instance_id: i.id.clone(),
            from,
            to,
            availability_zone: i.az.clone(),
            launched_from,
            launch_template_version,
            instance_type: i.launch.instance_type.clone(),
            image_id: i.launch.image_id.clone(),
            revision: i.revision.clone(),
            health: i.health,
            role: i.role,
            group,
        };
        self.outputs.push_back(out);
    }
}
