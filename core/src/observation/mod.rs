//! What a run shows: the trace's per-minute samples ([`trace`]), the run's summary and cost
//! ([`summary`]), safe CSV export of the samples ([`csv`]), and two configurations run side by side
//! ([`compare`]).

pub mod compare;
pub mod csv;
pub mod summary;
pub mod trace;
