//! An instance's way through the Auto Scaling lifecycle (A2.13): boot, lifecycle hooks and
//! their results (A6), InService, connection draining (A2.9), terminate hooks and shutdown.

use super::*;

impl Sim {
    pub(super) fn boot_complete(&mut self, key: u64) {
        let Some(idx) = self.index_of(key) else {
            return;
        };
        if self.instances[idx].state != LifecycleState::Pending {
            return;
        }
        if self.instances[idx].role == Role::Replacement {
            // B4.3: the copied group has no CodeDeploy launch hook.
            self.enter_service(idx);
            self.blue_green_booted();
            return;
        }
        let mut hooks = self.hooks_for(LifecycleTransition::Launching);
        // Code delivery (CodeDeploy's deployment group, user data) serves the primary group.
        let method = if self.active == 0 {
            self.scenario.delivery.method
        } else {
            crate::scenario::DeliveryMethod::NoAutomation
        };
        if method == crate::scenario::DeliveryMethod::UserData {
            // B5.9: the script runs at first boot; nothing waits for its result.
            self.run_user_data(idx);
        }
        let codedeploy = method == crate::scenario::DeliveryMethod::CodeDeploy;
        if codedeploy {
            // B5.1: CodeDeploy's managed launch hook (600 s heartbeat, ABANDON).
            hooks.push(HookRef::CodeDeployLaunch);
        }
        if hooks.is_empty() {
            self.enter_service(idx);
            return;
        }
        self.set_state(idx, LifecycleState::PendingWait);
        self.instances.edit(idx).pending_hooks = hooks.clone();
        if let Some(seq) = self.instances[idx].launch_activity {
            self.update_activity(seq, ActivityStatus::MidLifecycleAction, None, String::new());
        }
        self.schedule_hooks(idx, &hooks);
        if codedeploy && !self.start_launch_deployment(idx) {
            // B5.3 UNCONFIRMED: no successful revision yet; the assumption decides.
            let key = self.instances[idx].key;
            let generation = self.instances[idx].generation;
            let result = self.scenario.assumptions.codedeploy_no_revision;
            self.hook_completed(key, HookRef::CodeDeployLaunch, generation, result, false);
        }
    }

    /// The hook's name in AWS: the scenario's, or CodeDeploy's managed launch hook (B5.1).
    pub(super) fn hook_name(&self, hook: HookRef) -> String {
        match hook {
            HookRef::Scenario(n) => self
                .group_spec()
                .lifecycle_hooks
                .get(n)
                .map(|h| h.name.clone())
                .unwrap_or_default(),
            HookRef::CodeDeployLaunch => format!(
                "CodeDeploy-managed-automatic-launch-deployment-hook-{}-{}",
                self.scenario.delivery.deployment_group_name,
                activity::keyed_uuid(Keyed::CodeDeployHook, self.scenario.seed, 0)
            ),
        }
    }

    /// The group's hooks for `transition`, in the scenario's order (A6.2).
    pub(super) fn hooks_for(&self, transition: LifecycleTransition) -> Vec<HookRef> {
        self.group_spec()
            .lifecycle_hooks
            .iter()
            .enumerate()
            .filter(|(_, h)| h.transition == transition)
            .map(|(n, _)| HookRef::Scenario(n))
            .collect()
    }

    /// A6.2/A6.3: each hook either completes after its handler's time or times out.
    pub(super) fn schedule_hooks(&mut self, idx: usize, hooks: &[HookRef]) {
        let key = self.instances[idx].key;
        let generation = self.instances[idx].generation;
        for &h in hooks {
            // CodeDeploy's hook is completed by its launch deployment, not by a timer.
            let HookRef::Scenario(n) = h else { continue };
            let Some(spec) = self.group_spec().lifecycle_hooks.get(n) else {
                continue;
            };
            let timeout_ms = u64::from(spec.heartbeat_timeout_s) * MS_PER_S;
            let (after_ms, result, timeout) = match spec.handler_completes_after_s {
                Some(s) if u64::from(s) * MS_PER_S < timeout_ms => {
                    (u64::from(s) * MS_PER_S, spec.handler_result, false)
                }
                _ => (timeout_ms, spec.default_result, true),
            };
            self.push(
                self.now.plus_ms(after_ms),
                Phase::Internal,
                Timer::Lifecycle(LifecycleTimer::HookCompleted {
                    instance: key,
                    hook: h,
                    generation,
                    result,
                    timeout,
                }),
            );
        }
    }

    pub(super) fn hook_completed(
        &mut self,
        key: u64,
        hook: HookRef,
        generation: u64,
        result: LifecycleActionResult,
        timeout: bool,
    ) {
        let Some(idx) = self.index_of(key) else {
            return;
        };
        if self.instances[idx].generation != generation {
            return;
        }
        let state = self.instances[idx].state;
        if !self.instances[idx].pending_hooks.contains(&hook) {
            // Already settled (an earlier ABANDON skipped the remaining hooks, A6.5).
            return;
        }
        self.instances
            .edit(idx)
            .pending_hooks
            .retain(|&h| h != hook);
        let transition = if state.is_pending() {
            LifecycleTransition::Launching
        } else {
            LifecycleTransition::Terminating
        };
        let out = Output::LifecycleHookResult {
            t: self.now,
            instance_id: self.instances[idx].id.clone(),
            hook: self.hook_name(hook),
            transition,
            result,
            heartbeat_timeout: timeout,
        };
        self.outputs.push_back(out);
        match (state, result) {
            (LifecycleState::PendingWait, LifecycleActionResult::CONTINUE)
                if self.instances[idx].pending_hooks.is_empty() =>
            {
                // A6.4: every hook said CONTINUE.
                self.set_state(idx, LifecycleState::PendingProceed);
                self.enter_service(idx);
            }
            (LifecycleState::PendingWait, LifecycleActionResult::ABANDON) => {
                // A6.4: the instance is terminated; the group launches a replacement.
                let token = activity::keyed_uuid(Keyed::LifecycleToken, self.scenario.seed, key);
                let why = if timeout {
                    "Heartbeat Timeout"
                } else {
                    "Lifecycle Action Completed with ABANDON Result"
                };
                let msg = format!(
                    "Instance failed to complete user's Lifecycle Action: Lifecycle Action with token {token} was abandoned: {why}"
                );
                if let Some(seq) = self.instances[idx].launch_activity {
                    self.update_activity(seq, ActivityStatus::Cancelled, Some(self.now), msg);
                }
                self.begin_termination(idx, TerminationCause::LifecycleAbandoned, None, None);
                self.reconcile(Trigger::Replacement, self.sizes.desired);
            }
            // A6.5: either result terminates; ABANDON skips the remaining hooks.
            (LifecycleState::TerminatingWait, r)
                if r == LifecycleActionResult::ABANDON
                    || self.instances[idx].pending_hooks.is_empty() =>
            {
                self.instances.edit(idx).pending_hooks.clear();
                self.proceed_to_shutdown(idx);
            }
            _ => {}
        }
    }

    pub(super) fn enter_service(&mut self, idx: usize) {
        self.set_state(idx, LifecycleState::InService);
        let now = self.now;
        let protect = self.group_spec().new_instances_protected_from_scale_in;
        let (key, activity) = {
            let mut i = self.instances.edit(idx);
            i.in_service_at = Some(now);
            // A5.5: protection starts at InService.
            i.protected_from_scale_in = protect;
            (i.key, i.launch_activity)
        };
        if let Some(seq) = activity {
            self.update_activity(seq, ActivityStatus::Successful, Some(now), String::new());
        }
        self.simple_gate_progress(key);
    }

    /// Starts termination: drain (A2.9), then terminate hooks (A6.5), then shutdown.
    /// A5.7 TerminateInstanceInAutoScalingGroup with `ShouldDecrementDesiredCapacity`: the
    /// named instance (protected or not, A5.5) goes through the same draining, terminate hooks
    /// and shutdown as a scale-in victim, and the desired capacity drops by one, so nothing
    /// replaces it. Refused (the group unchanged) when the instance is not a live member of
    /// the group or desired is already at min.
    pub(super) fn terminate_instance_decrementing(
        &mut self,
        instance_id: &str,
    ) -> Result<(), String> {
        self.visit(self.instances.len());
        let Some(idx) = self
            .instances
            .iter()
            .position(|i| i.id == instance_id && i.in_group())
        else {
            return Err(format!(
                "ValidationError: Instance Id not found - No managed instance found for instance ID: {instance_id}"
            ));
        };
        let (from, to) = self.sizes.decrement_for_termination()?;
        let cause = activity::user_terminate_sentence(&self.at(), instance_id, from, to);
        let change = DesiredChange {
            trigger: Trigger::TerminateInstance {
                instance_id: instance_id.to_string(),
            },
            from,
            to,
        };
        self.begin_termination(
            idx,
            TerminationCause::UserRequest,
            Some(cause),
            Some(Rc::new(change)),
        );
        Ok(())
    }

    pub(super) fn begin_termination(
        &mut self,
        idx: usize,
        cause: TerminationCause,
        text: Option<String>,
        change: Option<Rc<DesiredChange>>,
    ) {
        self.instance_leaving(idx);
        let id = self.instances[idx].id.clone();
        let text = text.unwrap_or_else(|| {
            let at = self.at();
            match cause {
                TerminationCause::HealthCheck => {
                    if self.instances[idx].ec2_running {
                        format!("At {at} an instance was taken out of service in response to an ELB system health check failure.")
                    } else {
                        format!("At {at} an instance was taken out of service in response to an EC2 health check indicating it has been terminated or stopped.")
                    }
                }
                TerminationCause::LifecycleAbandoned => format!(
                    "At {at} an instance was taken out of service in response to a launch lifecycle action that was abandoned."
                ),
                _ => format!("At {at} instance {id} was selected for termination."),
            }
        });
        let was_serving = self.instances[idx].state == LifecycleState::InService;
        let seq = self.start_activity(format!("Terminating EC2 instance: {id}"), text, id, change);
        self.set_state(idx, LifecycleState::Terminating);
        self.instances.edit(idx).terminating_at = Some(self.now);
        self.instances.edit(idx).launch_activity = Some(seq);
        let drain_ms = if was_serving {
            u64::from(self.group_spec().deregistration_delay_s) * MS_PER_S
        } else {
            0
        };
        if drain_ms > 0 {
            self.update_activity(
                seq,
                ActivityStatus::WaitingForELBConnectionDraining,
                None,
                String::new(),
            );
        }
        let key = self.instances[idx].key;
        let generation = self.instances[idx].generation;
        self.push(
            self.now.plus_ms(drain_ms),
            Phase::Internal,
            Timer::Lifecycle(LifecycleTimer::DrainComplete {
                instance: key,
                generation,
            }),
        );
        self.simple_gate_progress(key);
    }

    pub(super) fn drain_complete(&mut self, key: u64, generation: u64) {
        let Some(idx) = self.index_of(key) else {
            return;
        };
        if self.instances[idx].generation != generation {
            return;
        }
        let hooks = self.hooks_for(LifecycleTransition::Terminating);
        if hooks.is_empty() {
            self.proceed_to_shutdown(idx);
            return;
        }
        self.set_state(idx, LifecycleState::TerminatingWait);
        self.instances.edit(idx).pending_hooks = hooks.clone();
        self.schedule_hooks(idx, &hooks);
    }

    pub(super) fn proceed_to_shutdown(&mut self, idx: usize) {
        // A2.13: Terminating:Proceed only follows a terminate hook's wait.
        if self.instances[idx].state == LifecycleState::TerminatingWait {
            self.set_state(idx, LifecycleState::TerminatingProceed);
        }
        let key = self.instances[idx].key;
        let ms = u64::from(self.scenario.assumptions.shutdown_s) * MS_PER_S;
        self.push(
            self.now.plus_ms(ms),
            Phase::Internal,
            Timer::Lifecycle(LifecycleTimer::ShutdownComplete { instance: key }),
        );
    }

    pub(super) fn shutdown_complete(&mut self, key: u64) {
        let Some(idx) = self.index_of(key) else {
            return;
        };
        self.set_state(idx, LifecycleState::Terminated);
        if let Some(seq) = self.instances[idx].launch_activity {
            self.update_activity(
                seq,
                ActivityStatus::Successful,
                Some(self.now),
                String::new(),
            );
        }
        // Terminated instances leave the list at the next minute tick (one pass for all of
        // them): memory is bounded by the group's size, not by the run's length.
        self.simple_gate_progress(key);
    }
}
