//! Deployment configurations and the minimum-healthy-hosts arithmetic (B1.4, B2.1-B2.3, G6).
//!
//! A deployment configuration only answers three numeric questions for a fleet of `n` instances,
//! all fixed when the deployment starts (B2.2: a percentage is converted to a count once, at
//! the start, rounding up):
//! - [`DeploymentConfig::min_healthy`]: how many instances must stay healthy;
//! - [`DeploymentConfig::max_concurrent`]: how many may be deployed to at once (`n - min`);
//! - [`DeploymentConfig::success_threshold`]: how many must succeed (`min`, but at least one).
//!
//! How those numbers drive a deployment lives in [`super::fleet`].

use serde::{Deserialize, Serialize};

/// `MinimumHealthyHosts.type` (B2.2). Spelled as AWS spells it because it is shown to users and
/// matches the API. AWS reports a third type, `MOST_CONCURRENCY`, only for the predefined
/// `OneAtATime` and refuses it in custom configurations, so it is not a variant here (see
/// [`DeploymentConfig::reported_minimum_healthy_hosts`]).
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MinimumHealthyHostsType {
    /// An absolute number of instances; any value >= 0 (B2.2).
    HOST_COUNT,
    /// A percentage of the fleet, 0-99, converted to a count at deployment start, rounding up.
    FLEET_PERCENT,
}

impl MinimumHealthyHostsType {
    pub fn as_str(self) -> &'static str {
        match self {
            MinimumHealthyHostsType::HOST_COUNT => "HOST_COUNT",
            MinimumHealthyHostsType::FLEET_PERCENT => "FLEET_PERCENT",
        }
    }
}

/// `MinimumHealthyHosts{type, value}` of a custom deployment configuration (B2.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinimumHealthyHosts {
    pub kind: MinimumHealthyHostsType,
    pub value: u32,
}

/// Highest `FLEET_PERCENT` AWS accepts (B2.2): 100% would leave no instance to take offline.
pub const FLEET_PERCENT_MAX: u32 = 99;

/// Longest deployment configuration name AWS accepts (\[MODEL\]: the API's 1-100 length limit).
pub const CONFIG_NAME_MAX_CHARS: usize = 100;

/// Prefix of the predefined configurations' names.
pub const PREDEFINED_PREFIX: &str = "CodeDeployDefault.";

/// An EC2/On-Premises deployment configuration (B2.1, B2.2).
///
/// The default is `OneAtATime` because CodeDeploy uses it when neither the deployment nor the
/// deployment group names one (B1.4).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeploymentConfig {
    /// `CodeDeployDefault.AllAtOnce`: minimum healthy 0 (B2.1).
    AllAtOnce,
    /// `CodeDeployDefault.HalfAtATime`: minimum healthy `FLEET_PERCENT` 50 (B2.1).
    HalfAtATime,
    /// `CodeDeployDefault.OneAtATime`: all but one instance kept healthy (B2.1).
    #[default]
    OneAtATime,
    /// A user-defined configuration (B2.2).
    Custom {
        name: String,
        minimum_healthy_hosts: MinimumHealthyHosts,
    },
}

impl DeploymentConfig {
    /// The configuration's name as AWS shows it, e.g. `CodeDeployDefault.OneAtATime`.
    pub fn name(&self) -> String {
        match self {
            DeploymentConfig::AllAtOnce => format!("{PREDEFINED_PREFIX}AllAtOnce"),
            DeploymentConfig::HalfAtATime => format!("{PREDEFINED_PREFIX}HalfAtATime"),
            DeploymentConfig::OneAtATime => format!("{PREDEFINED_PREFIX}OneAtATime"),
            DeploymentConfig::Custom { name, .. } => name.clone(),
        }
    }

    /// Minimum number of healthy instances for a fleet of `n` (B2.1, B2.2, G6).
    ///
    /// - `AllAtOnce`: 0.
    /// - `HalfAtATime`: 50% rounded up, so 5 of 9 (G6), which leaves `floor(n/2)` to deploy to
    ///   at once as B2.1 says.
    /// - `OneAtATime`: `n - 1`, "all but one kept healthy" (B2.1). Its "the last instance may
    ///   fail" rule needs no special number: with `n - 1` successes required, the last instance
    ///   is the one that may fail (see [`super::fleet`] for how the health rule gives that).
    /// - `HOST_COUNT v`: `v`, even if it is `n` or more (the deployment then cannot start).
    /// - `FLEET_PERCENT p`: `ceil(n * p / 100)` (B2.2: converted at deployment start, rounded up).
    pub fn min_healthy(&self, n: u32) -> u32 {
        match self {
            DeploymentConfig::AllAtOnce => 0,
            DeploymentConfig::HalfAtATime => percent_of_rounded_up(n, 50),
            DeploymentConfig::OneAtATime => n.saturating_sub(1),
            DeploymentConfig::Custom {
                minimum_healthy_hosts,
                ..
            } => match minimum_healthy_hosts.kind {
                MinimumHealthyHostsType::HOST_COUNT => minimum_healthy_hosts.value,
                MinimumHealthyHostsType::FLEET_PERCENT => {
                    percent_of_rounded_up(n, minimum_healthy_hosts.value)
                }
            },
        }
    }

    /// Most instances deployed to at once in a fleet of `n`: `n - min_healthy` (B2.3 \[MODEL\],
    /// G6 "max concurrent"). 0 means the deployment cannot start at all (min >= n, B2.3).
    pub fn max_concurrent(&self, n: u32) -> u32 {
        n.saturating_sub(self.min_healthy(n))
    }

    /// Successful instances needed for the deployment to succeed in a fleet of `n`:
    /// `min_healthy`, but never less than one, because a deployment with no successful
    /// instance fails even when the minimum is 0 (B2.3).
    pub fn success_threshold(&self, n: u32) -> u32 {
        self.min_healthy(n).max(1)
    }

    /// `(type, value)` as `GetDeploymentConfig` reports it: `OneAtATime` is reported as
    /// `MOST_CONCURRENCY` 1 (B2.1), `HalfAtATime` as `FLEET_PERCENT` 50, `AllAtOnce` as
    /// `HOST_COUNT` 0. For display only; the arithmetic uses [`Self::min_healthy`].
    pub fn reported_minimum_healthy_hosts(&self) -> (&'static str, u32) {
        match self {
            DeploymentConfig::AllAtOnce => ("HOST_COUNT", 0),
            DeploymentConfig::HalfAtATime => ("FLEET_PERCENT", 50),
            DeploymentConfig::OneAtATime => ("MOST_CONCURRENCY", 1),
            DeploymentConfig::Custom {
                minimum_healthy_hosts,
                ..
            } => (
                minimum_healthy_hosts.kind.as_str(),
                minimum_healthy_hosts.value,
            ),
        }
    }

    /// Problems AWS would reject when the configuration is created; empty when valid.
    /// Predefined configurations are always valid.
    pub fn validate(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let DeploymentConfig::Custom {
            name,
            minimum_healthy_hosts,
        } = self
        else {
            return problems;
        };
        let name_chars = name.chars().count();
        if name_chars == 0 {
            problems.push("The deployment configuration name must not be empty.".to_string());
        } else if name_chars > CONFIG_NAME_MAX_CHARS {
            problems.push(format!(
                "The deployment configuration name must be at most {CONFIG_NAME_MAX_CHARS} \
                 characters long; it has {name_chars}."
            ));
        }
        // [MODEL] Custom names may not pose as predefined ones, or the UI could not tell
        // a custom "CodeDeployDefault.OneAtATime" from the real one.
        if name.starts_with(PREDEFINED_PREFIX) {
            problems.push(format!(
                "The deployment configuration name must not start with \"{PREDEFINED_PREFIX}\", \
                 which is reserved for predefined configurations."
            ));
        }
        // HOST_COUNT accepts any value >= 0, which u32 already guarantees (B2.2).
        if minimum_healthy_hosts.kind == MinimumHealthyHostsType::FLEET_PERCENT
            && minimum_healthy_hosts.value > FLEET_PERCENT_MAX
        {
            problems.push(format!(
                "The minimum healthy hosts value for FLEET_PERCENT must be between 0 and \
                 {FLEET_PERCENT_MAX}; got {}.",
                minimum_healthy_hosts.value
            ));
        }
        problems
    }
}

/// `ceil(n * percent / 100)` without overflow (B2.2 rounds fractional instances up).
fn percent_of_rounded_up(n: u32, percent: u32) -> u32 {
    let scaled = u64::from(n) * u64::from(percent);
    let rounded_up = scaled.div_ceil(100);
    u32::try_from(rounded_up).unwrap_or(u32::MAX)
}

/// Custom configurations for tests (B2.2's two kinds of minimum healthy hosts).
#[cfg(test)]
pub(super) mod custom {
    use super::{DeploymentConfig, MinimumHealthyHosts, MinimumHealthyHostsType};

    fn custom(kind: MinimumHealthyHostsType, value: u32) -> DeploymentConfig {
        DeploymentConfig::Custom {
            name: "Custom".to_string(),
            minimum_healthy_hosts: MinimumHealthyHosts { kind, value },
        }
    }

    pub fn host_count(value: u32) -> DeploymentConfig {
        custom(MinimumHealthyHostsType::HOST_COUNT, value)
    }

    pub fn fleet_percent(value: u32) -> DeploymentConfig {
        custom(MinimumHealthyHostsType::FLEET_PERCENT, value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::custom::{fleet_percent, host_count};

    #[test]
    fn b1_4_default_config_is_one_at_a_time() {
        assert_eq!(DeploymentConfig::default(), DeploymentConfig::OneAtATime);
        assert_eq!(
            DeploymentConfig::default().name(),
            "CodeDeployDefault.OneAtATime"
        );
    }

    #[test]
    fn b2_1_predefined_names() {
        assert_eq!(
            DeploymentConfig::AllAtOnce.name(),
            "CodeDeployDefault.AllAtOnce"
        );
        assert_eq!(
            DeploymentConfig::HalfAtATime.name(),
            "CodeDeployDefault.HalfAtATime"
        );
        assert_eq!(host_count(3).name(), "Custom");
    }

    #[test]
    fn b2_1_one_at_a_time_is_reported_as_most_concurrency_1() {
        assert_eq!(
            DeploymentConfig::OneAtATime.reported_minimum_healthy_hosts(),
            ("MOST_CONCURRENCY", 1)
        );
        assert_eq!(
            fleet_percent(40).reported_minimum_healthy_hosts(),
            ("FLEET_PERCENT", 40)
        );
    }

    #[test]
    fn g6_all_at_once_n9() {
        let c = DeploymentConfig::AllAtOnce;
        assert_eq!(
            (
                c.min_healthy(9),
                c.max_concurrent(9),
                c.success_threshold(9)
            ),
            (0, 9, 1)
        );
    }

    #[test]
    fn g6_half_at_a_time_n9() {
        let c = DeploymentConfig::HalfAtATime;
        assert_eq!(
            (
                c.min_healthy(9),
                c.max_concurrent(9),
                c.success_threshold(9)
            ),
            (5, 4, 5)
        );
    }

    #[test]
    fn g6_one_at_a_time_n9() {
        let c = DeploymentConfig::OneAtATime;
        assert_eq!(
            (
                c.min_healthy(9),
                c.max_concurrent(9),
                c.success_threshold(9)
            ),
            (8, 1, 8)
        );
    }

    #[test]
    fn g6_host_count_6_n9() {
        let c = host_count(6);
        assert_eq!(
            (
                c.min_healthy(9),
                c.max_concurrent(9),
                c.success_threshold(9)
            ),
            (6, 3, 6)
        );
    }

    #[test]
    fn g6_fleet_percent_40_n9() {
        let c = fleet_percent(40);
        assert_eq!(
            (
                c.min_healthy(9),
                c.max_concurrent(9),
                c.success_threshold(9)
            ),
            (4, 5, 4)
        );
    }

    #[test]
    fn b2_1_half_at_a_time_is_floor_half_at_once_and_ceil_half_to_succeed() {
        for n in 0..50u32 {
            let c = DeploymentConfig::HalfAtATime;
            assert_eq!(c.max_concurrent(n), n / 2, "n={n}");
            assert_eq!(c.min_healthy(n), n.div_ceil(2), "n={n}");
        }
    }

    #[test]
    fn b2_1_one_at_a_time_single_instance_must_succeed() {
        let c = DeploymentConfig::OneAtATime;
        assert_eq!(
            (
                c.min_healthy(1),
                c.max_concurrent(1),
                c.success_threshold(1)
            ),
            (0, 1, 1)
        );
    }

    #[test]
    fn b2_3_ten_instances_concurrency_examples() {
        assert_eq!(host_count(9).max_concurrent(10), 1);
        assert_eq!(host_count(8).max_concurrent(10), 2);
        assert_eq!(host_count(0).max_concurrent(10), 10);
    }

    #[test]
    fn b2_3_ten_instances_95_percent_rounds_up_to_10_and_cannot_start() {
        let c = fleet_percent(95);
        assert_eq!(c.min_healthy(10), 10);
        assert_eq!(c.max_concurrent(10), 0);
    }

    #[test]
    fn b2_3_ten_instances_85_percent_is_min_9() {
        assert_eq!(fleet_percent(85).min_healthy(10), 9);
        assert_eq!(fleet_percent(85).max_concurrent(10), 1);
    }

    #[test]
    fn b2_2_fleet_percent_rounding_does_not_overflow() {
        assert_eq!(fleet_percent(u32::MAX).min_healthy(u32::MAX), u32::MAX);
        assert_eq!(fleet_percent(99).min_healthy(u32::MAX), 4_252_017_623);
    }

    #[test]
    fn b2_2_validate_fleet_percent_range() {
        assert!(fleet_percent(0).validate().is_empty());
        assert!(fleet_percent(99).validate().is_empty());
        assert_eq!(fleet_percent(100).validate().len(), 1);
        assert!(host_count(1000).validate().is_empty());
        assert!(DeploymentConfig::OneAtATime.validate().is_empty());
    }

    #[test]
    fn b2_2_validate_name() {
        let unnamed = DeploymentConfig::Custom {
            name: String::new(),
            minimum_healthy_hosts: MinimumHealthyHosts {
                kind: MinimumHealthyHostsType::HOST_COUNT,
                value: 1,
            },
        };
        assert_eq!(unnamed.validate().len(), 1);
        let impostor = DeploymentConfig::Custom {
            name: "CodeDeployDefault.Mine".to_string(),
            minimum_healthy_hosts: MinimumHealthyHosts {
                kind: MinimumHealthyHostsType::FLEET_PERCENT,
                value: 100,
            },
        };
        assert_eq!(impostor.validate().len(), 2);
        let long = DeploymentConfig::Custom {
            name: "x".repeat(101),
            minimum_healthy_hosts: MinimumHealthyHosts {
                kind: MinimumHealthyHostsType::HOST_COUNT,
                value: 1,
            },
        };
        assert_eq!(long.validate().len(), 1);
    }
}
