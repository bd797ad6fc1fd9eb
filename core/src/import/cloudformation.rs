//! CloudFormation templates, JSON or YAML: AWS::AutoScaling::AutoScalingGroup,
//! LaunchConfiguration, ScalingPolicy, ScheduledAction and LifecycleHook; AWS::EC2::LaunchTemplate;
//! AWS::CloudWatch::Alarm; AWS::CodeDeploy::Application, DeploymentGroup and DeploymentConfig.
//!
//! Before the mapping, intrinsic functions are resolved the way CloudFormation would at stack
//! creation: `Ref` (parameters' `Default`, pseudo parameters, other resources), `Fn::GetAtt`,
//! `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Base64`, `Fn::FindInMap`, `Fn::GetAZs`. A property
//! that cannot be resolved (`Fn::If`, `Fn::ImportValue`, a parameter without a default) is
//! listed as unsupported with the reason.
//!
//! Names the template does not set are the logical ids, or `Metadata.Scaleout.Name` (which the
//! exporter writes for ScalingPolicy and ScheduledAction, whose names CloudFormation
//! generates).

use base64::Engine;
use serde_json::{Map, Value};

use super::map::{unsupported, Case, Collected, Dialect, Obj};
use super::ImportError;

/// The region the pseudo parameter `AWS::Region` stands for.
pub const REGION: &str = "us-east-1";
const ACCOUNT: &str = "123456789012";
/// Deepest chain of references followed (a longer one is a cycle).
const MAX_DEPTH: usize = 64;

/// Parses a template, JSON or YAML, into JSON values (YAML short forms such as `!Ref` become
/// the JSON long forms).
pub fn parse(text: &str) -> Result<Value, ImportError> {
    let t = text.trim_start_matches('\u{feff}');
    if t.trim_start().starts_with('{') {
        return serde_json::from_str(t).map_err(|e| ImportError {
            file: String::new(),
            line: Some(e.line()),
            path: String::new(),
            message: format!("not valid JSON: {e}"),
        });
    }
    let y: serde_yaml::Value = serde_yaml::from_str(t).map_err(|e| ImportError {
        file: String::new(),
        line: e.location().map(|l| l.line()),
        path: String::new(),
        message: format!("not valid YAML: {e}"),
    })?;
    yaml_to_json(&y, "")
}

fn yaml_to_json(y: &serde_yaml::Value, path: &str) -> Result<Value, ImportError> {
    use serde_yaml::Value as Y;
    Ok(match y {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(*b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .unwrap_or_else(|| Value::String(n.to_string()))
            }
        }
        Y::String(s) => Value::String(s.clone()),
        Y::Sequence(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| yaml_to_json(v, &format!("{path}[{i}]")))
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                let key = match k {
                    Y::String(s) => s.clone(),
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    _ => return Err(ImportError::new(path, "a mapping key that is not a string")),
                };
                let child = super::map::join(path, &key);
                out.insert(key, yaml_to_json(v, &child)?);
            }
            Value::Object(out)
        }
        Y::Tagged(t) => {
            let tag = t.tag.to_string();
            let tag = tag.trim_start_matches('!');
            let name = match tag {
                "Ref" | "Condition" => tag.to_string(),
                other => format!("Fn::{other}"),
            };
            let mut inner = yaml_to_json(&t.value, path)?;
            // `!GetAtt A.B` is the short form of `Fn::GetAtt: [A, B]`.
            if name == "Fn::GetAtt" {
                if let Value::String(s) = &inner {
                    if let Some((a, b)) = s.split_once('.') {
                        inner = Value::Array(vec![a.into(), b.into()]);
                    }
                }
            }
            let mut m = Map::new();
            m.insert(name, inner);
            Value::Object(m)
        }
    })
}

/// Most resolution steps for one template: references that fan out (each name built from two
/// others, and so on) would otherwise take exponential time.
const MAX_STEPS: u32 = 200_000;

struct Template<'a> {
    /// Resolution steps left (see [`MAX_STEPS`]).
    budget: std::cell::Cell<u32>,
    params: Map<String, Value>,
    resources: &'a Map<String, Value>,
    mappings: Map<String, Value>,
}

/// What resolving gave: a value, `AWS::NoValue` (the property is dropped, as CloudFormation
/// does), or a reason it cannot be resolved.
type Resolved = Result<Option<Value>, String>;

impl<'a> Template<'a> {
    fn resource_type(&self, logical: &str) -> Option<&str> {
        self.resources.get(logical)?.get("Type")?.as_str()
    }

    fn prop(&self, logical: &str, key: &str, depth: usize) -> Option<String> {
        let v = self.resources.get(logical)?.get("Properties")?.get(key)?;
        match self.resolve(v, depth + 1) {
            Ok(Some(Value::String(s))) => Some(s),
            Ok(Some(Value::Number(n))) => Some(n.to_string()),
            _ => None,
        }
    }

    fn default_name(&self, logical: &str) -> String {
        self.resources
            .get(logical)
            .and_then(|r| r.get("Metadata"))
            .and_then(|m| m.get("Scaleout"))
            .and_then(|m| m.get("Name"))
            .and_then(Value::as_str)
            .map_or_else(|| logical.to_string(), str::to_string)
    }

    /// What `Ref` returns for a resource (the resource type's documented return value).
    fn ref_resource(&self, logical: &str, depth: usize) -> Option<String> {
        let ty = self.resource_type(logical)?;
        let named = |key: &str| {
            self.prop(logical, key, depth)
                .unwrap_or_else(|| self.default_name(logical))
        };
        Some(match ty {
            "AWS::AutoScaling::AutoScalingGroup" => named("AutoScalingGroupName"),
            "AWS::AutoScaling::LaunchConfiguration" => named("LaunchConfigurationName"),
            "AWS::EC2::LaunchTemplate" => format!("lt-ref-{logical}"),
            "AWS::AutoScaling::ScalingPolicy" => {
                let group = self
                    .prop(logical, "AutoScalingGroupName", depth)
                    .unwrap_or_default();
                super::map::policy_arn(&group, &self.default_name(logical))
            }
            "AWS::CloudWatch::Alarm" => named("AlarmName"),
            "AWS::AutoScaling::LifecycleHook" => named("LifecycleHookName"),
            "AWS::CodeDeploy::Application" => named("ApplicationName"),
            "AWS::CodeDeploy::DeploymentGroup" => named("DeploymentGroupName"),
            "AWS::CodeDeploy::DeploymentConfig" => named("DeploymentConfigName"),
            _ => self.default_name(logical),
        })
    }

    fn get_att(&self, logical: &str, attr: &str, depth: usize) -> Result<Value, String> {
        let ty = self.resource_type(logical).ok_or_else(|| {
            format!("Fn::GetAtt of {logical}, which is not a resource of the template")
        })?;
        Ok(Value::String(match (ty, attr) {
            // A1.6: the group's version, which CloudFormation only takes from these attributes.
            ("AWS::EC2::LaunchTemplate", "LatestVersionNumber") => "$Latest".into(),
            ("AWS::EC2::LaunchTemplate", "DefaultVersionNumber") => "$Default".into(),
            ("AWS::EC2::LaunchTemplate", "LaunchTemplateId") => format!("lt-ref-{logical}"),
            ("AWS::AutoScaling::ScalingPolicy", "Arn") => {
                self.ref_resource(logical, depth).unwrap_or_default()
            }
            ("AWS::AutoScaling::ScalingPolicy", "PolicyName") => self.default_name(logical),
            _ => format!("{logical}.{attr}"),
        }))
    }

    fn ref_name(&self, name: &str, depth: usize) -> Resolved {
        match name {
            "AWS::NoValue" => return Ok(None),
            "AWS::Region" => return Ok(Some(REGION.into())),
            "AWS::AccountId" => return Ok(Some(ACCOUNT.into())),
            "AWS::Partition" => return Ok(Some("aws".into())),
            "AWS::StackName" => return Ok(Some("scaleout".into())),
            "AWS::URLSuffix" => return Ok(Some("amazonaws.com".into())),
            "AWS::StackId" => {
                return Ok(Some(
                    format!("arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/scaleout/00000000-0000-0000-0000-000000000000")
                        .into(),
                ))
            }
            _ => {}
        }
        if let Some(p) = self.params.get(name) {
            let Some(default) = p.get("Default") else {
                return Err(format!(
                    "Ref {name}: the parameter has no Default (give one, or import with the value written in)"
                ));
            };
            let is_list = p
                .get("Type")
                .and_then(Value::as_str)
                .is_some_and(|t| t.starts_with("List<") || t == "CommaDelimitedList");
            return Ok(Some(match default {
                Value::String(s) if is_list => Value::Array(
                    s.split(',')
                        .map(|x| Value::String(x.trim().to_string()))
                        .collect(),
                ),
                other => other.clone(),
            }));
        }
        match self.ref_resource(name, depth) {
            Some(v) => Ok(Some(Value::String(v))),
            None => Err(format!("Ref {name}: no parameter or resource of that name")),
        }
    }

    fn resolve(&self, v: &Value, depth: usize) -> Resolved {
        if depth > MAX_DEPTH {
            return Err("references nest too deep (a cycle?)".into());
        }
        let left = self.budget.get();
        if left == 0 {
            return Err("references expand too far (more than 200,000 steps)".into());
        }
        self.budget.set(left - 1);
        let d = depth + 1;
        match v {
            Value::Object(m) if m.len() == 1 => {
                let Some((k, arg)) = m.iter().next() else {
                    return Ok(Some(v.clone()));
                };
                match k.as_str() {
                    "Ref" => match arg {
                        Value::String(name) => self.ref_name(name, d),
                        _ => Err("Ref takes a name".into()),
                    },
                    "Fn::GetAtt" => {
                        let (a, b) = match arg {
                            Value::Array(x) if x.len() == 2 => {
                                let b = match self.resolve(&x[1], d)? {
                                    Some(Value::String(s)) => s,
                                    _ => return Err("Fn::GetAtt: the attribute is not a name".into()),
                                };
                                (x[0].as_str().unwrap_or_default().to_string(), b)
                            }
                            Value::String(s) => match s.split_once('.') {
                                Some((a, b)) => (a.to_string(), b.to_string()),
                                None => return Err("Fn::GetAtt takes Resource.Attribute".into()),
                            },
                            _ => return Err("Fn::GetAtt takes [Resource, Attribute]".into()),
                        };
                        self.get_att(&a, &b, d).map(Some)
                    }
                    "Fn::Sub" => self.sub(arg, d).map(|s| Some(Value::String(s))),
                    "Fn::Join" => {
                        let Value::Array(x) = arg else {
                            return Err("Fn::Join takes [delimiter, [values]]".into());
                        };
                        let (Some(Value::String(delim)), Some(list)) = (x.first(), x.get(1)) else {
                            return Err("Fn::Join takes [delimiter, [values]]".into());
                        };
                        let Some(Value::Array(items)) = self.resolve(list, d)? else {
                            return Err("Fn::Join: the values are not a list".into());
                        };
                        let parts: Vec<String> = items.iter().map(scalar_string).collect::<Result<_, _>>()?;
                        Ok(Some(Value::String(parts.join(delim))))
                    }
                    "Fn::Select" => {
                        let Value::Array(x) = arg else {
                            return Err("Fn::Select takes [index, [values]]".into());
                        };
                        let idx = match x.first().map(|i| self.resolve(i, d)) {
                            Some(Ok(Some(Value::Number(n)))) => n.as_u64(),
                            Some(Ok(Some(Value::String(s)))) => s.parse::<u64>().ok(),
                            _ => None,
                        }
                        .ok_or("Fn::Select: the index is not a whole number")?;
                        let Some(Value::Array(items)) = x.get(1).map(|l| self.resolve(l, d)).transpose()?.flatten() else {
                            return Err("Fn::Select: the values are not a list".into());
                        };
                        usize::try_from(idx)
                            .ok()
                            .and_then(|i| items.get(i).cloned())
                            .map(Some)
                            .ok_or_else(|| "Fn::Select: the index is past the end of the list".into())
                    }
                    "Fn::Base64" => {
                        let s = match self.resolve(arg, d)? {
                            Some(v) => scalar_string(&v)?,
                            None => String::new(),
                        };
                        Ok(Some(Value::String(
                            base64::engine::general_purpose::STANDARD.encode(s.as_bytes()),
                        )))
                    }
                    "Fn::FindInMap" => {
                        let Value::Array(x) = arg else {
                            return Err("Fn::FindInMap takes [map, key, key]".into());
                        };
                        let keys: Vec<String> = x
                            .iter()
                            .map(|k| match self.resolve(k, d)? {
                                Some(v) => scalar_string(&v),
                                None => Err("Fn::FindInMap: a key is AWS::NoValue".into()),
                            })
                            .collect::<Result<_, _>>()?;
                        let [m, k1, k2] = keys.as_slice() else {
                            return Err("Fn::FindInMap takes [map, key, key]".into());
                        };
                        self.mappings
                            .get(m)
                            .and_then(|m| m.get(k1))
                            .and_then(|m| m.get(k2))
                            .cloned()
                            .map(Some)
                            .ok_or_else(|| format!("Fn::FindInMap: {m}.{k1}.{k2} is not in Mappings"))
                    }
                    "Fn::GetAZs" => Ok(Some(Value::Array(
                        ["a", "b", "c"]
                            .iter()
                            .map(|z| Value::String(format!("{REGION}{z}")))
                            .collect(),
                    ))),
                    f if f.starts_with("Fn::") || f == "Condition" => Err(format!(
                        "{f} is not resolved by this importer (write the value in, or give the parameter a Default)"
                    )),
                    _ => self.resolve_map(m, d),
                }
            }
            Value::Object(m) => self.resolve_map(m, d),
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    if let Some(v) = self.resolve(i, d)? {
                        out.push(v);
                    }
                }
                Ok(Some(Value::Array(out)))
            }
            other => Ok(Some(other.clone())),
        }
    }

    fn resolve_map(&self, m: &Map<String, Value>, depth: usize) -> Resolved {
        let mut out = Map::new();
        for (k, v) in m {
            if let Some(v) = self.resolve(v, depth)? {
                out.insert(k.clone(), v);
            }
        }
        Ok(Some(Value::Object(out)))
    }

    /// `Fn::Sub`: `${Name}`, `${Resource.Attribute}`, `${!Literal}`, and the variable map.
    fn sub(&self, arg: &Value, depth: usize) -> Result<String, String> {
        let (text, vars) = match arg {
            Value::String(s) => (s.as_str(), None),
            Value::Array(x) => match (x.first(), x.get(1)) {
                (Some(Value::String(s)), Some(Value::Object(m))) => (s.as_str(), Some(m)),
                _ => return Err("Fn::Sub takes a string or [string, {variables}]".into()),
            },
            _ => return Err("Fn::Sub takes a string or [string, {variables}]".into()),
        };
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find("${") {
            out.push_str(&rest[..at]);
            let after = &rest[at + 2..];
            let Some(end) = after.find('}') else {
                return Err("Fn::Sub: '${' without its '}'".into());
            };
            let name = &after[..end];
            if let Some(lit) = name.strip_prefix('!') {
                out.push_str("${");
                out.push_str(lit);
                out.push('}');
            } else {
                let name = name.trim();
                let value = if let Some(v) = vars.and_then(|m| m.get(name)) {
                    self.resolve(v, depth)?
                } else if let Some((a, b)) = name.split_once('.') {
                    Some(self.get_att(a, b, depth)?)
                } else {
                    self.ref_name(name, depth)?
                };
                if let Some(v) = value {
                    out.push_str(&scalar_string(&v)?);
                }
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

fn scalar_string(v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        _ => Err("a list or object where text is expected".into()),
    }
}

const TOP_LEVEL_READ: [&str; 5] = [
    "AWSTemplateFormatVersion",
    "Description",
    "Parameters",
    "Resources",
    "Mappings",
];

/// Reads a template into `c`.
pub(crate) fn collect(text: &str, c: &mut Collected) -> Result<(), ImportError> {
    let doc = parse(text)?;
    let Value::Object(top) = &doc else {
        return Err(ImportError::new(
            "",
            "a template is an object with Resources",
        ));
    };
    let Some(Value::Object(resources)) = top.get("Resources") else {
        return Err(ImportError::new(
            "Resources",
            "the template has no Resources object",
        ));
    };
    for (k, v) in top {
        if !TOP_LEVEL_READ.contains(&k.as_str()) && !v.is_null() {
            c.unsupported
                .push(unsupported(k.clone(), "not read by this importer"));
        }
    }
    let obj_of = |k: &str| match top.get(k) {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    };
    let t = Template {
        budget: std::cell::Cell::new(MAX_STEPS),
        params: obj_of("Parameters"),
        resources,
        mappings: obj_of("Mappings"),
    };
    // Groups first, so that policies and alarms can be checked against them in any order.
    let order = [
        "AWS::EC2::LaunchTemplate",
        "AWS::AutoScaling::LaunchConfiguration",
        "AWS::AutoScaling::AutoScalingGroup",
        "AWS::AutoScaling::LifecycleHook",
        "AWS::AutoScaling::ScalingPolicy",
        "AWS::CloudWatch::Alarm",
        "AWS::AutoScaling::ScheduledAction",
        "AWS::CodeDeploy::Application",
        "AWS::CodeDeploy::DeploymentConfig",
        "AWS::CodeDeploy::DeploymentGroup",
    ];
    for (logical, r) in resources {
        let ty = r.get("Type").and_then(Value::as_str).unwrap_or_default();
        if !order.contains(&ty) {
            c.unsupported.push(unsupported(
                format!("Resources.{logical}"),
                &format!("resource type {ty} is not modelled"),
            ));
        }
    }
    // JSON objects carry no order once parsed: take the resources' order from the text, so
    // that policies, alarms and scheduled actions keep the order they are written in.
    let mut in_order = resource_order(text);
    for k in resources.keys() {
        if !in_order.contains(k) {
            in_order.push(k.clone());
        }
    }
    for ty in order {
        for logical in &in_order {
            let Some(r) = resources.get(logical) else {
                continue;
            };
            if r.get("Type").and_then(Value::as_str) != Some(ty) {
                continue;
            }
            resource(&t, logical, r, ty, c)?;
        }
    }
    Ok(())
}

/// The logical ids of `Resources`, in the order the text writes them (JSON is YAML, so one
/// reader serves both). Empty when the text cannot be read that way.
fn resource_order(text: &str) -> Vec<String> {
    use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
    struct Keys(Vec<String>);
    impl<'de> serde::Deserialize<'de> for Keys {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Keys, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Keys;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a map")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Keys, A::Error> {
                    let mut keys = Vec::new();
                    while let Some(k) = m.next_key::<String>()? {
                        m.next_value::<IgnoredAny>()?;
                        keys.push(k);
                    }
                    Ok(Keys(keys))
                }
            }
            d.deserialize_map(V)
        }
    }
    #[derive(serde::Deserialize)]
    struct Top {
        #[serde(rename = "Resources")]
        resources: Keys,
    }
    serde_yaml::from_str::<Top>(text.trim_start_matches('\u{feff}'))
        .map(|t| t.resources.0)
        .unwrap_or_default()
}

fn resource(
    t: &Template<'_>,
    logical: &str,
    r: &Value,
    ty: &str,
    c: &mut Collected,
) -> Result<(), ImportError> {
    let rpath = format!("Resources.{logical}");
    let mut ro = Obj::new(r, &rpath, Case::Pascal)?;
    ro.raw("Type");
    if let Some(Value::Object(meta)) = ro.raw("Metadata") {
        for (k, v) in meta {
            match (k.as_str(), v) {
                ("Scaleout", Value::Object(m)) if m.len() == 1 && m.contains_key("Name") => {}
                _ => c.unsupported.push(unsupported(
                    format!("{rpath}.Metadata.{k}"),
                    "metadata is not read (except Scaleout.Name)",
                )),
            }
        }
    }
    let empty = Value::Object(Map::new());
    let raw_props = ro.raw("Properties").unwrap_or(&empty);
    ro.finish(&mut c.unsupported);
    let ppath = format!("{rpath}.Properties");
    let Value::Object(raw_props) = raw_props else {
        return Err(ImportError::new(ppath, "Properties is not an object"));
    };
    // Resolve each property on its own, so that one unresolvable property is listed and the
    // rest still read.
    let mut props = Map::new();
    for (k, v) in raw_props {
        match t.resolve(v, 0) {
            Ok(Some(v)) => {
                props.insert(k.clone(), v);
            }
            Ok(None) => {}
            Err(reason) => c
                .unsupported
                .push(unsupported(format!("{ppath}.{k}"), &reason)),
        }
    }
    let props = Value::Object(props);
    let mut o = Obj::new(&props, &ppath, Case::Pascal)?;
    let name = t.default_name(logical);
    match ty {
        "AWS::EC2::LaunchTemplate" => {
            let lt_name = o
                .string("LaunchTemplateName")?
                .unwrap_or_else(|| name.clone());
            let description = o.string("VersionDescription")?.unwrap_or_default();
            let mut version = match o.obj("LaunchTemplateData", &mut c.unsupported)? {
                Some(mut data) => {
                    let v = c.template_data(&mut data)?;
                    data.finish(&mut c.unsupported);
                    v
                }
                None => return Err(ImportError::new(ppath, "LaunchTemplateData is missing")),
            };
            version.description = description;
            c.add_template_version(
                Some(format!("lt-ref-{logical}")),
                lt_name,
                Some(1),
                true,
                version,
            )
            .map_err(|m| ImportError::new(ppath, m))?;
        }
        "AWS::AutoScaling::LaunchConfiguration" => {
            c.launch_configuration(&mut o, Dialect::Cfn, &name)?
        }
        "AWS::AutoScaling::AutoScalingGroup" => c.group(&mut o, Dialect::Cfn, &name)?,
        "AWS::AutoScaling::LifecycleHook" => c.lifecycle_hook(&mut o, Dialect::Cfn, Some(&name))?,
        "AWS::AutoScaling::ScalingPolicy" => {
            // The ARN alarms reference through Ref (see `ref_resource`).
            if let Some(Value::String(arn)) = t.ref_name(logical, 0).ok().flatten() {
                c.policy(&mut o, Dialect::Cfn, &name)?;
                if let Some(p) = c.policies.last_mut() {
                    p.arn = Some(arn);
                }
            }
        }
        "AWS::CloudWatch::Alarm" => c.alarm(&mut o, Dialect::Cfn, &name)?,
        "AWS::AutoScaling::ScheduledAction" => c.scheduled(&mut o, Dialect::Cfn, &name)?,
        "AWS::CodeDeploy::Application" => {
            o.raw("ApplicationName");
            if let Some(p) = o.string("ComputePlatform")? {
                if p != "Server" {
                    c.unsupported.push(unsupported(
                        format!("{ppath}.ComputePlatform"),
                        "only EC2/On-Premises (Server) applications are modelled",
                    ));
                }
            }
        }
        "AWS::CodeDeploy::DeploymentConfig" => c.deployment_config(&mut o, &name)?,
        "AWS::CodeDeploy::DeploymentGroup" => c.deployment_group(&mut o, Dialect::Cfn, &name)?,
        _ => {}
    }
    o.finish(&mut c.unsupported);
    Ok(())
}
