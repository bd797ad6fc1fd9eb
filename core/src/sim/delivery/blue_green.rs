//! CodeDeploy blue/green deployments (B4): a copied group, install, reroute, and what becomes
//! of the original instances.

use super::*;

impl Sim {
    /// B4.2 step 1: CodeDeploy copies the group (`CodeDeploy_<dg>_<id>`) with as many
    /// instances as the original has healthy ones, and launches them from the current launch
    /// template. They take no traffic until the reroute.
    pub(in crate::sim) fn start_blue_green(&mut self, rev: RevisionSpec) {
        let seq = self.new_deployment(Creator::user, &rev.label);
        let healthy = self.count(|i| {
            i.role == Role::Member
                && i.state == LifecycleState::InService
                && i.health == crate::instance::HealthStatus::Healthy
        });
        if healthy == 0 {
            self.finish_deployment(
                seq,
                false,
                "The deployment failed because no instances were found for your deployment group."
                    .into(),
            );
            return;
        }
        let id = self
            .deployment(seq)
            .map(|d| d.id.to_string())
            .unwrap_or_default();
        let asg = format!(
            "CodeDeploy_{}_{id}",
            self.scenario.delivery.deployment_group_name
        );
        let change = Rc::new(crate::activity::DesiredChange {
            trigger: crate::activity::Trigger::BlueGreen {
                deployment: id.clone(),
                group: asg.clone(),
            },
            from: 0,
            to: healthy,
        });
        let first = change.sentence(&self.at()).unwrap_or_default();
        let mut per_az = vec![0usize; self.scenario.group.availability_zones.len().max(1)];
        let mut replacement = Vec::new();
        for n in 0..healthy {
            let az = crate::group::pick_az(&per_az);
            per_az[az] += 1;
            if let Some(key) = self.launch(
                Some(first.clone()),
                Some(Rc::clone(&change)),
                n,
                healthy,
                az,
                false,
            ) {
                if let Some(idx) = self.index_of(key) {
                    self.set_role(idx, Role::Replacement);
                }
                replacement.push(key);
            }
        }
        self.delivery.blue_green = Some(BlueGreenRun {
            seq,
            replacement,
            booted: 0,
            phase: BlueGreenPhase::Provisioning,
        });
    }

    /// Once every replacement instance is running, install the revision on them (B3.3).
    pub(in crate::sim) fn blue_green_booted(&mut self) {
        let Some(run) = self.delivery.blue_green.as_mut() else {
            return;
        };
        if run.phase != BlueGreenPhase::Provisioning {
            return;
        }
        // Counted, not re-checked: a pass over the replacement fleet at each boot would make
        // provisioning N instances cost O(N^2).
        run.booted += 1;
        if run.booted < run.replacement.len() {
            return;
        }
        let run = &*run;
        let (seq, keys) = (run.seq, run.replacement.clone());
        if let Some(run) = self.delivery.blue_green.as_mut() {
            run.phase = BlueGreenPhase::Installing;
        }
        let targets: Vec<TargetInfo> = keys
            .iter()
            .map(|&key| TargetInfo {
                key,
                healthy: false,
                revision_current: None,
            })
            .collect();
        let config = self.scenario.delivery.deployment_config.clone();
        let fleet = FleetDeployment::start(&config, targets);
        let with_lb = self.scenario.delivery.with_load_balancer;
        let rows: Vec<InstanceTarget> = keys
            .iter()
            .filter_map(|k| self.index_of(*k))
            .map(|idx| InstanceTarget {
                instance_id: self.instances[idx].id.clone(),
                key: self.instances[idx].key,
                status: "Pending".into(),
                events: events_for_instance(with_lb, true),
                fail_at: None,
            })
            .collect();
        if let Some(d) = self.deployment_mut(seq) {
            d.targets = rows;
        }
        self.emit_targets(seq);
        self.delivery.active = Some((seq, fleet));
        self.pump_fleet();
    }

    pub(in crate::sim) fn blue_green_installed(&mut self, seq: u64, ok: bool, message: String) {
        if !ok {
            self.finish_deployment(seq, false, message);
            self.drop_replacement("the blue/green deployment failed");
            return;
        }
        match self.scenario.delivery.blue_green.action_on_timeout {
            ActionOnTimeout::CONTINUE_DEPLOYMENT => self.reroute(seq),
            ActionOnTimeout::STOP_DEPLOYMENT => {
                if let Some(run) = self.delivery.blue_green.as_mut() {
                    run.phase = BlueGreenPhase::Waiting;
                }
                let wait = u64::from(self.scenario.delivery.blue_green.wait_time_minutes);
                let at = self.now.plus_secs(wait * 60);
                self.push(
                    at,
                    Phase::Internal,
                    Timer::CodeDeploy(CodeDeployTimer::BlueGreenWaitOver { deployment: seq }),
                );
            }
        }
    }

    /// Action::ContinueDeployment: a person reroutes traffic while the deployment waits.
    pub(in crate::sim) fn continue_blue_green(&mut self) {
        match self.delivery.blue_green.as_ref() {
            Some(run) if run.phase == BlueGreenPhase::Waiting => {
                let seq = run.seq;
                self.reroute(seq);
            }
            _ => self.reject("No blue/green deployment is waiting for a reroute.".into()),
        }
    }

    /// B4.2: not rerouted before the wait ended: the deployment stops.
    pub(in crate::sim) fn blue_green_wait_over(&mut self, seq: u64) {
        let waiting = self
            .delivery
            .blue_green
            .as_ref()
            .is_some_and(|r| r.seq == seq && r.phase == BlueGreenPhase::Waiting);
        if waiting {
            self.finish_deployment(
                seq,
                false,
                "The deployment was stopped: traffic was not rerouted before the wait time ended (STOP_DEPLOYMENT)."
                    .into(),
            );
            self.drop_replacement("the blue/green deployment stopped");
        }
    }

    /// Terminates the replacement fleet of a failed or stopped deployment.
    pub(in crate::sim) fn drop_replacement(&mut self, why: &str) {
        let Some(run) = self.delivery.blue_green.take() else {
            return;
        };
        let at = self.at();
        for key in run.replacement {
            if let Some(idx) = self.index_of(key) {
                if !self.instances[idx].state.is_terminating() {
                    let id = self.instances[idx].id.clone();
                    let text = format!("At {at} instance {id} was terminated because {why}.");
                    self.begin_termination(idx, TerminationCause::BlueGreen, Some(text), None);
                }
            }
        }
    }

    /// B4.2: register the replacement instances, deregister the originals; the replacement
    /// group becomes the deployment group's group.
    pub(in crate::sim) fn reroute(&mut self, seq: u64) {
        let Some(run) = self.delivery.blue_green.take() else {
            return;
        };
        // `replacement` holds keys in launch order, so it is sorted.
        self.instances.edit_all(|i| {
            if run.replacement.binary_search(&i.key).is_ok() {
                if !i.state.is_terminating() {
                    i.role = Role::Member;
                }
            } else if i.role == Role::Member && !i.state.is_terminating() {
                i.role = Role::Retired;
            }
        });
        self.recount();
        let label = self.deployment(seq).map(|d| d.revision.clone());
        self.finish_deployment(seq, true, String::new());
        self.set_last_successful(label.as_deref());
        match self.scenario.delivery.blue_green.original_instances {
            OriginalInstancesAction::TERMINATE => {
                let wait = u64::from(self.scenario.delivery.blue_green.termination_wait_minutes);
                let at = self.now.plus_secs(wait * 60);
                self.push(
                    at,
                    Phase::Internal,
                    Timer::CodeDeploy(CodeDeployTimer::TerminateOriginals { deployment: seq }),
                );
            }
            // KEEP_ALIVE: the originals leave the group and keep running outside it.
            OriginalInstancesAction::KEEP_ALIVE => {
                let gone: Vec<u64> = self
                    .instances
                    .iter()
                    .filter(|i| i.role == Role::Retired)
                    .map(|i| i.key)
                    .collect();
                self.instances.retain(|i| i.role != Role::Retired);
                for key in gone {
                    self.simple_gate_progress(key);
                }
            }
        }
        // The new group may be smaller than desired (only healthy instances were copied).
        self.reconcile(crate::activity::Trigger::Replacement, self.sizes.desired);
    }

    /// B4.2: the original fleet terminates after `terminationWaitTimeInMinutes`.
    pub(in crate::sim) fn terminate_originals(&mut self, seq: u64) {
        let id = self
            .deployment(seq)
            .map(|d| d.id.clone())
            .unwrap_or_default();
        let at = self.at();
        let retired: Vec<usize> = self
            .instances
            .iter()
            .enumerate()
            .filter(|(_, i)| i.role == Role::Retired && !i.state.is_terminating())
            .map(|(n, _)| n)
            .collect();
        for idx in retired.into_iter().rev() {
            let iid = self.instances[idx].id.clone();
            let text = format!(
                "At {at} instance {iid} was terminated by CodeDeploy blue/green deployment {id} (original instances: TERMINATE)."
            );
            self.begin_termination(idx, TerminationCause::BlueGreen, Some(text), None);
        }
    }
}
