//! The scenario's CloudWatch and scaling side: the metrics the simulator publishes, alarms,
//! scaling policies and scheduled actions (the model in memory; the rules they follow live in
//! `cloudwatch/` and `scaling/`).

use serde::{Deserialize, Serialize};

use crate::alarm::{ComparisonOperator, Statistic, TreatMissingData};
use crate::policy::adjustment::AdjustmentType;
use crate::policy::step::{MetricAggregationType, StepAdjustment};

/// The metrics the simulator publishes (A4.9 to A4.11). Memory and disk need the
/// CloudWatch agent (namespace CWAgent, A4.10).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[allow(non_camel_case_types)]
pub enum MetricName {
    CPUUtilization,
    NetworkIn,
    NetworkOut,
    RequestCountPerTarget,
    mem_used_percent,
    disk_used_percent,
    /// ECS capacity provider managed scaling: M / N x 100 (`crate::ecs::capacity`).
    CapacityProviderReservation,
    /// ECS service metrics: average over the service's RUNNING tasks, percent of the task's
    /// reservation (C4).
    ECSServiceAverageCPUUtilization,
    ECSServiceAverageMemoryUtilization,
    /// The service's target group: requests per healthy task per minute (C4's
    /// `ALBRequestCountPerTarget`).
    ECSServiceRequestCountPerTarget,
}

impl MetricName {
    pub const ALL: [MetricName; 10] = [
        MetricName::CPUUtilization,
        MetricName::NetworkIn,
        MetricName::NetworkOut,
        MetricName::RequestCountPerTarget,
        MetricName::mem_used_percent,
        MetricName::disk_used_percent,
        MetricName::CapacityProviderReservation,
        MetricName::ECSServiceAverageCPUUtilization,
        MetricName::ECSServiceAverageMemoryUtilization,
        MetricName::ECSServiceRequestCountPerTarget,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            MetricName::CPUUtilization => "CPUUtilization",
            MetricName::NetworkIn => "NetworkIn",
            MetricName::NetworkOut => "NetworkOut",
            MetricName::RequestCountPerTarget => "RequestCountPerTarget",
            MetricName::mem_used_percent => "mem_used_percent",
            MetricName::disk_used_percent => "disk_used_percent",
            MetricName::CapacityProviderReservation => "CapacityProviderReservation",
            MetricName::ECSServiceAverageCPUUtilization => "CPUUtilization",
            MetricName::ECSServiceAverageMemoryUtilization => "MemoryUtilization",
            MetricName::ECSServiceRequestCountPerTarget => "RequestCountPerTarget",
        }
    }
    pub fn namespace(self) -> &'static str {
        match self {
            MetricName::mem_used_percent | MetricName::disk_used_percent => "CWAgent",
            MetricName::RequestCountPerTarget | MetricName::ECSServiceRequestCountPerTarget => {
                "AWS/ApplicationELB"
            }
            MetricName::CapacityProviderReservation => "AWS/ECS/ManagedScaling",
            MetricName::ECSServiceAverageCPUUtilization
            | MetricName::ECSServiceAverageMemoryUtilization => "AWS/ECS",
            _ => "AWS/EC2",
        }
    }
    /// The target-tracking predefined metric name (A3.4.1), where one exists.
    pub fn predefined(self) -> Option<&'static str> {
        match self {
            MetricName::CPUUtilization => Some("ASGAverageCPUUtilization"),
            MetricName::NetworkIn => Some("ASGAverageNetworkIn"),
            MetricName::NetworkOut => Some("ASGAverageNetworkOut"),
            MetricName::RequestCountPerTarget | MetricName::ECSServiceRequestCountPerTarget => {
                Some("ALBRequestCountPerTarget")
            }
            MetricName::ECSServiceAverageCPUUtilization => Some("ECSServiceAverageCPUUtilization"),
            MetricName::ECSServiceAverageMemoryUtilization => {
                Some("ECSServiceAverageMemoryUtilization")
            }
            _ => None,
        }
    }
    pub fn index(self) -> usize {
        self as usize
    }
}

/// A CloudWatch alarm on one of the group's aggregated metrics (A4.2).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AlarmSpec {
    pub name: String,
    pub metric: MetricName,
    pub statistic: Statistic,
    /// Seconds: 10, 20, 30 or a multiple of 60 (A4.2). The simulator evaluates per minute, so
    /// it accepts multiples of 60.
    pub period_s: u32,
    pub evaluation_periods: u32,
    /// M of the M-of-N rule; defaults to N (A4.2).
    pub datapoints_to_alarm: Option<u32>,
    pub threshold: f64,
    pub comparison_operator: ComparisonOperator,
    pub treat_missing_data: TreatMissingData,
    /// Names of the scaling policies this alarm invokes while in ALARM (A4.7).
    pub alarm_actions: Vec<String>,
    /// The group whose metrics the alarm watches (its `AutoScalingGroupName` dimension);
    /// `None` = the primary group.
    pub group: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PolicySpec {
    pub name: String,
    /// A3.1.1: default true.
    pub enabled: bool,
    pub kind: PolicyKind,
    /// The group (scalable target) the policy scales; `None` = the primary group.
    pub group: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PolicyKind {
    /// A3.2.
    SimpleScaling {
        adjustment_type: AdjustmentType,
        scaling_adjustment: i64,
        cooldown_s: Option<u32>,
        min_adjustment_magnitude: Option<u32>,
    },
    /// A3.3.
    StepScaling {
        adjustment_type: AdjustmentType,
        step_adjustments: Vec<StepAdjustment>,
        metric_aggregation_type: MetricAggregationType,
        estimated_instance_warmup_s: Option<u32>,
        min_adjustment_magnitude: Option<u32>,
    },
    /// A3.4.
    TargetTrackingScaling {
        metric: MetricName,
        target_value: f64,
        disable_scale_in: bool,
        estimated_instance_warmup_s: Option<u32>,
    },
}

/// A3.6: a scheduled action; sets any of min/max/desired.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScheduledActionSpec {
    pub name: String,
    /// One-time: seconds after the start. Ignored when `recurrence` is set.
    pub start_s: Option<u64>,
    /// Recurring: a 5-field cron expression in UTC.
    pub recurrence: Option<String>,
    /// Recurring actions stop after this time (seconds after the start).
    pub end_s: Option<u64>,
    pub min_size: Option<u32>,
    pub max_size: Option<u32>,
    pub desired_capacity: Option<u32>,
    /// The group the action sizes; `None` = the primary group.
    pub group: Option<String>,
}

impl Default for AlarmSpec {
    fn default() -> Self {
        AlarmSpec {
            name: "cpu-high".into(),
            metric: MetricName::CPUUtilization,
            statistic: Statistic::Average,
            period_s: 60,
            evaluation_periods: 3,
            datapoints_to_alarm: None,
            threshold: 70.0,
            comparison_operator: ComparisonOperator::GreaterThanOrEqualToThreshold,
            treat_missing_data: TreatMissingData::Missing,
            alarm_actions: Vec::new(),
            group: None,
        }
    }
}

impl Default for PolicySpec {
    fn default() -> Self {
        PolicySpec {
            name: "cpu50-target-tracking".into(),
            enabled: true,
            kind: PolicyKind::TargetTrackingScaling {
                metric: MetricName::CPUUtilization,
                target_value: 50.0,
                disable_scale_in: false,
                estimated_instance_warmup_s: None,
            },
            group: None,
        }
    }
}

impl Default for ScheduledActionSpec {
    fn default() -> Self {
        ScheduledActionSpec {
            name: "scheduled".into(),
            start_s: None,
            recurrence: None,
            end_s: None,
            min_size: None,
            max_size: None,
            desired_capacity: None,
            group: None,
        }
    }
}
