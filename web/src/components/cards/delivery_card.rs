//! Step 4: how code reaches instances: the four delivery methods, CodeDeploy's deployment
//! configuration, and the revisions (some of them broken on purpose).

use scaleout_core::codedeploy::config::DeploymentConfig;
use scaleout_core::codedeploy::lifecycle_events::LifecycleEvent;
use scaleout_core::scenario::{DeliveryMethod, RevisionFailure, RevisionSpec};
use yew::prelude::*;

use crate::components::fields::{card, parse_decimal, Fields};

const METHODS: [(&str, DeliveryMethod); 4] = [
    ("NoAutomation", DeliveryMethod::NoAutomation),
    ("UserData", DeliveryMethod::UserData),
    ("CodeDeploy", DeliveryMethod::CodeDeploy),
    ("BakeAmi", DeliveryMethod::BakeAmi),
];
const FAIL_EVENTS: [LifecycleEvent; 5] = [
    LifecycleEvent::DownloadBundle,
    LifecycleEvent::BeforeInstall,
    LifecycleEvent::AfterInstall,
    LifecycleEvent::ApplicationStart,
    LifecycleEvent::ValidateService,
];

fn method_key(m: DeliveryMethod) -> &'static str {
    match m {
        DeliveryMethod::NoAutomation => "method_none",
        DeliveryMethod::UserData => "method_user_data",
        DeliveryMethod::CodeDeploy => "method_codedeploy",
        DeliveryMethod::BakeAmi => "method_bake_ami",
    }
}

fn failure_value(f: &RevisionFailure) -> String {
    match f {
        RevisionFailure::None => "None".into(),
        RevisionFailure::AtEvent(e) => format!("AtEvent:{}", e.as_str()),
        RevisionFailure::Probability(p) => format!("Probability:{p}"),
        RevisionFailure::ServesErrors => "ServesErrors".into(),
    }
}

fn failure_parse(v: &str) -> RevisionFailure {
    if v == "ServesErrors" {
        return RevisionFailure::ServesErrors;
    }
    if let Some(e) = v.strip_prefix("AtEvent:") {
        if let Some(ev) = LifecycleEvent::ALL.into_iter().find(|x| x.as_str() == e) {
            return RevisionFailure::AtEvent(ev);
        }
    }
    if let Some(p) = v.strip_prefix("Probability:").and_then(parse_decimal) {
        return RevisionFailure::Probability(p);
    }
    RevisionFailure::None
}

pub fn delivery_card(f: &Fields) -> Html {
    let props = f.props;
    let d = &props.scenario.delivery;

    let method_opts: Vec<(String, String)> = METHODS
        .iter()
        .map(|(v, m)| (v.to_string(), f.t(method_key(*m)).to_string()))
        .collect();
    let method = METHODS
        .iter()
        .find(|(_, m)| *m == d.method)
        .map_or("CodeDeploy", |(v, _)| v);
    let config = match &d.deployment_config {
        DeploymentConfig::AllAtOnce => "AllAtOnce",
        DeploymentConfig::HalfAtATime => "HalfAtATime",
        DeploymentConfig::OneAtATime => "OneAtATime",
        DeploymentConfig::Custom { .. } => "Custom",
    };
    let mut config_opts: Vec<(String, String)> = ["AllAtOnce", "HalfAtATime", "OneAtATime"]
        .iter()
        .map(|c| (c.to_string(), format!("CodeDeployDefault.{c}")))
        .collect();
    if config == "Custom" {
        config_opts.push(("Custom".into(), d.deployment_config.name()));
    }

    let mut failure_opts = vec![
        ("None".to_string(), f.t("failure_none").to_string()),
        (
            "ServesErrors".to_string(),
            f.t("failure_serves_errors").to_string(),
        ),
    ];
    failure_opts.extend(FAIL_EVENTS.iter().map(|e| {
        (
            format!("AtEvent:{}", e.as_str()),
            format!("{} {}", f.t("failure_at"), e.as_str()),
        )
    }));

    let revisions = d.revisions.iter().enumerate().map(|(i, r)| {
        let p = format!("delivery.revisions[{i}]");
        let mut fo = failure_opts.clone();
        if let RevisionFailure::Probability(_) = r.failure {
            fo.push((failure_value(&r.failure), failure_value(&r.failure)));
        }
        let current = failure_value(&r.failure);
        let behaviour = fo.iter().find(|(v, _)| *v == current).map(|(_, shown)| shown.clone()).unwrap_or_default();
        // Collapsed unless something in it needs fixing.
        let open = f.props.problems.iter().any(|pr| pr.path.starts_with(&p))
            || f.props.bad_inputs.iter().any(|b| b.starts_with(&p));
        html! {
            <details class="item" {open}>
                <summary><strong>{ r.label.clone() }</strong>{ " \u{2014} " }{ behaviour }</summary>
                { f.at("revision_label", &format!("{p}.label")) }
                { f.select("revision_failure", format!("{p}.failure"), fo, &failure_value(&r.failure),
                    i, |s, i, v| if let Some(r) = s.delivery.revisions.get_mut(i) { r.failure = failure_parse(v) }) }
                <div class="row3">
                    { f.each(&p, &[("event_s", "event_s"), ("bundle_mb", "bundle_mb")]) }
                </div>
                { f.each(&p, &[("requires", "requires"), ("installs", "installs")]) }
                { f.button("remove", i, |s, i| { if i < s.delivery.revisions.len() { s.delivery.revisions.remove(i); } }) }
            </details>
        }
    });

    let body = html! {
        <>
            <p class="hint">{ f.t("delivery_hint") }</p>
            { f.select("delivery_method", "delivery.method".into(), method_opts, method, 0, |s, _, v| {
                if let Some((_, m)) = METHODS.iter().find(|(k, _)| *k == v) { s.delivery.method = *m }
            }) }
            <p class="hint">{ f.t(match d.method {
                DeliveryMethod::NoAutomation => "method_none_hint",
                DeliveryMethod::UserData => "method_user_data_hint",
                DeliveryMethod::CodeDeploy => "method_codedeploy_hint",
                DeliveryMethod::BakeAmi => "method_bake_ami_hint",
            }) }</p>
            { f.select("deployment_config", "delivery.deployment_config".into(), config_opts, config, 0, |s, _, v| {
                s.delivery.deployment_config = match v {
                    "AllAtOnce" => DeploymentConfig::AllAtOnce,
                    "HalfAtATime" => DeploymentConfig::HalfAtATime,
                    "OneAtATime" => DeploymentConfig::OneAtATime,
                    _ => s.delivery.deployment_config.clone(),
                };
            }) }
            { f.each("delivery", &[("outdated_instances_strategy", "outdated_instances_strategy"),
                ("auto_rollback", "auto_rollback"), ("with_load_balancer", "with_load_balancer"),
                ("initial_revision", "initial_revision")]) }
            <h4>{ f.t("revisions") }</h4>
            { revisions.into_iter().collect::<Html>() }
            { f.button("add_revision", 0, |s, _| {
                let n = s.delivery.revisions.len() + 1;
                s.delivery.revisions.push(RevisionSpec::labelled(&format!("v{n}")));
            }) }
            { f.leftovers(&["delivery"]) }
        </>
    };
    card("card-delivery", f.t("card_delivery"), 5, body)
}
