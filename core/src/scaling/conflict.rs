//! Several policies firing at once (A3.5): AWS picks the one that gives the largest resulting
//! capacity, for scale-out and for scale-in alike.
//!
//! A3.5.2 is the caller's business, not this module's: a step policy's scale-in is not held back
//! because a target-tracking policy on the same group is not ready to scale in.

use serde::{Deserialize, Serialize};

use super::adjustment::clamp_capacity;

/// Which proposal won and the clamped desired capacity it gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolution {
    /// Index into the proposals slice, so the caller can say which policy caused the activity.
    pub winner: usize,
    /// The winner's proposal clamped into `[min, max]` (A2.4).
    pub desired: u32,
}

/// A3.5.1: picks the proposal with the largest resulting capacity.
///
/// `proposals` are new desired capacities BEFORE clamping, e.g. from
/// `adjustment::apply_adjustment` for each policy that fired, all computed from the same current
/// capacity. Largest wins for scale-out ("+1" vs "+2" → "+2") and for scale-in ("−3" vs "−25 %"
/// at 8 → "−25 %" = −2, leaving 6); if one policy scales out while another scales in, the
/// scale-out is the larger capacity and wins.
///
/// The comparison is on the unclamped values, so when two proposals both clamp to `max`, the one
/// that asked for more is named. Equal proposals: the lowest index wins. `None` when there are no
/// proposals. Deciding whether the result changes anything (equal to desired, A3.3.6) is
/// `adjustment::reconcile_with_desired`'s job.
pub fn resolve_conflict(proposals: &[i64], min: u32, max: u32) -> Option<Resolution> {
    let mut best: Option<(usize, i64)> = None;
    for (index, &proposal) in proposals.iter().enumerate() {
        // Strictly greater: the first of equal proposals stays.
        if best.is_none_or(|(_, kept)| proposal > kept) {
            best = Some((index, proposal));
        }
    }
    best.map(|(winner, proposal)| Resolution {
        winner,
        desired: clamp_capacity(proposal, min, max),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::adjustment::{apply_adjustment, AdjustmentType};
    use proptest::prelude::*;

    #[test]
    fn a3_5_1_g2_scale_out_plus_1_cpu_vs_plus_2_sqs_gives_plus_2() {
        let current = 4;
        let cpu = apply_adjustment(current, AdjustmentType::ChangeInCapacity, 1, None);
        let sqs = apply_adjustment(current, AdjustmentType::ChangeInCapacity, 2, None);
        assert_eq!(
            resolve_conflict(&[cpu, sqs], 1, 10),
            Some(Resolution {
                winner: 1,
                desired: 6
            })
        );
    }

    #[test]
    fn a3_5_1_g2_scale_in_at_8_minus_3_vs_minus_25_percent_keeps_6() {
        let current = 8;
        let remove_3 = apply_adjustment(current, AdjustmentType::ChangeInCapacity, -3, None);
        let remove_25 =
            apply_adjustment(current, AdjustmentType::PercentChangeInCapacity, -25, None);
        assert_eq!((remove_3, remove_25), (5, 6));
        assert_eq!(
            resolve_conflict(&[remove_3, remove_25], 1, 10),
            Some(Resolution {
                winner: 1,
                desired: 6
            })
        );
    }

    #[test]
    fn a3_5_1_aas_example_plus_3_vs_plus_200_percent_at_10_gives_30() {
        // Application Auto Scaling's PutScalingPolicy text: 200 % of 10 = 20 more → 30.
        let plus_3 = apply_adjustment(10, AdjustmentType::ChangeInCapacity, 3, None);
        let plus_200 = apply_adjustment(10, AdjustmentType::PercentChangeInCapacity, 200, None);
        assert_eq!(
            resolve_conflict(&[plus_3, plus_200], 1, 100),
            Some(Resolution {
                winner: 1,
                desired: 30
            })
        );
    }

    #[test]
    fn a3_5_1_scale_out_beats_simultaneous_scale_in() {
        assert_eq!(
            resolve_conflict(&[3, 6], 1, 10),
            Some(Resolution {
                winner: 1,
                desired: 6
            })
        );
    }

    #[test]
    fn a3_5_1_clamped_ties_name_the_larger_request_then_the_first() {
        // Both clamp to max 10; the policy that asked for 15 is named.
        assert_eq!(
            resolve_conflict(&[12, 15, 11], 1, 10),
            Some(Resolution {
                winner: 1,
                desired: 10
            })
        );
        assert_eq!(
            resolve_conflict(&[7, 7], 1, 10),
            Some(Resolution {
                winner: 0,
                desired: 7
            })
        );
        assert_eq!(
            resolve_conflict(&[-4, 0], 2, 10),
            Some(Resolution {
                winner: 1,
                desired: 2
            })
        );
    }

    #[test]
    fn a3_5_1_no_proposals() {
        assert_eq!(resolve_conflict(&[], 0, 10), None);
    }

    proptest! {
        #[test]
        fn a3_5_1_prop_winner_is_a_maximum_and_in_range(
            proposals in proptest::collection::vec(any::<i64>(), 0..10),
            a in any::<u32>(), b in any::<u32>()
        ) {
            let (min, max) = if a <= b { (a, b) } else { (b, a) };
            match resolve_conflict(&proposals, min, max) {
                None => prop_assert!(proposals.is_empty()),
                Some(r) => {
                    prop_assert!(proposals.iter().all(|&p| p <= proposals[r.winner]));
                    prop_assert!(proposals[..r.winner].iter().all(|&p| p < proposals[r.winner]));
                    prop_assert!(min <= r.desired && r.desired <= max);
                }
            }
        }
    }
}
