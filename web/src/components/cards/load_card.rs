//! The load pattern editor: steady, ramp, spike, daily wave or scheduled steps, with seeded
//! noise, and how long "run to the end" runs.

use scaleout_core::scenario::{LoadPattern, LoadStep};
use yew::prelude::*;

use crate::components::fields::{card, parse_decimal, split_list, Fields};

const KINDS: [&str; 5] = ["Steady", "Ramp", "Spike", "DailyWave", "Steps"];

fn kind_of(p: &LoadPattern) -> &'static str {
    match p {
        LoadPattern::Steady { .. } => "Steady",
        LoadPattern::Ramp { .. } => "Ramp",
        LoadPattern::Spike { .. } => "Spike",
        LoadPattern::DailyWave { .. } => "DailyWave",
        LoadPattern::Steps { .. } => "Steps",
    }
}

/// A new pattern of `kind`, keeping the current level where it can.
fn switch(kind: &str, level: f64) -> LoadPattern {
    match kind {
        "Ramp" => LoadPattern::Ramp {
            from_rps: level,
            to_rps: level * 4.0,
            start_s: 600,
            duration_s: 3600,
        },
        "Spike" => LoadPattern::Spike {
            base_rps: level,
            peak_rps: level * 5.0,
            at_s: 900,
            duration_s: 1800,
        },
        "DailyWave" => LoadPattern::DailyWave {
            min_rps: level,
            max_rps: level * 4.0,
            peak_hour: 14.0,
        },
        "Steps" => LoadPattern::Steps {
            steps: vec![
                LoadStep {
                    at_s: 0,
                    rps: level,
                },
                LoadStep {
                    at_s: 1800,
                    rps: level * 5.0,
                },
            ],
        },
        _ => LoadPattern::Steady { rps: level },
    }
}

fn level(p: &LoadPattern) -> f64 {
    match p {
        LoadPattern::Steady { rps } => *rps,
        LoadPattern::Ramp { from_rps, .. } => *from_rps,
        LoadPattern::Spike { base_rps, .. } => *base_rps,
        LoadPattern::DailyWave { min_rps, .. } => *min_rps,
        LoadPattern::Steps { steps } => steps.first().map_or(80.0, |s| s.rps),
    }
}

/// "0:80, 1800:500" -> steps; `None` if any item is not `seconds:rps`.
fn parse_steps(text: &str) -> Option<Vec<LoadStep>> {
    split_list(text)
        .iter()
        .map(|item| {
            let (at, rps) = item.split_once(':')?;
            Some(LoadStep {
                at_s: at.trim().parse().ok()?,
                rps: parse_decimal(rps)?,
            })
        })
        .collect()
}

macro_rules! pat {
    ($s:ident, $variant:ident, $field:ident) => {
        if let LoadPattern::$variant { $field, .. } = &mut $s.load.pattern {
            $field
        } else {
            return;
        }
    };
}

pub fn load_card(f: &Fields) -> Html {
    let props = f.props;
    let s = &props.scenario;
    let p = &s.load.pattern;
    let kind = kind_of(p);
    let fields = match p {
        LoadPattern::Steady { .. } => f.at("rps", "load.pattern.Steady.rps"),
        LoadPattern::Ramp { .. } => html! { <div class="row3">
            { f.each("load.pattern.Ramp", &[("from_rps", "from_rps"), ("to_rps", "to_rps"),
                ("start_s", "start_s"), ("duration_s", "duration_s")]) }
        </div> },
        LoadPattern::Spike { .. } => html! { <div class="row3">
            { f.each("load.pattern.Spike", &[("base_rps", "base_rps"), ("peak_rps", "peak_rps"),
                ("at_s", "at_s"), ("duration_s", "duration_s")]) }
        </div> },
        LoadPattern::DailyWave { .. } => html! { <div class="row3">
            { f.each("load.pattern.DailyWave", &[("min_rps", "min_rps"), ("max_rps", "max_rps"),
                ("peak_hour", "peak_hour")]) }
        </div> },
        LoadPattern::Steps { steps } => {
            let text: Vec<String> = steps
                .iter()
                .map(|st| format!("{}:{}", st.at_s, st.rps))
                .collect();
            html! {
                { f.input("text", "steps", "load.pattern.Steps.steps".into(), text.join(", "), parse_steps, 0, |s, _, v| *pat!(s, Steps, steps) = v.clone()) }
            }
        }
    };
    let body = html! {
        <>
            { f.select("load_pattern", "load.pattern".into(),
                KINDS.iter().map(|k| (k.to_string(), f.t(match *k {
                    "Steady" => "pattern_steady", "Ramp" => "pattern_ramp", "Spike" => "pattern_spike",
                    "DailyWave" => "pattern_daily", _ => "pattern_steps",
                }).to_string())).collect(),
                kind, 0, |s, _, v| s.load.pattern = switch(v, level(&s.load.pattern))) }
            { fields }
            <div class="row3">
                { f.each("", &[("noise_pct", "load.noise_pct"), ("horizon_s", "horizon_s"), ("seed", "seed")]) }
            </div>
            { f.leftovers(&["load", "horizon_s", "actions"]) }
        </>
    };
    card("card-load", f.t("card_load"), 0, body)
}
