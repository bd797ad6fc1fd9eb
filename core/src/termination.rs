//! Which instance goes on scale-in: AZ balance first, then the termination policies in order,
//! then a seeded draw among ties (A5.1 to A5.4). Scale-in protection (A5.5) filters candidates.

use crate::instance::Instance;
use crate::launch::LaunchOrigin;
use crate::rng::Rng;
use crate::scenario::{LaunchSource, TerminationPolicy};
use crate::time::SimTime;

/// Picks the instance to terminate among `candidates` (indices into `instances`), or `None`
/// when there are none. `az_count` is the number of enabled AZs.
pub fn choose(
    instances: &[Instance],
    candidates: &[usize],
    policies: &[TerminationPolicy],
    current: &LaunchSource,
    now: SimTime,
    rng: &mut Rng,
) -> Option<usize> {
    if candidates.is_empty() {
        return None;
    }
    // A5.1: the AZ with the most instances (counting every live, non-terminating instance).
    let mut per_az: Vec<(usize, usize)> = Vec::new();
    for i in instances.iter().filter(|i| !i.state.is_terminating()) {
        match per_az.iter_mut().find(|(az, _)| *az == i.az_index) {
            Some((_, n)) => *n += 1,
            None => per_az.push((i.az_index, 1)),
        }
    }
    let busiest = candidates
        .iter()
        .map(|&c| instances[c].az_index)
        .max_by_key(|az| {
            let n = per_az.iter().find(|(a, _)| a == az).map_or(0, |(_, n)| *n);
            // Ties go to the lower AZ index, deterministically.
            (n, std::cmp::Reverse(*az))
        })?;
    let mut pool: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|&c| instances[c].az_index == busiest)
        .collect();

    let expanded: Vec<TerminationPolicy> = policies
        .iter()
        .flat_map(|p| match p {
            // A5.2: Default = oldest LT/LC, then closest to the next billing hour, then random.
            TerminationPolicy::Default => vec![
                TerminationPolicy::OldestLaunchConfiguration,
                TerminationPolicy::OldestLaunchTemplate,
                TerminationPolicy::ClosestToNextInstanceHour,
            ],
            other => vec![*other],
        })
        .collect();
    for policy in expanded {
        if pool.len() <= 1 {
            break;
        }
        let key = |i: &Instance| -> u64 { policy_key(policy, i, current, now) };
        let best = pool.iter().map(|&c| key(&instances[c])).min()?;
        pool.retain(|&c| key(&instances[c]) == best);
    }
    // A5.4 [MODEL]: the "random" tie-break is a seeded draw.
    let pick = rng.below(pool.len() as u64) as usize;
    pool.get(pick).copied()
}

/// Lower key = terminated first.
fn policy_key(policy: TerminationPolicy, i: &Instance, current: &LaunchSource, now: SimTime) -> u64 {
    match policy {
        // A5.2 step 2: LC instances before LT instances; non-current configs first.
        TerminationPolicy::OldestLaunchConfiguration => match (&i.launch.origin, current) {
            (LaunchOrigin::LaunchConfiguration { name }, LaunchSource::LaunchConfiguration { name: cur }) => {
                u64::from(name == cur)
            }
            (LaunchOrigin::LaunchConfiguration { .. }, _) => 0,
            _ => 2,
        },
        TerminationPolicy::OldestLaunchTemplate => match (&i.launch.origin, current) {
            (LaunchOrigin::LaunchTemplate { name, version, .. }, LaunchSource::LaunchTemplate { name: cur, .. }) => {
                if name != cur {
                    0
                } else {
                    1 + u64::from(*version)
                }
            }
            (LaunchOrigin::LaunchTemplate { .. }, _) => 0,
            _ => u64::MAX,
        },
        // A5.4: minimise the time left in the current billing hour.
        TerminationPolicy::ClosestToNextInstanceHour => 3600 - (i.uptime_s(now) % 3600),
        TerminationPolicy::NewestInstance => u64::MAX - i.launched_at.ms(),
        TerminationPolicy::OldestInstance => i.launched_at.ms(),
        TerminationPolicy::Default => 0,
    }
}
