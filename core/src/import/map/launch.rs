//! Launch templates and launch configurations (A1): what an instance is launched from.

use super::{Collected, Dialect, Obj, MAX_TEMPLATE_VERSIONS};
use crate::import::{ImportError, Unsupported};
use crate::scenario::{LaunchConfiguration, LaunchSource, LaunchTemplate, LaunchTemplateVersion};
use base64::Engine;

/// The user data as text: AWS holds it base64-encoded (A1.1, A1.4).
fn user_data(o: &mut Obj<'_>, notes: &mut Vec<String>) -> Result<Option<String>, ImportError> {
    let path = o.child_path(&"UserData");
    Ok(o.string("UserData")?.filter(|s| !s.is_empty()).map(|s| {
        let compact: String = s.split_whitespace().collect();
        match base64::engine::general_purpose::STANDARD
            .decode(compact.as_bytes())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
        {
            Some(text) => text,
            None => {
                notes.push(format!(
                    "{path}: not base64 as AWS expects; kept as plain text"
                ));
                s
            }
        }
    }))
}

/// The first block device's EBS volume size (A1.1/A1.4 `volume_size_gib`).
fn volume_size(o: &mut Obj<'_>, out: &mut Vec<Unsupported>) -> Result<Option<u32>, ImportError> {
    let mut size = None;
    for (i, mut bdm) in o.objs("BlockDeviceMappings")?.into_iter().enumerate() {
        if i == 0 {
            bdm.skip(
                "DeviceName",
                "device names are not modelled (the volume is the root volume)",
                out,
            );
            if let Some(mut ebs) = bdm.obj("Ebs", out)? {
                size = ebs.u32("VolumeSize")?;
                ebs.finish(out);
            }
        }
        bdm.finish(out);
    }
    Ok(size)
}

impl Collected {
    /// A launch template version's data (A1.4). Absent monitoring is AWS's basic monitoring.
    pub(crate) fn template_data(
        &mut self,
        o: &mut Obj<'_>,
    ) -> Result<LaunchTemplateVersion, ImportError> {
        let mut v = LaunchTemplateVersion {
            description: String::new(),
            // A1.4: every field of a template is optional.
            image_id: o.string("ImageId")?,
            instance_type: o.string("InstanceType")?,
            // A1.4: basic monitoring unless Monitoring.Enabled.
            monitoring_enabled: false,
            key_name: o.string("KeyName")?,
            security_group_ids: o
                .strings(("SecurityGroupIds", "vpc_security_group_ids"))?
                .unwrap_or_default(),
            volume_size_gib: 8,
            user_data: user_data(o, &mut self.notes)?,
        };
        if let Some(mut m) = o.obj("Monitoring", &mut self.unsupported)? {
            v.monitoring_enabled = m.bool("Enabled")?.unwrap_or(false);
            m.finish(&mut self.unsupported);
        }
        if let Some(size) = volume_size(o, &mut self.unsupported)? {
            v.volume_size_gib = size;
        }
        Ok(v)
    }

    /// A launch template with one version, or a version added to a template already read
    /// (`describe-launch-template-versions` prints one entry per version).
    pub(crate) fn add_template_version(
        &mut self,
        id: Option<String>,
        name: String,
        number: Option<u32>,
        is_default: bool,
        version: LaunchTemplateVersion,
    ) -> Result<(), String> {
        // A1.5: EC2 keeps at most 10,000 versions of a template.
        if number.is_some_and(|n| n > MAX_TEMPLATE_VERSIONS) {
            return Err(format!(
                "VersionNumber above {MAX_TEMPLATE_VERSIONS}, the most versions a launch template has (A1.5)"
            ));
        }
        let idx = match self
            .launch_templates
            .iter()
            .position(|t| t.name == name || id.as_deref().is_some_and(|i| i == t.id))
        {
            Some(i) => i,
            None => {
                self.launch_templates.push(LaunchTemplate {
                    id: id.clone().unwrap_or_default(),
                    name: name.clone(),
                    default_version: 1,
                    versions: Vec::new(),
                });
                self.launch_templates.len() - 1
            }
        };
        let Some(t) = self.launch_templates.get_mut(idx) else {
            return Ok(());
        };
        // A1.5: versions are numbered from 1; a missing number goes after the last.
        let n = number.unwrap_or(t.versions.len() as u32 + 1).max(1) as usize;
        while t.versions.len() < n {
            t.versions.push(LaunchTemplateVersion {
                description: "(version not in the input)".into(),
                image_id: None,
                instance_type: None,
                monitoring_enabled: false,
                key_name: None,
                security_group_ids: Vec::new(),
                volume_size_gib: 8,
                user_data: None,
            });
        }
        if let Some(slot) = t.versions.get_mut(n - 1) {
            *slot = version;
        }
        if is_default || t.versions.len() == 1 {
            t.default_version = n as u32;
        }
        Ok(())
    }

    /// AWS::AutoScaling::LaunchConfiguration / describe-launch-configurations (A1.1).
    pub(crate) fn launch_configuration(
        &mut self,
        o: &mut Obj<'_>,
        d: Dialect,
        default_name: &str,
    ) -> Result<(), ImportError> {
        let name = o
            .string(("LaunchConfigurationName", "name"))?
            .unwrap_or_else(|| default_name.to_string());
        let image_id = o.string("ImageId")?.unwrap_or_default();
        let instance_type = o.string("InstanceType")?.unwrap_or_default();
        // A1.1: detailed monitoring is the default for launch configurations.
        let instance_monitoring = match d {
            Dialect::Cli => match o.obj("InstanceMonitoring", &mut self.unsupported)? {
                Some(mut m) => {
                    let e = m.bool("Enabled")?.unwrap_or(true);
                    m.finish(&mut self.unsupported);
                    e
                }
                None => true,
            },
            Dialect::Cfn => o.bool("InstanceMonitoring")?.unwrap_or(true),
            Dialect::Tf => o
                .bool(("InstanceMonitoring", "enable_monitoring"))?
                .unwrap_or(true),
        };
        let key_name = o.string("KeyName")?;
        let security_groups = o.strings("SecurityGroups")?.unwrap_or_default();
        let user_data = user_data(o, &mut self.notes)?;
        let volume_size_gib = volume_size(o, &mut self.unsupported)?.unwrap_or(8);
        self.launch_configurations.push(LaunchConfiguration {
            name,
            image_id,
            instance_type,
            instance_monitoring,
            key_name,
            security_groups,
            volume_size_gib,
            user_data,
        });
        Ok(())
    }
}

/// The launch template of a `MixedInstancesPolicy`, if the group has one (the rest of the
/// policy is listed: instance weights and mixed types are not modelled).
pub(super) fn mixed_instances_template(
    o: &mut Obj<'_>,
    out: &mut Vec<Unsupported>,
) -> Result<Option<LaunchSource>, ImportError> {
    let Some(mut mip) = o.obj("MixedInstancesPolicy", out)? else {
        return Ok(None);
    };
    let mut found = None;
    if let Some(mut lt) = mip.obj("LaunchTemplate", out)? {
        if let Some(mut spec) = lt.obj("LaunchTemplateSpecification", out)? {
            let id = spec.string("LaunchTemplateId")?;
            let name = spec.string("LaunchTemplateName")?;
            // A1.6.
            let version = spec.string("Version")?.unwrap_or_else(|| "$Default".into());
            spec.finish(out);
            found = Some(LaunchSource::LaunchTemplate {
                name: name.or(id).unwrap_or_default(),
                version,
            });
        }
        lt.skip(
            ("Overrides", "override"),
            "instance type overrides and weights are not modelled; the template's own type is used",
            out,
        );
        lt.finish(out);
    }
    mip.skip(
        "InstancesDistribution",
        "the On-Demand/Spot split is not modelled: every instance is On-Demand",
        out,
    );
    mip.finish(out);
    Ok(found)
}

/// An id for a template whose real id the input does not hold (CloudFormation and Terraform
/// create it): `lt-` and 17 hex digits derived from the name.
pub(crate) fn synthetic_template_id(name: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("lt-0{:016x}", h)
}
