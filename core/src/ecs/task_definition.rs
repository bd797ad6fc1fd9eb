//! Task definitions as immutable revisions (C1 model; ECS-DG task_definitions).
//!
//! Registering a task definition in a family creates the next revision, numbered from 1; a
//! revision never changes afterwards. It is named `family:revision`. Deregistering a revision
//! marks it `INACTIVE` (existing tasks and services keep running it; it can't be used for new
//! ones) and the number is never reused.

use serde::{Deserialize, Serialize};

/// A container health check (`healthCheck` in the container definition). Defaults are AWS's:
/// interval 30 s, timeout 5 s, retries 3, start period 0 (ECS-API:HealthCheck).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthCheck {
    pub interval_seconds: u32,
    pub timeout_seconds: u32,
    pub retries: u32,
    pub start_period_seconds: u32,
}

impl Default for HealthCheck {
    fn default() -> Self {
        HealthCheck {
            interval_seconds: 30,
            timeout_seconds: 5,
            retries: 3,
            start_period_seconds: 0,
        }
    }
}

impl HealthCheck {
    /// ECS-API:HealthCheck bounds: interval 5-300 s, timeout 2-60 s, retries 1-10, start
    /// period 0-300 s.
    pub fn validate(&self) -> Result<(), String> {
        let checks = [
            ("interval", self.interval_seconds, 5, 300),
            ("timeout", self.timeout_seconds, 2, 60),
            ("retries", self.retries, 1, 10),
            ("startPeriod", self.start_period_seconds, 0, 300),
        ];
        for (name, v, lo, hi) in checks {
            if v < lo || v > hi {
                return Err(format!(
                    "Invalid healthCheck {name}: {v} (must be between {lo} and {hi})"
                ));
            }
        }
        Ok(())
    }

    /// \[MODEL\]: the earliest time a container with this check can be reported HEALTHY after
    /// it starts: the first check runs one interval after start (the start period only forgives
    /// failures).
    pub fn first_healthy_after_ms(&self) -> u64 {
        self.interval_seconds as u64 * super::MS_PER_S
    }

    /// \[MODEL\]: how long a container that always fails takes to be reported UNHEALTHY:
    /// failures inside the start period don't count, then `retries` consecutive failures.
    pub fn unhealthy_after_ms(&self) -> u64 {
        let start = self.start_period_seconds as u64 * super::MS_PER_S;
        let interval = self.interval_seconds as u64 * super::MS_PER_S;
        // The first check that counts is the first one at or after the start period.
        let first_counted = if start == 0 {
            interval
        } else {
            start.div_ceil(interval).max(1) * interval
        };
        first_counted + (self.retries.saturating_sub(1) as u64) * interval
    }
}

/// What a revision specifies that the simulator cares about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskDefinitionSpec {
    /// Container image with tag, e.g. `web:1.4.2`.
    pub image: String,
    /// Task CPU units (1024 = 1 vCPU).
    pub cpu_units: u32,
    /// Task memory in MiB.
    pub memory_mib: u32,
    pub health_check: Option<HealthCheck>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskDefinitionStatus {
    ACTIVE,
    INACTIVE,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskDefinition {
    pub family: String,
    pub revision: u32,
    pub spec: TaskDefinitionSpec,
    pub status: TaskDefinitionStatus,
}

impl TaskDefinition {
    /// `family:revision`, as the console and the API's ARNs show it.
    pub fn name(&self) -> String {
        format!("{}:{}", self.family, self.revision)
    }
}

/// Longest family name (ECS-API:RegisterTaskDefinition: up to 255 letters, numbers, hyphens
/// and underscores).
pub const FAMILY_MAX_CHARS: usize = 255;

/// Every family's revisions, in registration order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registry {
    revisions: Vec<TaskDefinition>,
}

impl Registry {
    /// Registers the next revision of `family` and returns its `family:revision` name.
    pub fn register(&mut self, family: &str, spec: TaskDefinitionSpec) -> Result<String, String> {
        if family.is_empty()
            || family.len() > FAMILY_MAX_CHARS
            || !family
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(format!(
                "Invalid family name '{family}': up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed"
            ));
        }
        if let Some(h) = &spec.health_check {
            h.validate()?;
        }
        let revision = self
            .revisions
            .iter()
            .filter(|t| t.family == family)
            .map(|t| t.revision)
            .max()
            .unwrap_or(0)
            + 1;
        let td = TaskDefinition {
            family: family.to_string(),
            revision,
            spec,
            status: TaskDefinitionStatus::ACTIVE,
        };
        let name = td.name();
        self.revisions.push(td);
        Ok(name)
    }

    /// Looks up `family:revision`, or `family` alone for its latest ACTIVE revision (as
    /// UpdateService accepts).
    pub fn get(&self, name: &str) -> Option<&TaskDefinition> {
        match name.rsplit_once(':') {
            Some((family, rev)) => {
                let rev: u32 = rev.parse().ok()?;
                self.revisions
                    .iter()
                    .find(|t| t.family == family && t.revision == rev)
            }
            None => self
                .revisions
                .iter()
                .filter(|t| t.family == name && t.status == TaskDefinitionStatus::ACTIVE)
                .max_by_key(|t| t.revision),
        }
    }

    /// Marks a revision INACTIVE. Its number is never reused.
    pub fn deregister(&mut self, name: &str) -> Result<(), String> {
        let (family, rev) = name
            .rsplit_once(':')
            .ok_or_else(|| format!("Invalid revision: {name}"))?;
        let rev: u32 = rev
            .parse()
            .map_err(|_| format!("Invalid revision: {name}"))?;
        let td = self
            .revisions
            .iter_mut()
            .find(|t| t.family == family && t.revision == rev)
            .ok_or_else(|| "The specified task definition does not exist.".to_string())?;
        td.status = TaskDefinitionStatus::INACTIVE;
        Ok(())
    }

    pub fn revisions(&self) -> &[TaskDefinition] {
        &self.revisions
    }
}
