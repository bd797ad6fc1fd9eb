//! Terraform HCL: `aws_autoscaling_group`, `aws_launch_template`, `aws_launch_configuration`,
//! `aws_autoscaling_policy`, `aws_autoscaling_schedule`, `aws_autoscaling_lifecycle_hook`,
//! `aws_cloudwatch_metric_alarm`, `aws_codedeploy_app`, `aws_codedeploy_deployment_group` and
//! `aws_codedeploy_deployment_config`, as the AWS provider documents their arguments.
//!
//! References are resolved the way `terraform plan` would know them: `var.x` takes the
//! variable's `default`, `local.x` the local value, and `<type>.<label>.<attribute>` the other
//! resource's argument (or, for attributes AWS computes, what this importer stands in for them:
//! a launch template's `id`, `latest_version` and `default_version`, a policy's `arn`). Function
//! calls other than `base64encode`, `tostring` and `tonumber`, conditionals and `for`
//! expressions are not evaluated: the argument is listed as unsupported with the reason.

use base64::Engine;
use hcl::expr::{Expression, ObjectKey, TemplateExpr, TraversalOperator};
use hcl::template::Element;
use hcl::{Block, Body, Structure, Template};
use serde_json::{Map, Value};

use super::map::{join, policy_arn, unsupported, Case, Collected, Dialect, Obj};
use super::{ImportError, InputFile};

const MAX_DEPTH: usize = 64;

/// Most evaluation steps for one file (references that fan out would take exponential time).
const MAX_STEPS: u32 = 200_000;

struct Module<'a> {
    /// Evaluation steps left (see [`MAX_STEPS`]).
    budget: std::cell::Cell<u32>,
    vars: Vec<(String, Option<&'a Expression>)>,
    locals: Vec<(String, &'a Expression)>,
    /// (type, label, body, index of the file)
    resources: Vec<(String, String, &'a Body, usize)>,
}

fn label(b: &Block, i: usize) -> Option<String> {
    b.labels.get(i).map(|l| l.as_str().to_string())
}

/// Parses HCL; errors carry the line.
fn parse(text: &str) -> Result<Body, ImportError> {
    hcl::parse(text.trim_start_matches('\u{feff}')).map_err(|e| {
        let line = match &e {
            hcl::Error::Parse(p) => Some(p.location().line()),
            _ => None,
        };
        ImportError {
            file: String::new(),
            line,
            path: String::new(),
            message: format!(
                "not valid HCL: {}",
                e.to_string().lines().next().unwrap_or("")
            ),
        }
    })
}

/// Reads several files of one Terraform module together (`variables.tf`, `main.tf`, ...), so
/// that references between them resolve. Each listed field and each error names its own file.
/// `files` pairs each file with its index among all the input files.
pub(crate) fn collect_many(
    files: &[(usize, &InputFile<'_>)],
    c: &mut Collected,
) -> Result<(), ImportError> {
    let tag_error = |src: usize, mut e: ImportError| {
        if let Some((_, f)) = files.iter().find(|(i, _)| *i == src) {
            e.file = f.name.to_string();
            if e.line.is_none() {
                e.line = super::line_of_path(f.text, &e.path).or(Some(1));
            }
        }
        e
    };
    // Lists what was pushed since `before` under the file it came from.
    let tag = |c: &mut Collected, before: usize, src: usize| {
        if let Some((_, f)) = files.iter().find(|(i, _)| *i == src) {
            let lines = super::LineFinder::new(f.text);
            for u in c.unsupported.iter_mut().skip(before) {
                if u.file.is_empty() {
                    u.file = f.name.to_string();
                    u.line = lines.line(&u.path);
                }
            }
        }
    };
    let mut bodies = Vec::with_capacity(files.len());
    for (src, f) in files {
        bodies.push((*src, parse(f.text).map_err(|e| tag_error(*src, e))?));
    }
    let mut m = Module {
        budget: std::cell::Cell::new(MAX_STEPS),
        vars: Vec::new(),
        locals: Vec::new(),
        resources: Vec::new(),
    };
    for (src, body) in &bodies {
        let before = c.unsupported.len();
        for s in body.iter() {
            match s {
                Structure::Attribute(a) => c.unsupported.push(unsupported(
                    a.key.as_str().to_string(),
                    "a top-level attribute is not Terraform configuration this importer reads",
                )),
                Structure::Block(b) => match b.identifier.as_str() {
                    "variable" => {
                        let name = label(b, 0).unwrap_or_default();
                        let default = b.body.attributes().find(|a| a.key.as_str() == "default");
                        m.vars.push((name, default.map(|a| &a.expr)));
                    }
                    "locals" => {
                        for a in b.body.attributes() {
                            m.locals.push((a.key.as_str().to_string(), &a.expr));
                        }
                    }
                    "resource" => {
                        let (Some(ty), Some(name)) = (label(b, 0), label(b, 1)) else {
                            return Err(tag_error(
                                *src,
                                ImportError::new(
                                    "resource",
                                    "a resource block needs a type and a name",
                                ),
                            ));
                        };
                        m.resources.push((ty, name, &b.body, *src));
                    }
                    other => c.unsupported.push(unsupported(
                        match label(b, 0) {
                            Some(l) => format!("{other}.{l}"),
                            None => other.to_string(),
                        },
                        &format!(
                            "{other} blocks are not read (only resources, variables and locals)"
                        ),
                    )),
                },
            }
        }
        tag(c, before, *src);
    }
    let order = [
        "aws_launch_template",
        "aws_launch_configuration",
        "aws_autoscaling_group",
        "aws_autoscaling_lifecycle_hook",
        "aws_autoscaling_policy",
        "aws_cloudwatch_metric_alarm",
        "aws_autoscaling_schedule",
        "aws_codedeploy_app",
        "aws_codedeploy_deployment_config",
        "aws_codedeploy_deployment_group",
    ];
    for (ty, name, _, src) in &m.resources {
        if !order.contains(&ty.as_str()) {
            let before = c.unsupported.len();
            c.unsupported.push(unsupported(
                format!("resource.{ty}.{name}"),
                &format!("resource type {ty} is not modelled"),
            ));
            tag(c, before, *src);
        }
    }
    for ty in order {
        for (rty, name, body, src) in &m.resources {
            if rty != ty {
                continue;
            }
            let before = c.unsupported.len();
            c.src = *src;
            let path = format!("resource.{ty}.{name}");
            let value = m.body_to_json(body, &path, &mut c.unsupported, 0);
            let mut o = Obj::new(&value, &path, Case::Snake).map_err(|e| tag_error(*src, e))?;
            resource(ty, name, &mut o, c).map_err(|e| tag_error(*src, e))?;
            o.finish(&mut c.unsupported);
            tag(c, before, *src);
        }
    }
    Ok(())
}

fn resource(ty: &str, name: &str, o: &mut Obj<'_>, c: &mut Collected) -> Result<(), ImportError> {
    match ty {
        "aws_launch_template" => {
            let lt_name = o.string("name")?.unwrap_or_else(|| name.to_string());
            let description = o.string("description")?.unwrap_or_default();
            // One version per template: the provider's default_version bookkeeping is moot.
            o.raw("update_default_version");
            o.raw("default_version");
            let mut v = c.template_data(o)?;
            v.description = description;
            c.add_template_version(Some(format!("lt-ref-{name}")), lt_name, Some(1), true, v)
                .map_err(|m| ImportError::new(o.path.clone(), m))?;
        }
        "aws_launch_configuration" => c.launch_configuration(o, Dialect::Tf, name)?,
        "aws_autoscaling_group" => c.group(o, Dialect::Tf, name)?,
        "aws_autoscaling_lifecycle_hook" => c.lifecycle_hook(o, Dialect::Tf, Some(name))?,
        "aws_autoscaling_policy" => {
            c.policy(o, Dialect::Tf, name)?;
            if let Some(p) = c.policies.last_mut() {
                let group = p.group.clone().unwrap_or_default();
                p.arn = Some(policy_arn(&group, &p.spec.name));
            }
        }
        "aws_cloudwatch_metric_alarm" => c.alarm(o, Dialect::Tf, name)?,
        "aws_autoscaling_schedule" => c.scheduled(o, Dialect::Tf, name)?,
        "aws_codedeploy_app" => {
            o.raw("name");
            if let Some(p) = o.string("compute_platform")? {
                if p != "Server" {
                    c.unsupported.push(unsupported(
                        o.child_path(&"compute_platform"),
                        "only EC2/On-Premises (Server) applications are modelled",
                    ));
                }
            }
        }
        "aws_codedeploy_deployment_config" => c.deployment_config(o, name)?,
        "aws_codedeploy_deployment_group" => c.deployment_group(o, Dialect::Tf, name)?,
        _ => {}
    }
    Ok(())
}

impl<'a> Module<'a> {
    /// A block body as JSON: attributes by name, nested blocks as lists of objects.
    fn body_to_json(
        &self,
        body: &Body,
        path: &str,
        out: &mut Vec<super::Unsupported>,
        depth: usize,
    ) -> Value {
        let mut map = Map::new();
        for s in body.iter() {
            match s {
                Structure::Attribute(a) => {
                    let key = a.key.as_str().to_string();
                    match self.expr(&a.expr, depth) {
                        Ok(v) => {
                            map.insert(key, v);
                        }
                        Err(reason) => out.push(unsupported(join(path, &key), &reason)),
                    }
                }
                Structure::Block(b) => {
                    let key = b.identifier.as_str().to_string();
                    if depth > MAX_DEPTH {
                        out.push(unsupported(join(path, &key), "blocks nest too deep"));
                        continue;
                    }
                    let n = match map.get(&key) {
                        Some(Value::Array(a)) => a.len(),
                        _ => 0,
                    };
                    let v = self.body_to_json(
                        &b.body,
                        &format!("{}[{n}]", join(path, &key)),
                        out,
                        depth + 1,
                    );
                    match map.entry(key).or_insert_with(|| Value::Array(Vec::new())) {
                        Value::Array(a) => a.push(v),
                        slot => *slot = Value::Array(vec![v]),
                    }
                }
            }
        }
        Value::Object(map)
    }

    fn expr(&self, e: &Expression, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err("references nest too deep (a cycle?)".into());
        }
        let left = self.budget.get();
        if left == 0 {
            return Err("references expand too far (more than 200,000 steps)".into());
        }
        self.budget.set(left - 1);
        let d = depth + 1;
        Ok(match e {
            Expression::Null => Value::Null,
            Expression::Bool(b) => Value::Bool(*b),
            Expression::Number(n) => {
                if let Some(i) = n.as_i64() {
                    Value::from(i)
                } else if let Some(u) = n.as_u64() {
                    Value::from(u)
                } else {
                    n.as_f64()
                        .and_then(serde_json::Number::from_f64)
                        .map(Value::Number)
                        .ok_or("a number out of range")?
                }
            }
            Expression::String(s) => Value::String(s.clone()),
            Expression::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|i| self.expr(i, d))
                    .collect::<Result<_, _>>()?,
            ),
            Expression::Object(obj) => {
                let mut map = Map::new();
                for (k, v) in obj {
                    let key = match k {
                        ObjectKey::Identifier(i) => i.as_str().to_string(),
                        ObjectKey::Expression(e) => scalar(&self.expr(e, d)?)?,
                        _ => return Err("an object key this importer does not read".into()),
                    };
                    map.insert(key, self.expr(v, d)?);
                }
                Value::Object(map)
            }
            Expression::TemplateExpr(t) => Value::String(self.template(t, d)?),
            Expression::Parenthesis(inner) => self.expr(inner, d)?,
            Expression::Traversal(t) => {
                let mut names = Vec::new();
                match &t.expr {
                    Expression::Variable(v) => names.push(v.as_str().to_string()),
                    _ => return Err("a reference this importer does not follow".into()),
                }
                let mut index = Vec::new();
                for op in &t.operators {
                    match op {
                        TraversalOperator::GetAttr(a) if index.is_empty() => {
                            names.push(a.as_str().to_string())
                        }
                        TraversalOperator::Index(i) => {
                            index.push(self.expr(i, d)?);
                        }
                        TraversalOperator::LegacyIndex(i) => index.push(Value::from(*i)),
                        _ => return Err("splat expressions are not evaluated".into()),
                    }
                }
                let mut v = self.reference(&names, d)?;
                for i in index {
                    v = match (&v, &i) {
                        (Value::Array(a), Value::Number(n)) => n
                            .as_u64()
                            .and_then(|n| usize::try_from(n).ok())
                            .and_then(|n| a.get(n).cloned())
                            .ok_or("an index past the end of a list")?,
                        (Value::Object(m), Value::String(k)) => {
                            m.get(k).cloned().ok_or("a key that is not in the map")?
                        }
                        _ => return Err("an index into something that is not a list or map".into()),
                    };
                }
                v
            }
            Expression::FuncCall(f) => {
                let name = f.name.name.as_str();
                let arg = |i: usize| -> Result<Value, String> {
                    f.args
                        .get(i)
                        .ok_or_else(|| format!("{name}() needs an argument"))
                        .and_then(|a| self.expr(a, d))
                };
                match (f.name.namespace.is_empty(), name, f.args.len()) {
                    (true, "base64encode", 1) => Value::String(
                        base64::engine::general_purpose::STANDARD.encode(scalar(&arg(0)?)?),
                    ),
                    (true, "tostring", 1) => Value::String(scalar(&arg(0)?)?),
                    (true, "tonumber", 1) => {
                        let s = scalar(&arg(0)?)?;
                        s.parse::<f64>()
                            .ok()
                            .and_then(serde_json::Number::from_f64)
                            .map(Value::Number)
                            .ok_or_else(|| format!("tonumber(\"{s}\"): not a number"))?
                    }
                    _ => {
                        return Err(format!(
                            "the function {name}() is not evaluated by this importer (write the value in)"
                        ))
                    }
                }
            }
            Expression::Variable(v) => {
                return Err(format!("a bare name '{}' is not a value", v.as_str()))
            }
            _ => {
                return Err("conditionals, operations and for expressions are not evaluated".into())
            }
        })
    }

    fn template(&self, t: &TemplateExpr, depth: usize) -> Result<String, String> {
        let tpl = Template::from_expr(t).map_err(|e| format!("a string template: {e}"))?;
        let mut s = String::new();
        for el in tpl.elements() {
            match el {
                Element::Literal(l) => s.push_str(l),
                Element::Interpolation(i) => s.push_str(&scalar(&self.expr(&i.expr, depth)?)?),
                Element::Directive(_) => {
                    return Err("template directives (%{if}, %{for}) are not evaluated".into())
                }
            }
        }
        Ok(s)
    }

    fn reference(&self, names: &[String], depth: usize) -> Result<Value, String> {
        let what = names.join(".");
        match names {
            [var, name] if var == "var" => match self.vars.iter().find(|(n, _)| n == name) {
                Some((_, Some(e))) => self.expr(e, depth),
                Some((_, None)) => Err(format!(
                    "{what}: the variable has no default (give one, or write the value in)"
                )),
                None => Err(format!("{what}: no such variable")),
            },
            [local, name] if local == "local" => {
                match self.locals.iter().find(|(n, _)| n == name) {
                    Some((_, e)) => self.expr(e, depth),
                    None => Err(format!("{what}: no such local value")),
                }
            }
            [ty, label, attr] => {
                let Some((_, _, body, _)) = self
                    .resources
                    .iter()
                    .find(|(t, l, _, _)| t == ty && l == label)
                else {
                    return Err(format!("{what}: no such resource"));
                };
                let own = |key: &str| -> Result<Option<Value>, String> {
                    match body.attributes().find(|a| a.key.as_str() == key) {
                        Some(a) => self.expr(&a.expr, depth).map(Some),
                        None => Ok(None),
                    }
                };
                let name_or_label = |key: &str| -> Result<Value, String> {
                    Ok(own(key)?.unwrap_or_else(|| Value::String(label.clone())))
                };
                match (ty.as_str(), attr.as_str()) {
                    ("aws_launch_template", "id") => Ok(Value::String(format!("lt-ref-{label}"))),
                    // A1.6: the number these attributes stand for when the group launches.
                    ("aws_launch_template", "latest_version") => Ok("$Latest".into()),
                    ("aws_launch_template", "default_version") => Ok("$Default".into()),
                    ("aws_autoscaling_group", "id" | "name") => name_or_label("name"),
                    ("aws_autoscaling_policy", "arn" | "id") => {
                        let group = own("autoscaling_group_name")?
                            .map(|v| scalar(&v))
                            .transpose()?
                            .unwrap_or_default();
                        let name = scalar(&name_or_label("name")?)?;
                        Ok(Value::String(policy_arn(&group, &name)))
                    }
                    ("aws_cloudwatch_metric_alarm", "id" | "alarm_name") => {
                        name_or_label("alarm_name")
                    }
                    ("aws_codedeploy_deployment_config", "id" | "deployment_config_name") => {
                        name_or_label("deployment_config_name")
                    }
                    (_, "name") => name_or_label("name"),
                    // Another attribute AWS computes (an SNS topic's arn, ...): a stand-in
                    // that names it, so that lists holding it still read.
                    (_, a) => Ok(own(a)?.unwrap_or_else(|| Value::String(what.clone()))),
                }
            }
            _ => Err(format!("{what}: a reference this importer does not follow")),
        }
    }
}

fn scalar(v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Null => Ok(String::new()),
        _ => Err("a list or object where text is expected".into()),
    }
}
