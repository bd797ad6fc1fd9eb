//! The Auto Scaling group's sizes and the rules that keep them consistent (A2.1 to A2.5), and
//! AZ balancing at launch (A2.11).

use crate::instance::Instance;
use crate::policy::adjustment::clamp_capacity;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sizes {
    pub min: u32,
    pub max: u32,
    pub desired: u32,
}

impl Sizes {
    /// A2.4: dynamic scaling never leaves [min, max] ([`clamp_capacity`]).
    pub fn clamp(&self, value: i64) -> u32 {
        clamp_capacity(value, self.min, self.max)
    }

    /// A2.2 SetDesiredCapacity, with AWS's error text.
    pub fn set_desired(&mut self, desired: u32) -> Result<(), String> {
        if desired > self.max {
            return Err(format!(
                "ValidationError: New SetDesiredCapacity value {desired} is above max value {} for the AutoScalingGroup.",
                self.max
            ));
        }
        if desired < self.min {
            // A2.2: wording by symmetry (UNCONFIRMED).
            return Err(format!(
                "ValidationError: New SetDesiredCapacity value {desired} is below min value {} for the AutoScalingGroup.",
                self.min
            ));
        }
        self.desired = desired;
        Ok(())
    }

    /// A5.7 TerminateInstanceInAutoScalingGroup with `ShouldDecrementDesiredCapacity`: desired
    /// drops by one, never below min (AWS refuses the call). Returns (from, to).
    pub fn decrement_for_termination(&mut self) -> Result<(u32, u32), String> {
        let from = self.desired;
        if from <= self.min {
            // A5.7: wording UNCONFIRMED.
            return Err(format!(
                "ValidationError: Currently, desired capacity {from} is at the minimum size {} for the AutoScalingGroup; cannot decrement the desired capacity below it.",
                self.min
            ));
        }
        self.desired = from - 1;
        Ok((from, from - 1))
    }

    /// A2.3 UpdateAutoScalingGroup: unspecified sizes stay; without a desired capacity, a new
    /// min above the current size raises desired and a new max below it lowers desired.
    pub fn update(
        &mut self,
        min: Option<u32>,
        max: Option<u32>,
        desired: Option<u32>,
    ) -> Result<(), String> {
        let new_min = min.unwrap_or(self.min);
        let new_max = max.unwrap_or(self.max);
        if new_min > new_max {
            // A2.2: min > max wording UNCONFIRMED.
            return Err(format!(
                "ValidationError: Max bound, {new_max}, must be greater than or equal to min bound, {new_min}"
            ));
        }
        let new_desired = match desired {
            Some(d) => {
                if d < new_min || d > new_max {
                    return Err(format!(
                        "Desired capacity:{d} must be between the specified min size:{new_min} and max size:{new_max}"
                    ));
                }
                d
            }
            None => self.desired.clamp(new_min, new_max),
        };
        *self = Sizes {
            min: new_min,
            max: new_max,
            desired: new_desired,
        };
        Ok(())
    }
}

/// Live (not terminating) instances per AZ, the input to [`pick_az`].
pub fn az_counts(instances: &[Instance], az_count: usize) -> Vec<usize> {
    let mut counts = vec![0usize; az_count.max(1)];
    for i in instances.iter().filter(|i| i.in_group()) {
        if let Some(c) = counts.get_mut(i.az_index) {
            *c += 1;
        }
    }
    counts
}

/// A2.11: launch into the enabled AZ with the fewest live instances; ties go to the first AZ
/// in the group's list ([MODEL], deterministic). The caller bumps the count it launches into.
pub fn pick_az(counts: &[usize]) -> usize {
    counts
        .iter()
        .enumerate()
        .min_by_key(|(idx, n)| (**n, *idx))
        .map_or(0, |(idx, _)| idx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a5_7_terminate_with_decrement_lowers_desired_by_one_but_not_below_min() {
        let mut s = Sizes {
            min: 1,
            max: 5,
            desired: 2,
        };
        assert_eq!(s.decrement_for_termination(), Ok((2, 1)));
        assert_eq!(s.desired, 1);
        assert!(s.decrement_for_termination().is_err());
        assert_eq!(s.desired, 1);
    }

    #[test]
    fn a2_2_set_desired_above_max_uses_aws_text() {
        let mut s = Sizes {
            min: 1,
            max: 2,
            desired: 1,
        };
        assert_eq!(
            s.set_desired(3),
            Err("ValidationError: New SetDesiredCapacity value 3 is above max value 2 for the AutoScalingGroup.".into())
        );
        assert!(s.set_desired(2).is_ok());
        assert_eq!(s.desired, 2);
    }

    #[test]
    fn a2_3_update_moves_desired_into_new_bounds() {
        let mut s = Sizes {
            min: 1,
            max: 10,
            desired: 3,
        };
        assert!(s.update(Some(5), None, None).is_ok());
        assert_eq!(s.desired, 5);
        assert!(s.update(None, Some(4), None).is_err()); // min 5 > max 4
        assert!(s.update(Some(1), Some(4), None).is_ok());
        assert_eq!(s.desired, 4);
        assert_eq!(
            s.update(Some(4), Some(10), Some(2)),
            Err(
                "Desired capacity:2 must be between the specified min size:4 and max size:10"
                    .into()
            )
        );
    }

    #[test]
    fn a2_11_fewest_instances_first_then_list_order() {
        assert_eq!(pick_az(&[2, 1, 1]), 1);
        assert_eq!(pick_az(&[0, 0]), 0);
    }

    #[test]
    fn a2_4_clamp() {
        let s = Sizes {
            min: 2,
            max: 3,
            desired: 2,
        };
        assert_eq!(s.clamp(2 + 3), 3);
        assert_eq!(s.clamp(3 - 2), 2);
    }
}
