//! CodeDeploy deployment groups and custom deployment configurations (B).

use super::{unsupported, Case, Collected, DeploymentIn, Dialect, Obj};
use crate::codedeploy::config::{MinimumHealthyHosts, MinimumHealthyHostsType};
use crate::import::ImportError;
use crate::scenario::{ActionOnTimeout, DeploymentType, OriginalInstancesAction};
use serde_json::Value;

impl Collected {
    /// A custom deployment configuration (B2.2).
    pub(crate) fn deployment_config(
        &mut self,
        o: &mut Obj<'_>,
        default_name: &str,
    ) -> Result<(), ImportError> {
        let name = o
            .string("DeploymentConfigName")?
            .unwrap_or_else(|| default_name.to_string());
        let platform = o.string("ComputePlatform")?;
        if platform.as_deref().is_some_and(|p| p != "Server") {
            self.unsupported.push(unsupported(
                o.child_path(&"ComputePlatform"),
                "only EC2/On-Premises (Server) configurations are modelled (B2)",
            ));
            return Ok(());
        }
        let Some(mut m) = o.obj("MinimumHealthyHosts", &mut self.unsupported)? else {
            self.unsupported.push(unsupported(
                o.path.clone(),
                "a configuration without MinimumHealthyHosts is not modelled (B2.2)",
            ));
            return Ok(());
        };
        let kind: MinimumHealthyHostsType = m
            .enumeration("Type", "HOST_COUNT, FLEET_PERCENT")?
            .unwrap_or(MinimumHealthyHostsType::HOST_COUNT);
        let value = m.u32("Value")?.unwrap_or(0);
        m.finish(&mut self.unsupported);
        self.deployment_configs
            .push((name, MinimumHealthyHosts { kind, value }));
        Ok(())
    }

    /// A CodeDeploy deployment group (B1.4, B4, B5). `o` is Pascal (CloudFormation), camel
    /// (the CodeDeploy CLI) or snake case (Terraform).
    pub(crate) fn deployment_group(
        &mut self,
        o: &mut Obj<'_>,
        d: Dialect,
        default_name: &str,
    ) -> Result<(), ImportError> {
        let out = &mut self.unsupported;
        let path = o.path.clone();
        let application_name = o
            .string(("ApplicationName", "app_name"))?
            .unwrap_or_default();
        let deployment_group_name = o
            .string("DeploymentGroupName")?
            .unwrap_or_else(|| default_name.to_string());
        let config_name = o.string("DeploymentConfigName")?;
        let groups = match d {
            Dialect::Cli => {
                // The API prints {name, hook, terminationHook}; older CLI examples print names.
                let path = o.child_path(&"AutoScalingGroups");
                let mut names = Vec::new();
                if let Some(Value::Array(items)) = o.raw("AutoScalingGroups") {
                    for (i, v) in items.iter().enumerate() {
                        if let Value::String(n) = v {
                            names.push(n.clone());
                            continue;
                        }
                        let mut g = Obj::new(v, &format!("{path}[{i}]"), Case::Camel)?;
                        if let Some(n) = g.string("Name")? {
                            names.push(n);
                        }
                        // B5.1: CodeDeploy's own launch hook, which the simulator installs.
                        g.raw("Hook");
                        g.raw("TerminationHook");
                        g.finish(out);
                    }
                }
                names
            }
            _ => o
                .strings(("AutoScalingGroups", "autoscaling_groups"))?
                .unwrap_or_default(),
        };
        let mut deployment_type = DeploymentType::IN_PLACE;
        let mut with_load_balancer = false;
        if let Some(mut s) = o.obj("DeploymentStyle", out)? {
            // B4.1/B4.2.
            deployment_type = s
                .enumeration("DeploymentType", "IN_PLACE, BLUE_GREEN")?
                .unwrap_or_default();
            // B3.1: traffic events run only with a load balancer.
            with_load_balancer =
                s.string("DeploymentOption")?.as_deref() == Some("WITH_TRAFFIC_CONTROL");
            s.finish(out);
        }
        let mut auto_rollback = false;
        if let Some(mut r) = o.obj("AutoRollbackConfiguration", out)? {
            let enabled = r.bool("Enabled")?.unwrap_or(false);
            let events = r.strings("Events")?.unwrap_or_default();
            // B4.4: the simulator rolls back failed deployments.
            auto_rollback = enabled && events.iter().any(|e| e == "DEPLOYMENT_FAILURE");
            for e in events.iter().filter(|e| *e != "DEPLOYMENT_FAILURE") {
                out.push(unsupported(
                    format!("{}: {e}", r.child_path(&"Events")),
                    "only DEPLOYMENT_FAILURE rollbacks are modelled (B4.4)",
                ));
            }
            r.finish(out);
        }
        let outdated = o
            .enumeration("OutdatedInstancesStrategy", "UPDATE, IGNORE")?
            .unwrap_or_default();
        let mut blue_green = crate::scenario::BlueGreenSpec::default();
        let bg_key = (
            "BlueGreenDeploymentConfiguration",
            "blue_green_deployment_config",
        );
        if let Some(mut bg) = o.obj(bg_key, out)? {
            // B4.2.
            if let Some(mut r) = bg.obj("DeploymentReadyOption", out)? {
                blue_green.action_on_timeout = r
                    .enumeration::<ActionOnTimeout, _>(
                        "ActionOnTimeout",
                        "CONTINUE_DEPLOYMENT, STOP_DEPLOYMENT",
                    )?
                    .unwrap_or_default();
                blue_green.wait_time_minutes = r.u32("WaitTimeInMinutes")?.unwrap_or(0);
                r.finish(out);
            }
            if let Some(mut g) = bg.obj("GreenFleetProvisioningOption", out)? {
                let a = g.string("Action")?;
                if a.as_deref().is_some_and(|a| a != "COPY_AUTO_SCALING_GROUP") {
                    out.push(unsupported(
                        g.child_path(&"Action"),
                        "only COPY_AUTO_SCALING_GROUP is modelled (B4.2)",
                    ));
                }
                g.finish(out);
            }
            if let Some(mut t) = bg.obj("TerminateBlueInstancesOnDeploymentSuccess", out)? {
                blue_green.original_instances = t
                    .enumeration::<OriginalInstancesAction, _>("Action", "TERMINATE, KEEP_ALIVE")?
                    .unwrap_or_default();
                blue_green.termination_wait_minutes =
                    t.u32("TerminationWaitTimeInMinutes")?.unwrap_or(0);
                t.finish(out);
            }
            bg.finish(out);
        }
        if let Some(p) = o.string("ComputePlatform")? {
            if p != "Server" {
                out.push(unsupported(
                    o.child_path(&"ComputePlatform"),
                    "only EC2/On-Premises (Server) deployment groups are modelled",
                ));
            }
        }
        o.skip(
            ("ServiceRoleArn", "service_role_arn"),
            "IAM roles are not modelled",
            out,
        );
        self.deployments.push(DeploymentIn {
            src: self.src,
            application_name,
            deployment_group_name,
            config_name,
            groups,
            deployment_type,
            with_load_balancer,
            auto_rollback,
            outdated,
            blue_green,
            path,
        });
        Ok(())
    }
}
