//! The kernel: what every platform shares and nothing domain-specific.
//! - [`time`]: simulated time, integer milliseconds; the core never reads a clock.
//! - [`queue`]: the timer queue, ordered by `(time, phase, sequence)`.
//! - [`rng`]: the seed registry: one seed, independent streams per subsystem, and every keyed
//!   derivation (ids, noise) in one table.
//!
//! The composition root that dispatches timers to the domain modules is [`crate::sim::Sim`].

pub mod queue;
pub mod rng;
pub mod time;
