//! The root component: owns the [`Engine`] (outside Yew state), the UI [`State`], and wires the
//! animation-frame loop, the step button and the load slider to the simulator.

use std::rc::Rc;

use scaleout_core::Scenario;
use yew::prelude::*;

use crate::components::{
    ActivityLog, Chart, ErrorBanner, InstanceGrid, LoadSlider, Stats, Transport,
};
use crate::engine::{Engine, Frame, Started};
use crate::hooks::use_animation_frame;
use crate::state::{Action, State, STEP_MS};

/// A scenario handed to the app (tests, and later links and presets). Compared by identity.
#[derive(Clone, Debug)]
pub struct ScenarioProp(pub Rc<Scenario>);

impl PartialEq for ScenarioProp {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Properties)]
pub struct AppProps {
    /// The scenario to run; `None` runs the demo scenario with a fresh seed.
    #[prop_or_default]
    pub scenario: Option<ScenarioProp>,
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let started = {
        let scenario = props.scenario.clone();
        use_mut_ref(move || Engine::start(scenario.map(|s| (*s.0).clone())))
    };
    let state = use_reducer(State::default);
    let frame = {
        let started = Rc::clone(&started);
        use_state_eq(move || started.borrow().engine.as_ref().map(Engine::frame))
    };

    let has_engine = started.borrow().engine.is_some();

    // Advances the simulator by (real elapsed ms x speed) on every animation frame while playing.
    let on_frame = {
        let started = Rc::clone(&started);
        let frame = frame.clone();
        let speed = state.speed;
        Callback::from(move |elapsed_ms: f64| {
            if let Some(engine) = started.borrow_mut().engine.as_mut() {
                engine.advance_real(elapsed_ms, speed);
                frame.set(Some(engine.frame()));
            }
        })
    };
    use_animation_frame(state.playing && has_engine, on_frame);

    let on_step = {
        let started = Rc::clone(&started);
        let frame = frame.clone();
        Callback::from(move |()| {
            if let Some(engine) = started.borrow_mut().engine.as_mut() {
                engine.advance_ms(STEP_MS);
                frame.set(Some(engine.frame()));
            }
        })
    };
    let on_toggle = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::TogglePlay))
    };
    let on_speed = {
        let state = state.clone();
        Callback::from(move |speed: u32| state.dispatch(Action::SetSpeed(speed)))
    };
    let on_load = {
        let started = Rc::clone(&started);
        let frame = frame.clone();
        let state = state.clone();
        Callback::from(move |rps: Option<f64>| {
            if let Some(engine) = started.borrow_mut().engine.as_mut() {
                engine.set_load_override(rps);
                frame.set(Some(engine.frame()));
            }
            state.dispatch(Action::SetLoad(rps));
        })
    };

    let Started { problems, engine } = &*started.borrow();
    let banner = (!problems.is_empty()).then(|| {
        html! { <ErrorBanner problems={problems.clone()} fell_back={engine.is_some()} /> }
    });
    let load_max_rps = engine.as_ref().map_or(0.0, Engine::load_max_rps);

    let body = match &*frame {
        None => html! {},
        Some(Frame {
            snapshot,
            series,
            activities,
        }) => html! {
            <>
                <section class="controls">
                    <LoadSlider
                        value_rps={state.load_override_rps.unwrap_or(snapshot.load_rps)}
                        max_rps={load_max_rps}
                        overridden={state.load_override_rps.is_some()}
                        on_change={on_load}
                    />
                    <Transport
                        playing={state.playing}
                        speed={state.speed}
                        clock={snapshot.clock.clone()}
                        {on_toggle}
                        {on_step}
                        {on_speed}
                    />
                </section>
                <Stats snapshot={snapshot.clone()} />
                <div class="panels">
                    <section class="fleet">
                        <h2>{ "Instances" }</h2>
                        <InstanceGrid tiles={snapshot.tiles.clone()} />
                    </section>
                    <section class="charts">
                        <h2>{ "Load vs capacity" }</h2>
                        <Chart series={series.clone()} />
                    </section>
                </div>
                <ActivityLog rows={activities.0.clone()} />
            </>
        },
    };

    html! {
        <main class="app">
            <header>
                <h1>{ "Scaleout" }</h1>
                <p class="tagline">
                    { "Drag the load, press play, and watch an EC2 Auto Scaling group scale out and in." }
                </p>
            </header>
            { for banner }
            { body }
        </main>
    }
}
