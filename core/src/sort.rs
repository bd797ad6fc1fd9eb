//! One sort for the whole crate.
//!
//! Every `sort_by` call site in Rust compiles its own copy of the standard library's sort (a few
//! KB of wasm each, for a dozen call sites); the page carries this one instead. It is a stable
//! merge sort over indices, O(n log n), with the comparison behind `dyn`, so the algorithm
//! compiles once and each call site adds only a small wrapper.

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp` (as `slice::sort_by` would).
pub fn sort_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = {
        let items: &[T] = v;
        sorted_indices(items.len(), &|a, b| cmp(&items[a], &items[b]))
    };
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// The working space of [`sort_by_in`], for a caller that sorts often to keep.
#[derive(Debug, Default)]
pub struct Scratch<T> {
    order: Vec<usize>,
    merged: Vec<usize>,
    items: Vec<T>,
}

/// Sorts `v` stably by `cmp`, as [`sort_by`] does, in `scratch`: once it has grown to `v`'s
/// length, the sort allocates nothing.
pub fn sort_by_in<T: Copy>(
    v: &mut [T],
    scratch: &mut Scratch<T>,
    cmp: impl Fn(&T, &T) -> Ordering,
) {
    if v.len() < 2 {
        return;
    }
    let Scratch {
        order,
        merged,
        items,
    } = scratch;
    merge_sort(v.len(), &|a, b| cmp(&v[a], &v[b]), order, merged);
    items.clear();
    items.extend(order.iter().map(|&i| v[i]));
    v.copy_from_slice(items);
}

/// Sorts `v` stably by a key (as `slice::sort_by_key` would).
pub fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` in ascending order (as `slice::sort` would).
pub fn sort<T: Ord>(v: &mut Vec<T>) {
    sort_by(v, T::cmp);
}

/// The indices `0..n` in the order `cmp` puts them, stably.
fn sorted_indices(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let (mut order, mut merged) = (Vec::new(), Vec::new());
    merge_sort(n, cmp, &mut order, &mut merged);
    order
}

/// Puts the indices `0..n` in `a` in the order `cmp` puts them, stably: a bottom-up merge sort,
/// with `b` as its working space.
fn merge_sort(
    n: usize,
    cmp: &dyn Fn(usize, usize) -> Ordering,
    a: &mut Vec<usize>,
    b: &mut Vec<usize>,
) {
    a.clear();
    a.extend(0..n);
    b.clear();
    b.resize(n, 0);
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j) = (start, mid);
            for slot in &mut b[start..end] {
                // Take from the left run on ties: that keeps equal items in their order.
                let take_left = j >= end || (i < mid && cmp(a[i], a[j]) != Ordering::Greater);
                if take_left {
                    *slot = a[i];
                    i += 1;
                } else {
                    *slot = a[j];
                    j += 1;
                }
            }
            start = end;
        }
        std::mem::swap(a, b);
        width *= 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_the_standard_stable_sort(v in proptest::collection::vec((0u8..8, any::<u16>()), 0..200)) {
            let mut ours = v.clone();
            sort_by_key(&mut ours, |p| p.0);
            let mut std = v.clone();
            std.sort_by_key(|p| p.0);
            prop_assert_eq!(&ours, &std);
            let mut kept = v.clone();
            let mut scratch = Scratch::default();
            // Twice with the same scratch: a kept scratch sorts as a fresh one.
            sort_by_in(&mut kept, &mut scratch, |a, b| b.cmp(a));
            sort_by_in(&mut kept, &mut scratch, |a, b| a.0.cmp(&b.0));
            let mut twice = v;
            twice.sort_by(|a, b| b.cmp(a));
            twice.sort_by_key(|p| p.0);
            prop_assert_eq!(kept, twice);
        }
    }
}
