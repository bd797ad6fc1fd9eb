//! Auto Scaling health checks (A2.6 to A2.8), run on the minute cadence after the alarms.

use super::*;

impl Sim {
    /// A2.6 to A2.8: EC2 checks act at once; ELB checks after the grace period; replacement
    /// of ELB-unhealthy instances at most 10% of desired at a time.
    pub(super) fn health_checks(&mut self) {
        if self.suspended(ScalingProcess::HealthCheck) {
            return;
        }
        let now = self.now;
        let grace_ms = u64::from(self.group_spec().health_check_grace_period_s) * MS_PER_S;
        let elb = self.group_spec().health_check_type == HealthCheckType::ELB;
        let mut budget = (self.sizes.desired / 10).max(1);
        let mut unhealthy = Vec::new();
        for (idx, i) in self.instances.iter().enumerate() {
            if i.state != LifecycleState::InService || i.role != Role::Member {
                continue;
            }
            let past_grace = i.in_service_at.is_some_and(|t| now.since(t) >= grace_ms);
            if !i.ec2_running {
                unhealthy.push(idx);
            } else if elb && !i.app_healthy && past_grace && budget > 0 {
                budget -= 1;
                unhealthy.push(idx);
            }
        }
        if unhealthy.is_empty() {
            return;
        }
        for &idx in &unhealthy {
            self.instances.edit(idx).health = HealthStatus::Unhealthy;
        }
        if self.suspended(ScalingProcess::ReplaceUnhealthy) {
            return;
        }
        // Terminate in reverse index order so earlier indices stay valid.
        for &idx in unhealthy.iter().rev() {
            self.begin_termination(idx, TerminationCause::HealthCheck, None, None);
        }
        self.reconcile(Trigger::Replacement, self.sizes.desired);
    }
}
