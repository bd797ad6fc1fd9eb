//! The activity history in the AWS console's own wording (A7).
//!
//! Sentences inside a `Cause` are joined by two spaces and timestamps use
//! `YYYY-MM-DDThh:mm:ssZ`, as AWS writes them (A7.3).

use std::fmt::Write;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::text::Text;
use crate::time::SimTime;

/// A7.1 `StatusCode` (the values this simulator produces).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActivityStatus {
    InProgress,
    MidLifecycleAction,
    WaitingForELBConnectionDraining,
    Successful,
    Failed,
    Cancelled,
}

impl ActivityStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityStatus::InProgress => "InProgress",
            ActivityStatus::MidLifecycleAction => "MidLifecycleAction",
            ActivityStatus::WaitingForELBConnectionDraining => "WaitingForELBConnectionDraining",
            ActivityStatus::Successful => "Successful",
            ActivityStatus::Failed => "Failed",
            ActivityStatus::Cancelled => "Cancelled",
        }
    }
    pub fn is_done(self) -> bool {
        matches!(
            self,
            ActivityStatus::Successful | ActivityStatus::Failed | ActivityStatus::Cancelled
        )
    }
}

/// One scaling activity (A7.1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    /// Sequence number within the run (the page's key); `activity_id` is the AWS-looking id.
    pub seq: u64,
    pub activity_id: Text,
    pub description: Text,
    pub cause: Text,
    pub start: SimTime,
    pub end: Option<SimTime>,
    pub status_code: ActivityStatus,
    pub status_message: Text,
    /// A7.1 `Progress`, 0 to 100 (see [`progress`]).
    pub progress: u8,
    /// The instance this activity is about.
    pub instance_id: Text,
    /// The Auto Scaling group it belongs to (`AutoScalingGroupName`).
    pub group: Text,
    /// The desired-capacity change behind this activity, typed (A7.3): the cause's first
    /// sentence is built from it. `None` when the cause names no such change (a replacement,
    /// a health check). Shared by the activities of one change; not serialized: the wire and
    /// the traces keep the text.
    #[serde(skip)]
    pub change: Option<Rc<DesiredChange>>,
}

/// A7.1 `Progress` for a status code. AWS documents the field (0 to 100) but not its steps
/// [MODEL]: 0 when an activity starts, 50 while it waits mid-way (a lifecycle hook, connection
/// draining), 100 once it has ended, whatever the outcome.
pub fn progress(status: ActivityStatus) -> u8 {
    match status {
        ActivityStatus::InProgress => 0,
        ActivityStatus::MidLifecycleAction | ActivityStatus::WaitingForELBConnectionDraining => 50,
        ActivityStatus::Successful | ActivityStatus::Failed | ActivityStatus::Cancelled => 100,
    }
}

/// Why the desired capacity changed: the first sentence of a `Cause` (A7.3).
#[derive(Clone, Debug, PartialEq)]
pub enum Trigger {
    /// Creating the group.
    Create,
    /// A CloudWatch alarm invoked a scaling policy.
    Alarm { alarm: String, policy: String },
    /// SetDesiredCapacity.
    SetDesired,
    /// UpdateAutoScalingGroup with new sizes.
    UpdateGroup { min: u32, max: u32, desired: u32 },
    /// A scheduled action (A7.3 wording UNCONFIRMED, Appendix U9).
    Scheduled { min: u32, max: u32, desired: u32 },
    /// A CodeDeploy blue/green deployment created the replacement group (B5.2).
    BlueGreen { deployment: String, group: String },
    /// Nothing changed the desired capacity: the group is replacing a lost instance.
    Replacement,
    /// TerminateInstanceInAutoScalingGroup with `ShouldDecrementDesiredCapacity` (A5.7): a
    /// user (or a controller such as the Kubernetes Cluster Autoscaler) removed this instance.
    TerminateInstance { instance_id: String },
}

/// A change of the desired capacity, typed: who asked and from what to what (A7.3). Faces and
/// tests read these fields; [`DesiredChange::sentence`] words them as AWS does.
#[derive(Clone, Debug, PartialEq)]
pub struct DesiredChange {
    pub trigger: Trigger,
    pub from: u32,
    pub to: u32,
}

impl DesiredChange {
    /// `At <t> <who> changing the desired capacity from <from> to <to>.`; `None` for a
    /// replacement, which changes nothing.
    pub fn sentence(&self, at: &str) -> Option<String> {
        desired_change_sentence(&self.trigger, at, self.from, self.to)
    }

    /// The scaling policy an alarm invoked, if that is what changed the capacity.
    pub fn policy(&self) -> Option<&str> {
        match &self.trigger {
            Trigger::Alarm { policy, .. } => Some(policy),
            _ => None,
        }
    }

    /// The alarm that invoked the policy, if an alarm changed the capacity.
    pub fn alarm(&self) -> Option<&str> {
        match &self.trigger {
            Trigger::Alarm { alarm, .. } => Some(alarm),
            _ => None,
        }
    }

    /// The signed adjustment, `to - from`.
    pub fn adjustment(&self) -> i64 {
        i64::from(self.to) - i64::from(self.from)
    }
}

/// `At <t> <who> changing the desired capacity from <from> to <to>.` (A7.3)
pub fn desired_change_sentence(trigger: &Trigger, at: &str, from: u32, to: u32) -> Option<String> {
    let who = match trigger {
        Trigger::Create => "a user request created an AutoScalingGroup".to_string(),
        Trigger::Alarm { alarm, policy } => {
            format!("a monitor alarm {alarm} in state ALARM triggered policy {policy}")
        }
        Trigger::SetDesired => "a user request explicitly set group desired capacity".to_string(),
        Trigger::UpdateGroup { min, max, desired } => format!(
            "a user request update of AutoScalingGroup constraints to min: {min}, max: {max}, desired: {desired}"
        ),
        Trigger::Scheduled { min, max, desired } => format!(
            "a scheduled action update of AutoScalingGroup constraints to min: {min}, max: {max}, desired: {desired}"
        ),
        Trigger::BlueGreen { deployment, group } => format!(
            "CodeDeploy deployment {deployment} created the replacement Auto Scaling group {group}"
        ),
        Trigger::Replacement => return None,
        Trigger::TerminateInstance { instance_id } => {
            return Some(user_terminate_sentence(at, instance_id, from, to))
        }
    };
    Some(format!(
        "At {at} {who} changing the desired capacity from {from} to {to}."
    ))
}

/// `At <t> an instance was started in response to a difference between desired and actual
/// capacity, increasing the capacity from <a> to <b>.`
pub fn launch_sentence(at: &str, from: u32, to: u32) -> String {
    format!(
        "At {at} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from {from} to {to}."
    )
}

/// The scale-in pair of sentences (A7.3 "alarm scale-in").
pub fn terminate_sentences(at: &str, from: u32, to: u32, instance_id: &str) -> String {
    format!(
        "At {at} an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from {from} to {to}.  At {at} instance {instance_id} was selected for termination."
    )
}

/// A5.7 TerminateInstanceInAutoScalingGroup's cause with `ShouldDecrementDesiredCapacity`:
/// `At <t> instance <id> was taken out of service in response to a user request, shrinking
/// the capacity from <from> to <to>.`
pub fn user_terminate_sentence(at: &str, instance_id: &str, from: u32, to: u32) -> String {
    format!(
        "At {at} instance {instance_id} was taken out of service in response to a user request, shrinking the capacity from {from} to {to}."
    )
}

/// Joins sentences with AWS's two spaces.
pub fn join(parts: &[String]) -> String {
    parts.join("  ")
}

/// A UUID-shaped id for entry `id` of the seed registry ([`crate::rng::Keyed`]).
pub fn keyed_uuid(id: crate::rng::Keyed, seed: u64, n: u64) -> String {
    let (s, k) = id.derive(seed, n);
    uuid_like(s, k)
}

/// A deterministic UUID-shaped id (8-4-4-4-12 hex) from a seed and a number.
pub fn uuid_like(seed: u64, n: u64) -> String {
    let a = mix(seed ^ n.wrapping_mul(0xA24B_AED4_963E_E407));
    let b = mix(a ^ 0x9FB2_1C65_1E98_DF25);
    // Written at its length at once (`format!` would grow the string from nothing).
    let mut s = String::with_capacity(36);
    // Writing into a `String` cannot fail.
    let _ = write!(
        s,
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xFFFF,
        a & 0xFFF,
        (b >> 48) & 0x3FFF | 0x8000,
        b & 0xFFFF_FFFF_FFFF
    );
    s
}

fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a7_3_create_cause_matches_aws_example() {
        let cause = join(&[
            desired_change_sentence(&Trigger::Create, "2013-08-19T20:53:25Z", 0, 1)
                .unwrap_or_default(),
            launch_sentence("2013-08-19T20:53:29Z", 0, 1),
        ]);
        assert_eq!(
            cause,
            "At 2013-08-19T20:53:25Z a user request created an AutoScalingGroup changing the desired capacity from 0 to 1.  At 2013-08-19T20:53:29Z an instance was started in response to a difference between desired and actual capacity, increasing the capacity from 0 to 1."
        );
    }

    #[test]
    fn a7_3_alarm_scale_in_cause_shape() {
        let first = desired_change_sentence(
            &Trigger::Alarm {
                alarm: "TargetTracking-my-asg-AlarmLow-x".into(),
                policy: "my-target-tracking-policy".into(),
            },
            "2020-02-11T18:34:10Z",
            3,
            2,
        )
        .unwrap_or_default();
        let cause = join(&[
            first,
            terminate_sentences("2020-02-11T18:34:31Z", 3, 2, "i-06c4794c2499af1df"),
        ]);
        assert_eq!(
            cause,
            "At 2020-02-11T18:34:10Z a monitor alarm TargetTracking-my-asg-AlarmLow-x in state ALARM triggered policy my-target-tracking-policy changing the desired capacity from 3 to 2.  At 2020-02-11T18:34:31Z an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from 3 to 2.  At 2020-02-11T18:34:31Z instance i-06c4794c2499af1df was selected for termination."
        );
    }

    #[test]
    fn uuid_shape() {
        let u = uuid_like(1, 2);
        assert_eq!(u.len(), 36);
        assert_eq!(u.matches('-').count(), 4);
    }
}
