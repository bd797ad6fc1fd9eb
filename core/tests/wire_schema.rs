//! The wire schema (`core/src/wire/schema.rs`) is generated from the scenario types themselves,
//! and this test fails when it is stale. After changing a scenario type, regenerate it with
//!
//!     UPDATE_WIRE_SCHEMA=1 cargo test -p scaleout-core --test wire_schema
//!
//! Then the transcoder's tests (`core/tests/wire.rs`) check it against serde_json on every example.
//!
//! Links and files are versioned (`src/wire/versions.rs`): the current format version's schema
//! is frozen in `src/wire/schema_v{VERSION}.rs`, and `the_current_format_version_is_frozen`
//! fails when the model's schema no longer matches it, with the steps to release a new version.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::ser::{self, Serialize};
use serde_reflection::{
    ContainerFormat, Format, Named, Registry, Tracer, TracerConfig, VariantFormat,
};

use scaleout_core::scenario;
use scaleout_core::wire::versions::VERSION;
use scaleout_core::Scenario;

const SCHEMA: &str = "src/wire/schema.rs";

fn registry() -> Registry {
    // A valid cron expression for every string the tracer makes up (one type parses its string).
    let config = TracerConfig::default().default_string_value("0 8 * * *".into());
    let mut tracer = Tracer::new(config);
    // Every enum first, each until all its variants are seen; a new enum that is missing here
    // makes `registry()` fail with its name (add it to the list).
    macro_rules! enums {
        ($($t:ty),* $(,)?) => {$(
            tracer.trace_simple_type::<$t>().expect(stringify!($t));
        )*};
    }
    {
        use scaleout_core::alarm::{ComparisonOperator, Statistic, TreatMissingData};
        use scaleout_core::codedeploy::config::{DeploymentConfig, MinimumHealthyHostsType};
        use scaleout_core::codedeploy::lifecycle_events::LifecycleEvent;
        use scaleout_core::kubernetes::hpa::{
            MetricTarget, PolicyType, ResourceName, SelectPolicy,
        };
        use scaleout_core::policy::adjustment::AdjustmentType;
        use scaleout_core::policy::step::MetricAggregationType;
        use scaleout_core::scenario::*;
        enums!(
            Action,
            ActionOnTimeout,
            AdjustmentType,
            ComparisonOperator,
            DeliveryMethod,
            DeploymentConfig,
            DeploymentType,
            GroupLoad,
            HealthCheckType,
            LaunchSource,
            LifecycleActionResult,
            LifecycleTransition,
            LoadPattern,
            MetricName,
            OriginalInstancesAction,
            OutdatedInstancesStrategy,
            PolicyKind,
            RevisionFailure,
            ScalingProcess,
            Statistic,
            TerminationPolicy,
            TreatMissingData,
            LifecycleEvent,
            MetricAggregationType,
            MinimumHealthyHostsType,
            KubectlAction,
            ResourceName,
            MetricTarget,
            PolicyType,
            SelectPolicy,
            DeploymentController,
            ImageBehaviour,
            EcsCapacity,
            PlacementStrategy,
            ServicePolicyKind,
        );
    }
    tracer
        .trace_simple_type::<Scenario>()
        .expect("trace the Scenario type");
    tracer.registry().expect("a complete registry")
}

/// Each `#[serde(default)]` type: the postcard bytes of every field of its `Default`.
fn defaults() -> BTreeMap<&'static str, BTreeMap<String, Vec<u8>>> {
    fn fields<T: Serialize + Default>() -> BTreeMap<String, Vec<u8>> {
        let mut c = FieldCollector::default();
        T::default()
            .serialize(&mut c)
            .expect("a struct's default serialises field by field");
        c.fields
    }
    use scenario::*;
    BTreeMap::from([
        ("Scenario", fields::<Scenario>()),
        ("BlueGreenSpec", fields::<BlueGreenSpec>()),
        ("RevisionSpec", fields::<RevisionSpec>()),
        ("DeliverySpec", fields::<DeliverySpec>()),
        ("Ami", fields::<Ami>()),
        ("InstanceType", fields::<InstanceType>()),
        ("LaunchConfiguration", fields::<LaunchConfiguration>()),
        ("LaunchTemplate", fields::<LaunchTemplate>()),
        ("LaunchTemplateVersion", fields::<LaunchTemplateVersion>()),
        ("GroupSpec", fields::<GroupSpec>()),
        ("ExtraGroup", fields::<ExtraGroup>()),
        ("LifecycleHookSpec", fields::<LifecycleHookSpec>()),
        ("AlarmSpec", fields::<AlarmSpec>()),
        ("PolicySpec", fields::<PolicySpec>()),
        ("ScheduledActionSpec", fields::<ScheduledActionSpec>()),
        ("LoadSpec", fields::<LoadSpec>()),
        ("Assumptions", fields::<Assumptions>()),
        ("KubernetesSpec", fields::<KubernetesSpec>()),
        ("DeploymentInput", fields::<DeploymentInput>()),
        ("ReadinessProbe", fields::<ReadinessProbe>()),
        ("HpaInput", fields::<HpaInput>()),
        ("HpaMetric", fields::<HpaMetric>()),
        ("NodeGroupInput", fields::<NodeGroupInput>()),
        ("ClusterAutoscalerInput", fields::<ClusterAutoscalerInput>()),
        ("GitOpsInput", fields::<GitOpsInput>()),
        ("GitCommit", fields::<GitCommit>()),
        ("ApplicationInput", fields::<ApplicationInput>()),
        ("AutomatedInput", fields::<AutomatedInput>()),
        ("RetryInput", fields::<RetryInput>()),
        ("IgnoreDifferenceInput", fields::<IgnoreDifferenceInput>()),
        ("KubernetesAssumptions", fields::<KubernetesAssumptions>()),
        ("EcsSpec", fields::<EcsSpec>()),
        ("TaskDefinitionSpec", fields::<TaskDefinitionSpec>()),
        ("ContainerHealthCheck", fields::<ContainerHealthCheck>()),
        ("EcsServiceSpec", fields::<EcsServiceSpec>()),
        (
            "EcsDeploymentConfiguration",
            fields::<EcsDeploymentConfiguration>(),
        ),
        ("EcsCircuitBreaker", fields::<EcsCircuitBreaker>()),
        ("EcsCodeDeploySpec", fields::<EcsCodeDeploySpec>()),
        ("EcsHookSpec", fields::<EcsHookSpec>()),
        ("EcsManagedScaling", fields::<EcsManagedScaling>()),
        ("EcsAssumptions", fields::<EcsAssumptions>()),
        ("ServiceAutoScaling", fields::<ServiceAutoScaling>()),
        ("ServiceScalingPolicy", fields::<ServiceScalingPolicy>()),
        ("ServiceScheduledAction", fields::<ServiceScheduledAction>()),
    ])
}

/// The types marked `#[serde(default)]` in the sources (so the list above cannot fall behind).
fn default_types_in_sources() -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("read source");
                let lines: Vec<&str> = text.lines().collect();
                for (i, l) in lines.iter().enumerate() {
                    // `#[serde(default)]`, or the same inside a `cfg_attr` (the ECS section,
                    // whose serde code only builds with the core's `ecs` feature).
                    let attr = l.trim() == "#[serde(default)]"
                        || (l.starts_with("#[cfg_attr(") && l.ends_with(", serde(default))]"));
                    if !attr || l.starts_with(' ') {
                        continue;
                    }
                    // The next `pub struct` line (derives may sit in between).
                    if let Some(decl) = lines[i + 1..]
                        .iter()
                        .take(4)
                        .find(|d| d.starts_with("pub struct "))
                    {
                        let name = decl["pub struct ".len()..]
                            .split(|c: char| !c.is_alphanumeric() && c != '_')
                            .next()
                            .unwrap_or_default();
                        found.push(name.to_string());
                    }
                }
            }
        }
    }
    found.sort();
    found
}

fn ty(f: &Format) -> String {
    match f {
        Format::Unit => "Ty::Unit".into(),
        Format::Bool => "Ty::Bool".into(),
        Format::U8 => "Ty::U8".into(),
        Format::U16 => "Ty::U16".into(),
        Format::U32 => "Ty::U32".into(),
        Format::U64 => "Ty::U64".into(),
        Format::I8 => "Ty::I8".into(),
        Format::I16 => "Ty::I16".into(),
        Format::I32 => "Ty::I32".into(),
        Format::I64 => "Ty::I64".into(),
        Format::F32 => "Ty::F32".into(),
        Format::F64 => "Ty::F64".into(),
        Format::Char => "Ty::Char".into(),
        Format::Str => "Ty::Str".into(),
        Format::Option(inner) => format!("Ty::Option(&{})", ty(inner)),
        Format::Seq(inner) => format!("Ty::Seq(&{})", ty(inner)),
        Format::Tuple(items) => format!("Ty::Tuple(&[{}])", tys(items)),
        Format::TypeName(name) => format!("Ty::Named({name:?})"),
        other => panic!("the wire schema does not support {other:?} yet: add it to wire::Ty"),
    }
}

fn tys(items: &[Format]) -> String {
    items.iter().map(ty).collect::<Vec<_>>().join(", ")
}

fn fields(list: &[Named<Format>], defaults: Option<&BTreeMap<String, Vec<u8>>>) -> String {
    let mut out = String::from("&[\n");
    for f in list {
        let default = match defaults.and_then(|d| d.get(&f.name)) {
            Some(bytes) => format!("Some(&{bytes:?})"),
            None => "None".into(),
        };
        let _ = writeln!(
            out,
            "            Field {{ name: {:?}, ty: {}, default: {default} }},",
            f.name,
            ty(&f.value)
        );
    }
    out.push_str("        ]");
    out
}

fn generate() -> String {
    let registry = registry();
    let defaults = defaults();
    let mut out = String::from(
        "//! Generated by `tests/wire_schema.rs` from the scenario types: do not edit by hand.\n\
         //! Regenerate: `UPDATE_WIRE_SCHEMA=1 cargo test -p scaleout-core --test wire_schema`.\n\n\
         use super::{Body, Container, Field, Ty};\n\n\
         /// Every container type of a scenario, sorted by name.\n\
         #[rustfmt::skip]\n\
         pub static CONTAINERS: &[(&str, Container)] = &[\n",
    );
    for (name, c) in &registry {
        let d = defaults.get(name.as_str());
        let body = match c {
            ContainerFormat::UnitStruct => "Container::Struct(Body::Unit)".to_string(),
            ContainerFormat::NewTypeStruct(f) => {
                format!("Container::Struct(Body::NewType({}))", ty(f))
            }
            ContainerFormat::TupleStruct(fs) => {
                format!("Container::Struct(Body::Tuple(&[{}]))", tys(fs))
            }
            ContainerFormat::Struct(fs) => {
                format!("Container::Struct(Body::Struct({}))", fields(fs, d))
            }
            ContainerFormat::Enum(variants) => {
                let mut v = String::from("Container::Enum(&[\n");
                for (i, (index, named)) in variants.iter().enumerate() {
                    assert_eq!(*index as usize, i, "{name}: variants are numbered in order");
                    let b = match &named.value {
                        VariantFormat::Unit => "Body::Unit".to_string(),
                        VariantFormat::NewType(f) => format!("Body::NewType({})", ty(f)),
                        VariantFormat::Tuple(fs) => format!("Body::Tuple(&[{}])", tys(fs)),
                        VariantFormat::Struct(fs) => format!("Body::Struct({})", fields(fs, None)),
                        VariantFormat::Variable(_) => panic!("{name}: an untraced variant"),
                    };
                    let _ = writeln!(v, "        ({:?}, {b}),", named.name);
                }
                v.push_str("    ])");
                v
            }
        };
        let _ = writeln!(out, "    ({name:?}, {body}),");
    }
    out.push_str("];\n");
    out
}

#[test]
fn the_default_types_are_all_listed() {
    let listed: Vec<String> = defaults().keys().map(|k| k.to_string()).collect();
    assert_eq!(default_types_in_sources(), listed);
}

#[test]
fn the_wire_schema_is_current() {
    let fresh = generate();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SCHEMA);
    if std::env::var_os("UPDATE_WIRE_SCHEMA").is_some() {
        std::fs::write(&path, &fresh).expect("write the schema");
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == fresh,
        "{SCHEMA} is stale: regenerate it with \
         UPDATE_WIRE_SCHEMA=1 cargo test -p scaleout-core --test wire_schema"
    );
}

// ----- a serializer that keeps a struct's fields apart -------------------------------------

#[derive(Default)]
struct FieldCollector {
    fields: BTreeMap<String, Vec<u8>>,
}

#[derive(Debug)]
struct NotAStruct;

impl std::fmt::Display for NotAStruct {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("only structs with named fields")
    }
}
impl std::error::Error for NotAStruct {}
impl ser::Error for NotAStruct {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        NotAStruct
    }
}

impl ser::SerializeStruct for &mut FieldCollector {
    type Ok = ();
    type Error = NotAStruct;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), NotAStruct> {
        let bytes = postcard::to_allocvec(value).map_err(|_| NotAStruct)?;
        self.fields.insert(key.to_string(), bytes);
        Ok(())
    }
    fn end(self) -> Result<(), NotAStruct> {
        Ok(())
    }
}

macro_rules! refuse {
    ($($name:ident($($arg:ty),*) -> $ret:ty;)*) => {$(
        fn $name(self, $(_: $arg),*) -> Result<$ret, NotAStruct> { Err(NotAStruct) }
    )*};
}

impl ser::Serializer for &mut FieldCollector {
    type Ok = ();
    type Error = NotAStruct;
    type SerializeSeq = ser::Impossible<(), NotAStruct>;
    type SerializeTuple = ser::Impossible<(), NotAStruct>;
    type SerializeTupleStruct = ser::Impossible<(), NotAStruct>;
    type SerializeTupleVariant = ser::Impossible<(), NotAStruct>;
    type SerializeMap = ser::Impossible<(), NotAStruct>;
    type SerializeStruct = Self;
    type SerializeStructVariant = ser::Impossible<(), NotAStruct>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, NotAStruct> {
        Ok(self)
    }

    refuse! {
        serialize_bool(bool) -> ();
        serialize_i8(i8) -> ();
        serialize_i16(i16) -> ();
        serialize_i32(i32) -> ();
        serialize_i64(i64) -> ();
        serialize_u8(u8) -> ();
        serialize_u16(u16) -> ();
        serialize_u32(u32) -> ();
        serialize_u64(u64) -> ();
        serialize_f32(f32) -> ();
        serialize_f64(f64) -> ();
        serialize_char(char) -> ();
        serialize_str(&str) -> ();
        serialize_bytes(&[u8]) -> ();
        serialize_none() -> ();
        serialize_unit() -> ();
        serialize_unit_struct(&'static str) -> ();
        serialize_unit_variant(&'static str, u32, &'static str) -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<(), NotAStruct> {
        Err(NotAStruct)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<(), NotAStruct> {
        Err(NotAStruct)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), NotAStruct> {
        Err(NotAStruct)
    }
}

/// The part of a schema file after its header comment (the schema itself).
fn schema_body(text: &str) -> &str {
    text.find("use super::").map_or(text, |i| &text[i..])
}

#[test]
fn the_current_format_version_is_frozen() {
    let frozen_path = format!("src/wire/schema_v{VERSION}.rs");
    let frozen = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(&frozen_path))
        .unwrap_or_default();
    let next = u32::from(VERSION) + 1;
    assert!(
        schema_body(&generate()) == schema_body(&frozen),
        "The scenario's wire schema is no longer the one frozen for format version {VERSION} \
         ({frozen_path}): links written now would not be version-{VERSION} links. Freeze the \
         new schema as version {next}: (1) regenerate {SCHEMA} (UPDATE_WIRE_SCHEMA=1 cargo test \
         -p scaleout-core --test wire_schema) and copy it to src/wire/schema_v{next}.rs with \
         the frozen header of schema_v{VERSION}.rs (never edit schema_v{VERSION}.rs); (2) add \
         `pub mod schema_v{next};` in src/wire/mod.rs and its arm in versions::frozen_schema; \
         (3) add version {VERSION} to versions::OLD with its frozen schema and an upgrade \
         function for renamed, moved or removed fields (nothing for added ones); (4) bump \
         VERSION in src/wire/versions.rs to {next}; (5) add version-{next} links to \
         tests/frozen_links.rs and, if the file format changed, version-{next} files to \
         tests/frozen_files/. Details: docs/architecture.md, \"Formats\"."
    );
}
