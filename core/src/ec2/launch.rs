//! AMI -> launch configuration / launch template resolution (A1).
//!
//! A1.6: `$Latest` and `$Default` are resolved at each launch, so a new template version or a
//! new default silently changes what the next scale-out launches. A1.7: running instances keep
//! what they were launched with; each instance records the exact version it used.

use crate::scenario::{Ami, InstanceType, LaunchSource, Scenario};
use crate::text::Text;

/// What one instance was launched from (A1.7: kept on the instance record).
#[derive(Clone, Debug, PartialEq)]
pub struct ResolvedLaunch {
    pub image_id: Text,
    pub instance_type: Text,
    /// A4.9: detailed (1-minute) vs basic (5-minute) monitoring.
    pub detailed_monitoring: bool,
    pub origin: LaunchOrigin,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LaunchOrigin {
    LaunchConfiguration { name: Text },
    LaunchTemplate { id: Text, name: Text, version: u32 },
}

impl LaunchOrigin {
    /// Short label for tiles and traces: `web-lc-1` or `web-lt:3`.
    pub fn label(&self) -> String {
        match self {
            LaunchOrigin::LaunchConfiguration { name } => name.to_string(),
            LaunchOrigin::LaunchTemplate { name, version, .. } => format!("{name}:{version}"),
        }
    }
}

/// Resolves a template version string (`$Default`, `$Latest`, or a number) against a template
/// with `count` versions whose default is `default_version`.
pub fn resolve_version(spec: &str, default_version: u32, count: u32) -> Result<u32, String> {
    let v = match spec {
        "" | "$Default" => default_version,
        "$Latest" => count,
        n => n.parse::<u32>().map_err(|_| {
            format!("Version '{n}' is not valid: use a version number, $Latest or $Default.")
        })?,
    };
    if v == 0 || v > count {
        return Err(format!(
            "The specified launch template version {v} does not exist (the template has {count})."
        ));
    }
    Ok(v)
}

/// Resolves the group's launch source now (A1.6).
pub fn resolve(scenario: &Scenario, source: &LaunchSource) -> Result<ResolvedLaunch, String> {
    match source {
        LaunchSource::LaunchConfiguration { name } => {
            let lc = scenario
                .launch_configurations
                .iter()
                .find(|lc| &lc.name == name)
                .ok_or_else(|| format!("Launch configuration name not found - {name}"))?;
            Ok(ResolvedLaunch {
                image_id: Text::from(&lc.image_id),
                instance_type: Text::from(&lc.instance_type),
                detailed_monitoring: lc.instance_monitoring,
                origin: LaunchOrigin::LaunchConfiguration {
                    name: Text::from(name),
                },
            })
        }
        LaunchSource::LaunchTemplate { name, version } => {
            let lt = scenario
                .launch_templates
                .iter()
                .find(|lt| &lt.name == name)
                .ok_or_else(|| {
                    format!(
                        "The specified launch template, with template name {name}, does not exist."
                    )
                })?;
            let count = u32::try_from(lt.versions.len()).unwrap_or(u32::MAX);
            let v = resolve_version(version, lt.default_version, count)?;
            let data = lt
                .versions
                .get((v - 1) as usize)
                .ok_or_else(|| format!("launch template version {v} missing"))?;
            // A1.4: an LT without an AMI cannot be used by a group.
            let image_id = data.image_id.as_deref().map(Text::from).ok_or_else(|| {
                format!("Launch template {name} version {v} has no image id (A1.4).")
            })?;
            let instance_type = data
                .instance_type
                .as_deref()
                .map(Text::from)
                .ok_or_else(|| {
                    format!("Launch template {name} version {v} has no instance type.")
                })?;
            Ok(ResolvedLaunch {
                image_id,
                instance_type,
                detailed_monitoring: data.monitoring_enabled,
                origin: LaunchOrigin::LaunchTemplate {
                    id: Text::from(&lt.id),
                    name: Text::from(name),
                    version: v,
                },
            })
        }
    }
}

/// `CreateLaunchTemplateVersion` with an image that does not exist: EC2's
/// `InvalidAMIID.NotFound` (A1.5). The simulator's AMIs are the scenario's `amis`.
pub fn check_template_image(scenario: &Scenario, image_id: &str) -> Result<(), String> {
    if !image_id.starts_with("ami-") || image_id.len() <= 4 {
        return Err(format!(
            "InvalidAMIID.Malformed: Invalid id: \"{image_id}\" (expecting \"ami-...\")"
        ));
    }
    match find_ami(scenario, image_id) {
        Some(_) => Ok(()),
        None => Err(format!(
            "InvalidAMIID.NotFound: The image id '[{image_id}]' does not exist"
        )),
    }
}

/// `CreateLaunchTemplateVersion` with an instance type that does not exist: EC2's
/// `InvalidParameterValue` (A1.5). The simulator's types are the scenario's `instance_types`.
pub fn check_template_type(scenario: &Scenario, instance_type: &str) -> Result<(), String> {
    match find_type(scenario, instance_type) {
        Some(_) => Ok(()),
        None => Err(format!(
            "InvalidParameterValue: Invalid value '{instance_type}' for InstanceType."
        )),
    }
}

pub fn find_ami<'a>(scenario: &'a Scenario, id: &str) -> Option<&'a Ami> {
    scenario.amis.iter().find(|a| a.id == id)
}

pub fn find_type<'a>(scenario: &'a Scenario, name: &str) -> Option<&'a InstanceType> {
    scenario.instance_types.iter().find(|t| t.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::LaunchTemplateVersion;

    #[test]
    fn a1_6_default_and_latest_resolve_at_each_launch() {
        let mut s = Scenario::demo();
        s.launch_templates[0].versions.push(LaunchTemplateVersion {
            image_id: Some("ami-new".into()),
            ..LaunchTemplateVersion::default()
        });
        let default = LaunchSource::LaunchTemplate {
            name: "web-lt".into(),
            version: "$Default".into(),
        };
        let latest = LaunchSource::LaunchTemplate {
            name: "web-lt".into(),
            version: "$Latest".into(),
        };
        assert_eq!(
            resolve(&s, &default).map(|r| r.origin.label()),
            Ok("web-lt:1".into())
        );
        assert_eq!(
            resolve(&s, &latest).map(|r| r.image_id),
            Ok("ami-new".into())
        );
        s.launch_templates[0].default_version = 2;
        assert_eq!(
            resolve(&s, &default).map(|r| r.origin.label()),
            Ok("web-lt:2".into())
        );
    }

    #[test]
    fn a1_5_versions_must_exist() {
        assert!(resolve_version("3", 1, 2).is_err());
        assert!(resolve_version("0", 1, 2).is_err());
        assert!(resolve_version("x", 1, 2).is_err());
        assert_eq!(resolve_version("2", 1, 2), Ok(2));
    }
}
