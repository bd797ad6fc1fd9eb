//! Scaling policies: simple, step and target tracking (A3).

use super::{unsupported, Collected, Dialect, Obj, PolicyIn};
use crate::import::ImportError;
use crate::policy::step::StepAdjustment;
use crate::scenario::{MetricName, PolicyKind, PolicySpec};

impl Collected {
    /// A scaling policy (A3.1-A3.4). Policies the simulator cannot run are listed whole.
    pub(crate) fn policy(
        &mut self,
        o: &mut Obj<'_>,
        d: Dialect,
        default_name: &str,
    ) -> Result<(), ImportError> {
        let out = &mut self.unsupported;
        let name = o
            .string(("PolicyName", "name"))?
            .unwrap_or_else(|| default_name.to_string());
        let group = o.string(("AutoScalingGroupName", "autoscaling_group_name"))?;
        let arn = o.string(("PolicyARN", "arn"))?;
        // A3.1.1: enabled unless disabled.
        let enabled = o.bool("Enabled")?.unwrap_or(true);
        let policy_type = o
            .string("PolicyType")?
            .unwrap_or_else(|| "SimpleScaling".into());
        let adjustment_type = o.enumeration(
            "AdjustmentType",
            "ChangeInCapacity, ExactCapacity, PercentChangeInCapacity",
        )?;
        let min_mag = o.u32("MinAdjustmentMagnitude")?;
        let warmup = o.u32("EstimatedInstanceWarmup")?;
        let path = o.path.clone();
        let kind = match policy_type.as_str() {
            // A3.2.
            "SimpleScaling" => {
                let scaling_adjustment = o.i64("ScalingAdjustment")?.ok_or_else(|| {
                    ImportError::new(
                        path.clone(),
                        "a simple scaling policy needs ScalingAdjustment",
                    )
                })?;
                PolicyKind::SimpleScaling {
                    adjustment_type: adjustment_type
                        .unwrap_or(crate::policy::adjustment::AdjustmentType::ChangeInCapacity),
                    scaling_adjustment,
                    // A3.2.1: absent = the group's default cooldown.
                    cooldown_s: o.u32("Cooldown")?,
                    min_adjustment_magnitude: min_mag,
                }
            }
            // A3.3.
            "StepScaling" => {
                let key = ("StepAdjustments", "step_adjustment");
                let mut steps = Vec::new();
                for mut s in o.objs(key)? {
                    steps.push(StepAdjustment {
                        lower_bound: s.f64("MetricIntervalLowerBound")?,
                        upper_bound: s.f64("MetricIntervalUpperBound")?,
                        scaling_adjustment: s.i64("ScalingAdjustment")?.ok_or_else(|| {
                            ImportError::new(s.path.clone(), "a step needs ScalingAdjustment")
                        })?,
                    });
                    s.finish(out);
                }
                PolicyKind::StepScaling {
                    adjustment_type: adjustment_type
                        .unwrap_or(crate::policy::adjustment::AdjustmentType::ChangeInCapacity),
                    step_adjustments: steps,
                    // A3.3.4: absent = Average.
                    metric_aggregation_type: o
                        .enumeration("MetricAggregationType", "Average, Minimum, Maximum")?
                        .unwrap_or_default(),
                    estimated_instance_warmup_s: warmup,
                    min_adjustment_magnitude: min_mag,
                }
            }
            // A3.4.
            "TargetTrackingScaling" => {
                let Some(mut tt) = o.obj("TargetTrackingConfiguration", out)? else {
                    return Err(ImportError::new(
                        path,
                        "a target tracking policy needs TargetTrackingConfiguration",
                    ));
                };
                let target_value = tt
                    .f64("TargetValue")?
                    .ok_or_else(|| ImportError::new(tt.path.clone(), "TargetValue is missing"))?;
                let disable_scale_in = tt.bool("DisableScaleIn")?.unwrap_or(false);
                let Some(mut pm) = tt.obj("PredefinedMetricSpecification", out)? else {
                    // A3.4.1: a customized metric is read when it is one of the group's
                    // aggregated metrics (the CloudWatch agent's memory and disk, A4.10).
                    let custom = tt.obj("CustomizedMetricSpecification", out)?;
                    let metric = match custom {
                        Some(mut cm) => {
                            let name = cm.string("MetricName")?.unwrap_or_default();
                            let ns = cm.string("Namespace")?.unwrap_or_default();
                            let stat = cm.string("Statistic")?;
                            let mut on_group = false;
                            for mut dim in cm.objs(("Dimensions", "metric_dimension"))? {
                                on_group |=
                                    dim.string("Name")?.as_deref() == Some("AutoScalingGroupName");
                                dim.raw("Value");
                                dim.finish(out);
                            }
                            cm.finish(out);
                            MetricName::ALL.into_iter().find(|m| {
                                m.as_str() == name
                                    && m.namespace() == ns
                                    && on_group
                                    && stat.as_deref().is_none_or(|s| s == "Average")
                            })
                        }
                        None => None,
                    };
                    let Some(metric) = metric else {
                        out.push(unsupported(
                            path,
                            "a target tracking policy on a customized metric other than the group's average CPUUtilization, NetworkIn, NetworkOut, mem_used_percent or disk_used_percent (A3.4.1); policy not imported",
                        ));
                        return Ok(());
                    };
                    tt.finish(out);
                    self.policies.push(PolicyIn {
                        src: self.src,
                        group,
                        arn,
                        spec: PolicySpec {
                            name,
                            enabled,
                            kind: PolicyKind::TargetTrackingScaling {
                                metric,
                                target_value,
                                disable_scale_in,
                                estimated_instance_warmup_s: warmup,
                            },
                        },
                        path,
                    });
                    return Ok(());
                };
                let t = pm.string("PredefinedMetricType")?.unwrap_or_default();
                let Some(metric) = MetricName::ALL
                    .into_iter()
                    .find(|m| m.predefined() == Some(t.as_str()))
                else {
                    out.push(unsupported(
                        pm.child_path(&"PredefinedMetricType"),
                        "a predefined metric the simulator does not model; policy not imported",
                    ));
                    return Ok(());
                };
                pm.skip(
                    "ResourceLabel",
                    "the load balancer behind ALBRequestCountPerTarget is not modelled",
                    out,
                );
                pm.finish(out);
                tt.finish(out);
                PolicyKind::TargetTrackingScaling {
                    metric,
                    target_value,
                    disable_scale_in,
                    estimated_instance_warmup_s: warmup,
                }
            }
            other => {
                out.push(unsupported(
                    o.child_path(&"PolicyType"),
                    &format!("{other} policies are not modelled (A3); policy not imported"),
                ));
                return Ok(());
            }
        };
        let _ = d;
        self.policies.push(PolicyIn {
            src: self.src,
            group,
            arn,
            spec: PolicySpec {
                name,
                enabled,
                kind,
            },
            path,
        });
        Ok(())
    }
}
