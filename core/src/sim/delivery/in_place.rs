//! CodeDeploy in-place deployments (B2, B3, B5): a fleet deployment over the group's
//! instances, the launch deployment a new instance gets from the managed hook, lifecycle
//! events one by one, rollback and the follow-on deployment for outdated instances.

use super::*;

impl Sim {
    /// B2.3: a deployment to the InService fleet (B5.8: Pending:Wait instances get their own
    /// launch deployment instead).
    pub(in crate::sim) fn start_fleet_deployment(
        &mut self,
        rev: RevisionSpec,
        creator: Creator,
        only: Option<Vec<u64>>,
    ) {
        let config = self.scenario.delivery.deployment_config.clone();
        let count = match only.as_ref() {
            Some(keys) => keys.len(),
            None => self.census.in_service_members as usize,
        };
        if count > MAX_INSTANCES_PER_DEPLOYMENT as usize {
            // B1.3: the deployment fails at once. Decided from the census, so a Deploy that
            // cannot run costs O(1), not a pass over (and a copy of) a large fleet.
            self.visit(1);
            let seq = self.new_deployment(creator, &rev.label);
            let fleet = FleetDeployment::too_many(count);
            let reason = match fleet.status() {
                FleetStatus::Failed { reason } => reason.clone(),
                _ => String::new(),
            };
            self.fleet_finished(seq, false, reason);
            return;
        }
        let mut only = only;
        if let Some(keys) = only.as_mut() {
            crate::sort::sort(keys);
        }
        self.visit(self.instances.len());
        let targets: Vec<TargetInfo> = self
            .instances
            .iter()
            .filter(|i| i.state == LifecycleState::InService)
            .filter(|i| match only.as_ref() {
                Some(keys) => keys.binary_search(&i.key).is_ok(),
                None => i.role == Role::Member,
            })
            .map(|i| TargetInfo {
                key: i.key,
                healthy: i.last_deploy_ok != Some(false),
                revision_current: Some(i.revision.as_deref() == Some(rev.label.as_str())),
            })
            .collect();
        let seq = self.new_deployment(creator, &rev.label);
        self.visit(targets.len());
        let fleet = FleetDeployment::start(&config, targets);
        let with_lb = self.scenario.delivery.with_load_balancer;
        let target_rows: Vec<InstanceTarget> = fleet
            .targets()
            .filter_map(|(t, _)| {
                let i = &self.instances[self.index_of(t.key)?];
                Some(InstanceTarget {
                    instance_id: i.id.clone(),
                    key: i.key,
                    status: "Pending".into(),
                    events: events_for_instance(with_lb, i.last_deploy_ok.is_none()),
                    fail_at: None,
                })
            })
            .collect();
        if let Some(d) = self.deployment_mut(seq) {
            d.targets = target_rows;
        }
        self.emit_targets(seq);
        self.delivery.active = Some((seq, fleet));
        self.pump_fleet();
    }

    /// Starts the next batch, or finishes the fleet deployment when it is decided.
    pub(in crate::sim) fn pump_fleet(&mut self) {
        let Some((seq, mut fleet)) = self.delivery.active.take() else {
            return;
        };
        let batch = fleet.next_batch();
        let status = fleet.status().clone();
        self.delivery.active = Some((seq, fleet));
        for key in batch {
            self.start_instance_deployment(seq, key);
        }
        match status {
            FleetStatus::InProgress => {}
            FleetStatus::Succeeded => {
                self.delivery.active = None;
                self.fleet_finished(seq, true, String::new());
            }
            FleetStatus::Failed { reason } => {
                self.delivery.active = None;
                self.fleet_finished(seq, false, reason);
            }
        }
    }

    pub(in crate::sim) fn fleet_finished(&mut self, seq: u64, ok: bool, message: String) {
        if self
            .delivery
            .blue_green
            .as_ref()
            .is_some_and(|b| b.seq == seq)
        {
            self.blue_green_installed(seq, ok, message);
            return;
        }
        self.finish_deployment(seq, ok, message);
        let Some((label, creator)) = self
            .deployment(seq)
            .map(|d| (d.revision.clone(), d.creator))
        else {
            return;
        };
        if ok {
            self.set_last_successful(Some(&label));
            self.follow_on_if_outdated();
        } else if self.scenario.delivery.auto_rollback && creator == Creator::user {
            // B4.4 rolls back a failed release; a failed rollback or follow-on is not rolled
            // back again (that would loop).
            // B4.4: redeploy the last known good revision as a new deployment.
            if let Some(good) = self
                .delivery
                .last_successful
                .clone()
                .and_then(|l| self.revision(&l))
            {
                self.start_fleet_deployment(good, Creator::codeDeployRollback, None);
            }
        }
    }

    /// B2.3: a successful deployment updates the deployment group's revision; the trace gets
    /// a record whenever it changes.
    pub(in crate::sim) fn set_last_successful(&mut self, label: Option<&str>) {
        if self.delivery.last_successful.as_deref() == label {
            return;
        }
        let label = label.map(str::to_string);
        self.delivery.last_successful = label.clone();
        self.outputs.push_back(Output::LastSuccessfulRevision {
            t: self.now,
            deployment_group: self.scenario.delivery.deployment_group_name.clone(),
            revision: label,
        });
    }

    /// Records a deployment's targets in the trace once they are chosen.
    pub(in crate::sim) fn emit_targets(&mut self, seq: u64) {
        let Some(d) = self.deployment(seq) else {
            return;
        };
        let out = Output::DeploymentTargets {
            t: self.now,
            deployment_id: d.id.clone(),
            revision: d.revision.clone(),
            instance_ids: d.targets.iter().map(|t| t.instance_id.clone()).collect(),
        };
        self.outputs.push_back(out);
    }

    /// B5.4: instances that entered service on an older revision than the last successful one
    /// (they launched during a deployment) get a follow-on deployment with UPDATE. Instances
    /// still launching are checked again when they enter service.
    pub(in crate::sim) fn follow_on_if_outdated(&mut self) {
        if self.delivery.active.is_some()
            || self.scenario.delivery.outdated_instances_strategy
                != OutdatedInstancesStrategy::UPDATE
        {
            return;
        }
        let Some(label) = self.delivery.last_successful.clone() else {
            return;
        };
        let outdated: Vec<u64> = self
            .instances
            .iter()
            .filter(|i| {
                i.state == LifecycleState::InService
                    && i.role == Role::Member
                    && i.revision.as_deref() != Some(label.as_str())
            })
            .map(|i| i.key)
            .collect();
        if outdated.is_empty() {
            return;
        }
        if let Some(rev) = self.revision(&label) {
            self.start_fleet_deployment(rev, Creator::CodeDeployAutoUpdate, Some(outdated));
        }
    }

    /// B5.2: the launch deployment of the last successful revision, while the instance waits
    /// in Pending:Wait. Returns false when the hook completes at once (no deployment).
    pub(in crate::sim) fn start_launch_deployment(&mut self, idx: usize) -> bool {
        let Some(label) = self.delivery.last_successful.clone() else {
            // B5.3 UNCONFIRMED: no successful revision yet; a named, switchable assumption.
            return false;
        };
        let Some(rev) = self.revision(&label) else {
            return false;
        };
        let seq = self.new_deployment(Creator::autoscaling, &rev.label);
        let i = &self.instances[idx];
        let row = InstanceTarget {
            instance_id: i.id.clone(),
            key: i.key,
            status: "Pending".into(),
            events: events_for_instance(self.scenario.delivery.with_load_balancer, true),
            fail_at: None,
        };
        let key = i.key;
        if let Some(d) = self.deployment_mut(seq) {
            d.targets.push(row);
        }
        self.emit_targets(seq);
        self.start_instance_deployment(seq, key);
        true
    }

    pub(in crate::sim) fn start_instance_deployment(&mut self, seq: u64, key: u64) {
        let Some(idx) = self.index_of(key) else {
            self.instance_deployment_done(seq, key, false);
            return;
        };
        let Some(label) = self.deployment(seq).map(|d| d.revision.clone()) else {
            return;
        };
        let Some(rev) = self.revision(&label) else {
            return;
        };
        let fail_at = self.failure_point(&rev, idx, seq);
        self.instances.edit(idx).deploying = Some(seq);
        if let Some(t) = self
            .deployment_mut(seq)
            .and_then(|d| d.targets.iter_mut().find(|t| t.key == key))
        {
            t.status = "InProgress".into();
            t.fail_at = fail_at;
        }
        self.schedule_next_event(seq, key, 0);
    }

    /// Where (if anywhere) this revision fails on this instance: the revision's own failure
    /// mode, or missing software at ApplicationStart (the JDK 11 on a JDK 1.8 AMI story).
    pub(in crate::sim) fn failure_point(
        &self,
        rev: &RevisionSpec,
        idx: usize,
        seq: u64,
    ) -> Option<LifecycleEvent> {
        let i = &self.instances[idx];
        let explicit = match rev.failure {
            RevisionFailure::AtEvent(e) => Some(e),
            RevisionFailure::Probability(p) => {
                // Drawn from (seed, deployment, instance): the same whatever else happens.
                let u = (Keyed::DeploymentFailure
                    .noise(self.scenario.seed, seq.wrapping_mul(1_000_003) ^ i.key)
                    + 1.0)
                    / 2.0;
                (u * 100.0 < p).then_some(LifecycleEvent::ValidateService)
            }
            RevisionFailure::None | RevisionFailure::ServesErrors => None,
        };
        let missing = rev.requires.iter().any(|r| !i.software.contains(r));
        let requirement = missing.then_some(LifecycleEvent::ApplicationStart);
        match (explicit, requirement) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    pub(in crate::sim) fn event_duration_ms(&self, rev: &RevisionSpec, e: LifecycleEvent) -> u64 {
        if e == LifecycleEvent::DownloadBundle {
            let speed = self.scenario.assumptions.download_mb_per_s.max(0.001);
            ((rev.bundle_mb.max(0.0) / speed) * 1000.0) as u64
        } else {
            u64::from(rev.event_s) * MS_PER_S
        }
    }

    /// Schedules the end of the next pending lifecycle event at or after `from`.
    pub(in crate::sim) fn schedule_next_event(&mut self, seq: u64, key: u64, from: usize) {
        let Some(d) = self.deployment(seq) else {
            return;
        };
        let Some(rev) = self.revision(&d.revision) else {
            return;
        };
        let Some(t) = d.targets.iter().find(|t| t.key == key) else {
            return;
        };
        let next = t
            .events
            .iter()
            .enumerate()
            .skip(from)
            .find(|(_, (_, st))| *st == EventStatus::Pending);
        match next {
            Some((step, (event, _))) => {
                let ms = self.event_duration_ms(&rev, *event);
                if let Some(row) = self
                    .deployment_mut(seq)
                    .and_then(|d| d.targets.iter_mut().find(|t| t.key == key))
                {
                    row.events[step].1 = EventStatus::InProgress;
                }
                self.push(
                    self.now.plus_ms(ms),
                    Phase::Internal,
                    Timer::CodeDeploy(CodeDeployTimer::LifecycleEventDone {
                        deployment: seq,
                        instance: key,
                        step,
                    }),
                );
            }
            None => self.instance_deployment_done(seq, key, true),
        }
    }

    /// A lifecycle event finished on one instance.
    pub(in crate::sim) fn deploy_step(&mut self, seq: u64, key: u64, step: usize) {
        let alive = self
            .index_of(key)
            .is_some_and(|idx| !self.instances[idx].state.is_terminating());
        let Some(row) = self
            .deployment_mut(seq)
            .and_then(|d| d.targets.iter_mut().find(|t| t.key == key))
        else {
            return;
        };
        if row.status != "InProgress" {
            return;
        }
        let Some(&(event, _)) = row.events.get(step) else {
            return;
        };
        if !alive || row.fail_at == Some(event) {
            // B3.5: a failed event fails the instance; the remaining events are skipped.
            row.events[step].1 = EventStatus::Failed;
            for e in row.events.iter_mut().skip(step + 1) {
                e.1 = EventStatus::Skipped;
            }
            self.instance_deployment_done(seq, key, false);
        } else {
            row.events[step].1 = EventStatus::Succeeded;
            self.schedule_next_event(seq, key, step + 1);
        }
    }

    /// One instance's deployment ended: update the instance, then the deployment.
    pub(in crate::sim) fn instance_deployment_done(&mut self, seq: u64, key: u64, ok: bool) {
        let Some(d) = self.deployment(seq) else {
            return;
        };
        let label = d.revision.clone();
        let creator = d.creator;
        let mut failed_event = None;
        if let Some(row) = self
            .deployment_mut(seq)
            .and_then(|d| d.targets.iter_mut().find(|t| t.key == key))
        {
            // A target can fail before it starts (it was terminated while waiting its turn).
            if row.status != "InProgress" && row.status != "Pending" {
                return;
            }
            row.status = if ok { "Succeeded" } else { "Failed" }.into();
            failed_event = row
                .events
                .iter()
                .find(|(_, st)| *st == EventStatus::Failed)
                .map(|(e, _)| *e);
        }
        let serves_errors = self
            .revision(&label)
            .is_some_and(|r| r.failure == RevisionFailure::ServesErrors);
        let installs = self
            .revision(&label)
            .map(|r| r.installs)
            .unwrap_or_default();
        let idx = self.index_of(key);
        let interned = crate::sim::capacity::intern(&mut self.labels, &label);
        if let Some(idx) = idx {
            let mut i = self.instances.edit(idx);
            i.deploying = None;
            i.last_deploy_ok = Some(ok);
            if ok {
                i.revision = Some(interned.clone());
                i.app_healthy = !serves_errors;
                for s in installs {
                    if !i.software.contains(&s) {
                        i.software.push(s);
                    }
                }
            } else {
                // Files were partly replaced and the application did not start.
                i.revision = Some(interned);
                i.app_healthy = false;
            }
        }
        if creator == Creator::autoscaling {
            let message = if ok {
                String::new()
            } else {
                match failed_event {
                    Some(e) => format!(
                        "Deployment failed: the {} lifecycle event failed (ScriptFailed).",
                        e.as_str()
                    ),
                    None => "Deployment failed: the instance could not complete the deployment."
                        .to_string(),
                }
            };
            self.finish_deployment(seq, ok, message);
            // B5.2 step 4: success -> CONTINUE, failure -> ABANDON (the instance is terminated
            // and the group launches another).
            if let Some(idx) = idx {
                let i = &self.instances[idx];
                if i.state == LifecycleState::PendingWait {
                    let generation = i.generation;
                    let result = if ok {
                        LifecycleActionResult::CONTINUE
                    } else {
                        LifecycleActionResult::ABANDON
                    };
                    self.hook_completed(key, HookRef::CodeDeployLaunch, generation, result, false);
                }
            }
            if ok && self.delivery.last_successful.as_deref() != Some(label.as_str()) {
                // A release finished while this instance installed the previous revision.
                self.follow_on_if_outdated();
            }
            return;
        }
        if let Some((active, fleet)) = self.delivery.active.as_mut() {
            if *active == seq {
                fleet.record(key, ok);
                self.pump_fleet();
            }
        }
    }

    /// B5.6: an instance that leaves during a deployment counts as failed.
    pub(in crate::sim) fn instance_leaving(&mut self, idx: usize) {
        if let Some(seq) = self.instances[idx].deploying {
            let key = self.instances[idx].key;
            let creator = self.deployment(seq).map(|d| d.creator);
            if creator == Some(Creator::autoscaling) {
                // The hook is gone with the instance; just close the deployment.
                if let Some(row) = self
                    .deployment_mut(seq)
                    .and_then(|d| d.targets.iter_mut().find(|t| t.key == key))
                {
                    row.status = "Failed".into();
                }
                self.instances.edit(idx).deploying = None;
                self.finish_deployment(
                    seq,
                    false,
                    "The instance was terminated during the deployment (B5.6).".into(),
                );
            } else {
                self.instance_deployment_done(seq, key, false);
            }
        }
    }
}
