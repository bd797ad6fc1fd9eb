//! CloudWatch metric alarms (A4.2): the alarms that trigger simple and step scaling policies.

use super::{unsupported, AlarmIn, Collected, Dialect, Obj};
use crate::import::ImportError;
use crate::scenario::{AlarmSpec, MetricName};

impl Collected {
    /// A CloudWatch metric alarm on one of the group's metrics (A4.2).
    pub(crate) fn alarm(
        &mut self,
        o: &mut Obj<'_>,
        d: Dialect,
        default_name: &str,
    ) -> Result<(), ImportError> {
        let out = &mut self.unsupported;
        let path = o.path.clone();
        let name = o
            .string("AlarmName")?
            .unwrap_or_else(|| default_name.to_string());
        if o.has("Metrics") || o.has("ExtendedStatistic") {
            out.push(unsupported(
                path,
                "metric math and percentile statistics are not modelled (A4.2); alarm not imported",
            ));
            o.raw("Metrics");
            o.raw("ExtendedStatistic");
            return Ok(());
        }
        let metric_name = o.string("MetricName")?.unwrap_or_default();
        let namespace = o.string("Namespace")?.unwrap_or_default();
        let Some(metric) = MetricName::ALL
            .into_iter()
            .find(|m| m.as_str() == metric_name && m.namespace() == namespace)
        else {
            out.push(unsupported(
                o.child_path(&"MetricName"),
                &format!("{namespace} {metric_name} is not a metric the simulator publishes (A4.9-A4.11); alarm not imported"),
            ));
            return Ok(());
        };
        // A4.11: the alarm watches the group's aggregate; the dimension names the group.
        let mut group = None;
        let dims_path = o.child_path(&"Dimensions");
        match d {
            Dialect::Tf => {
                if let Some(mut dims) = o.obj("Dimensions", out)? {
                    group = dims.string(("AutoScalingGroupName", "AutoScalingGroupName"))?;
                    dims.finish(out);
                }
            }
            _ => {
                for mut dim in o.objs("Dimensions")? {
                    let n = dim.string("Name")?.unwrap_or_default();
                    let v = dim.string("Value")?;
                    if n == "AutoScalingGroupName" {
                        group = v;
                    } else {
                        out.push(unsupported(
                            format!("{dims_path}: {n}"),
                            "only the AutoScalingGroupName dimension is modelled (A4.11)",
                        ));
                    }
                    dim.finish(out);
                }
            }
        }
        let mut spec = AlarmSpec {
            name,
            metric,
            statistic: o
                .enumeration("Statistic", "SampleCount, Average, Sum, Minimum, Maximum")?
                .unwrap_or_default(),
            period_s: o.u32("Period")?.unwrap_or(60),
            evaluation_periods: o.u32("EvaluationPeriods")?.unwrap_or(1),
            datapoints_to_alarm: o.u32("DatapointsToAlarm")?,
            threshold: o.f64("Threshold")?.unwrap_or(0.0),
            comparison_operator: o
                .enumeration("ComparisonOperator", "GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold, LessThanOrEqualToThreshold (anomaly detection is not modelled)")?
                .unwrap_or(crate::alarm::ComparisonOperator::GreaterThanOrEqualToThreshold),
            // A4.2: missing by default.
            treat_missing_data: o
                .enumeration("TreatMissingData", "missing, notBreaching, breaching, ignore")?
                .unwrap_or_default(),
            // Resolved to policy names once every policy is read (A4.7).
            alarm_actions: o.strings("AlarmActions")?.unwrap_or_default(),
        };
        if o.bool("ActionsEnabled")? == Some(false) {
            out.push(unsupported(
                o.child_path(&"ActionsEnabled"),
                "actions are disabled: the alarm is imported without its actions",
            ));
            spec.alarm_actions.clear();
        }
        o.skip("AlarmDescription", "a description only", out);
        self.alarms.push(AlarmIn {
            src: self.src,
            group,
            spec,
            path,
        });
        Ok(())
    }
}
