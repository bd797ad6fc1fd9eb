//! One in-place deployment over a fixed set of target instances, as a pure state machine
//! (B2.3, B5.3, B5.6).
//!
//! The event loop asks [`FleetDeployment::next_batch`] which instances to start, runs their
//! lifecycle events (see [`super::lifecycle_events`]), and reports each instance's result with
//! [`FleetDeployment::record`]. It calls `next_batch` again after every `record` until the status
//! is no longer `InProgress`.
//!
//! # The health rule (B2.3)
//!
//! `healthy` counts the instances that are healthy *right now*: untouched instances that were
//! healthy when the deployment started, plus instances that succeeded in this deployment. An
//! instance being deployed to is offline, so it does not count, whatever it was before; a
//! failed instance is unhealthy. With `min` the minimum healthy count and `n` the fleet size:
//!
//! 1. `min >= n`: no instance could ever be taken offline; the deployment fails at once
//!    without deploying (B2.3: 10 instances at 95% -> min 10). Code `HEALTH_CONSTRAINTS_INVALID`.
//! 2. Targets are taken in B2.3 order: Unhealthy, then Unknown revision, then Old, then Current.
//! 3. At most `n - min` instances are in progress at once (G6 "max concurrent").
//! 4. Starting an *unhealthy* target costs no health, so only rule 3 limits it. This is how a
//!    group that starts below its minimum still deploys "without reducing healthy further"
//!    (B2.3 exception), and why AWS "starts by deploying to the unhealthy instances".
//! 5. Starting a *healthy* target lowers `healthy` by one, so it is allowed only while
//!    `healthy > min`: a deployment never causes `healthy < min` (B2.3).
//! 6. The deployment stops (Failed, `HEALTH_CONSTRAINTS`) as soon as it can no longer finish
//!    successfully:
//!    - a healthy target is still waiting but even if every running instance and every waiting
//!      unhealthy instance succeeded, `healthy` would not exceed `min`, so it could never start
//!      (B2.3 "if healthy falls to the minimum, stop"; 10 instances at 85% -> min 9: one at a
//!      time, and a single failure leaves 9 healthy = min with 9 waiting, so it fails); or
//!    - too many instances failed for `success_threshold` successes to still be reachable
//!      (the API's HEALTH_CONSTRAINTS: "failed on too many instances to be able to
//!      successfully deploy"); for AllAtOnce this is "fails only if all fail".
//! 7. When every target has finished, the deployment succeeded: rule 6 already failed it if
//!    fewer than `max(min, 1)` instances succeeded (B2.3 (a) and (b)).
//!
//! ## OneAtATime and "the last instance may fail"
//!
//! OneAtATime is `min = n - 1` (all but one kept healthy) with one instance at a time. On a
//! healthy fleet rules 5-7 already give its documented behaviour: any failure leaves
//! `healthy = n - 1 = min` while healthy instances still wait (rule 6, fail), except when the
//! failing instance is the last one: nothing waits, `n - 1` successes meet the threshold, so it
//! succeeds. A single-instance group has `min = 0` but needs one success (rule 6), so its one
//! instance must succeed. That is the same arithmetic as `HOST_COUNT n-1` (B2.3 "min 9 of 10").
//!
//! Where the two differ is a fleet with *unhealthy* instances (for example the first deployment
//! to a new group, where every instance is "never deployed" = Unhealthy): a failed unhealthy
//! instance costs no health, so `HOST_COUNT n-1` carries on. AWS states OneAtATime's rule per
//! instance, not in terms of health: every instance must succeed except the last (B2.1, and the
//! API's `MinimumHealthyHosts` note). Judgement call: OneAtATime keeps that wording literally,
//! with one extra rule: a failure while targets are still waiting fails the deployment.
//!
//! # What this module does not do
//!
//! It does not model time (the 8-hour limit, event timeouts), alarms or manual stops; the event
//! loop detects those and calls [`FleetDeployment::abort`] with the matching error code.

use serde::{Deserialize, Serialize};

use super::config::DeploymentConfig;

/// The simulator's instance id number.
pub type InstanceKey = u64;

/// Most instances one deployment may target (B1.3).
pub const MAX_INSTANCES_PER_DEPLOYMENT: u32 = 1000;

/// An in-place deployment's hard time limit (B1.3); enforced by the event loop via `abort`.
pub const MAX_IN_PLACE_DEPLOYMENT_MS: u64 = 8 * 3_600_000;

/// AWS's message for `NO_INSTANCES` (B5.3).
pub const NO_INSTANCES_MESSAGE: &str = "The deployment failed because no instances were found \
     for your deployment group. Check your deployment group settings to make sure the tags for \
     your Amazon EC2 instances or Auto Scaling groups correctly identify the instances you want \
     to deploy to, and then try again.";

/// AWS's message for `HEALTH_CONSTRAINTS`.
pub const HEALTH_CONSTRAINTS_MESSAGE: &str = "The overall deployment failed because too many \
     individual instances failed deployment, too few healthy instances are available for \
     deployment, or some instances in your deployment group are experiencing problems.";

/// B1.3 ([MODEL] wording): why a deployment over `n` instances failed at once.
fn over_max_instances_reason(n: u32) -> String {
    format!(
        "The deployment failed because it targets {n} instances; a deployment can \
         target at most {MAX_INSTANCES_PER_DEPLOYMENT}."
    )
}

/// A target instance as the deployment sees it when it starts (B2.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetInfo {
    pub key: InstanceKey,
    /// Instance health: the last deployment to it succeeded. `false` also for an instance never
    /// deployed to (B2.3).
    pub healthy: bool,
    /// Revision health: `Some(true)` = Current, `Some(false)` = Old, `None` = Unknown.
    pub revision_current: Option<bool>,
}

impl TargetInfo {
    /// Position in the B2.3 deployment order: Unhealthy, Unknown, Old, Current.
    fn order_class(&self) -> u8 {
        match (self.healthy, self.revision_current) {
            (false, _) => 0,
            (true, None) => 1,
            (true, Some(false)) => 2,
            (true, Some(true)) => 3,
        }
    }
}

/// Per-target status within this deployment (the B1.2 instance statuses that apply in-place).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TargetStatus {
    Pending,
    InProgress,
    Succeeded,
    Failed,
    /// Never attempted because the deployment ended first ("Remaining hosts are skipped").
    Skipped,
}

impl TargetStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetStatus::Pending => "Pending",
            TargetStatus::InProgress => "InProgress",
            TargetStatus::Succeeded => "Succeeded",
            TargetStatus::Failed => "Failed",
            TargetStatus::Skipped => "Skipped",
        }
    }
}

/// Deployment-level error codes (B1.2, `ErrorInformation.code`).
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DeploymentErrorCode {
    /// No target instances (B5.3).
    NO_INSTANCES,
    /// More than [`MAX_INSTANCES_PER_DEPLOYMENT`] targets (B1.3).
    OVER_MAX_INSTANCES,
    /// The minimum healthy count leaves no instance to deploy to (B2.3, `min >= n`).
    HEALTH_CONSTRAINTS_INVALID,
    /// Too many instances failed to continue or to succeed (B2.3).
    HEALTH_CONSTRAINTS,
    /// Used by the event loop with [`FleetDeployment::abort`].
    TIMEOUT,
    ALARM_ACTIVE,
    MANUAL_STOP,
    AGENT_ISSUE,
    AUTO_SCALING_CONFIGURATION,
}

impl DeploymentErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            DeploymentErrorCode::NO_INSTANCES => "NO_INSTANCES",
            DeploymentErrorCode::OVER_MAX_INSTANCES => "OVER_MAX_INSTANCES",
            DeploymentErrorCode::HEALTH_CONSTRAINTS_INVALID => "HEALTH_CONSTRAINTS_INVALID",
            DeploymentErrorCode::HEALTH_CONSTRAINTS => "HEALTH_CONSTRAINTS",
            DeploymentErrorCode::TIMEOUT => "TIMEOUT",
            DeploymentErrorCode::ALARM_ACTIVE => "ALARM_ACTIVE",
            DeploymentErrorCode::MANUAL_STOP => "MANUAL_STOP",
            DeploymentErrorCode::AGENT_ISSUE => "AGENT_ISSUE",
            DeploymentErrorCode::AUTO_SCALING_CONFIGURATION => "AUTO_SCALING_CONFIGURATION",
        }
    }
}

/// Overall status of the fleet deployment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FleetStatus {
    InProgress,
    Succeeded,
    /// `reason` is the AWS-style message; the code is [`FleetDeployment::error_code`].
    Failed {
        reason: String,
    },
}

/// Per-status target counts, shaped like the API's `deploymentOverview`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeploymentOverview {
    pub pending: u32,
    pub in_progress: u32,
    pub succeeded: u32,
    pub failed: u32,
    pub skipped: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Target {
    info: TargetInfo,
    status: TargetStatus,
}

impl Target {
    /// Instance health now (B2.3): success makes it healthy, failure or being deployed to makes
    /// it not healthy, and an instance not (yet) attempted keeps the health it started with.
    fn healthy_now(&self) -> bool {
        match self.status {
            TargetStatus::Succeeded => true,
            TargetStatus::Failed | TargetStatus::InProgress => false,
            TargetStatus::Pending | TargetStatus::Skipped => self.info.healthy,
        }
    }
}

/// One in-place deployment over a set of targets (B2.3). See the module docs for the rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FleetDeployment {
    /// In deployment order (B2.3), one entry per distinct key.
    targets: Vec<Target>,
    min_healthy: u32,
    max_concurrent: u32,
    success_threshold: u32,
    /// OneAtATime's extra rule: any failure but the last fails the deployment.
    fail_on_any_failure_but_last: bool,
    status: FleetStatus,
    error_code: Option<DeploymentErrorCode>,
}

impl FleetDeployment {
    /// Starts a deployment of `config` over `targets`. The result may already be `Failed`
    /// (no targets, too many targets, or a minimum that leaves nothing to deploy to).
    ///
    /// Targets are ordered Unhealthy, Unknown, Old, Current (B2.3); within a class the caller's
    /// order is kept (the sort is stable), so the caller decides ties. A key given twice is
    /// kept once (its first occurrence).
    pub fn start(config: &DeploymentConfig, targets: Vec<TargetInfo>) -> FleetDeployment {
        // The distinct keys, sorted, each taken once: O(n log n) for any fleet size (a sorted
        // list rather than a tree, so the page carries no tree code for it).
        let mut keys: Vec<u64> = targets.iter().map(|t| t.key).collect();
        crate::sort::sort(&mut keys);
        keys.dedup();
        let mut taken = vec![false; keys.len()];
        let mut distinct: Vec<TargetInfo> = Vec::with_capacity(keys.len());
        for t in targets {
            if let Some(seen) = keys
                .binary_search(&t.key)
                .ok()
                .and_then(|i| taken.get_mut(i))
                .filter(|seen| !**seen)
            {
                *seen = true;
                distinct.push(t);
            }
        }
        crate::sort::sort_by_key(&mut distinct, TargetInfo::order_class);
        let n = u32::try_from(distinct.len()).unwrap_or(u32::MAX);
        let min_healthy = config.min_healthy(n);
        let mut deployment = FleetDeployment {
            targets: distinct
                .into_iter()
                .map(|info| Target {
                    info,
                    status: TargetStatus::Pending,
                })
                .collect(),
            min_healthy,
            max_concurrent: config.max_concurrent(n),
            success_threshold: config.success_threshold(n),
            fail_on_any_failure_but_last: *config == DeploymentConfig::OneAtATime,
            status: FleetStatus::InProgress,
            error_code: None,
        };
        if n == 0 {
            deployment.fail(
                DeploymentErrorCode::NO_INSTANCES,
                NO_INSTANCES_MESSAGE.into(),
            );
        } else if n > MAX_INSTANCES_PER_DEPLOYMENT {
            deployment.fail(
                DeploymentErrorCode::OVER_MAX_INSTANCES,
                over_max_instances_reason(n),
            );
        } else if min_healthy >= n {
            // Rule 1. [MODEL] wording: AWS's text for this case is not documented.
            let reason = format!(
                "The deployment failed because the deployment configuration requires at least \
                 {min_healthy} healthy instances and the deployment group has {n}, so no \
                 instance can be taken offline to deploy to."
            );
            deployment.fail(DeploymentErrorCode::HEALTH_CONSTRAINTS_INVALID, reason);
        }
        deployment
    }

    /// A deployment over `n` targets, more than [`MAX_INSTANCES_PER_DEPLOYMENT`]: failed at
    /// once with `OVER_MAX_INSTANCES` (B1.3), as [`FleetDeployment::start`] would fail it,
    /// without listing the targets.
    pub fn too_many(n: usize) -> FleetDeployment {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        let mut deployment = FleetDeployment {
            targets: Vec::new(),
            min_healthy: 0,
            max_concurrent: 0,
            success_threshold: 0,
            fail_on_any_failure_but_last: false,
            status: FleetStatus::InProgress,
            error_code: None,
        };
        deployment.fail(
            DeploymentErrorCode::OVER_MAX_INSTANCES,
            over_max_instances_reason(n),
        );
        deployment
    }

    /// Marks the next targets in progress and returns their keys, in deployment order: as many
    /// as rules 3-5 allow (module docs). Empty once the deployment has ended or while the
    /// allowed number is already running. Whenever nothing is running and the deployment is
    /// still in progress, this returns at least one target.
    pub fn next_batch(&mut self) -> Vec<InstanceKey> {
        let mut started = Vec::new();
        if self.status != FleetStatus::InProgress {
            return started;
        }
        let mut in_progress = self.count(TargetStatus::InProgress);
        let mut healthy = self.healthy_count();
        for target in self.targets.iter_mut() {
            if target.status != TargetStatus::Pending {
                continue;
            }
            if in_progress >= self.max_concurrent {
                break;
            }
            if target.info.healthy {
                // Rule 5. Every later target is healthy too (unhealthy ones come first), so
                // none of them could start either.
                if healthy <= self.min_healthy {
                    break;
                }
                healthy -= 1;
            }
            target.status = TargetStatus::InProgress;
            in_progress += 1;
            started.push(target.info.key);
        }
        started
    }

    /// Records the outcome of an instance that is in progress. A failure includes the instance
    /// being terminated or stopped while deployed to (B5.6).
    ///
    /// Ignored: unknown keys, targets not in progress (already recorded, or not started yet),
    /// so duplicates are harmless. An instance that disappears before its turn is not failed
    /// here: when `next_batch` hands it out the event loop finds it gone and records a failure
    /// then, as CodeDeploy still targets stopped instances and counts them as failed (B2.3).
    ///
    /// After the deployment has ended, outcomes of instances still running are kept (their
    /// status and health change) but the overall status does not.
    pub fn record(&mut self, key: InstanceKey, succeeded: bool) {
        let Some(target) = self
            .targets
            .iter_mut()
            .find(|t| t.info.key == key && t.status == TargetStatus::InProgress)
        else {
            return;
        };
        target.status = if succeeded {
            TargetStatus::Succeeded
        } else {
            TargetStatus::Failed
        };
        self.evaluate();
    }

    /// Ends the deployment from outside (timeout, alarm, manual stop: B1.3, B4.4, B4.5).
    /// Running instances keep running until recorded; waiting ones are skipped. No effect once
    /// the deployment has ended.
    pub fn abort(&mut self, code: DeploymentErrorCode, reason: String) {
        if self.status == FleetStatus::InProgress {
            self.fail(code, reason);
        }
    }

    pub fn status(&self) -> &FleetStatus {
        &self.status
    }

    /// The error code when the deployment failed.
    pub fn error_code(&self) -> Option<DeploymentErrorCode> {
        self.error_code
    }

    /// `(succeeded, failed, in_progress, pending)`. Skipped targets are in none of these; see
    /// [`Self::overview`].
    pub fn counts(&self) -> (u32, u32, u32, u32) {
        let o = self.overview();
        (o.succeeded, o.failed, o.in_progress, o.pending)
    }

    pub fn overview(&self) -> DeploymentOverview {
        let mut o = DeploymentOverview::default();
        for t in &self.targets {
            let slot = match t.status {
                TargetStatus::Pending => &mut o.pending,
                TargetStatus::InProgress => &mut o.in_progress,
                TargetStatus::Succeeded => &mut o.succeeded,
                TargetStatus::Failed => &mut o.failed,
                TargetStatus::Skipped => &mut o.skipped,
            };
            *slot += 1;
        }
        o
    }

    /// Minimum healthy instance count, fixed at start (B2.2).
    pub fn min_healthy(&self) -> u32 {
        self.min_healthy
    }

    /// Most instances in progress at once.
    pub fn max_concurrent(&self) -> u32 {
        self.max_concurrent
    }

    /// Successes needed to succeed: `max(min_healthy, 1)` (B2.3).
    pub fn success_threshold(&self) -> u32 {
        self.success_threshold
    }

    /// Instances healthy now, per the module docs.
    pub fn healthy_count(&self) -> u32 {
        self.count_where(|t| t.healthy_now())
    }

    /// Targets in deployment order with their status.
    pub fn targets(&self) -> impl Iterator<Item = (TargetInfo, TargetStatus)> + '_ {
        self.targets.iter().map(|t| (t.info, t.status))
    }

    pub fn target_status(&self, key: InstanceKey) -> Option<TargetStatus> {
        self.find(key).map(|t| t.status)
    }

    /// An instance's health as CodeDeploy would now record it (B2.3): attempted instances by
    /// their outcome, untouched ones as they were. `None` for unknown keys; `Some(false)` while
    /// the instance is being deployed to.
    pub fn instance_health(&self, key: InstanceKey) -> Option<bool> {
        self.find(key).map(Target::healthy_now)
    }

    fn find(&self, key: InstanceKey) -> Option<&Target> {
        self.targets.iter().find(|t| t.info.key == key)
    }

    fn count(&self, status: TargetStatus) -> u32 {
        self.count_where(|t| t.status == status)
    }

    fn count_where(&self, pred: impl Fn(&Target) -> bool) -> u32 {
        // At most MAX_INSTANCES_PER_DEPLOYMENT in any deployment that gets this far; saturate
        // rather than trust that.
        let n = self.targets.iter().filter(|t| pred(t)).count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    /// Applies rules 6 and 7 (module docs) after an outcome was recorded.
    fn evaluate(&mut self) {
        if self.status != FleetStatus::InProgress {
            return;
        }
        let o = self.overview();
        let waiting_healthy =
            self.count_where(|t| t.status == TargetStatus::Pending && t.info.healthy);
        let waiting_unhealthy = o.pending - waiting_healthy;

        // OneAtATime: a failure with targets still waiting is not the last instance's.
        let one_at_a_time_failed =
            self.fail_on_any_failure_but_last && o.failed > 0 && o.pending > 0;
        // Rule 6, second bullet: even if everything still running or waiting succeeds.
        let best_successes = o.succeeded + o.in_progress + o.pending;
        let unreachable = best_successes < self.success_threshold;
        // Rule 6, first bullet: the best `healthy` can become before a waiting healthy target
        // could start. Pending healthy targets are already in `healthy`.
        let best_healthy = self.healthy_count() + o.in_progress + waiting_unhealthy;
        let stuck = waiting_healthy > 0 && best_healthy <= self.min_healthy;

        if one_at_a_time_failed || unreachable || stuck {
            self.fail(
                DeploymentErrorCode::HEALTH_CONSTRAINTS,
                HEALTH_CONSTRAINTS_MESSAGE.into(),
            );
        } else if o.pending == 0 && o.in_progress == 0 {
            // Rule 7: `unreachable` is false with nothing left, so successes >= threshold.
            self.status = FleetStatus::Succeeded;
        }
    }

    fn fail(&mut self, code: DeploymentErrorCode, reason: String) {
        for t in self.targets.iter_mut() {
            if t.status == TargetStatus::Pending {
                t.status = TargetStatus::Skipped;
            }
        }
        self.status = FleetStatus::Failed { reason };
        self.error_code = Some(code);
    }
}

#[cfg(test)]
mod tests {
    use super::super::config::custom::{fleet_percent, host_count};
    use super::*;

    /// `n` healthy instances on the current revision, keys 1..=n.
    fn healthy_fleet(n: u64) -> Vec<TargetInfo> {
        (1..=n)
            .map(|key| TargetInfo {
                key,
                healthy: true,
                revision_current: Some(true),
            })
            .collect()
    }

    fn unhealthy(key: InstanceKey) -> TargetInfo {
        TargetInfo {
            key,
            healthy: false,
            revision_current: None,
        }
    }

    /// Drives a deployment to the end: each instance's outcome is the next entry of
    /// `outcomes` (true = success), in the order instances are started; instances are recorded
    /// in the order they were started. Returns the batch sizes seen. Bounded by the number of
    /// outcomes.
    fn drive(d: &mut FleetDeployment, outcomes: &[bool]) -> Vec<usize> {
        let mut outcomes = outcomes.iter().copied();
        let mut running = std::collections::VecDeque::new();
        let mut batches = Vec::new();
        for _ in 0..=outcomes.len() * 2 + 2 {
            let batch = d.next_batch();
            if !batch.is_empty() {
                batches.push(batch.len());
            }
            running.extend(batch);
            let Some(key) = running.pop_front() else {
                break;
            };
            let ok = outcomes.next().unwrap_or(true);
            d.record(key, ok);
        }
        batches
    }

    fn is_failed(d: &FleetDeployment) -> bool {
        matches!(d.status(), FleetStatus::Failed { .. })
    }

    // ---- G6 (N = 9, all healthy) ----

    #[test]
    fn g6_all_at_once_deploys_9_at_once_and_succeeds_with_one_success() {
        let mut d = FleetDeployment::start(&DeploymentConfig::AllAtOnce, healthy_fleet(9));
        assert_eq!((d.min_healthy(), d.max_concurrent()), (0, 9));
        let mut outcomes = [false; 9];
        outcomes[4] = true;
        assert_eq!(drive(&mut d, &outcomes), vec![9]);
        assert_eq!(d.status(), &FleetStatus::Succeeded);
        assert_eq!(d.counts(), (1, 8, 0, 0));
    }

    #[test]
    fn g6_all_at_once_fails_only_if_all_fail() {
        let mut d = FleetDeployment::start(&DeploymentConfig::AllAtOnce, healthy_fleet(9));
        let batch = d.next_batch();
        for key in &batch[..8] {
            d.record(*key, false);
            assert_eq!(d.status(), &FleetStatus::InProgress);
        }
        d.record(batch[8], false);
        assert!(is_failed(&d));
        assert_eq!(
            d.error_code(),
            Some(DeploymentErrorCode::HEALTH_CONSTRAINTS)
        );
    }

    #[test]
    fn g6_half_at_a_time_min_5_four_at_a_time_all_succeed() {
        let mut d = FleetDeployment::start(&DeploymentConfig::HalfAtATime, healthy_fleet(9));
        assert_eq!((d.min_healthy(), d.max_concurrent()), (5, 4));
        let batches = drive(&mut d, &[true; 9]);
        assert!(batches.iter().all(|b| *b <= 4));
        assert_eq!(batches[0], 4);
        assert_eq!(d.status(), &FleetStatus::Succeeded);
    }

    #[test]
    fn g6_half_at_a_time_succeeds_with_exactly_5_successes() {
        // Four successes first keep the fleet at 9 healthy; the four later failures each cost
        // one, ending at exactly 5 healthy = 5 successes.
        let mut d = FleetDeployment::start(&DeploymentConfig::HalfAtATime, healthy_fleet(9));
        drive(
            &mut d,
            &[true, true, true, true, false, false, false, true, false],
        );
        assert_eq!(d.status(), &FleetStatus::Succeeded);
        assert_eq!(d.counts(), (5, 4, 0, 0));
    }

    #[test]
    fn g6_half_at_a_time_fails_with_4_successes() {
        let mut d = FleetDeployment::start(&DeploymentConfig::HalfAtATime, healthy_fleet(9));
        drive(
            &mut d,
            &[true, true, true, true, false, false, false, false, true],
        );
        assert!(is_failed(&d));
        assert_eq!(d.counts().0, 4);
    }

    #[test]
    fn g6_one_at_a_time_one_by_one_all_succeed() {
        let mut d = FleetDeployment::start(&DeploymentConfig::OneAtATime, healthy_fleet(9));
        assert_eq!((d.min_healthy(), d.max_concurrent()), (8, 1));
        assert_eq!(drive(&mut d, &[true; 9]), vec![1; 9]);
        assert_eq!(d.status(), &FleetStatus::Succeeded);
    }

    #[test]
    fn g6_one_at_a_time_last_instance_may_fail() {
        let mut d = FleetDeployment::start(&DeploymentConfig::OneAtATime, healthy_fleet(9));
        let mut outcomes = [true; 9];
        outcomes[8] = false;
        drive(&mut d, &outcomes);
        assert_eq!(d.status(), &FleetStatus::Succeeded);
        assert_eq!(d.counts(), (8, 1, 0, 0));
    }

    #[test]
    fn g6_one_at_a_time_any_other_failure_fails_and_skips_the_rest() {
        for failing in 0..8 {
            let mut d = FleetDeployment::start(&DeploymentConfig::OneAtATime, healthy_fleet(9));
            let mut outcomes = [true; 9];
            outcomes[failing] = false;
            drive(&mut d, &outcomes);
            assert!(is_failed(&d), "failure at position {failing}");
            let o = d.overview();
            assert_eq!(
                (o.succeeded, o.failed, o.skipped),
                (failing as u32, 1, 8 - failing as u32)
            );
        }
    }

    #[test]
    fn g6_host_count_6_three_at_a_time_success_needs_6() {
        let mut d = FleetDeployment::start(&host_count(6), healthy_fleet(9));
        assert_eq!((d.min_healthy(), d.max_concurrent()), (6, 3));
        let batches = drive(&mut d, &[true; 9]);
        // `drive` records one instance at a time, so later batches refill single slots.
        assert_eq!(batches[0], 3);
        assert!(batches.iter().all(|b| *b <= 3));
        assert_eq!(d.status(), &FleetStatus::Succeeded);

        // Exactly 6 successes: failures come last, each costing one healthy instance.
        let mut d = FleetDeployment::start(&host_count(6), healthy_fleet(9));
        drive(
            &mut d,
            &[true, true, true, true, true, false, true, false, false],
        );
        assert_eq!(d.status(), &FleetStatus::Succeeded);
        assert_eq!(d.counts().0, 6);

        // Five successes cannot meet the minimum.
        let mut d = FleetDeployment::start(&host_count(6), healthy_fleet(9));
        drive(
            &mut d,
            &[true, true, true, true, true, false, false, false, true],
        );
        assert!(is_failed(&d));
    }

    #[test]
    fn g6_fleet_percent_40_min_4_five_at_a_time_success_needs_4() {
        let mut d = FleetDeployment::start(&fleet_percent(40), healthy_fleet(9));
        assert_eq!((d.min_healthy(), d.max_concurrent()), (4, 5));
        assert_eq!(d.next_batch().len(), 5);

        // First batch: 4 succeed, 1 fails -> 8 healthy; then 4 more can go, all fail -> 4.
        let mut d = FleetDeployment::start(&fleet_percent(40), healthy_fleet(9));
        drive(
            &mut d,
            &[true, true, true, true, false, false, false, false, false],
        );
        assert_eq!(d.status(), &FleetStatus::Succeeded);
        assert_eq!(d.counts(), (4, 5, 0, 0));

        let mut d = FleetDeployment::start(&fleet_percent(40), healthy_fleet(9));
        drive(
            &mut d,
            &[true, true, true, false, false, false, false, false, false],
        );
        assert!(is_failed(&d));
    }

    // ---- B2.3 examples (10 instances) ----

    #[test]
    fn b2_3_min_9_deploys_one_at_a_time() {
        let mut d = FleetDeployment::start(&host_count(9), healthy_fleet(10));
        assert_eq!(drive(&mut d, &[true; 10]), vec![1; 10]);
        assert_eq!(d.status(), &FleetStatus::Succeeded);
    }

    #[test]
    fn b2_3_min_9_single_failure_fails_unless_last() {
        let mut d = FleetDeployment::start(&host_count(9), healthy_fleet(10));
        drive(&mut d, &[true, true, false]);
        assert!(is_failed(&d));
        assert_eq!(d.overview().skipped, 7);

        let mut d = FleetDeployment::start(&host_count(9), healthy_fleet(10));
        let mut outcomes = [true; 10];
        outcomes[9] = false;
        drive(&mut d, &outcomes);
        assert_eq!(d.status(), &FleetStatus::Succeeded);
    }

    #[test]
    fn b2_3_min_85_percent_is_9_and_a_single_failure_fails() {
        let mut d = FleetDeployment::start(&fleet_percent(85), healthy_fleet(10));
        assert_eq!((d.min_healthy(), d.max_concurrent()), (9, 1));
        let first = d.next_batch();
        assert_eq!(first.len(), 1);
        assert_eq!(d.healthy_count(), 9);
        d.record(first[0], false);
        assert!(is_failed(&d));
        assert_eq!(
            d.error_code(),
            Some(DeploymentErrorCode::HEALTH_CONSTRAINTS)
        );
        assert_eq!(
            d.status(),
            &FleetStatus::Failed {
                reason: HEALTH_CONSTRAINTS_MESSAGE.into()
            }
        );
        assert!(d.next_batch().is_empty());
    }

    #[test]
    fn b2_3_min_8_deploys_two_at_a_time() {
        // Recording both of a pair before asking again keeps batches at 2.
        let mut d = FleetDeployment::start(&host_count(8), healthy_fleet(10));
        for _ in 0..5 {
            let batch = d.next_batch();
            assert_eq!(batch.len(), 2);
            for key in batch {
                d.record(key, true);
            }
        }
        assert_eq!(d.status(), &FleetStatus::Succeeded);
    }

    #[test]
    fn b2_3_min_8_one_failure_in_a_pair_continues_two_fail() {
        let mut d = FleetDeployment::start(&host_count(8), healthy_fleet(10));
        let pair = d.next_batch();
        d.record(pair[0], false);
        // The partner may still succeed and bring healthy back to 9.
        assert_eq!(d.status(), &FleetStatus::InProgress);
        assert!(
            d.next_batch().is_empty(),
            "healthy = 8 = min, nothing can start"
        );
        d.record(pair[1], true);
        assert_eq!(
            d.next_batch().len(),
            1,
            "healthy 9: one more may go offline"
        );

        let mut d = FleetDeployment::start(&host_count(8), healthy_fleet(10));
        let pair = d.next_batch();
        d.record(pair[0], false);
        d.record(pair[1], false);
        assert!(is_failed(&d));
    }

    #[test]
    fn b2_3_min_8_last_instance_may_be_the_second_failure() {
        let mut d = FleetDeployment::start(&host_count(8), healthy_fleet(10));
        let mut outcomes = [true; 10];
        outcomes[0] = false;
        outcomes[9] = false;
        drive(&mut d, &outcomes);
        assert_eq!(d.status(), &FleetStatus::Succeeded);
        assert_eq!(d.counts(), (8, 2, 0, 0));
    }

    #[test]
    fn b2_3_min_0_deploys_all_ten_and_needs_one_success() {
        let mut d = FleetDeployment::start(&host_count(0), healthy_fleet(10));
        assert_eq!(d.next_batch().len(), 10);
        for key in 1..=10 {
            d.record(key, false);
        }
        assert!(is_failed(&d));
    }

    #[test]
    fn b2_3_95_percent_of_10_fails_immediately_without_deploying() {
        let mut d = FleetDeployment::start(&fleet_percent(95), healthy_fleet(10));
        assert!(is_failed(&d));
        assert_eq!(
            d.error_code(),
            Some(DeploymentErrorCode::HEALTH_CONSTRAINTS_INVALID)
        );
        assert!(d.next_batch().is_empty());
        assert_eq!(d.overview().skipped, 10);
    }

    #[test]
    fn b2_3_min_equal_to_fleet_fails_even_if_fleet_is_unhealthy() {
        let d = FleetDeployment::start(&host_count(3), (1..=3).map(unhealthy).collect());
        assert_eq!(
            d.error_code(),
            Some(DeploymentErrorCode::HEALTH_CONSTRAINTS_INVALID)
        );
        let d = FleetDeployment::start(&DeploymentConfig::HalfAtATime, healthy_fleet(1));
        assert!(is_failed(&d), "half of one instance rounds up to one");
    }

    #[test]
    fn b2_3_order_unhealthy_unknown_old_current() {
        let targets = vec![
            TargetInfo {
                key: 1,
                healthy: true,
                revision_current: Some(true),
            },
            TargetInfo {
                key: 2,
                healthy: true,
                revision_current: Some(false),
            },
            TargetInfo {
                key: 3,
                healthy: true,
                revision_current: None,
            },
            TargetInfo {
                key: 4,
                healthy: false,
                revision_current: Some(true),
            },
            TargetInfo {
                key: 5,
                healthy: true,
                revision_current: Some(false),
            },
        ];
        let d = FleetDeployment::start(&DeploymentConfig::OneAtATime, targets);
        let order: Vec<_> = d.targets().map(|(t, _)| t.key).collect();
        assert_eq!(order, vec![4, 3, 2, 5, 1]);
    }

    #[test]
    fn b2_3_group_below_min_deploys_unhealthy_first_without_reducing_healthy() {
        // 10 instances, min 8, only 5 healthy: the 5 unhealthy go first, two at a time, and
        // healthy never drops below the 5 it started with.
        let mut targets: Vec<_> = (1..=5).map(unhealthy).collect();
        targets.extend((6..=10).map(|key| TargetInfo {
            key,
            healthy: true,
            revision_current: Some(true),
        }));
        let mut d = FleetDeployment::start(&host_count(8), targets);
        let first = d.next_batch();
        assert_eq!(first, vec![1, 2]);
        assert_eq!(d.healthy_count(), 5);
        for key in first {
            d.record(key, true);
        }
        assert_eq!(d.next_batch(), vec![3, 4]);
        d.record(3, true);
        d.record(4, true);
        // 9 healthy now; instance 5 (unhealthy) and one healthy instance may go.
        assert_eq!(d.next_batch(), vec![5, 6]);
        assert_eq!(d.healthy_count(), 8);
    }

    #[test]
    fn b2_3_group_below_min_stops_when_healthy_instances_cannot_be_touched() {
        // 10 instances, min 8, 5 healthy: if the unhealthy ones fail, the healthy ones are
        // never deployed to and the deployment fails.
        let mut targets: Vec<_> = (1..=5).map(unhealthy).collect();
        targets.extend(healthy_fleet(10).into_iter().skip(5));
        let mut d = FleetDeployment::start(&host_count(8), targets);
        let pair = d.next_batch();
        d.record(pair[0], false);
        assert_eq!(d.status(), &FleetStatus::InProgress);
        d.record(pair[1], false);
        // Best case now: 5 healthy + 3 unhealthy succeed = 8, never above min -> stop.
        assert!(is_failed(&d));
        assert_eq!(d.healthy_count(), 5);
    }

    #[test]
    fn b2_3_healthy_equal_to_min_with_an_unhealthy_instance_deploys_it_first() {
        // 10 instances, min 9, one unhealthy: healthy = 9 = min, but deploying to the
        // unhealthy instance costs nothing, so the deployment starts there (judgement call:
        // AWS "starts by deploying to the unhealthy instances").
        let mut targets = vec![unhealthy(10)];
        targets.extend(healthy_fleet(9));
        let mut d = FleetDeployment::start(&host_count(9), targets);
        assert_eq!(d.status(), &FleetStatus::InProgress);
        assert_eq!(d.next_batch(), vec![10]);
        d.record(10, true);
        assert_eq!(drive(&mut d, &[true; 9]), vec![1; 9]);
        assert_eq!(d.status(), &FleetStatus::Succeeded);
    }

    #[test]
    fn b2_1_one_at_a_time_fresh_fleet_first_failure_fails() {
        // Never-deployed instances are Unhealthy; OneAtATime still fails at the first failure
        // that is not the last instance's.
        let mut d = FleetDeployment::start(
            &DeploymentConfig::OneAtATime,
            (1..=4).map(unhealthy).collect(),
        );
        let first = d.next_batch();
        assert_eq!(first.len(), 1);
        d.record(first[0], false);
        assert!(is_failed(&d));
        // HOST_COUNT n-1 on the same fleet carries on: the failure cost no health.
        let mut d = FleetDeployment::start(&host_count(3), (1..=4).map(unhealthy).collect());
        let first = d.next_batch();
        d.record(first[0], false);
        assert_eq!(d.status(), &FleetStatus::InProgress);
        assert_eq!(d.next_batch().len(), 1);
    }

    #[test]
    fn b2_1_one_at_a_time_single_instance_must_succeed() {
        let mut d = FleetDeployment::start(&DeploymentConfig::OneAtATime, healthy_fleet(1));
        assert_eq!(d.next_batch(), vec![1]);
        d.record(1, false);
        assert!(is_failed(&d));
        let mut d = FleetDeployment::start(&DeploymentConfig::OneAtATime, healthy_fleet(1));
        drive(&mut d, &[true]);
        assert_eq!(d.status(), &FleetStatus::Succeeded);
    }

    #[test]
    fn b5_3_no_instances_fails_with_aws_message() {
        let mut d = FleetDeployment::start(&DeploymentConfig::OneAtATime, Vec::new());
        assert_eq!(d.error_code(), Some(DeploymentErrorCode::NO_INSTANCES));
        let FleetStatus::Failed { reason } = d.status() else {
            panic!("expected Failed");
        };
        assert!(reason.starts_with(
            "The deployment failed because no instances were found for your deployment group."
        ));
        assert!(d.next_batch().is_empty());
    }

    #[test]
    fn b1_3_over_max_instances() {
        let d = FleetDeployment::start(&DeploymentConfig::AllAtOnce, healthy_fleet(1001));
        assert_eq!(
            d.error_code(),
            Some(DeploymentErrorCode::OVER_MAX_INSTANCES)
        );
        let d = FleetDeployment::start(&DeploymentConfig::AllAtOnce, healthy_fleet(1000));
        assert_eq!(d.status(), &FleetStatus::InProgress);
    }

    #[test]
    fn b5_6_instance_terminated_mid_deployment_counts_as_failed() {
        let mut d = FleetDeployment::start(&DeploymentConfig::HalfAtATime, healthy_fleet(4));
        let batch = d.next_batch();
        assert_eq!(batch.len(), 2);
        // Terminated by scale-in: the simulator records a failure.
        d.record(batch[0], false);
        d.record(batch[1], true);
        assert_eq!(d.target_status(batch[0]), Some(TargetStatus::Failed));
        assert_eq!(d.instance_health(batch[0]), Some(false));
        assert_eq!(d.instance_health(batch[1]), Some(true));
    }

    #[test]
    fn record_ignores_unknown_duplicate_and_not_started_keys() {
        let mut d = FleetDeployment::start(&DeploymentConfig::HalfAtATime, healthy_fleet(4));
        d.record(99, false);
        d.record(3, false); // pending, not started
        assert_eq!(d.counts(), (0, 0, 0, 4));
        let batch = d.next_batch();
        d.record(batch[0], true);
        d.record(batch[0], false);
        assert_eq!(d.target_status(batch[0]), Some(TargetStatus::Succeeded));
    }

    #[test]
    fn duplicate_target_keys_are_kept_once() {
        let mut targets = healthy_fleet(3);
        targets.push(targets[0]);
        let d = FleetDeployment::start(&DeploymentConfig::AllAtOnce, targets);
        assert_eq!(d.counts(), (0, 0, 0, 3));
    }

    #[test]
    fn abort_skips_waiting_and_keeps_running_instances_recordable() {
        let mut d = FleetDeployment::start(&DeploymentConfig::OneAtATime, healthy_fleet(3));
        let first = d.next_batch();
        d.abort(DeploymentErrorCode::MANUAL_STOP, "stopped".into());
        assert_eq!(d.error_code(), Some(DeploymentErrorCode::MANUAL_STOP));
        assert_eq!(d.overview().skipped, 2);
        d.record(first[0], true);
        assert_eq!(d.counts(), (1, 0, 0, 0));
        assert!(is_failed(&d));
        d.abort(DeploymentErrorCode::TIMEOUT, "late".into());
        assert_eq!(d.error_code(), Some(DeploymentErrorCode::MANUAL_STOP));
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        fn config() -> impl Strategy<Value = DeploymentConfig> {
            prop_oneof![
                Just(DeploymentConfig::AllAtOnce),
                Just(DeploymentConfig::HalfAtATime),
                Just(DeploymentConfig::OneAtATime),
                (0u32..14).prop_map(host_count),
                (0u32..=110).prop_map(fleet_percent),
            ]
        }

        fn targets() -> impl Strategy<Value = Vec<TargetInfo>> {
            prop::collection::vec(
                (0u64..16, any::<bool>(), prop::option::of(any::<bool>())).prop_map(
                    |(key, healthy, revision_current)| TargetInfo {
                        key,
                        healthy,
                        revision_current,
                    },
                ),
                0..13,
            )
        }

        #[derive(Clone, Debug)]
        enum Op {
            NextBatch,
            Record(InstanceKey, bool),
            Abort,
        }

        fn op() -> impl Strategy<Value = Op> {
            prop_oneof![
                3 => Just(Op::NextBatch),
                6 => (0u64..20, any::<bool>()).prop_map(|(k, ok)| Op::Record(k, ok)),
                1 => Just(Op::Abort),
            ]
        }

        fn check_invariants(d: &FleetDeployment, n: u32, initial_healthy: u32) {
            let o = d.overview();
            assert_eq!(
                o.pending + o.in_progress + o.succeeded + o.failed + o.skipped,
                n
            );
            assert!(o.in_progress <= d.max_concurrent(), "{o:?}");
            // B2.3: a deployment never causes healthy < min; a group that started below min
            // never goes lower than it started.
            assert!(d.healthy_count() >= d.min_healthy().min(initial_healthy));
            match d.status() {
                FleetStatus::InProgress => assert_eq!(o.skipped, 0),
                FleetStatus::Succeeded => {
                    assert_eq!((o.pending, o.in_progress, o.skipped), (0, 0, 0));
                    assert!(o.succeeded >= d.success_threshold());
                    assert!(o.succeeded >= 1);
                }
                FleetStatus::Failed { .. } => {
                    assert_eq!(o.pending, 0);
                    assert!(d.error_code().is_some());
                }
            }
        }

        fn distinct_stats(targets: &[TargetInfo]) -> (u32, u32) {
            let mut seen: Vec<InstanceKey> = Vec::new();
            let mut healthy = 0;
            for t in targets {
                if !seen.contains(&t.key) {
                    seen.push(t.key);
                    healthy += u32::from(t.healthy);
                }
            }
            (seen.len() as u32, healthy)
        }

        proptest! {
            #[test]
            fn b2_3_invariants_hold_under_any_operations(
                config in config(),
                targets in targets(),
                ops in prop::collection::vec(op(), 0..60),
            ) {
                let (n, initial_healthy) = distinct_stats(&targets);
                let mut d = FleetDeployment::start(&config, targets);
                check_invariants(&d, n, initial_healthy);
                for op in ops {
                    let before = d.status().clone();
                    match op {
                        Op::NextBatch => {
                            let batch = d.next_batch();
                            if before != FleetStatus::InProgress {
                                prop_assert!(batch.is_empty());
                            }
                        }
                        Op::Record(key, ok) => d.record(key, ok),
                        Op::Abort => d.abort(DeploymentErrorCode::MANUAL_STOP, "stop".into()),
                    }
                    // A finished deployment stays finished.
                    if before != FleetStatus::InProgress {
                        prop_assert_eq!(d.status(), &before);
                    }
                    check_invariants(&d, n, initial_healthy);
                }
            }

            #[test]
            fn b2_3_draining_batches_always_ends_the_deployment(
                config in config(),
                targets in targets(),
                outcomes in prop::collection::vec(any::<bool>(), 13),
            ) {
                let (n, initial_healthy) = distinct_stats(&targets);
                let mut d = FleetDeployment::start(&config, targets);
                let mut outcomes = outcomes.into_iter().cycle();
                // Each round starts at least one instance or ends the deployment, so n + 1
                // rounds are enough.
                for _ in 0..=n {
                    let batch = d.next_batch();
                    if d.status() == &FleetStatus::InProgress {
                        prop_assert!(!batch.is_empty(), "no progress with nothing running");
                    }
                    for key in batch {
                        d.record(key, outcomes.next().unwrap_or(true));
                        check_invariants(&d, n, initial_healthy);
                    }
                }
                prop_assert_ne!(d.status(), &FleetStatus::InProgress);
                let o = d.overview();
                prop_assert_eq!(o.in_progress, 0);
            }

            #[test]
            fn b2_3_all_successes_on_a_healthy_fleet_succeed_when_min_is_below_n(
                config in config(),
                n in 1u64..13,
            ) {
                let fleet = healthy_fleet(n);
                let mut d = FleetDeployment::start(&config, fleet);
                let startable = d.min_healthy() < n as u32;
                drive(&mut d, &vec![true; n as usize]);
                if startable {
                    prop_assert_eq!(d.status(), &FleetStatus::Succeeded);
                } else {
                    let invalid = Some(DeploymentErrorCode::HEALTH_CONSTRAINTS_INVALID);
                    prop_assert_eq!(d.error_code(), invalid);
                }
            }
        }
    }
}
