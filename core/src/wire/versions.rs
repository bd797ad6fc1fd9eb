//! Format versions of share links and scenario files, kept apart from the model in memory.
//!
//! One number, [`VERSION`], names the format of both: a link starts with it (a byte), a file
//! carries it as `"format_version"` (a file without it is version 1, the files written before
//! the field existed). Version N's link bytes are the postcard encoding of the scenario as the
//! wire schema of version N describes it; version N's file is the JSON of the same types.
//!
//! The current version is read directly (postcard for links, the [`super`] codec or serde for
//! files). An older version is brought up to the current one as JSON: a link's bytes are read
//! with that version's frozen schema (`schema_v1.rs`, ...) into its JSON, a file already is its
//! JSON; then each later version's [`Released::upgrade`] runs in turn (renamed or moved fields),
//! and the current codec reads the result, filling every field added since with its default.
//! The steps when the model changes are in docs/architecture.md ("Formats").

use serde_json::Value;

use super::{schema_v1, schema_v2, schema_v3, Schema};
use crate::validate::Problem;

/// The current format of links and files. Bumped whenever the scenario's wire schema changes
/// (the `wire_schema` test says so); every released version stays readable.
pub const VERSION: u8 = 3;

/// The field of a scenario file that holds its format version.
pub const FILE_VERSION_FIELD: &str = "format_version";

/// A released format older than [`VERSION`].
pub struct Released {
    /// Its wire schema, frozen on the day it was released (for its links' bytes).
    pub schema: Schema,
    /// Turns its JSON into the next version's: renames and moves fields, drops removed ones.
    /// An added field needs nothing (the reader fills its default).
    pub upgrade: fn(&mut Value),
}

/// Every released version older than [`VERSION`], oldest first: `OLD[v - 1]` is version `v`.
pub const OLD: &[Released] = &[
    Released {
        schema: schema_v1::CONTAINERS,
        upgrade: upgrade_v1,
    },
    Released {
        schema: schema_v2::CONTAINERS,
        upgrade: upgrade_v2,
    },
];

/// Version 1 to 2: fields were added only (the EKS `kubernetes` section, `assumptions.kubernetes`
/// and the `Kubectl`, `GitCommit` and `ArgoCdSync` actions; `extra_groups`, and `group` on alarms,
/// policies and scheduled actions), which the reader fills with their defaults: the same run.
fn upgrade_v1(_value: &mut Value) {}

/// Version 2 to 3: fields and variants were added only (the optional Amazon ECS `ecs` section
/// with its service auto scaling, the ECS metrics, the `RegisterTaskDefinition` and
/// `UpdateService` actions), which the reader fills with their defaults: the same run.
fn upgrade_v2(_value: &mut Value) {}

/// The frozen schema of version `version` (also the current one's, which equals the generated
/// schema; the `wire_schema` test checks that).
pub fn frozen_schema(version: u8) -> Option<Schema> {
    match version {
        1 => Some(schema_v1::CONTAINERS),
        2 => Some(schema_v2::CONTAINERS),
        3 => Some(schema_v3::CONTAINERS),
        _ => None,
    }
}

/// Brings the JSON of format `version` up to the current version, in place.
pub fn upgrade(version: u8, value: &mut Value) -> Result<(), String> {
    if version == 0 || version > VERSION {
        return Err(format!(
            "format version {version} is not one this version of Scaleout reads (1 to {VERSION})"
        ));
    }
    for old in OLD.iter().skip(usize::from(version) - 1) {
        (old.upgrade)(value);
    }
    Ok(())
}

/// Takes a file's `"format_version"` out of its JSON (a file without one is version 1) and
/// brings the rest up to the current version: the result is the current model's JSON. Returns
/// the file's version.
pub fn file_to_current(value: &mut Value) -> Result<u8, Problem> {
    let version = match value.get(FILE_VERSION_FIELD) {
        None => 1,
        Some(v) => match v.as_u64().filter(|n| (1..=u64::from(VERSION)).contains(n)) {
            Some(n) => n as u8,
            None => {
                return Err(Problem {
                    path: FILE_VERSION_FIELD.into(),
                    message: format!(
                        "This Scaleout reads file format versions 1 to {VERSION}; a higher one \
                         is from a newer Scaleout."
                    ),
                })
            }
        },
    };
    if let Value::Object(fields) = value {
        // Rebuilt without the version (cheaper in the page than a map's `remove`).
        *fields = std::mem::take(fields)
            .into_iter()
            .filter(|(k, _)| k != FILE_VERSION_FIELD)
            .collect();
    }
    upgrade(version, value).map_err(|message| Problem {
        path: FILE_VERSION_FIELD.into(),
        message,
    })?;
    Ok(version)
}

/// A scenario file's JSON, any released version: every problem with its JSON path, or the
/// scenario (the page's file reader).
pub fn scenario_from_file(mut value: Value) -> Result<crate::Scenario, Vec<Problem>> {
    file_to_current(&mut value).map_err(|p| vec![p])?;
    super::scenario_from_json(&value)
}

/// A scenario's JSON text (an object, as `write_pretty` or serde_json's pretty printer writes
/// it) as a file of the current version: `"format_version"` first, then the scenario's fields.
fn with_file_version(scenario_text: &str) -> String {
    let fields = scenario_text.strip_prefix('{').unwrap_or(scenario_text);
    format!("{{\n  \"{FILE_VERSION_FIELD}\": {VERSION},{fields}")
}

/// The page's file writer: the current version's file text (what [`file_text`] writes).
pub fn scenario_to_file_json(s: &crate::Scenario) -> Result<String, String> {
    super::scenario_to_json_pretty(s).map(|text| with_file_version(&text))
}

/// The runner's file writer: the current version's file text.
pub fn file_text(s: &crate::Scenario) -> String {
    with_file_version(&s.to_json_pretty())
}
