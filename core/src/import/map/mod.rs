//! The one mapping from AWS configuration fields to the scenario, shared by the three input
//! formats. Each format hands over plain JSON objects with references already resolved; the
//! AWS CLI and CloudFormation spell fields as the API does (`MinSize`), Terraform in snake case
//! (`min_size`), and [`Obj`] translates the key names so that each field is read in one place.
//!
//! Every field read here is mapped to the scenario field named in the comment, under the rule
//! cited; every field that is not read is listed as unsupported by [`Obj::finish`].
//!
//! One module per kind of resource read: [`launch`] (launch templates and configurations),
//! [`group`] (Auto Scaling groups and their lifecycle hooks), [`policy`] (scaling policies),
//! [`alarm`] (CloudWatch alarms), [`scheduled`] (scheduled actions), [`codedeploy`]
//! (deployment groups and configurations); [`obj`] reads one input object and
//! [`into_scenario`] links what was read into the scenario.

mod alarm;
mod codedeploy;
mod group;
mod into_scenario;
mod launch;
mod obj;
mod policy;
mod scheduled;

pub(crate) use launch::synthetic_template_id;
pub(crate) use obj::{join, parse_enum, policy_arn, unsupported, Case, Dialect, Obj};

use crate::codedeploy::config::MinimumHealthyHosts;
use crate::import::Unsupported;
use crate::scenario::{
    AlarmSpec, DeploymentType, GroupSpec, LaunchConfiguration, LaunchTemplate, LifecycleHookSpec,
    PolicySpec, ScheduledActionSpec,
};

/// Most versions a launch template can have (A1.5: EC2's quota, `limits`).
pub(crate) const MAX_TEMPLATE_VERSIONS: u32 = crate::limits::MAX_LAUNCH_TEMPLATE_VERSIONS as u32;

/// A scaling policy with what links it to its group and alarms.
pub(crate) struct PolicyIn {
    /// Index of the input file it came from.
    pub src: usize,
    pub group: Option<String>,
    pub arn: Option<String>,
    pub spec: PolicySpec,
    pub path: String,
}

pub(crate) struct AlarmIn {
    /// Index of the input file it came from.
    pub src: usize,
    pub group: Option<String>,
    pub spec: AlarmSpec,
    pub path: String,
}

pub(crate) struct ScheduledIn {
    /// Index of the input file it came from.
    pub src: usize,
    pub group: Option<String>,
    pub spec: ScheduledActionSpec,
    pub start_unix: Option<i64>,
    pub end_unix: Option<i64>,
    pub path: String,
}

/// The deployment group's settings (B1.4, B4).
pub(crate) struct DeploymentIn {
    /// Index of the input file it came from.
    pub src: usize,
    pub application_name: String,
    pub deployment_group_name: String,
    pub config_name: Option<String>,
    pub groups: Vec<String>,
    pub deployment_type: DeploymentType,
    pub with_load_balancer: bool,
    pub auto_rollback: bool,
    pub outdated: crate::scenario::OutdatedInstancesStrategy,
    pub blue_green: crate::scenario::BlueGreenSpec,
    pub path: String,
}

/// Everything read from the input files, before it is put into a scenario.
#[derive(Default)]
pub(crate) struct Collected {
    /// Index of the file being read.
    pub src: usize,
    pub groups: Vec<(String, GroupSpec)>,
    /// Lifecycle hooks defined apart from their group: (group name, hook).
    pub hooks: Vec<(Option<String>, LifecycleHookSpec)>,
    pub launch_templates: Vec<LaunchTemplate>,
    pub launch_configurations: Vec<LaunchConfiguration>,
    pub policies: Vec<PolicyIn>,
    pub alarms: Vec<AlarmIn>,
    pub scheduled: Vec<ScheduledIn>,
    pub deployments: Vec<DeploymentIn>,
    pub deployment_configs: Vec<(String, MinimumHealthyHosts)>,
    pub unsupported: Vec<Unsupported>,
    pub notes: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::obj::snake;

    #[test]
    fn snake_case_names() {
        assert_eq!(snake("VPCZoneIdentifier"), "vpc_zone_identifier");
        assert_eq!(snake("HealthCheckGracePeriod"), "health_check_grace_period");
        assert_eq!(
            snake("MetricIntervalLowerBound"),
            "metric_interval_lower_bound"
        );
        assert_eq!(snake("ImageId"), "image_id");
    }
}
