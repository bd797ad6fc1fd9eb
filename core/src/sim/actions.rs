//! User actions: the live controls and the scenario's timed actions (SetDesiredCapacity,
//! UpdateAutoScalingGroup, a new launch template version or launch configuration copy, a
//! release, a failed instance). Each is checked as AWS checks it; a refusal is an
//! [`Output::ActionRejected`].

use super::*;

impl Sim {
    pub(super) fn execute(&mut self, action: Action) {
        self.in_user_action = true;
        self.execute_inner(action);
        self.in_user_action = false;
    }

    pub(super) fn execute_inner(&mut self, action: Action) {
        match action {
            Action::RegisterTaskDefinition { .. } | Action::UpdateService { .. } => {
                self.ecs_action(action)
            }
            Action::SetLoad { rps } => match rps {
                // The same bound as the load patterns (validate::MAX_RPS).
                Some(v) if !set_load_is_valid(Some(v)) => self.reject(format!(
                    "SetLoad {v}: requests per second must be a number from 0 to 1,000,000,000."
                )),
                _ => self.load_override = rps,
            },
            Action::SetDesiredCapacity { desired } => {
                let from = self.sizes.desired;
                match self.sizes.set_desired(desired) {
                    Ok(()) => self.reconcile(Trigger::SetDesired, from),
                    Err(message) => self.reject(message),
                }
            }
            Action::UpdateGroupSize {
                min_size,
                max_size,
                desired_capacity,
            } => {
                // Live actions (the page, a host page) bypass scenario validation: keep the
                // group within what the simulator runs.
                if max_size.is_some_and(|m| m > validate::MAX_GROUP_SIZE) {
                    self.reject(format!(
                        "This simulator runs groups of up to {} instances.",
                        validate::MAX_GROUP_SIZE
                    ));
                    return;
                }
                let from = self.sizes.desired;
                match self.sizes.update(min_size, max_size, desired_capacity) {
                    Ok(()) => {
                        let t = Trigger::UpdateGroup {
                            min: self.sizes.min,
                            max: self.sizes.max,
                            desired: self.sizes.desired,
                        };
                        self.reconcile(t, from);
                    }
                    Err(message) => self.reject(message),
                }
            }
            Action::FailInstance => {
                self.visit(self.instances.len());
                // The newest InService instance stops (EC2 state no longer `running`).
                if let Some(idx) = self
                    .instances
                    .iter()
                    .enumerate()
                    .filter(|(_, i)| i.state == LifecycleState::InService && i.ec2_running)
                    .max_by_key(|(_, i)| i.key)
                    .map(|(idx, _)| idx)
                {
                    self.instances.edit(idx).ec2_running = false;
                }
            }
            Action::CreateLaunchTemplateVersion {
                source_version,
                image_id,
                instance_type,
                set_default,
            } => self.create_lt_version(source_version, image_id, instance_type, set_default),
            Action::Deploy { revision } => self.release(revision),
            Action::ContinueDeployment => self.continue_blue_green(),
            Action::CopyLaunchConfiguration {
                image_id,
                instance_type,
            } => self.copy_launch_configuration(image_id, instance_type),
            Action::Kubectl(a) => self.kube_action(|k, now| k.kubectl(now, &a)),
            Action::GitCommit(c) => self.kube_action(|k, now| k.git_commit(now, &c)),
            Action::ArgoCdSync { prune } => self.kube_action(|k, now| k.argo_sync(now, prune)),
        }
    }

    pub(super) fn reject(&mut self, message: String) {
        self.outputs.push_back(Output::ActionRejected {
            t: self.now,
            message,
        });
    }

    /// A1.5: a new version copies `source_version` (or starts empty) and overrides fields.
    pub(super) fn create_lt_version(
        &mut self,
        source: Option<u32>,
        image_id: Option<String>,
        instance_type: Option<String>,
        set_default: bool,
    ) {
        let crate::scenario::LaunchSource::LaunchTemplate { name, .. } =
            &self.scenario.group.launch
        else {
            self.reject("The group uses a launch configuration, not a launch template.".into());
            return;
        };
        let name = name.clone();
        // A1.5: EC2 refuses a version naming an image or type that does not exist, exactly as
        // `validate` does for the same action in a scenario.
        let checked = image_id
            .as_deref()
            .map_or(Ok(()), |i| launch::check_template_image(&self.scenario, i))
            .and_then(|()| {
                instance_type
                    .as_deref()
                    .map_or(Ok(()), |t| launch::check_template_type(&self.scenario, t))
            });
        if let Err(message) = checked {
            self.reject(message);
            return;
        }
        let Some(lt) = self
            .scenario
            .launch_templates
            .iter_mut()
            .find(|t| t.name == name)
        else {
            return;
        };
        let mut data = match source {
            Some(v) => match lt.versions.get((v as usize).wrapping_sub(1)) {
                Some(d) => d.clone(),
                None => {
                    let msg = format!("Source version {v} does not exist.");
                    self.reject(msg);
                    return;
                }
            },
            None => crate::scenario::LaunchTemplateVersion {
                image_id: None,
                instance_type: None,
                ..Default::default()
            },
        };
        if image_id.is_some() {
            data.image_id = image_id;
        }
        if instance_type.is_some() {
            data.instance_type = instance_type;
        }
        lt.versions.push(data);
        if set_default {
            lt.default_version = lt.versions.len() as u32;
        }
    }

    /// A1.2: a new launch configuration copied from the group's, with the changes applied.
    pub(super) fn copy_launch_configuration(
        &mut self,
        image_id: Option<String>,
        instance_type: Option<String>,
    ) {
        let crate::scenario::LaunchSource::LaunchConfiguration { name } =
            self.scenario.group.launch.clone()
        else {
            self.reject(
                "The group uses a launch template: create a new version instead (A1.5).".into(),
            );
            return;
        };
        let Some(mut lc) = self
            .scenario
            .launch_configurations
            .iter()
            .find(|l| l.name == name)
            .cloned()
        else {
            return;
        };
        // A2.16: 200 launch configurations per Region.
        let count = self.scenario.launch_configurations.len();
        if count >= limits::MAX_LAUNCH_CONFIGURATIONS {
            self.reject(limits::launch_configuration_limit_message());
            return;
        }
        // A1.2: the console's copy appends "Copy"; the name must stay unique and within
        // AWS's 255 characters (A1.1), which bounds the memory the copies take.
        let new_name = {
            let configs = &self.scenario.launch_configurations;
            let mut new_name = format!("{name} Copy");
            while configs.iter().any(|l| l.name == new_name)
                && limits::name_chars(&new_name) <= limits::MAX_NAME_CHARS
            {
                new_name.push_str(" Copy");
            }
            new_name
        };
        self.visit(count + new_name.len());
        if limits::name_chars(&new_name) > limits::MAX_NAME_CHARS {
            self.reject(limits::name_too_long_message(
                &new_name,
                "launchConfigurationName",
            ));
            return;
        }
        if let Some(img) = image_id {
            if launch::find_ami(&self.scenario, &img).is_none() {
                self.reject(format!("The image id '[{img}]' does not exist"));
                return;
            }
            lc.image_id = img;
        }
        if let Some(t) = instance_type {
            if launch::find_type(&self.scenario, &t).is_none() {
                self.reject(format!("The instance type {t} is not defined."));
                return;
            }
            lc.instance_type = t;
        }
        lc.name = new_name.clone();
        self.scenario.launch_configurations.push(lc);
        // UpdateAutoScalingGroup --launch-configuration-name (A1.2); instances keep theirs (A1.7).
        self.scenario.group.launch =
            crate::scenario::LaunchSource::LaunchConfiguration { name: new_name };
    }
}
