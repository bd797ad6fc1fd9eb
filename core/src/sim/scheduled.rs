//! Scheduled actions (A3.6): one-time and recurring (cron, UTC), run after the scenario's
//! scheduling delay.

use super::*;

pub(super) enum ScheduleRuntime {
    Once,
    Recurring(Cron),
}

impl Sim {
    /// The group scheduled action `index` sizes.
    pub(super) fn schedule_group(&self, index: usize) -> Option<usize> {
        let spec = self.scenario.scheduled_actions.get(index)?;
        self.scenario.group_index(spec.group.as_deref())
    }

    pub(super) fn build_schedules(&mut self) {
        let start = self.scenario.start_unix_s;
        let delay_ms = u64::from(self.scenario.assumptions.scheduled_action_delay_s) * MS_PER_S;
        for index in 0..self.scenario.scheduled_actions.len() {
            let spec = &self.scenario.scheduled_actions[index];
            match spec.recurrence.as_deref().map(parse_cron) {
                Some(Ok(cron)) => {
                    let first = cron.next_after(start.saturating_sub(1)).map(|u| u - start);
                    self.schedules.push(ScheduleRuntime::Recurring(cron));
                    if let Some(s) = first {
                        self.push(
                            SimTime::from_secs(s).plus_ms(delay_ms),
                            Phase::Internal,
                            Timer::ScheduledAction { index },
                        );
                    }
                }
                // Validation rejected bad expressions already; treat as one-time otherwise.
                _ => {
                    self.schedules.push(ScheduleRuntime::Once);
                    if let Some(s) = spec.start_s {
                        self.push(
                            SimTime::from_secs(s).plus_ms(delay_ms),
                            Phase::Internal,
                            Timer::ScheduledAction { index },
                        );
                    }
                }
            }
        }
    }

    pub(super) fn run_scheduled(&mut self, index: usize) {
        let Some(spec) = self.scenario.scheduled_actions.get(index).cloned() else {
            return;
        };
        // Reschedule a recurring action before running it.
        if let Some(ScheduleRuntime::Recurring(cron)) = self.schedules.get(index) {
            let start = self.scenario.start_unix_s;
            let delay = u64::from(self.scenario.assumptions.scheduled_action_delay_s);
            let fired_s = self.now.secs().saturating_sub(delay);
            if let Some(next) = cron.next_after(start + fired_s) {
                let rel = next - start;
                if spec.end_s.is_none_or(|end| rel <= end) {
                    self.push(
                        SimTime::from_secs(rel + delay),
                        Phase::Internal,
                        Timer::ScheduledAction { index },
                    );
                }
            }
        }
        if self.suspended(ScalingProcess::ScheduledActions) {
            return;
        }
        let from = self.sizes.desired;
        match self
            .sizes
            .update(spec.min_size, spec.max_size, spec.desired_capacity)
        {
            Ok(()) => {
                let t = Trigger::Scheduled {
                    min: self.sizes.min,
                    max: self.sizes.max,
                    desired: self.sizes.desired,
                };
                self.reconcile(t, from);
            }
            Err(message) => self.reject(format!("Scheduled action {}: {message}", spec.name)),
        }
    }
}
