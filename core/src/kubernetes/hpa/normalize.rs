//! Normalization of the metrics' proposal: the legacy path without `behavior` (D5) and the
//! behavior path (D6): stabilization windows, rate policies, the min/max clamp, and the
//! scale events the rate policies count.

use super::*;

impl HpaController {
    /// Forget history no rule can still look at: recommendations older than the longest window
    /// the API or the controller allows, scale events older than the longest policy period.
    pub(super) fn prune(&mut self, now_ms: u64) {
        let rec_horizon = (MAX_STABILIZATION_WINDOW_SECONDS as u64 * MS_PER_S)
            .max(self.params.downscale_stabilization_ms);
        let ev_horizon = MAX_PERIOD_SECONDS as u64 * MS_PER_S;
        self.recommendations
            .retain(|r| r.at_ms.saturating_add(rec_horizon) >= now_ms);
        self.scale_up_events
            .retain(|e| e.at_ms.saturating_add(ev_horizon) >= now_ms);
        self.scale_down_events
            .retain(|e| e.at_ms.saturating_add(ev_horizon) >= now_ms);
    }

    /// D5 `normalizeDesiredReplicas`: legacy path (no behavior).
    pub(super) fn normalize_legacy(
        &mut self,
        now_ms: u64,
        current: i32,
        desired: i32,
        min: i32,
        max: i32,
    ) -> i32 {
        self.prune(now_ms);
        // Stabilization: the highest recommendation of the last window, this one included. A
        // sample exactly at the cutoff still counts (upstream skips only `Before(cutoff)`).
        let cutoff = now_ms.saturating_sub(self.params.downscale_stabilization_ms);
        let stabilized = self
            .recommendations
            .iter()
            .filter(|r| r.at_ms >= cutoff)
            .map(|r| r.replicas)
            .fold(desired, i32::max);
        self.recommendations.push(Recommendation {
            at_ms: now_ms,
            replicas: desired,
        });
        if stabilized != desired {
            self.set_condition(
                ConditionType::AbleToScale,
                true,
                "ScaleDownStabilized",
                "recent recommendations were higher than current one, applying the highest recent recommendation".to_string(),
                now_ms,
            );
        } else {
            self.set_condition(
                ConditionType::AbleToScale,
                true,
                "ReadyForNewScale",
                "recommended size matches current size".to_string(),
                now_ms,
            );
        }
        let (out, reason, message) = convert_with_rules(current, stabilized, min, max);
        self.set_condition(
            ConditionType::ScalingLimited,
            out != stabilized,
            reason,
            message.to_string(),
            now_ms,
        );
        out
    }

    /// D6 `normalizeDesiredReplicasWithBehaviors`.
    pub(super) fn normalize_with_behavior(
        &mut self,
        now_ms: u64,
        behavior: &Behavior,
        current: i32,
        desired: i32,
        min: i32,
        max: i32,
    ) -> i32 {
        self.prune(now_ms);
        let up = default_scale_up(behavior.scale_up.as_ref());
        let down = default_scale_down(behavior.scale_down.as_ref(), &self.params);
        // Stabilization: clamp current into [min of the up window, max of the down window].
        // Here a sample exactly at a cutoff does not count (upstream keeps only `After(cutoff)`).
        let up_cutoff = now_ms.saturating_sub(window_ms(up.stabilization_window_seconds));
        let down_cutoff = now_ms.saturating_sub(window_ms(down.stabilization_window_seconds));
        let mut up_rec = desired;
        let mut down_rec = desired;
        for r in &self.recommendations {
            if r.at_ms > up_cutoff {
                up_rec = up_rec.min(r.replicas);
            }
            if r.at_ms > down_cutoff {
                down_rec = down_rec.max(r.replicas);
            }
        }
        let mut stabilized = current;
        if stabilized < up_rec {
            stabilized = up_rec;
        }
        if stabilized > down_rec {
            stabilized = down_rec;
        }
        self.recommendations.push(Recommendation {
            at_ms: now_ms,
            replicas: desired,
        });
        if stabilized != desired {
            let (reason, message) = if desired >= current {
                (
                    "ScaleUpStabilized",
                    "recent recommendations were lower than current one, applying the lowest recent recommendation",
                )
            } else {
                (
                    "ScaleDownStabilized",
                    "recent recommendations were higher than current one, applying the highest recent recommendation",
                )
            };
            self.set_condition(
                ConditionType::AbleToScale,
                true,
                reason,
                message.to_string(),
                now_ms,
            );
        } else {
            self.set_condition(
                ConditionType::AbleToScale,
                true,
                "ReadyForNewScale",
                "recommended size matches current size".to_string(),
                now_ms,
            );
        }
        let (out, reason, message) =
            self.convert_with_behavior_rate(now_ms, &up, &down, current, stabilized, min, max);
        self.set_condition(
            ConditionType::ScalingLimited,
            out != stabilized,
            reason,
            message.to_string(),
            now_ms,
        );
        out
    }

    /// D6 `convertDesiredReplicasWithBehaviorRate`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn convert_with_behavior_rate(
        &self,
        now_ms: u64,
        up: &EffectiveRules,
        down: &EffectiveRules,
        current: i32,
        desired: i32,
        min: i32,
        max: i32,
    ) -> (i32, &'static str, &'static str) {
        if desired > current {
            let limit = scale_up_limit(
                now_ms,
                current,
                &self.scale_up_events,
                &self.scale_down_events,
                up,
            )
            .max(current);
            let (allowed, reason, message) = if max > limit {
                (
                    limit,
                    "ScaleUpLimit",
                    "the desired replica count is increasing faster than the maximum scale rate",
                )
            } else {
                (
                    max,
                    "TooManyReplicas",
                    "the desired replica count is more than the maximum replica count",
                )
            };
            if desired > allowed {
                return (allowed, reason, message);
            }
        } else if desired < current {
            let limit = scale_down_limit(
                now_ms,
                current,
                &self.scale_up_events,
                &self.scale_down_events,
                down,
            )
            .min(current);
            let (allowed, reason, message) = if min < limit {
                (
                    limit,
                    "ScaleDownLimit",
                    "the desired replica count is decreasing faster than the maximum scale rate",
                )
            } else {
                (
                    min,
                    "TooFewReplicas",
                    "the desired replica count is less than the minimum replica count",
                )
            };
            if desired < allowed {
                return (allowed, reason, message);
            }
        }
        (
            desired,
            "DesiredWithinRange",
            "the desired count is within the acceptable range",
        )
    }

    /// D6 `storeScaleEvent`: remember the change for the rate policies.
    pub(super) fn store_scale_event(&mut self, now_ms: u64, prev: i32, new: i32) {
        if new > prev {
            self.scale_up_events.push(ScaleEvent {
                at_ms: now_ms,
                change: new.saturating_sub(prev),
            });
        } else if new < prev {
            self.scale_down_events.push(ScaleEvent {
                at_ms: now_ms,
                change: prev.saturating_sub(new),
            });
        }
    }
}

fn window_ms(seconds: i32) -> u64 {
    (seconds.max(0) as u64) * MS_PER_S
}

/// D5 `convertDesiredReplicasWithRules` with `calculateScaleUpLimit` = max(2 × current, 4).
pub fn convert_with_rules(
    current: i32,
    desired: i32,
    min: i32,
    max: i32,
) -> (i32, &'static str, &'static str) {
    let scale_up_limit = legacy_scale_up_limit(current);
    let (allowed_max, mut cond, mut msg) = if max > scale_up_limit {
        (
            scale_up_limit,
            "ScaleUpLimit",
            "the desired replica count is increasing faster than the maximum scale rate",
        )
    } else {
        (
            max,
            "TooManyReplicas",
            "the desired replica count is more than the maximum replica count",
        )
    };
    if desired < min {
        cond = "TooFewReplicas";
        msg = "the desired replica count is less than the minimum replica count";
        return (min, cond, msg);
    } else if desired > allowed_max {
        return (allowed_max, cond, msg);
    }
    (
        desired,
        "DesiredWithinRange",
        "the desired count is within the acceptable range",
    )
}

/// D5 `calculateScaleUpLimit`: `max(2 × current, 4)`.
pub fn legacy_scale_up_limit(current: i32) -> i32 {
    (2.0 * current as f64).max(4.0) as i32
}

/// D6 `getReplicasChangePerPeriod`: the sum of changes strictly newer than `now - period`.
fn change_in_period(now_ms: u64, period_seconds: i32, events: &[ScaleEvent]) -> i32 {
    let cutoff = now_ms.saturating_sub(window_ms(period_seconds));
    events
        .iter()
        .filter(|e| e.at_ms > cutoff)
        .fold(0i32, |a, e| a.saturating_add(e.change))
}

/// D6 `calculateScaleUpLimitWithScalingRules`.
fn scale_up_limit(
    now_ms: u64,
    current: i32,
    ups: &[ScaleEvent],
    downs: &[ScaleEvent],
    rules: &EffectiveRules,
) -> i32 {
    let (mut result, pick): (i32, fn(i32, i32) -> i32) = match rules.select_policy {
        SelectPolicy::Disabled => return current,
        SelectPolicy::Min => (i32::MAX, i32::min),
        SelectPolicy::Max => (i32::MIN, i32::max),
    };
    for p in &rules.policies {
        let start = current
            .saturating_sub(change_in_period(now_ms, p.period_seconds, ups))
            .saturating_add(change_in_period(now_ms, p.period_seconds, downs));
        let proposed = match p.kind {
            PolicyType::Pods => start.saturating_add(p.value),
            // Rounded up, or a small percentage could never add a pod.
            PolicyType::Percent => (start as f64 * (1.0 + p.value as f64 / 100.0)).ceil() as i32,
        };
        result = pick(result, proposed);
    }
    result
}

/// D6 `calculateScaleDownLimitWithBehaviors`.
fn scale_down_limit(
    now_ms: u64,
    current: i32,
    ups: &[ScaleEvent],
    downs: &[ScaleEvent],
    rules: &EffectiveRules,
) -> i32 {
    let (mut result, pick): (i32, fn(i32, i32) -> i32) = match rules.select_policy {
        SelectPolicy::Disabled => return current,
        SelectPolicy::Min => (i32::MIN, i32::max),
        SelectPolicy::Max => (i32::MAX, i32::min),
    };
    for p in &rules.policies {
        let start = current
            .saturating_sub(change_in_period(now_ms, p.period_seconds, ups))
            .saturating_add(change_in_period(now_ms, p.period_seconds, downs));
        let proposed = match p.kind {
            PolicyType::Pods => start.saturating_sub(p.value),
            // Truncated, as upstream's int32 conversion does.
            PolicyType::Percent => (start as f64 * (1.0 - p.value as f64 / 100.0)) as i32,
        };
        result = pick(result, proposed);
    }
    result
}
