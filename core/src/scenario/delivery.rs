//! How code reaches the instances (B): the delivery method, CodeDeploy's deployment settings
//! (in-place and blue/green) and the application revisions.

use super::*;

/// The four ways to put code on new instances (B5, B5.9; `docs/delivery.md`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeliveryMethod {
    /// A new instance runs what its AMI bakes; releases are applied to running servers by hand.
    NoAutomation,
    /// A user-data script pulls the latest artifact at first boot, with no success signal
    /// (B5.9); running servers are updated by hand.
    UserData,
    /// CodeDeploy with the deployment group attached to the group (B5).
    #[default]
    CodeDeploy,
    /// Each release bakes a new AMI, makes it the launch template's default version, and runs an
    /// instance refresh (A1.9).
    BakeAmi,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(non_camel_case_types)]
pub enum OutdatedInstancesStrategy {
    #[default]
    UPDATE,
    IGNORE,
}

/// B4.1/B4.2: in place on the group's instances, or blue/green with a copied group.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(non_camel_case_types)]
pub enum DeploymentType {
    #[default]
    IN_PLACE,
    BLUE_GREEN,
}

/// B4.2 `DeploymentReadyOption.actionOnTimeout`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(non_camel_case_types)]
pub enum ActionOnTimeout {
    /// Reroute traffic as soon as the replacement instances are ready.
    #[default]
    CONTINUE_DEPLOYMENT,
    /// Wait for a person to continue (Action::ContinueDeployment); stop when the wait ends.
    STOP_DEPLOYMENT,
}

/// B4.2 `BlueInstanceTerminationOption.action`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(non_camel_case_types)]
pub enum OriginalInstancesAction {
    #[default]
    TERMINATE,
    KEEP_ALIVE,
}

/// Blue/green settings (B4.2).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BlueGreenSpec {
    pub action_on_timeout: ActionOnTimeout,
    /// With STOP_DEPLOYMENT: minutes to wait for a reroute before the deployment stops.
    pub wait_time_minutes: u32,
    pub original_instances: OriginalInstancesAction,
    /// Minutes after the reroute before the original instances terminate (max 2880).
    pub termination_wait_minutes: u32,
}

impl Default for BlueGreenSpec {
    fn default() -> Self {
        BlueGreenSpec {
            action_on_timeout: ActionOnTimeout::CONTINUE_DEPLOYMENT,
            wait_time_minutes: 60,
            original_instances: OriginalInstancesAction::TERMINATE,
            termination_wait_minutes: 5,
        }
    }
}

/// How a revision fails, if it does.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum RevisionFailure {
    #[default]
    None,
    /// Fails at this lifecycle event on every instance.
    AtEvent(LifecycleEvent),
    /// Fails at ValidateService with this probability (percent), drawn per instance from the seed.
    Probability(f64),
    /// Deploys fine but the application answers with errors (only a health check can tell).
    ServesErrors,
}

/// An application revision (B1.1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RevisionSpec {
    pub label: String,
    /// Bundle size; DownloadBundle takes `bundle_mb / download_mb_per_s` seconds.
    pub bundle_mb: f64,
    /// Seconds each scriptable lifecycle event takes (B3.1).
    pub event_s: u32,
    pub failure: RevisionFailure,
    /// Software the revision needs on the instance, such as "JDK 11". Missing software makes
    /// ApplicationStart fail.
    pub requires: Vec<String>,
    /// Software the revision installs (so later revisions find it on long-lived instances).
    pub installs: Vec<String>,
}

/// The deployment side of the scenario: which way code is delivered, and CodeDeploy's settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeliverySpec {
    pub method: DeliveryMethod,
    pub application_name: String,
    pub deployment_group_name: String,
    pub deployment_config: DeploymentConfig,
    pub deployment_type: DeploymentType,
    pub blue_green: BlueGreenSpec,
    pub outdated_instances_strategy: OutdatedInstancesStrategy,
    /// B4.4: redeploy the last known good revision when a deployment fails.
    pub auto_rollback: bool,
    /// B3.1: the six traffic events run only with a load balancer in the deployment group.
    pub with_load_balancer: bool,
    pub revisions: Vec<RevisionSpec>,
    /// The deployment group's last successful revision at the start (and the fleet's code).
    pub initial_revision: Option<String>,
}

impl Default for DeliverySpec {
    fn default() -> Self {
        DeliverySpec {
            method: DeliveryMethod::CodeDeploy,
            application_name: "web-app".into(),
            deployment_group_name: "web-dg".into(),
            deployment_config: DeploymentConfig::OneAtATime,
            deployment_type: DeploymentType::IN_PLACE,
            blue_green: BlueGreenSpec::default(),
            outdated_instances_strategy: OutdatedInstancesStrategy::UPDATE,
            auto_rollback: false,
            with_load_balancer: false,
            revisions: vec![
                RevisionSpec::labelled("v1"),
                RevisionSpec {
                    installs: vec!["JDK 11".into()],
                    ..RevisionSpec::labelled("v2")
                },
                RevisionSpec {
                    requires: vec!["JDK 11".into()],
                    ..RevisionSpec::labelled("v3-jdk11")
                },
                RevisionSpec {
                    failure: RevisionFailure::AtEvent(LifecycleEvent::ApplicationStart),
                    ..RevisionSpec::labelled("v4-broken")
                },
            ],
            initial_revision: Some("v1".into()),
        }
    }
}

impl RevisionSpec {
    pub fn labelled(label: &str) -> RevisionSpec {
        RevisionSpec {
            label: label.into(),
            ..RevisionSpec::default()
        }
    }
}

impl Default for RevisionSpec {
    fn default() -> Self {
        RevisionSpec {
            label: "v1".into(),
            bundle_mb: 50.0,
            event_s: 10,
            failure: RevisionFailure::None,
            requires: Vec::new(),
            installs: Vec::new(),
        }
    }
}
