//! Several Auto Scaling groups in one scenario (A2.17): the groups beside the primary `group`,
//! the load each one serves, and how alarms, policies and scheduled actions find theirs.

use serde::{Deserialize, Serialize};

use super::{GroupSpec, LoadSpec, Scenario};

/// An Auto Scaling group beside the scenario's primary `group`, and the load it serves.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExtraGroup {
    pub group: GroupSpec,
    pub load: GroupLoad,
}

/// [MODEL] How load reaches an extra group. AWS does not route traffic: what a group serves
/// depends on the application in front of it, so the scenario says.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum GroupLoad {
    /// The scenario's load (its pattern, noise and the live load slider) times `factor`: a
    /// tier every request also reaches (`factor` 1) or a share of it (`factor` 0.3).
    ShareOfScenario { factor: f64 },
    /// A load of its own; the live load slider does not move it.
    Own { load: LoadSpec },
}

impl Default for GroupLoad {
    fn default() -> Self {
        GroupLoad::ShareOfScenario { factor: 1.0 }
    }
}

impl Scenario {
    /// The spec of group `g`: 0 is the primary `group`, 1.. the `extra_groups` in order.
    pub fn group_spec(&self, g: usize) -> Option<&GroupSpec> {
        match g {
            0 => Some(&self.group),
            _ => self.extra_groups.get(g - 1).map(|e| &e.group),
        }
    }

    /// The index of the group named `name` (`None` names the primary group).
    pub fn group_index(&self, name: Option<&str>) -> Option<usize> {
        let Some(name) = name else { return Some(0) };
        if self.group.name == name {
            return Some(0);
        }
        self.extra_groups
            .iter()
            .position(|e| e.group.name == name)
            .map(|i| i + 1)
    }
}
