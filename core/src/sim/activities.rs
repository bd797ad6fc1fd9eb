//! The activity history (A7): every launch and termination as an activity with AWS's
//! description, cause and status, kept for the page's history panel.

use super::*;

/// Activities kept for the page's history panel; older ones were already emitted as outputs.
pub(super) const ACTIVITY_HISTORY: usize = 2000;

impl Sim {
    pub(super) fn start_activity(
        &mut self,
        description: String,
        cause: String,
        instance_id: Text,
        change: Option<Rc<DesiredChange>>,
    ) -> u64 {
        let seq = self.next_activity;
        self.next_activity += 1;
        let a = Activity {
            seq,
            activity_id: activity::keyed_uuid(Keyed::ActivityId, self.scenario.seed, seq).into(),
            description: description.into(),
            cause: cause.into(),
            start: self.now,
            end: None,
            status_code: ActivityStatus::InProgress,
            // Shared, like every empty message of the run.
            status_message: capacity::intern(&mut self.labels, ""),
            progress: activity::progress(ActivityStatus::InProgress),
            instance_id,
            group: self.group_name(),
            change,
        };
        self.outputs.push_back(Output::Activity(a.clone()));
        self.activities.push_back(a);
        if self.activities.len() > ACTIVITY_HISTORY {
            self.activities.pop_front();
        }
        seq
    }

    pub(super) fn update_activity(
        &mut self,
        seq: u64,
        status: ActivityStatus,
        end: Option<SimTime>,
        message: String,
    ) {
        let front = self.activities.front().map_or(0, |a| a.seq);
        let progress = activity::progress(status);
        let Some(a) = seq
            .checked_sub(front)
            .and_then(|off| self.activities.get_mut(off as usize))
        else {
            return;
        };
        if a.status_code.is_done() {
            return;
        }
        a.status_code = status;
        a.end = end;
        a.progress = progress;
        if !message.is_empty() {
            a.status_message = message.into();
        }
        let out = Output::ActivityUpdated {
            seq,
            activity_id: a.activity_id.clone(),
            t: self.now,
            status,
            status_message: a.status_message.clone(),
            progress,
            end,
        };
        self.outputs.push_back(out);
    }
}
