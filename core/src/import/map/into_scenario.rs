//! Links what was read (groups, templates, policies, alarms, hooks, deployments) into one
//! scenario over the base scenario.

use super::{synthetic_template_id, unsupported, Collected};
use crate::codedeploy::config::DeploymentConfig;
use crate::import::{ImportError, Imported};
use crate::scenario::{Ami, DeliveryMethod, InstanceType, LaunchSource, PolicyKind};
use crate::Scenario;

impl Collected {
    /// Puts what was read into a scenario over `base` (see [`crate::import::import`]).
    pub(crate) fn into_scenario(
        mut self,
        base: &Scenario,
        files: &[crate::import::InputFile<'_>],
    ) -> Result<Imported, ImportError> {
        // Problems found while linking name the file (and line) the item came from.
        let finders: Vec<crate::import::LineFinder<'_>> = files
            .iter()
            .map(|f| crate::import::LineFinder::new(f.text))
            .collect();
        let at = |src: usize, path: String, reason: &str| {
            let mut u = unsupported(path, reason);
            if let (Some(f), Some(lines)) = (files.get(src), finders.get(src)) {
                u.file = f.name.to_string();
                u.line = lines.line(&u.path);
            }
            u
        };
        let mut s = base.clone();
        let mut notes = std::mem::take(&mut self.notes);
        let mut out = std::mem::take(&mut self.unsupported);
        let mut groups = std::mem::take(&mut self.groups).into_iter();
        let mut group = groups.next();
        for (path, g) in groups {
            out.push(unsupported(
                path,
                &format!(
                    "the simulator models one Auto Scaling group; {} is not imported",
                    g.name
                ),
            ));
        }
        let have_group = group.is_some();
        let mine = |g: &Option<String>, name: &str| g.as_deref().is_none_or(|g| g == name);

        // A1.6: the group may name its template by id (resolved before ids are filled in).
        if let Some((_, g)) = &mut group {
            if let LaunchSource::LaunchTemplate { name, .. } = &mut g.launch {
                if let Some(t) = self
                    .launch_templates
                    .iter()
                    .find(|t| !t.id.is_empty() && &t.id == name)
                {
                    *name = t.name.clone();
                }
            }
        }
        // A1: templates and configurations replace the base's when the input has any.
        if !self.launch_templates.is_empty() || !self.launch_configurations.is_empty() {
            for t in &mut self.launch_templates {
                if t.id.is_empty() || t.id.starts_with("lt-ref-") {
                    t.id = base
                        .launch_templates
                        .iter()
                        .find(|b| b.name == t.name)
                        .map(|b| b.id.clone())
                        .unwrap_or_else(|| synthetic_template_id(&t.name));
                }
            }
            s.launch_templates = std::mem::take(&mut self.launch_templates);
            s.launch_configurations = std::mem::take(&mut self.launch_configurations);
        }

        if let Some((_, mut g)) = group {
            // A1.6: the group may name its template by id.
            if let LaunchSource::LaunchTemplate { name, .. } = &mut g.launch {
                if let Some(t) = s.launch_templates.iter().find(|t| &t.id == name) {
                    *name = t.name.clone();
                }
            }
            if g.availability_zones.is_empty() {
                g.availability_zones = base.group.availability_zones.clone();
                notes.push(format!(
                    "group {}: no AvailabilityZones in the input; using {:?} from the base scenario",
                    g.name, g.availability_zones
                ));
            }
            for (hg, h) in std::mem::take(&mut self.hooks) {
                if !mine(&hg, &g.name) {
                    out.push(unsupported(
                        format!("lifecycle hook {}", h.name),
                        "a hook of another group; not imported",
                    ));
                } else if h
                    .name
                    .starts_with("CodeDeploy-managed-automatic-launch-deployment-hook")
                    || h.name
                        .starts_with("CodeDeploy-managed-automatic-termination-deployment-hook")
                {
                    // B5.1: the simulator installs CodeDeploy's hook itself.
                    notes.push(format!(
                        "lifecycle hook {}: CodeDeploy's own hook; the simulator installs it with the deployment group (B5.1)",
                        h.name
                    ));
                } else {
                    g.lifecycle_hooks.push(h);
                }
            }
            // The simulated handler of each hook is not AWS configuration: the base's hook of
            // the same name gives it, else the default handler [MODEL].
            for h in &mut g.lifecycle_hooks {
                match base.group.lifecycle_hooks.iter().find(|b| b.name == h.name) {
                    Some(b) => {
                        h.handler_completes_after_s = b.handler_completes_after_s;
                        h.handler_result = b.handler_result;
                    }
                    None => notes.push(format!(
                        "lifecycle hook {}: its handler is simulated as completing with {:?} after {:?} s [MODEL]; edit handler_completes_after_s and handler_result",
                        h.name, h.handler_result, h.handler_completes_after_s
                    )),
                }
            }
            g.deregistration_delay_s = base.group.deregistration_delay_s;
            s.group = g;
        }
        let gname = s.group.name.clone();

        // A3: policies of the group.
        let mut policies = Vec::new();
        let mut arns: Vec<(String, String)> = Vec::new();
        for p in std::mem::take(&mut self.policies) {
            if !mine(&p.group, &gname) {
                out.push(at(p.src, p.path, "a policy of another group; not imported"));
                continue;
            }
            if let Some(a) = p.arn {
                arns.push((a, p.spec.name.clone()));
            }
            policies.push(p.spec);
        }
        // A4: alarms, with actions resolved to policy names (A4.7).
        let mut alarms = Vec::new();
        for mut a in std::mem::take(&mut self.alarms) {
            if !mine(&a.group, &gname) {
                out.push(at(
                    a.src,
                    a.path,
                    "an alarm on another group's metrics; not imported",
                ));
                continue;
            }
            // A3.4.2: a target tracking policy's own alarms; the simulator creates them.
            let tt_owner = a.spec.alarm_actions.iter().find_map(|act| {
                arns.iter()
                    .find(|(arn, _)| arn == act)
                    .map(|(_, n)| n)
                    .and_then(|n| policies.iter().find(|p| &p.name == n))
                    .filter(|p| matches!(p.kind, PolicyKind::TargetTrackingScaling { .. }))
                    .map(|p| p.name.clone())
            });
            if let Some(owner) = tt_owner {
                out.push(at(
                    a.src,
                    a.path,
                    &format!("an alarm target tracking policy {owner} created; the simulator creates its own (A3.4.2, A3.4.3)"),
                ));
                continue;
            }
            let mut names = Vec::new();
            for act in &a.spec.alarm_actions {
                let found = arns
                    .iter()
                    .find(|(arn, _)| arn == act)
                    .map(|(_, n)| n.clone())
                    .or_else(|| {
                        policies
                            .iter()
                            .find(|p| {
                                &p.name == act || act.ends_with(&format!(":policyName/{}", p.name))
                            })
                            .map(|p| p.name.clone())
                    });
                match found {
                    Some(n) => names.push(n),
                    None => out.push(at(
                        a.src,
                        format!("{}: alarm action {act}", a.path),
                        "not a scaling policy of the group (notifications are not modelled)",
                    )),
                }
            }
            a.spec.alarm_actions = names;
            alarms.push(a.spec);
        }
        // A3.6: times relative to the scenario's start.
        let mut scheduled = Vec::new();
        let start = i64::try_from(base.start_unix_s).unwrap_or(i64::MAX);
        for mut a in std::mem::take(&mut self.scheduled) {
            if !mine(&a.group, &gname) {
                out.push(at(
                    a.src,
                    a.path,
                    "an action of another group; not imported",
                ));
                continue;
            }
            let rel = |t: i64, what: &str, notes: &mut Vec<String>| -> Option<u64> {
                match u64::try_from(t.saturating_sub(start)) {
                    Ok(v) => Some(v),
                    Err(_) => {
                        notes.push(format!(
                            "scheduled action {}: {what} is before the scenario's start; taken as the start",
                            a.spec.name
                        ));
                        Some(0)
                    }
                }
            };
            if a.spec.recurrence.is_none() {
                a.spec.start_s = a.start_unix.and_then(|t| rel(t, "StartTime", &mut notes));
            } else if a.start_unix.is_some() {
                notes.push(format!(
                    "scheduled action {}: StartTime of a recurring action is not modelled; it recurs from the scenario's start",
                    a.spec.name
                ));
            }
            a.spec.end_s = a.end_unix.and_then(|t| rel(t, "EndTime", &mut notes));
            scheduled.push(a.spec);
        }
        if have_group || !policies.is_empty() {
            s.policies = policies;
        }
        if have_group || !alarms.is_empty() {
            s.alarms = alarms;
        }
        if have_group || !scheduled.is_empty() {
            s.scheduled_actions = scheduled;
        }

        // B: the deployment group attached to the group, if any.
        let mut deployments = std::mem::take(&mut self.deployments).into_iter();
        let dg = deployments
            .by_ref()
            .find(|d| d.groups.is_empty() || d.groups.contains(&gname));
        for d in deployments {
            out.push(at(
                d.src,
                d.path,
                "the simulator models one deployment group, for the imported group; not imported",
            ));
        }
        match dg {
            Some(d) => {
                s.delivery.method = DeliveryMethod::CodeDeploy;
                s.delivery.application_name = d.application_name;
                s.delivery.deployment_group_name = d.deployment_group_name;
                s.delivery.deployment_type = d.deployment_type;
                s.delivery.with_load_balancer = d.with_load_balancer;
                s.delivery.auto_rollback = d.auto_rollback;
                s.delivery.outdated_instances_strategy = d.outdated;
                s.delivery.blue_green = d.blue_green;
                // B1.4: OneAtATime when the group names none.
                s.delivery.deployment_config = match d.config_name.as_deref() {
                    None | Some("CodeDeployDefault.OneAtATime") => DeploymentConfig::OneAtATime,
                    Some("CodeDeployDefault.AllAtOnce") => DeploymentConfig::AllAtOnce,
                    Some("CodeDeployDefault.HalfAtATime") => DeploymentConfig::HalfAtATime,
                    Some(n) => match self.deployment_configs.iter().find(|(c, _)| c == n) {
                        Some((name, m)) => DeploymentConfig::Custom {
                            name: name.clone(),
                            minimum_healthy_hosts: *m,
                        },
                        None => match base.delivery.deployment_config.clone() {
                            c @ DeploymentConfig::Custom { .. } if c.name() == n => c,
                            _ => {
                                return Err(ImportError::new(
                                    format!("{}.DeploymentConfigName", d.path),
                                    format!("deployment configuration {n} is not in the input: add its definition (B2.2)"),
                                ))
                            }
                        },
                    },
                };
            }
            None if have_group && base.delivery.method == DeliveryMethod::CodeDeploy => {
                s.delivery.method = DeliveryMethod::NoAutomation;
                notes.push(
                    "no CodeDeploy deployment group for the group: delivery is NoAutomation (instances run their AMI's code)".into(),
                );
            }
            None => {}
        }

        // A1: every image and instance type the launch sources name must exist.
        let mut images: Vec<String> = Vec::new();
        let mut types: Vec<String> = Vec::new();
        for lc in &s.launch_configurations {
            images.push(lc.image_id.clone());
            types.push(lc.instance_type.clone());
        }
        for t in &s.launch_templates {
            for v in &t.versions {
                images.extend(v.image_id.clone());
                types.extend(v.instance_type.clone());
            }
        }
        for id in images {
            if !id.is_empty() && !s.amis.iter().any(|a| a.id == id) {
                notes.push(format!(
                    "image {id}: not in the base scenario; added with no software and no baked revision (edit amis[] to say what it holds)"
                ));
                s.amis.push(Ami {
                    id: id.clone(),
                    name: id,
                    software: Vec::new(),
                    baked_revision: None,
                });
            }
        }
        for name in types {
            if !name.is_empty() && !s.instance_types.iter().any(|t| t.name == name) {
                let price = crate::summary::ON_DEMAND_PRICES
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, p)| *p);
                notes.push(format!(
                    "instance type {name}: not in the base scenario; added with capacity_rps {} [MODEL]{} (edit instance_types[])",
                    InstanceType::default().capacity_rps,
                    if price.is_some() { "" } else { " and the t3.medium price" }
                ));
                s.instance_types.push(InstanceType {
                    name,
                    price_per_hour: price.unwrap_or(InstanceType::default().price_per_hour),
                    ..InstanceType::default()
                });
            }
        }
        Ok(Imported {
            scenario: s,
            unsupported: out,
            notes,
        })
    }
}
