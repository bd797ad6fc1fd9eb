//! What a run shows: the trace's per-minute samples ([`trace`]), the run's summary and cost
//! ([`summary`]) and safe CSV export of the samples ([`csv`]).

pub mod csv;
pub mod summary;
pub mod trace;
