//! The ways of delivering code the product compares with CodeDeploy: a user data script at
//! first boot, updates by hand, and a baked AMI rolled out by an instance refresh (A1.9).

use super::*;

impl Sim {
    /// B5.9: a user-data script pulls the latest artifact at first boot and nobody checks
    /// whether it worked: the instance goes InService either way.
    pub(in crate::sim) fn run_user_data(&mut self, idx: usize) {
        let Some(label) = self.delivery.latest_artifact.clone() else {
            return;
        };
        self.apply_by_hand(idx, &label);
    }

    /// Installs a revision without any checks (by hand, or by a user-data script).
    pub(in crate::sim) fn apply_by_hand(&mut self, idx: usize, label: &str) {
        let Some(rev) = self.revision(label) else {
            return;
        };
        let fails = self.failure_point(&rev, idx, u64::MAX).is_some();
        let interned = crate::sim::capacity::intern(&mut self.labels, label);
        let mut i = self.instances.edit(idx);
        i.revision = Some(interned);
        i.app_healthy = !fails && rev.failure != RevisionFailure::ServesErrors;
        if !fails {
            for s in rev.installs {
                if !i.software.contains(&s) {
                    i.software.push(s);
                }
            }
        }
    }

    pub(in crate::sim) fn manual_update(&mut self, key: u64, revision: usize) {
        let Some(label) = self
            .scenario
            .delivery
            .revisions
            .get(revision)
            .map(|r| r.label.clone())
        else {
            return;
        };
        if let Some(idx) = self.index_of(key) {
            if self.instances[idx].state == LifecycleState::InService {
                self.apply_by_hand(idx, &label);
            }
        }
    }

    /// BakeAmi: the AMI is ready; make it the launch template's default and refresh (A1.9).
    pub(in crate::sim) fn ami_baked(&mut self, revision: usize) {
        let Some(rev) = self.scenario.delivery.revisions.get(revision).cloned() else {
            return;
        };
        let LaunchSource::LaunchTemplate { name, .. } = self.scenario.group.launch.clone() else {
            self.reject("Baking an AMI needs the group to use a launch template.".into());
            return;
        };
        let base = crate::launch::resolve(&self.scenario, &self.scenario.group.launch)
            .ok()
            .and_then(|r| crate::launch::find_ami(&self.scenario, &r.image_id).cloned())
            .unwrap_or_default();
        let mut software = base.software.clone();
        for s in rev.requires.iter().chain(rev.installs.iter()) {
            if !software.contains(s) {
                software.push(s.clone());
            }
        }
        let id = format!(
            "ami-0{:016x}",
            (Keyed::BakedAmiId
                .noise(self.scenario.seed, revision as u64)
                .to_bits())
        );
        self.scenario.amis.push(Ami {
            id: id.clone(),
            name: format!("{}-{}", base.name, rev.label),
            software,
            baked_revision: Some(rev.label.clone()),
        });
        self.execute_inner(crate::scenario::Action::CreateLaunchTemplateVersion {
            source_version: self
                .scenario
                .launch_templates
                .iter()
                .find(|t| t.name == name)
                .map(|t| t.default_version),
            image_id: Some(id),
            instance_type: None,
            set_default: true,
        });
        self.delivery.refresh_version = self
            .scenario
            .launch_templates
            .iter()
            .find(|t| t.name == name)
            .map(|t| t.default_version);
        self.push(
            self.now,
            Phase::Internal,
            Timer::CodeDeploy(CodeDeployTimer::RefreshStep),
        );
    }

    /// A1.9: replace a batch of outdated instances once the previous batch is in service and
    /// warmed up; MinHealthyPercentage sets the batch size.
    pub(in crate::sim) fn refresh_step(&mut self) {
        let Some(version) = self.delivery.refresh_version else {
            return;
        };
        let outdated: Vec<usize> = self
            .instances
            .iter()
            .enumerate()
            .filter(|(_, i)| i.in_group())
            .filter(|(_, i)| match &i.launch.origin {
                crate::launch::LaunchOrigin::LaunchTemplate { version: v, .. } => *v != version,
                _ => true,
            })
            .map(|(n, _)| n)
            .collect();
        if outdated.is_empty() {
            self.delivery.refresh_version = None;
            return;
        }
        let g = &self.scenario.group;
        let warmup_ms = u64::from(
            g.default_instance_warmup_s
                .unwrap_or(g.health_check_grace_period_s),
        ) * MS_PER_S;
        let now = self.now;
        let busy = self.instances.iter().any(|i| {
            i.state.is_pending()
                || (i.state == LifecycleState::InService
                    && i.in_service_at.is_some_and(|t| now.since(t) < warmup_ms))
        });
        if !busy {
            let desired = self.sizes.desired;
            let keep = (u64::from(desired)
                * u64::from(self.scenario.assumptions.refresh_min_healthy_pct))
            .div_ceil(100) as u32;
            let batch = desired.saturating_sub(keep).max(1) as usize;
            // Oldest first.
            for &idx in outdated.iter().take(batch).collect::<Vec<_>>().iter().rev() {
                self.begin_termination(*idx, TerminationCause::InstanceRefresh, None, None);
            }
            self.reconcile(crate::activity::Trigger::Replacement, self.sizes.desired);
        }
        self.push(
            self.now.plus_ms(REFRESH_POLL_MS),
            Phase::Internal,
            Timer::CodeDeploy(CodeDeployTimer::RefreshStep),
        );
    }
}
