//! Traffic: the offered load (patterns, noise, the live override) and, in the simulator's
//! CloudWatch minute, how it is spread over the instances that serve.

pub mod load;
