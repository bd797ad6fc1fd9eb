//! Reading one input object: [`Obj`] translates the API's key names into each format's spelling
//! (the AWS CLI and CloudFormation as the API, Terraform in snake case), marks every key read,
//! and lists the rest as unsupported.

use crate::import::{ImportError, Unsupported};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// How the keys of one object are spelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Case {
    /// `MinSize`: the Auto Scaling, EC2 and CloudWatch APIs, the CLI and CloudFormation.
    Pascal,
    /// `deploymentConfigName`: the CodeDeploy API and CLI.
    Camel,
    /// `min_size`: Terraform.
    Snake,
}

/// Which format the values come from, where shapes differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dialect {
    Cli,
    Cfn,
    Tf,
}

/// A key as the API spells it, with Terraform's spelling when the snake-case form of the API
/// name is not Terraform's.
pub(crate) trait Key {
    fn api(&self) -> &str;
    fn tf(&self) -> Option<&str>;
}
impl Key for &str {
    fn api(&self) -> &str {
        self
    }
    fn tf(&self) -> Option<&str> {
        None
    }
}
impl Key for (&str, &str) {
    fn api(&self) -> &str {
        self.0
    }
    fn tf(&self) -> Option<&str> {
        Some(self.1)
    }
}

/// `VPCZoneIdentifier` → `vpc_zone_identifier`.
pub(crate) fn snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
            let next = chars.get(i + 1).copied();
            let boundary = match prev {
                None => false,
                Some(p) if p.is_ascii_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_ascii_uppercase() => next.is_some_and(|n| n.is_ascii_lowercase()),
                _ => false,
            };
            if boundary {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// One input object being read: every key read is marked, and [`Obj::finish`] lists the rest.
pub(crate) struct Obj<'a> {
    map: &'a Map<String, Value>,
    pub(crate) path: String,
    case: Case,
    used: BTreeSet<String>,
}

/// Fields that AWS reports but that are state or identity, not configuration.
const READ_ONLY: [&str; 22] = [
    "AutoScalingGroupARN",
    "CreatedTime",
    "Instances",
    "Status",
    "PolicyARN",
    "Alarms",
    "ScheduledActionARN",
    "AlarmArn",
    "StateValue",
    "StateReason",
    "StateReasonData",
    "StateUpdatedTimestamp",
    "StateTransitionedTimestamp",
    "AlarmConfigurationUpdatedTimestamp",
    "CreateTime",
    "CreatedBy",
    "deploymentGroupId",
    "lastSuccessfulDeployment",
    "lastAttemptedDeployment",
    "targetRevision",
    "ServiceLinkedRoleARN",
    "GlobalTimeout",
];

impl<'a> Obj<'a> {
    pub(crate) fn new(v: &'a Value, path: &str, case: Case) -> Result<Obj<'a>, ImportError> {
        match v {
            Value::Object(map) => Ok(Obj {
                map,
                path: path.to_string(),
                case,
                used: BTreeSet::new(),
            }),
            other => Err(ImportError::new(
                path,
                format!("expected an object, found {}", kind(other)),
            )),
        }
    }

    fn key_name<K: Key>(&self, k: &K) -> String {
        match self.case {
            Case::Pascal => k.api().to_string(),
            Case::Camel => {
                let mut c = k.api().chars();
                match c.next() {
                    Some(f) => f.to_ascii_lowercase().to_string() + c.as_str(),
                    None => String::new(),
                }
            }
            Case::Snake => k.tf().map_or_else(|| snake(k.api()), str::to_string),
        }
    }

    pub(crate) fn child_path<K: Key>(&self, k: &K) -> String {
        join(&self.path, &self.key_name(k))
    }

    /// The value of a key (marking it read); `null` counts as absent.
    pub(crate) fn raw<K: Key>(&mut self, k: K) -> Option<&'a Value> {
        let name = self.key_name(&k);
        let v = self.map.get(&name);
        self.used.insert(name);
        v.filter(|v| !v.is_null())
    }

    pub(crate) fn has<K: Key>(&self, k: K) -> bool {
        self.map
            .get(&self.key_name(&k))
            .is_some_and(|v| !is_empty(v))
    }

    pub(crate) fn string<K: Key>(&mut self, k: K) -> Result<Option<String>, ImportError> {
        let path = self.child_path(&k);
        match self.raw(k) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(Value::Bool(b)) => Ok(Some(b.to_string())),
            Some(other) => Err(ImportError::new(
                path,
                format!("expected a string, found {}", kind(other)),
            )),
        }
    }

    pub(crate) fn f64<K: Key>(&mut self, k: K) -> Result<Option<f64>, ImportError> {
        let path = self.child_path(&k);
        let v = match self.raw(k) {
            None => return Ok(None),
            Some(Value::Number(n)) => n.as_f64(),
            Some(Value::String(s)) => s.trim().parse::<f64>().ok(),
            Some(_) => None,
        };
        match v {
            Some(x) if x.is_finite() => Ok(Some(x)),
            _ => Err(ImportError::new(path, "expected a number")),
        }
    }

    pub(crate) fn i64<K: Key>(&mut self, k: K) -> Result<Option<i64>, ImportError> {
        let path = self.child_path(&k);
        let v = match self.raw(k) {
            None => return Ok(None),
            Some(Value::Number(n)) => n.as_i64(),
            Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
            Some(_) => None,
        };
        v.map(Some)
            .ok_or_else(|| ImportError::new(path, "expected a whole number"))
    }

    pub(crate) fn u32<K: Key>(&mut self, k: K) -> Result<Option<u32>, ImportError> {
        let path = self.child_path(&k);
        match self.i64(k)? {
            None => Ok(None),
            Some(n) => u32::try_from(n).map(Some).map_err(|_| {
                ImportError::new(
                    path,
                    format!("{n} is not a whole number from 0 to 4294967295"),
                )
            }),
        }
    }

    pub(crate) fn bool<K: Key>(&mut self, k: K) -> Result<Option<bool>, ImportError> {
        let path = self.child_path(&k);
        match self.raw(k) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(other) => Err(ImportError::new(
                path,
                format!("expected true or false, found {}", kind(other)),
            )),
        }
    }

    pub(crate) fn strings<K: Key>(&mut self, k: K) -> Result<Option<Vec<String>>, ImportError> {
        let path = self.child_path(&k);
        match self.raw(k) {
            None => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| match v {
                    Value::String(s) => Ok(s.clone()),
                    Value::Number(n) => Ok(n.to_string()),
                    other => Err(ImportError::new(
                        format!("{path}[{i}]"),
                        format!("expected a string, found {}", kind(other)),
                    )),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Some(Value::String(s)) => Ok(Some(vec![s.clone()])),
            Some(other) => Err(ImportError::new(
                path,
                format!("expected a list of strings, found {}", kind(other)),
            )),
        }
    }

    /// An AWS enum value, read with the scenario's own serde names (which are AWS's spellings).
    pub(crate) fn enumeration<T: DeserializeOwned, K: Key>(
        &mut self,
        k: K,
        allowed: &str,
    ) -> Result<Option<T>, ImportError> {
        let path = self.child_path(&k);
        match self.string(k)? {
            None => Ok(None),
            Some(s) => parse_enum(&s)
                .map(Some)
                .ok_or_else(|| ImportError::new(path, format!("'{s}' is not one of {allowed}"))),
        }
    }

    /// A nested object (Terraform writes a nested block as a list of one object).
    pub(crate) fn obj<K: Key>(
        &mut self,
        k: K,
        out: &mut Vec<Unsupported>,
    ) -> Result<Option<Obj<'a>>, ImportError> {
        let path = self.child_path(&k);
        let case = self.case;
        match self.raw(k) {
            None => Ok(None),
            Some(Value::Array(items)) => {
                for (i, _) in items.iter().enumerate().skip(1) {
                    out.push(unsupported(
                        format!("{path}[{i}]"),
                        "only one such block is read; the first one is used",
                    ));
                }
                match items.first() {
                    None => Ok(None),
                    Some(v) => Obj::new(v, &format!("{path}[0]"), case).map(Some),
                }
            }
            Some(v) => Obj::new(v, &path, case).map(Some),
        }
    }

    /// A list of objects (a single object counts as a list of one).
    pub(crate) fn objs<K: Key>(&mut self, k: K) -> Result<Vec<Obj<'a>>, ImportError> {
        let path = self.child_path(&k);
        let case = self.case;
        match self.raw(k) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| Obj::new(v, &format!("{path}[{i}]"), case))
                .collect(),
            Some(v) => Ok(vec![Obj::new(v, &path, case)?]),
        }
    }

    /// Marks a key as read and lists it as unsupported with a reason, if it holds something.
    pub(crate) fn skip<K: Key>(&mut self, k: K, reason: &str, out: &mut Vec<Unsupported>) {
        let path = self.child_path(&k);
        if let Some(v) = self.raw(k) {
            if !is_empty(v) {
                out.push(unsupported(path, reason));
            }
        }
    }

    /// Lists every key that was not read (null and empty values hold nothing and are passed).
    pub(crate) fn finish(self, out: &mut Vec<Unsupported>) {
        for (k, v) in self.map {
            if self.used.contains(k) || is_empty(v) {
                continue;
            }
            let reason = if READ_ONLY.contains(&k.as_str()) {
                "state reported by AWS, not configuration"
            } else {
                "not modelled by the simulator"
            };
            out.push(unsupported(join(&self.path, k), reason));
        }
    }
}

pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

pub(crate) fn unsupported(path: impl Into<String>, reason: &str) -> Unsupported {
    Unsupported {
        file: String::new(),
        line: None,
        path: path.into(),
        reason: reason.to_string(),
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

pub(crate) fn parse_enum<T: DeserializeOwned>(s: &str) -> Option<T> {
    serde_json::from_value(Value::String(s.to_string())).ok()
}

/// The fake ARN this importer gives a scaling policy whose real ARN the input does not hold
/// (a CloudFormation `Ref`, a Terraform `.arn`): alarms find their policy by it.
pub(crate) fn policy_arn(group: &str, name: &str) -> String {
    format!("arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:00000000-0000-0000-0000-000000000000:autoScalingGroupName/{group}:policyName/{name}")
}
