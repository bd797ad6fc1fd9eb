//! One path per control: every way the page changes the run goes through [`Controls`], whether
//! the reader pressed a button, chose a preset, opened a link or a file, or the host page of an
//! embed sent a command.
//!
//! - [`Controls::restart`] is the only way a scenario starts from t = 0 (a valid card edit, a
//!   preset, a link, a file, reset); an invalid scenario runs the default one instead, with its
//!   problems in the error banner.
//! - [`Controls::reset`] forgets the autosave and restarts on the default scenario with a fresh
//!   seed (the header's Reset and the error banner's "reset scenario").
//! - [`Controls::seek`] moves within the same run (a rewind replays it), never restarting it.

use std::cell::RefCell;
use std::rc::Rc;

use scaleout_core::scenario::Action as SimAction;
use scaleout_core::{link, Scenario, SimTime};
use yew::prelude::*;

use crate::engine::{demo_with_fresh_seed, Engine, Frame, Started};
use crate::share::host_messages::Command;
use crate::share::tools::Notes;
use crate::share::{bundle, url_state};
use crate::state::{Action, State};

/// What the page's controls can do to the run the app owns.
#[derive(Clone)]
pub struct Controls {
    pub started: Rc<RefCell<Started>>,
    pub frame: UseStateSetter<Option<Frame>>,
    pub state: UseReducerDispatcher<State>,
    /// Keep the simulator's outputs for the host page (embedded in a frame).
    pub framed: bool,
    /// The comparison's A (a link payload) while the page compares: set by forking, or by a
    /// link or the autosave that holds one; the run itself is B.
    pub compare: Rc<RefCell<Option<String>>>,
}

impl Controls {
    /// Runs `f` on the engine and draws the frame it leaves.
    pub fn with_engine<R>(&self, f: impl FnOnce(&mut Engine) -> R) -> Option<R> {
        let mut started = self.started.borrow_mut();
        let result = started.engine.as_mut().map(f);
        if let Some(engine) = started.engine.as_mut() {
            self.frame.set(Some(engine.frame()));
        }
        result
    }

    /// The current link payload, with `&a=<A>` while comparing ([`url_state::split_payload`]).
    pub fn payload(&self) -> Option<String> {
        let started = self.started.borrow();
        let engine = started.engine.as_ref()?;
        let b = link::encode(&engine.scenario_with_recorded_actions());
        Some(match self.compare.borrow().as_deref() {
            Some(a) => format!("{b}&a={a}"),
            None => b,
        })
    }

    pub fn now_ms(&self) -> u64 {
        self.started
            .borrow()
            .engine
            .as_ref()
            .map_or(0, |e| e.sim().now().0)
    }

    /// Restarts from t = 0 on `scenario`, showing `problems` (a bad link) in the error banner,
    /// and makes it the cards' draft. An invalid scenario runs the default one instead, with its
    /// problems listed. False when the scenario stays out: an ECS or EKS scenario too large to
    /// hand to the platforms bundle is refused like a bad file, and the current run stays.
    pub fn restart(&self, scenario: Scenario, problems: Vec<String>) -> bool {
        // The EC2 bundle passes an ECS or EKS scenario on to the platforms bundle, as a link.
        let payload = || {
            let b = link::encode(&scenario);
            match self.compare.borrow().as_deref() {
                Some(a) => format!("{b}&a={a}"),
                None => b,
            }
        };
        match bundle::hand_over(&scenario, payload) {
            bundle::HandOver::Leaving => return true,
            bundle::HandOver::TooLong => {
                let refused = vec![bundle::TOO_LONG.to_string()];
                self.state
                    .dispatch(Action::FileProblems(Rc::new(Notes::rejected(refused))));
                return false;
            }
            bundle::HandOver::Stay => {}
        }
        let mut fresh = Engine::start(Some(scenario));
        fresh.problems.splice(0..0, problems);
        if let Some(engine) = fresh.engine.as_mut() {
            if self.framed {
                engine.keep_outputs();
            }
            self.state.dispatch(Action::SetDraft {
                draft: Rc::new(engine.scenario().duplicate()),
                problems: Rc::default(),
                bad_inputs: Rc::default(),
            });
            self.frame.set(Some(engine.frame()));
        }
        *self.started.borrow_mut() = fresh;
        self.state.dispatch(Action::Restarted);
        true
    }

    /// Forgets the autosave and any comparison, and starts the default scenario with a fresh
    /// seed.
    pub fn reset(&self) {
        url_state::clear_autosave();
        self.compare.replace(None);
        self.restart(demo_with_fresh_seed(), Vec::new());
    }

    /// Jumps to `t_ms`: forwards by running on, backwards by replaying the run (with every
    /// action recorded so far) from the start.
    pub fn seek(&self, t_ms: u64) {
        // A link's `t=` is untrusted: never compute more than the longest run the page offers.
        let target = SimTime(t_ms.min(crate::engine::MAX_RUN_S * 1000));
        let seeking = self.with_engine(|engine| {
            // A rewind that fails leaves the run where it is (and nothing runs to the end).
            if target < engine.sim().now() && engine.rewind(target).is_err() {
                return false;
            }
            // The page gets there a slice per frame (as "run to the end" does), never in one
            // call that could hold the tab for seconds on a large group; the slider follows
            // the run's load when the seek ends.
            engine.set_run_target(Some(target));
            true
        });
        if seeking == Some(true) {
            self.state.dispatch(Action::Seeking);
        }
    }

    pub fn set_load(&self, rps: Option<f64>) {
        // The frame `with_engine` draws carries the new override to the slider.
        self.with_engine(|engine| engine.set_load_override(rps));
    }

    pub fn apply(&self, action: SimAction) {
        self.with_engine(|engine| engine.apply(action));
    }

    /// A command from the host page of an embed: the same paths as the page's own controls.
    pub fn command(&self, command: Command) {
        match command {
            Command::Play => self.state.dispatch(Action::SetPlaying(true)),
            Command::Pause => self.state.dispatch(Action::SetPlaying(false)),
            Command::SetLoad(rps) => self.set_load(rps),
            Command::Deploy(revision) => self.apply(SimAction::Deploy { revision }),
            Command::Seek(t_ms) => self.seek(t_ms),
            Command::SetSpeed(speed) => self.state.dispatch(Action::SetSpeed(speed)),
        }
    }
}
