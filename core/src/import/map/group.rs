//! Auto Scaling groups (A2) and their lifecycle hooks (A6).

use super::launch::mixed_instances_template;
use super::{parse_enum, unsupported, Collected, Dialect, Obj};
use crate::import::{ImportError, Unsupported};
use crate::scenario::{GroupSpec, LaunchSource, LifecycleHookSpec, ScalingProcess};

impl Collected {
    /// An Auto Scaling group (A2).
    pub(crate) fn group(
        &mut self,
        o: &mut Obj<'_>,
        d: Dialect,
        default_name: &str,
    ) -> Result<(), ImportError> {
        let out = &mut self.unsupported;
        let name = o
            .string(("AutoScalingGroupName", "name"))?
            .unwrap_or_else(|| default_name.to_string());
        let mut g = GroupSpec {
            name,
            min_size: o.u32("MinSize")?.unwrap_or(0),
            max_size: o.u32("MaxSize")?.unwrap_or(0),
            // A2.1: absent desired = min.
            desired_capacity: o.u32("DesiredCapacity")?,
            availability_zones: o.strings("AvailabilityZones")?.unwrap_or_default(),
            ..GroupSpec::default()
        };
        // A1.6: a launch template and version, or a launch configuration (A2.1: exactly one).
        if let Some(mut lt) = o.obj("LaunchTemplate", out)? {
            let id = lt.string(("LaunchTemplateId", "id"))?;
            let lt_name = lt.string(("LaunchTemplateName", "name"))?;
            // A1.6: without a version the default version is used.
            let version = lt.string("Version")?.unwrap_or_else(|| "$Default".into());
            lt.finish(out);
            g.launch = LaunchSource::LaunchTemplate {
                name: lt_name.or(id).unwrap_or_default(),
                version,
            };
        } else if let Some(lc) = o.string(("LaunchConfigurationName", "launch_configuration"))? {
            g.launch = LaunchSource::LaunchConfiguration { name: lc };
        } else if let Some(spec) = mixed_instances_template(o, out)? {
            // A mixed instances policy: its launch template is used; the overrides (other
            // instance types, weights) and the On-Demand/Spot split are listed.
            g.launch = spec;
        } else {
            return Err(ImportError::new(
                o.path.clone(),
                "the group has neither a launch template nor a launch configuration (A2.1)",
            ));
        }
        g.health_check_type = o
            .enumeration("HealthCheckType", "EC2, ELB")?
            .unwrap_or_default();
        // A2.7: the API's default grace period is 0; the Terraform provider's is 300.
        g.health_check_grace_period_s = o
            .u32("HealthCheckGracePeriod")?
            .unwrap_or(if d == Dialect::Tf { 300 } else { 0 });
        // A2.9: default cooldown 300 s (CloudFormation names it Cooldown).
        let cooldown_key = if d == Dialect::Cfn {
            "Cooldown"
        } else {
            "DefaultCooldown"
        };
        g.default_cooldown_s = o.u32(cooldown_key)?.unwrap_or(300);
        // A2.10.
        g.default_instance_warmup_s = o.u32("DefaultInstanceWarmup")?;
        // A5.3.
        if let Some(list) = o.strings("TerminationPolicies")? {
            let path = o.child_path(&"TerminationPolicies");
            g.termination_policies = list
                .iter()
                .map(|s| {
                    parse_enum(s).ok_or_else(|| {
                        ImportError::new(path.clone(), format!("'{s}' is not a termination policy the simulator models (Default, OldestLaunchTemplate, OldestLaunchConfiguration, ClosestToNextInstanceHour, NewestInstance, OldestInstance)"))
                    })
                })
                .collect::<Result<_, _>>()?;
        }
        // A5.5.
        g.new_instances_protected_from_scale_in = o
            .bool(("NewInstancesProtectedFromScaleIn", "protect_from_scale_in"))?
            .unwrap_or(false);
        // A2.15: suspended processes (the CLI prints objects, Terraform strings).
        let sp_path = o.child_path(&"SuspendedProcesses");
        let names: Vec<String> = match d {
            Dialect::Tf => o.strings("SuspendedProcesses")?.unwrap_or_default(),
            _ => {
                let mut names = Vec::new();
                for mut p in o.objs("SuspendedProcesses")? {
                    if let Some(n) = p.string("ProcessName")? {
                        names.push(n);
                    }
                    p.skip("SuspensionReason", "the reason is not modelled", out);
                    p.finish(out);
                }
                names
            }
        };
        for n in names {
            match parse_enum::<ScalingProcess>(&n) {
                Some(p) => g.suspended_processes.push(p),
                None => out.push(unsupported(
                    format!("{sp_path}: {n}"),
                    "a process the simulator does not model",
                )),
            }
        }
        // A6: hooks defined with the group.
        let hooks_key = match d {
            Dialect::Tf => ("LifecycleHookSpecificationList", "initial_lifecycle_hook"),
            _ => (
                "LifecycleHookSpecificationList",
                "lifecycle_hook_specification_list",
            ),
        };
        for mut h in o.objs(hooks_key)? {
            let hook = hook(&mut h, d, out, None)?;
            h.finish(out);
            g.lifecycle_hooks.push(hook);
        }
        if d == Dialect::Cli {
            o.skip(
                "VPCZoneIdentifier",
                "subnets are not modelled; the group's AvailabilityZones are used",
                out,
            );
        } else {
            o.skip(
                "VPCZoneIdentifier",
                "subnets are not modelled; give AvailabilityZones (else the base scenario's zones are used)",
                out,
            );
        }
        self.groups.push((o.path.clone(), g));
        Ok(())
    }
}

impl Collected {
    /// A lifecycle hook defined on its own (A6).
    pub(crate) fn lifecycle_hook(
        &mut self,
        o: &mut Obj<'_>,
        d: Dialect,
        default_name: Option<&str>,
    ) -> Result<(), ImportError> {
        let group = o.string(("AutoScalingGroupName", "autoscaling_group_name"))?;
        let h = hook(o, d, &mut self.unsupported, default_name)?;
        self.hooks.push((group, h));
        Ok(())
    }
}

/// A lifecycle hook's AWS settings (A6.1, A6.2); the simulated handler is filled in later.
fn hook(
    o: &mut Obj<'_>,
    d: Dialect,
    out: &mut Vec<Unsupported>,
    default_name: Option<&str>,
) -> Result<LifecycleHookSpec, ImportError> {
    let name_key = if d == Dialect::Tf {
        ("LifecycleHookName", "name")
    } else {
        ("LifecycleHookName", "lifecycle_hook_name")
    };
    let path = o.path.clone();
    let name = o
        .string(name_key)?
        .or_else(|| default_name.map(str::to_string))
        .ok_or_else(|| ImportError::new(path.clone(), "LifecycleHookName is missing"))?;
    let transition = o
        .enumeration(
            "LifecycleTransition",
            "autoscaling:EC2_INSTANCE_LAUNCHING, autoscaling:EC2_INSTANCE_TERMINATING",
        )?
        .ok_or_else(|| ImportError::new(path, "LifecycleTransition is missing"))?;
    let reason = "notifications are not modelled (the simulated handler answers the hook)";
    o.skip("NotificationTargetARN", reason, out);
    o.skip("RoleARN", reason, out);
    o.skip("NotificationMetadata", reason, out);
    let default = LifecycleHookSpec::default();
    Ok(LifecycleHookSpec {
        name,
        transition,
        // A6.2: 3600 s and ABANDON by default.
        heartbeat_timeout_s: o.u32("HeartbeatTimeout")?.unwrap_or(3600),
        default_result: o
            .enumeration("DefaultResult", "CONTINUE, ABANDON")?
            .unwrap_or_default(),
        handler_completes_after_s: default.handler_completes_after_s,
        handler_result: default.handler_result,
    })
}
