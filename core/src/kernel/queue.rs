//! The timer queue: every timed thing in a run waits here, ordered by `(time, phase, sequence)`.
//!
//! The queue knows nothing of what a timer means. Each subsystem declares its own timer type
//! (the typed keys of [`crate::sim::Timer`]) and its own cadence: the kernel only keeps them in
//! order. Ordering rules, which make one `advance_to(T)` equal many small steps:
//! - earlier time first;
//! - at the same millisecond, internal work before user actions, and work a user action
//!   schedules for its own millisecond after every user action of that millisecond ([`Phase`]);
//! - then first scheduled, first run (a sequence number, never the payload).

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use crate::time::SimTime;

/// Where a timer runs among the timers of the same millisecond.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    /// The simulated services' own work.
    Internal,
    /// A user action replayed from the scenario.
    UserAction,
    /// Work a user action scheduled for its own millisecond: after every user action of that
    /// millisecond, as it is live (the caller applies them back to back and the work runs at the
    /// next advance).
    AfterUserActions,
}

struct Entry<T> {
    at: SimTime,
    phase: Phase,
    seq: u64,
    timer: T,
}

impl<T> Entry<T> {
    fn key(&self) -> (SimTime, Phase, u64) {
        (self.at, self.phase, self.seq)
    }
}

// Ordered by the key alone: the sequence number is unique, so the payload never decides.
impl<T> PartialEq for Entry<T> {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}
impl<T> Eq for Entry<T> {}
impl<T> PartialOrd for Entry<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Entry<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

/// A min-heap of timers of type `T`.
pub struct TimerQueue<T> {
    heap: BinaryHeap<Reverse<Entry<T>>>,
    seq: u64,
}

impl<T> Default for TimerQueue<T> {
    fn default() -> Self {
        TimerQueue {
            heap: BinaryHeap::new(),
            seq: 0,
        }
    }
}

impl<T> TimerQueue<T> {
    /// Schedules `timer` at `at`.
    pub fn push(&mut self, at: SimTime, phase: Phase, timer: T) {
        self.seq += 1;
        self.heap.push(Reverse(Entry {
            at,
            phase,
            seq: self.seq,
            timer,
        }));
    }

    /// When the next timer is due, if any.
    pub fn next_at(&self) -> Option<SimTime> {
        self.heap.peek().map(|Reverse(e)| e.at)
    }

    /// Takes the next timer if it is due at or before `until`.
    pub fn pop_due(&mut self, until: SimTime) -> Option<(SimTime, T)> {
        if self.next_at()? > until {
            return None;
        }
        self.heap.pop().map(|Reverse(e)| (e.at, e.timer))
    }

    /// Timers waiting.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_then_phase_then_first_scheduled() {
        let mut q = TimerQueue::default();
        q.push(SimTime(10), Phase::UserAction, "user");
        q.push(SimTime(10), Phase::AfterUserActions, "follow-up");
        q.push(SimTime(10), Phase::Internal, "internal-1");
        q.push(SimTime(5), Phase::UserAction, "earlier");
        q.push(SimTime(10), Phase::Internal, "internal-2");
        let mut order = Vec::new();
        while let Some((_, t)) = q.pop_due(SimTime(10)) {
            order.push(t);
        }
        assert_eq!(
            order,
            ["earlier", "internal-1", "internal-2", "user", "follow-up"]
        );
    }

    #[test]
    fn nothing_after_the_horizon_is_taken() {
        let mut q = TimerQueue::default();
        q.push(SimTime(11), Phase::Internal, ());
        assert_eq!(q.pop_due(SimTime(10)), None);
        assert_eq!(q.next_at(), Some(SimTime(11)));
        assert_eq!(q.len(), 1);
    }
}
