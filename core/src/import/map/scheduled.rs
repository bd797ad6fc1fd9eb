//! Scheduled actions (A3.6).

use super::{unsupported, Collected, Dialect, Obj, ScheduledIn};
use crate::import::{parse_iso, ImportError};
use crate::scenario::ScheduledActionSpec;

impl Collected {
    /// A scheduled action (A3.6).
    pub(crate) fn scheduled(
        &mut self,
        o: &mut Obj<'_>,
        d: Dialect,
        default_name: &str,
    ) -> Result<(), ImportError> {
        let path = o.path.clone();
        let name = o
            .string("ScheduledActionName")?
            .unwrap_or_else(|| default_name.to_string());
        let group = o.string(("AutoScalingGroupName", "autoscaling_group_name"))?;
        let time = |o: &mut Obj<'_>, k: &str| -> Result<Option<i64>, ImportError> {
            let p = o.child_path(&k);
            match o.string(k)? {
                None => Ok(None),
                Some(s) => parse_iso(&s).map(Some).map_err(|e| ImportError::new(p, e)),
            }
        };
        let mut start_unix = time(o, "StartTime")?;
        if d == Dialect::Cli {
            // `Time` is the older name of StartTime.
            let t = time(o, "Time")?;
            start_unix = start_unix.or(t);
        }
        let end_unix = time(o, "EndTime")?;
        // Terraform's provider sends 0 for an absent size and -1 means "no change".
        let size = |o: &mut Obj<'_>, k: &str| -> Result<Option<u32>, ImportError> {
            let p = o.child_path(&k);
            match (o.i64(k)?, d) {
                (None, Dialect::Tf) => Ok(Some(0)),
                (None, _) | (Some(-1), Dialect::Tf) => Ok(None),
                (Some(n), _) => u32::try_from(n)
                    .map(Some)
                    .map_err(|_| ImportError::new(p, format!("{n} is not a group size"))),
            }
        };
        let spec = ScheduledActionSpec {
            name,
            start_s: None,
            recurrence: o.string("Recurrence")?,
            end_s: None,
            min_size: size(o, "MinSize")?,
            max_size: size(o, "MaxSize")?,
            desired_capacity: size(o, "DesiredCapacity")?,
        };
        if let Some(tz) = o.string("TimeZone")? {
            if !matches!(tz.as_str(), "UTC" | "Etc/UTC" | "GMT" | "Etc/GMT") {
                self.unsupported.push(unsupported(
                    o.child_path(&"TimeZone"),
                    "the simulator reads cron expressions in UTC (A3.6); action not imported",
                ));
                return Ok(());
            }
        }
        self.scheduled.push(ScheduledIn {
            src: self.src,
            group,
            spec,
            start_unix,
            end_unix,
            path,
        });
        Ok(())
    }
}
