//! Lifecycle events of one instance's deployment (B3.1-B3.5) and a small stepper that walks an
//! instance through them.
//!
//! This module knows the order and meaning of events; it does not know how long a script
//! takes or whether it fails. The simulator decides that (from the revision's modelled
//! behaviour and its seeded random stream) and reports each event's result to
//! [`InstanceEvents::finish_current`].

use serde::{Deserialize, Serialize};

/// Default per-script `timeout` in an appspec hook (B3.4, agent `script_info.rb`).
pub const DEFAULT_SCRIPT_TIMEOUT_MS: u64 = 3_600_000;
/// Upper bound on the summed script timeouts of one event, and the time after which an
/// unfinished event fails (B1.3, B3.4).
pub const EVENT_TIMEOUT_MS: u64 = 3_600_000;
/// An event that has not started this long after the deployment started or the previous event
/// ended fails the deployment (B1.3).
pub const EVENT_START_TIMEOUT_MS: u64 = 300_000;

/// A lifecycle event of an EC2/On-Premises deployment (B3.1).
///
/// Variants are declared in the in-place execution order of B3.1, so the derived `Ord` is that
/// order. `Start` and `End` are markers with nothing to run; they exist so traces can name them,
/// but [`in_place_events`] leaves them out because no status is ever reported for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum LifecycleEvent {
    Start,
    BeforeBlockTraffic,
    BlockTraffic,
    AfterBlockTraffic,
    ApplicationStop,
    DownloadBundle,
    BeforeInstall,
    Install,
    AfterInstall,
    ApplicationStart,
    ValidateService,
    BeforeAllowTraffic,
    AllowTraffic,
    AfterAllowTraffic,
    End,
}

impl LifecycleEvent {
    /// Every event in B3.1 order, `Start` and `End` included.
    pub const ALL: [LifecycleEvent; 15] = [
        LifecycleEvent::Start,
        LifecycleEvent::BeforeBlockTraffic,
        LifecycleEvent::BlockTraffic,
        LifecycleEvent::AfterBlockTraffic,
        LifecycleEvent::ApplicationStop,
        LifecycleEvent::DownloadBundle,
        LifecycleEvent::BeforeInstall,
        LifecycleEvent::Install,
        LifecycleEvent::AfterInstall,
        LifecycleEvent::ApplicationStart,
        LifecycleEvent::ValidateService,
        LifecycleEvent::BeforeAllowTraffic,
        LifecycleEvent::AllowTraffic,
        LifecycleEvent::AfterAllowTraffic,
        LifecycleEvent::End,
    ];

    /// The name AWS uses in appspec `hooks` and in the console.
    pub fn as_str(self) -> &'static str {
        match self {
            LifecycleEvent::Start => "Start",
            LifecycleEvent::BeforeBlockTraffic => "BeforeBlockTraffic",
            LifecycleEvent::BlockTraffic => "BlockTraffic",
            LifecycleEvent::AfterBlockTraffic => "AfterBlockTraffic",
            LifecycleEvent::ApplicationStop => "ApplicationStop",
            LifecycleEvent::DownloadBundle => "DownloadBundle",
            LifecycleEvent::BeforeInstall => "BeforeInstall",
            LifecycleEvent::Install => "Install",
            LifecycleEvent::AfterInstall => "AfterInstall",
            LifecycleEvent::ApplicationStart => "ApplicationStart",
            LifecycleEvent::ValidateService => "ValidateService",
            LifecycleEvent::BeforeAllowTraffic => "BeforeAllowTraffic",
            LifecycleEvent::AllowTraffic => "AllowTraffic",
            LifecycleEvent::AfterAllowTraffic => "AfterAllowTraffic",
            LifecycleEvent::End => "End",
        }
    }

    /// Whether an appspec may attach scripts to this event. `DownloadBundle`, `Install`,
    /// `BlockTraffic`, `AllowTraffic` are reserved for the agent and the service, and
    /// `Start`/`End` are markers (B3.1).
    pub fn is_scriptable(self) -> bool {
        !matches!(
            self,
            LifecycleEvent::Start
                | LifecycleEvent::DownloadBundle
                | LifecycleEvent::Install
                | LifecycleEvent::BlockTraffic
                | LifecycleEvent::AllowTraffic
                | LifecycleEvent::End
        )
    }

    /// Whether this event only exists when the deployment group has a load balancer (B3.1).
    pub fn is_traffic_event(self) -> bool {
        matches!(
            self,
            LifecycleEvent::BeforeBlockTraffic
                | LifecycleEvent::BlockTraffic
                | LifecycleEvent::AfterBlockTraffic
                | LifecycleEvent::BeforeAllowTraffic
                | LifecycleEvent::AllowTraffic
                | LifecycleEvent::AfterAllowTraffic
        )
    }

    /// Whether the event runs scripts from the previous successful revision's appspec rather
    /// than the one being deployed (B3.2). These are also the events whose failures
    /// `ignoreApplicationStopFailures` lets the instance pass over (B3.5).
    pub fn uses_previous_revision(self) -> bool {
        matches!(
            self,
            LifecycleEvent::ApplicationStop
                | LifecycleEvent::BeforeBlockTraffic
                | LifecycleEvent::AfterBlockTraffic
        )
    }
}

/// Status of one lifecycle event on one instance (B1.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EventStatus {
    Pending,
    InProgress,
    Succeeded,
    Failed,
    Skipped,
    Unknown,
}

impl EventStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EventStatus::Pending => "Pending",
            EventStatus::InProgress => "InProgress",
            EventStatus::Succeeded => "Succeeded",
            EventStatus::Failed => "Failed",
            EventStatus::Skipped => "Skipped",
            EventStatus::Unknown => "Unknown",
        }
    }
}

/// Result code of a lifecycle event, `Diagnostics.errorCode` in the API (B1.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LifecycleErrorCode {
    Success,
    ScriptMissing,
    ScriptNotExecutable,
    ScriptTimedOut,
    ScriptFailed,
    UnknownError,
}

impl LifecycleErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            LifecycleErrorCode::Success => "Success",
            LifecycleErrorCode::ScriptMissing => "ScriptMissing",
            LifecycleErrorCode::ScriptNotExecutable => "ScriptNotExecutable",
            LifecycleErrorCode::ScriptTimedOut => "ScriptTimedOut",
            LifecycleErrorCode::ScriptFailed => "ScriptFailed",
            LifecycleErrorCode::UnknownError => "UnknownError",
        }
    }

    pub fn is_success(self) -> bool {
        self == LifecycleErrorCode::Success
    }
}

/// The events of an in-place deployment (also an in-place rollback) in execution order (B3.1).
/// The six traffic events appear only when the deployment group has a load balancer.
pub fn in_place_events(with_load_balancer: bool) -> Vec<LifecycleEvent> {
    LifecycleEvent::ALL
        .into_iter()
        .filter(|e| !matches!(e, LifecycleEvent::Start | LifecycleEvent::End))
        .filter(|e| with_load_balancer || !e.is_traffic_event())
        .collect()
}

/// Events a blue/green *replacement* instance runs (B3.3): install, then allow traffic.
pub fn blue_green_replacement_events() -> Vec<LifecycleEvent> {
    in_place_events(true)
        .into_iter()
        .filter(|e| {
            !matches!(
                e,
                LifecycleEvent::BeforeBlockTraffic
                    | LifecycleEvent::BlockTraffic
                    | LifecycleEvent::AfterBlockTraffic
            )
        })
        .collect()
}

/// Events a blue/green *original* instance runs (B3.3): only blocking traffic.
pub fn blue_green_original_events() -> Vec<LifecycleEvent> {
    vec![
        LifecycleEvent::BeforeBlockTraffic,
        LifecycleEvent::BlockTraffic,
        LifecycleEvent::AfterBlockTraffic,
    ]
}

/// The in-place events of one instance with their initial status (B3.1, B3.2).
///
/// On the first deployment to an instance there is no previous revision, so the events that
/// run the previous revision's scripts (`ApplicationStop`, and with a load balancer
/// `BeforeBlockTraffic`/`AfterBlockTraffic`) have nothing to run and start as `Skipped`
/// (B3.2; extending the rule from `ApplicationStop` to the two traffic hooks is \[MODEL\], since
/// B3.2 says they also read the previous appspec). `BlockTraffic` itself is the service taking
/// the instance out of the load balancer and still runs. Everything else starts `Pending`.
pub fn events_for_instance(
    with_load_balancer: bool,
    first_deployment_on_instance: bool,
) -> Vec<(LifecycleEvent, EventStatus)> {
    in_place_events(with_load_balancer)
        .into_iter()
        .map(|e| {
            let status = if first_deployment_on_instance && e.uses_previous_revision() {
                EventStatus::Skipped
            } else {
                EventStatus::Pending
            };
            (e, status)
        })
        .collect()
}

/// One row of an instance's event list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRecord {
    pub event: LifecycleEvent,
    pub status: EventStatus,
    /// Set once the event has finished (or was cut short); `None` while pending or running.
    pub error_code: Option<LifecycleErrorCode>,
}

/// Where an instance's deployment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InstanceOutcome {
    /// Events remain to run (or one is running).
    InProgress,
    Succeeded,
    Failed,
}

/// Walks one instance through its lifecycle events, one at a time, in order.
///
/// Usage by the event loop: `start_next()` to begin the next event (schedule its end), then
/// `finish_current(code)` with its result, until the outcome is no longer `InProgress`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstanceEvents {
    records: Vec<EventRecord>,
    ignore_application_stop_failures: bool,
}

impl InstanceEvents {
    pub fn new(
        with_load_balancer: bool,
        first_deployment_on_instance: bool,
        ignore_application_stop_failures: bool,
    ) -> InstanceEvents {
        let records = events_for_instance(with_load_balancer, first_deployment_on_instance)
            .into_iter()
            .map(|(event, status)| EventRecord {
                event,
                status,
                error_code: None,
            })
            .collect();
        InstanceEvents {
            records,
            ignore_application_stop_failures,
        }
    }

    /// The event rows in execution order.
    pub fn records(&self) -> &[EventRecord] {
        &self.records
    }

    /// The event now running, if any.
    pub fn current(&self) -> Option<LifecycleEvent> {
        self.records
            .iter()
            .find(|r| r.status == EventStatus::InProgress)
            .map(|r| r.event)
    }

    /// Begins the next pending event and returns it. Returns `None` when an event is already
    /// running, when the instance has failed, or when nothing is left.
    pub fn start_next(&mut self) -> Option<LifecycleEvent> {
        if self.current().is_some() || self.outcome() != InstanceOutcome::InProgress {
            return None;
        }
        let record = self
            .records
            .iter_mut()
            .find(|r| r.status == EventStatus::Pending)?;
        record.status = EventStatus::InProgress;
        Some(record.event)
    }

    /// Records the result of the running event and returns the instance's outcome. Does
    /// nothing (and returns the current outcome) when no event is running.
    ///
    /// A failure fails the instance and marks the remaining events `Skipped`, as the console
    /// shows them (B3.5), unless it is a previous-revision event and
    /// `ignoreApplicationStopFailures` is set: then the event stays `Failed` for the record and
    /// the instance carries on with the next event (B3.5).
    pub fn finish_current(&mut self, code: LifecycleErrorCode) -> InstanceOutcome {
        let ignore = self.ignore_application_stop_failures;
        let Some(record) = self
            .records
            .iter_mut()
            .find(|r| r.status == EventStatus::InProgress)
        else {
            return self.outcome();
        };
        record.error_code = Some(code);
        if code.is_success() {
            record.status = EventStatus::Succeeded;
        } else {
            record.status = EventStatus::Failed;
            if !(ignore && record.event.uses_previous_revision()) {
                self.skip_pending();
            }
        }
        self.outcome()
    }

    /// The instance went away mid-deployment (terminated or stopped, B5.6): the running event
    /// fails with `UnknownError` and the rest are skipped. Nothing happens once the instance
    /// has finished.
    pub fn abort(&mut self) {
        if self.outcome() != InstanceOutcome::InProgress {
            return;
        }
        if let Some(record) = self
            .records
            .iter_mut()
            .find(|r| matches!(r.status, EventStatus::InProgress | EventStatus::Pending))
        {
            record.status = EventStatus::Failed;
            record.error_code = Some(LifecycleErrorCode::UnknownError);
        }
        self.skip_pending();
    }

    /// `Failed` once an event failed in a way that fails the instance; `Succeeded` once every
    /// event has finished otherwise; `InProgress` before that.
    pub fn outcome(&self) -> InstanceOutcome {
        let ignore = self.ignore_application_stop_failures;
        let failed = self.records.iter().any(|r| {
            r.status == EventStatus::Failed && !(ignore && r.event.uses_previous_revision())
        });
        if failed {
            return InstanceOutcome::Failed;
        }
        let unfinished = self
            .records
            .iter()
            .any(|r| matches!(r.status, EventStatus::Pending | EventStatus::InProgress));
        if unfinished {
            InstanceOutcome::InProgress
        } else {
            InstanceOutcome::Succeeded
        }
    }

    fn skip_pending(&mut self) {
        for r in self
            .records
            .iter_mut()
            .filter(|r| r.status == EventStatus::Pending)
        {
            r.status = EventStatus::Skipped;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use LifecycleEvent as E;

    #[test]
    fn b3_1_in_place_order_without_load_balancer() {
        assert_eq!(
            in_place_events(false),
            vec![
                E::ApplicationStop,
                E::DownloadBundle,
                E::BeforeInstall,
                E::Install,
                E::AfterInstall,
                E::ApplicationStart,
                E::ValidateService,
            ]
        );
    }

    #[test]
    fn b3_1_in_place_order_with_load_balancer() {
        assert_eq!(
            in_place_events(true),
            vec![
                E::BeforeBlockTraffic,
                E::BlockTraffic,
                E::AfterBlockTraffic,
                E::ApplicationStop,
                E::DownloadBundle,
                E::BeforeInstall,
                E::Install,
                E::AfterInstall,
                E::ApplicationStart,
                E::ValidateService,
                E::BeforeAllowTraffic,
                E::AllowTraffic,
                E::AfterAllowTraffic,
            ]
        );
    }

    #[test]
    fn b3_1_declaration_order_is_execution_order() {
        let mut sorted = LifecycleEvent::ALL;
        sorted.sort();
        assert_eq!(sorted, LifecycleEvent::ALL);
        let events = in_place_events(true);
        assert!(events.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn b3_1_names_and_scriptable_subset() {
        for e in LifecycleEvent::ALL {
            assert_eq!(format!("{e:?}"), e.as_str());
        }
        let reserved: Vec<_> = LifecycleEvent::ALL
            .into_iter()
            .filter(|e| !e.is_scriptable())
            .collect();
        assert_eq!(
            reserved,
            vec![
                E::Start,
                E::BlockTraffic,
                E::DownloadBundle,
                E::Install,
                E::AllowTraffic,
                E::End
            ]
        );
    }

    #[test]
    fn b3_2_first_deployment_skips_application_stop() {
        let events = events_for_instance(false, true);
        assert_eq!(events[0], (E::ApplicationStop, EventStatus::Skipped));
        assert!(events[1..].iter().all(|(_, s)| *s == EventStatus::Pending));
        let again = events_for_instance(false, false);
        assert!(again.iter().all(|(_, s)| *s == EventStatus::Pending));
    }

    #[test]
    fn b3_2_first_deployment_with_load_balancer_skips_previous_revision_hooks() {
        let skipped: Vec<_> = events_for_instance(true, true)
            .into_iter()
            .filter(|(_, s)| *s == EventStatus::Skipped)
            .map(|(e, _)| e)
            .collect();
        assert_eq!(
            skipped,
            vec![
                E::BeforeBlockTraffic,
                E::AfterBlockTraffic,
                E::ApplicationStop
            ]
        );
    }

    #[test]
    fn b3_3_blue_green_event_sets() {
        let replacement = blue_green_replacement_events();
        assert_eq!(replacement.first(), Some(&E::ApplicationStop));
        assert_eq!(replacement.last(), Some(&E::AfterAllowTraffic));
        assert_eq!(replacement.len(), 10);
        assert_eq!(blue_green_original_events().len(), 3);
    }

    fn run_all(events: &mut InstanceEvents, fail_at: Option<E>) -> InstanceOutcome {
        // Bounded: at most one step per event.
        for _ in 0..LifecycleEvent::ALL.len() {
            let Some(e) = events.start_next() else { break };
            let code = if Some(e) == fail_at {
                LifecycleErrorCode::ScriptFailed
            } else {
                LifecycleErrorCode::Success
            };
            events.finish_current(code);
        }
        events.outcome()
    }

    #[test]
    fn b3_1_stepper_runs_every_pending_event_in_order() {
        let mut events = InstanceEvents::new(false, true, false);
        let mut seen = Vec::new();
        while let Some(e) = events.start_next() {
            assert_eq!(events.start_next(), None, "one event at a time");
            seen.push(e);
            events.finish_current(LifecycleErrorCode::Success);
        }
        assert_eq!(seen, in_place_events(false)[1..].to_vec());
        assert_eq!(events.outcome(), InstanceOutcome::Succeeded);
    }

    #[test]
    fn b3_5_failure_fails_instance_and_skips_the_rest() {
        let mut events = InstanceEvents::new(false, false, false);
        assert_eq!(
            run_all(&mut events, Some(E::AfterInstall)),
            InstanceOutcome::Failed
        );
        let after: Vec<_> = events
            .records()
            .iter()
            .skip_while(|r| r.event != E::AfterInstall)
            .map(|r| r.status)
            .collect();
        assert_eq!(after[0], EventStatus::Failed);
        assert!(after[1..].iter().all(|s| *s == EventStatus::Skipped));
    }

    #[test]
    fn b3_5_ignore_application_stop_failures_continues() {
        let mut strict = InstanceEvents::new(false, false, false);
        assert_eq!(
            run_all(&mut strict, Some(E::ApplicationStop)),
            InstanceOutcome::Failed
        );
        let mut lenient = InstanceEvents::new(false, false, true);
        assert_eq!(
            run_all(&mut lenient, Some(E::ApplicationStop)),
            InstanceOutcome::Succeeded
        );
        assert_eq!(lenient.records()[0].status, EventStatus::Failed);
        // The flag covers only the previous-revision events.
        let mut lenient = InstanceEvents::new(false, false, true);
        assert_eq!(
            run_all(&mut lenient, Some(E::ValidateService)),
            InstanceOutcome::Failed
        );
    }

    #[test]
    fn b5_6_abort_fails_running_event() {
        let mut events = InstanceEvents::new(true, false, false);
        events.start_next();
        events.finish_current(LifecycleErrorCode::Success);
        events.start_next();
        events.abort();
        assert_eq!(events.outcome(), InstanceOutcome::Failed);
        assert_eq!(
            events.records()[1].error_code,
            Some(LifecycleErrorCode::UnknownError)
        );
        assert_eq!(events.start_next(), None);
        assert_eq!(
            events.finish_current(LifecycleErrorCode::Success),
            InstanceOutcome::Failed
        );
    }

    #[test]
    fn finish_without_running_event_is_ignored() {
        let mut events = InstanceEvents::new(false, false, false);
        assert_eq!(
            events.finish_current(LifecycleErrorCode::ScriptFailed),
            InstanceOutcome::InProgress
        );
        assert!(events
            .records()
            .iter()
            .all(|r| r.status == EventStatus::Pending));
    }
}
