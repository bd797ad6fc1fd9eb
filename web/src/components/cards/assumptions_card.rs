//! The modelling choices AWS does not document (docs/rules/ marks them UNCONFIRMED or [MODEL]):
//! named here, each one changeable.

use scaleout_core::policy::target_tracking::TargetTrackingAlarmModel;
use yew::prelude::*;

use crate::components::fields::{card, Fields};

pub fn assumptions_card(f: &Fields) -> Html {
    let props = f.props;
    let a = &props.scenario.assumptions;
    let tt = &a.target_tracking_alarms;
    let model = if *tt == TargetTrackingAlarmModel::EC2 {
        "EC2"
    } else if *tt == TargetTrackingAlarmModel::ECS {
        "ECS"
    } else {
        "custom"
    };
    let mut model_opts = vec![
        ("EC2".to_string(), f.t("tt_model_ec2").to_string()),
        ("ECS".to_string(), f.t("tt_model_ecs").to_string()),
    ];
    if model == "custom" {
        model_opts.push(("custom".into(), f.t("tt_model_custom").into()));
    }
    let p = "assumptions.target_tracking_alarms";
    let body = html! {
        <>
            <p class="hint">{ f.t("assumptions_hint") }</p>
            <fieldset>
                <legend><span class="badge warn">{ f.t("unconfirmed") }</span>{ " A3.4.3 " }{ f.t("tt_alarm_model") }</legend>
                { f.select("tt_model", p.into(), model_opts, model, 0, |s, _, v| {
                    s.assumptions.target_tracking_alarms = match v {
                        "ECS" => TargetTrackingAlarmModel::ECS,
                        "EC2" => TargetTrackingAlarmModel::EC2,
                        _ => s.assumptions.target_tracking_alarms,
                    };
                }) }
                <div class="row3">
                    { f.each(p, &[("high_datapoints", "high_datapoints"), ("low_datapoints", "low_datapoints"),
                        ("low_ratio", "low_ratio"), ("period_s", "period_s")]) }
                </div>
            </fieldset>
            <fieldset>
                <legend><span class="badge warn">{ f.t("unconfirmed") }</span>{ " B5.3 " }{ f.t("codedeploy_no_revision") }</legend>
                { f.at("codedeploy_no_revision_result", "assumptions.codedeploy_no_revision") }
            </fieldset>
            { f.leftovers(&["assumptions"]) }
        </>
    };
    card("card-assumptions", f.t("card_assumptions"), 0, body)
}
