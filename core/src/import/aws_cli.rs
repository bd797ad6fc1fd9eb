//! AWS CLI JSON output, as printed by:
//!
//! - `aws autoscaling describe-auto-scaling-groups` (`AutoScalingGroups`),
//!   `describe-policies` (`ScalingPolicies`), `describe-scheduled-actions`
//!   (`ScheduledUpdateGroupActions`), `describe-lifecycle-hooks` (`LifecycleHooks`),
//!   `describe-launch-configurations` (`LaunchConfigurations`);
//! - `aws ec2 describe-launch-template-versions` (`LaunchTemplateVersions`);
//! - `aws cloudwatch describe-alarms` (`MetricAlarms`, `CompositeAlarms`);
//! - `aws deploy get-deployment-group` (`deploymentGroupInfo`) and `get-deployment-config`
//!   (`deploymentConfigInfo`).
//!
//! One file may hold one output, or several pasted one after the other.

use serde_json::Value;

use super::map::{unsupported, Case, Collected, Dialect, Obj};
use super::ImportError;

/// Reads every JSON document in `text` into `c`.
pub(crate) fn collect(text: &str, c: &mut Collected) -> Result<(), ImportError> {
    let text = text.trim_start_matches('\u{feff}');
    let stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    let mut any = false;
    for doc in stream {
        let doc = doc.map_err(|e| ImportError {
            file: String::new(),
            line: Some(e.line()),
            path: String::new(),
            message: format!("not valid JSON: {e}"),
        })?;
        any = true;
        document(&doc, c)?;
    }
    if !any {
        return Err(ImportError::new("", "the file is empty"));
    }
    Ok(())
}

fn document(doc: &Value, c: &mut Collected) -> Result<(), ImportError> {
    let Value::Object(top) = doc else {
        return Err(ImportError::new(
            "",
            "expected the JSON object an AWS CLI describe command prints",
        ));
    };
    for (key, value) in top {
        let items = |v: &Value| -> Vec<(String, Value)> {
            match v {
                Value::Array(a) => a
                    .iter()
                    .enumerate()
                    .map(|(i, x)| (format!("{key}[{i}]"), x.clone()))
                    .collect(),
                other => vec![(key.clone(), other.clone())],
            }
        };
        match key.as_str() {
            "AutoScalingGroups" => {
                for (path, v) in items(value) {
                    let mut o = Obj::new(&v, &path, Case::Pascal)?;
                    c.group(&mut o, Dialect::Cli, "")?;
                    o.finish(&mut c.unsupported);
                }
            }
            "ScalingPolicies" => {
                for (path, v) in items(value) {
                    let mut o = Obj::new(&v, &path, Case::Pascal)?;
                    c.policy(&mut o, Dialect::Cli, "")?;
                    o.finish(&mut c.unsupported);
                }
            }
            "ScheduledUpdateGroupActions" => {
                for (path, v) in items(value) {
                    let mut o = Obj::new(&v, &path, Case::Pascal)?;
                    c.scheduled(&mut o, Dialect::Cli, "")?;
                    o.finish(&mut c.unsupported);
                }
            }
            "LifecycleHooks" => {
                for (path, v) in items(value) {
                    let mut o = Obj::new(&v, &path, Case::Pascal)?;
                    c.lifecycle_hook(&mut o, Dialect::Cli, None)?;
                    o.finish(&mut c.unsupported);
                }
            }
            "LaunchConfigurations" => {
                for (path, v) in items(value) {
                    let mut o = Obj::new(&v, &path, Case::Pascal)?;
                    c.launch_configuration(&mut o, Dialect::Cli, "")?;
                    o.finish(&mut c.unsupported);
                }
            }
            "LaunchTemplateVersions" => {
                for (path, v) in items(value) {
                    let mut o = Obj::new(&v, &path, Case::Pascal)?;
                    let id = o.string("LaunchTemplateId")?;
                    let name = o.string("LaunchTemplateName")?.or(id.clone()).ok_or_else(
                        || ImportError::new(path.clone(), "LaunchTemplateName is missing"),
                    )?;
                    let number = o.u32("VersionNumber")?;
                    let is_default = o.bool("DefaultVersion")?.unwrap_or(false);
                    let description = o.string("VersionDescription")?.unwrap_or_default();
                    let mut version = match o.obj("LaunchTemplateData", &mut c.unsupported)? {
                        Some(mut data) => {
                            let v = c.template_data(&mut data)?;
                            data.finish(&mut c.unsupported);
                            v
                        }
                        None => {
                            return Err(ImportError::new(path, "LaunchTemplateData is missing"))
                        }
                    };
                    version.description = description;
                    c.add_template_version(id, name, number, is_default, version)
                        .map_err(|m| ImportError::new(format!("{path}.VersionNumber"), m))?;
                    o.finish(&mut c.unsupported);
                }
            }
            "MetricAlarms" => {
                for (path, v) in items(value) {
                    let mut o = Obj::new(&v, &path, Case::Pascal)?;
                    c.alarm(&mut o, Dialect::Cli, "")?;
                    o.finish(&mut c.unsupported);
                }
            }
            "deploymentGroupInfo" => {
                let mut o = Obj::new(value, key, Case::Camel)?;
                c.deployment_group(&mut o, Dialect::Cli, "")?;
                o.finish(&mut c.unsupported);
            }
            "deploymentConfigInfo" => {
                let mut o = Obj::new(value, key, Case::Camel)?;
                // get-deployment-config prints the id and creation time, which are state.
                o.raw("DeploymentConfigId");
                o.raw("CreateTime");
                c.deployment_config(&mut o, "")?;
                o.finish(&mut c.unsupported);
            }
            "NextToken" | "nextToken" => c.unsupported.push(unsupported(
                key.clone(),
                "the output is paginated: pass every page (aws ... without --max-items, or each page's file)",
            )),
            "CompositeAlarms" if value.as_array().is_some_and(Vec::is_empty) => {}
            _ => c.unsupported.push(unsupported(
                key.clone(),
                "not an output of the describe commands this importer reads",
            )),
        }
    }
    Ok(())
}
