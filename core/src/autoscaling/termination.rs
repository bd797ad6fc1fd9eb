//! Which instance goes on scale-in: AZ balance first, then the termination policies in order,
//! then a seeded draw among ties (A5.1 to A5.4). Scale-in protection (A5.5) filters candidates.

use crate::instance::Instance;
use crate::launch::LaunchOrigin;
use crate::rng::Rng;
use crate::scenario::{LaunchSource, TerminationPolicy};
use crate::time::SimTime;

/// Picks up to `count` instances to terminate, in order (indices into `instances`). Each pick
/// takes the AZ with the most live instances (A5.1), then, within it, the instance the
/// policies rank first; ties are broken by a seeded draw (A5.4). Protected instances are never
/// picked (A5.5), so fewer than `count` may come back.
///
/// One pass sorts each AZ's candidates by the policies' keys, so a scale-in of thousands of
/// instances costs O(n log n), not O(n^2). The candidates' keys go into `buffers`, which the
/// caller keeps from one scale-in to the next with the sort's working space, so a scale-in
/// allocates none for the fleet.
pub fn choose_many(
    instances: &[Instance],
    count: usize,
    policies: &[TerminationPolicy],
    current: &LaunchSource,
    now: SimTime,
    rng: &mut Rng,
    buffers: &mut Buffers,
) -> Vec<usize> {
    let expanded: Vec<TerminationPolicy> = policies
        .iter()
        .flat_map(|p| match p {
            // A5.2: Default = oldest LC/LT, then closest to the next billing hour, then random.
            TerminationPolicy::Default => vec![
                TerminationPolicy::OldestLaunchConfiguration,
                TerminationPolicy::OldestLaunchTemplate,
                TerminationPolicy::ClosestToNextInstanceHour,
            ],
            other => vec![*other],
        })
        .collect();
    let az_count = instances.iter().map(|i| i.az_index + 1).max().unwrap_or(0);
    // Each candidate's key (the policies' keys, then the draw) is `stride` numbers of one
    // buffer; a candidate is (where its key starts, its index).
    let stride = expanded.len() + 1;
    let Buffers { keys, ranked, sort } = buffers;
    keys.clear();
    ranked.iter_mut().for_each(Vec::clear);
    if ranked.len() < az_count {
        ranked.resize_with(az_count, Vec::new);
    }
    for (idx, i) in instances.iter().enumerate() {
        if !i.in_group() || i.protected_from_scale_in {
            continue;
        }
        let at = keys.len();
        keys.extend(expanded.iter().map(|&p| policy_key(p, i, current, now)));
        // A5.4 [MODEL]: the "random" tie-break is a seeded draw.
        keys.push(rng.next_u64());
        ranked[i.az_index].push((at, idx));
    }
    let key = |at: usize| &keys[at..at + stride];
    for list in ranked.iter_mut() {
        // Sorted descending so the first to go is at the end (cheap pop).
        crate::sort::sort_by_in(list, sort, |a, b| (key(b.0), b.1).cmp(&(key(a.0), a.1)));
    }
    let mut chosen = Vec::with_capacity(count.min(instances.len()));
    while chosen.len() < count {
        // A5.1: the AZ with the most unprotected instances; ties to the lower index.
        let Some(az) = (0..az_count)
            .filter(|&az| !ranked[az].is_empty())
            .max_by_key(|&az| (ranked[az].len(), std::cmp::Reverse(az)))
        else {
            break;
        };
        if let Some((_, idx)) = ranked[az].pop() {
            chosen.push(idx);
        }
    }
    chosen
}

/// The candidates' keys and each AZ's ranking, kept between scale-ins ([`choose_many`]).
#[derive(Default)]
pub struct Buffers {
    keys: Vec<u64>,
    ranked: Vec<Vec<(usize, usize)>>,
    sort: crate::sort::Scratch<(usize, usize)>,
}

/// Lower key = terminated first.
fn policy_key(
    policy: TerminationPolicy,
    i: &Instance,
    current: &LaunchSource,
    now: SimTime,
) -> u64 {
    match policy {
        // A5.2 step 2: LC instances before LT instances; non-current configs first.
        TerminationPolicy::OldestLaunchConfiguration => match (&i.launch.origin, current) {
            (
                LaunchOrigin::LaunchConfiguration { name },
                LaunchSource::LaunchConfiguration { name: cur },
            ) => u64::from(name == cur),
            (LaunchOrigin::LaunchConfiguration { .. }, _) => 0,
            _ => 2,
        },
        TerminationPolicy::OldestLaunchTemplate => match (&i.launch.origin, current) {
            (
                LaunchOrigin::LaunchTemplate { name, version, .. },
                LaunchSource::LaunchTemplate { name: cur, .. },
            ) => {
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
