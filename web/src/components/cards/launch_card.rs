//! Step 2: the launch template (numbered, immutable versions; `$Default` / `$Latest`) or the
//! launch configuration, and the instance type. "New version" creates a version in the running
//! simulation (Action::CreateLaunchTemplateVersion), as a person would in the console.

use scaleout_core::scenario::{LaunchConfiguration, LaunchSource, LaunchTemplate};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::opts;
use crate::components::fields::{card, opt_text, Fields};
use crate::state::TemplateView;

/// `live`: the running simulation's template (with versions created live).
/// `on_new_version`: create a new version from `$Default` with this image, as the default.
/// `new_image`: the image picked for the next new version.
pub fn launch_card(
    f: &Fields,
    live: Option<&TemplateView>,
    on_new_version: &Callback<String>,
    new_image: &UseStateHandle<Option<String>>,
) -> Html {
    let s = &f.props.scenario;
    let ami_ids: Vec<String> = s.amis.iter().map(|a| a.id.clone()).collect();
    let picked = (**new_image)
        .clone()
        .filter(|p| ami_ids.contains(p))
        .or_else(|| ami_ids.last().cloned())
        .unwrap_or_default();

    let is_lt = matches!(s.group.launch, LaunchSource::LaunchTemplate { .. });
    let source = f.select(
        "launch_source",
        "group.launch".into(),
        vec![
            ("lt".into(), f.t("launch_template").into()),
            ("lc".into(), f.t("launch_configuration").into()),
        ],
        if is_lt { "lt" } else { "lc" },
        0,
        |s, _, v| {
            let image = s.amis.first().map(|a| a.id.clone()).unwrap_or_default();
            if v == "lc" {
                if s.launch_configurations.is_empty() {
                    s.launch_configurations.push(LaunchConfiguration {
                        image_id: image,
                        ..LaunchConfiguration::default()
                    });
                }
                s.group.launch = LaunchSource::LaunchConfiguration {
                    name: s.launch_configurations[0].name.clone(),
                };
            } else {
                if s.launch_templates.is_empty() {
                    s.launch_templates.push(LaunchTemplate::default());
                }
                s.group.launch = LaunchSource::LaunchTemplate {
                    name: s.launch_templates[0].name.clone(),
                    version: "$Default".into(),
                };
            }
        },
    );

    let detail = match &s.group.launch {
        LaunchSource::LaunchTemplate { name, version } => {
            let Some(ti) = s.launch_templates.iter().position(|t| &t.name == name) else {
                return card(
                    "card-launch",
                    f.t("card_launch"),
                    2,
                    html! { { f.leftovers(&["group.launch", "launch_templates"]) } },
                );
            };
            let lt = &s.launch_templates[ti];
            let mut version_opts = opts(&["$Default", "$Latest"]);
            version_opts.extend((1..=lt.versions.len()).map(|n| (n.to_string(), n.to_string())));
            let versions = lt.versions.iter().enumerate().map(|(vi, v)| {
                let p = format!("launch_templates[{ti}].versions[{vi}]");
                html! {
                    <div class="item">
                        <h4>{ format!("{} {}", f.t("version"), vi + 1) }
                            if lt.default_version as usize == vi + 1 { <span class="badge">{ "$Default" }</span> }
                        </h4>
                        { f.select("image_id", format!("{p}.image_id"), opts(&ami_ids.iter().map(String::as_str).collect::<Vec<_>>()),
                            v.image_id.as_deref().unwrap_or_default(),
                            ti * 1024 + vi, |s, x, val| if let Some(v) = s.launch_templates.get_mut(x / 1024).and_then(|t| t.versions.get_mut(x % 1024)) { v.image_id = opt_text(val) }) }
                        { f.each(&p, &[("instance_type", "instance_type"), ("volume_size_gib", "volume_size_gib")]) }
                    </div>
                }
            });
            let version_select = f.select(
                "group_launch_version",
                "group.launch.LaunchTemplate.version".into(),
                version_opts,
                version,
                0,
                |s, _, v| {
                    if let LaunchSource::LaunchTemplate { version, .. } = &mut s.group.launch {
                        *version = v.to_string();
                    }
                },
            );
            html! {
                <>
                    { version_select }
                    { f.at("default_version", &format!("launch_templates[{ti}].default_version")) }
                    { versions.into_iter().collect::<Html>() }
                </>
            }
        }
        LaunchSource::LaunchConfiguration { name } => {
            let Some(li) = s.launch_configurations.iter().position(|l| &l.name == name) else {
                return card(
                    "card-launch",
                    f.t("card_launch"),
                    2,
                    html! { { f.leftovers(&["group.launch", "launch_configurations"]) } },
                );
            };
            let lc = &s.launch_configurations[li];
            let p = format!("launch_configurations[{li}]");
            html! {
                <div class="item">
                    <p class="hint">{ f.t("lc_hint") }</p>
                    { f.select("image_id", format!("{p}.image_id"), opts(&ami_ids.iter().map(String::as_str).collect::<Vec<_>>()), &lc.image_id,
                        li, |s, li, v| if let Some(l) = s.launch_configurations.get_mut(li) { l.image_id = v.to_string() }) }
                    { f.each(&p, &[("instance_type", "instance_type"), ("volume_size_gib", "volume_size_gib")]) }
                </div>
            }
        }
    };

    let types = (0..s.instance_types.len()).map(|i| {
        html! {
            <div class="item">
                { f.each(&format!("instance_types[{i}]"), &[("instance_type_name", "name"), ("capacity_rps", "capacity_rps")]) }
            </div>
        }
    });

    let live = live.map(|live| {
        let on_pick = {
            let new_image = new_image.clone();
            Callback::from(move |e: Event| {
                let select: HtmlSelectElement = e.target_unchecked_into();
                new_image.set(Some(select.value()));
            })
        };
        let on_new = {
            let cb = on_new_version.clone();
            let image = picked.clone();
            Callback::from(move |_: MouseEvent| cb.emit(image.clone()))
        };
        html! {
            <div class="live-versions">
                <h4>{ f.t("live_versions") }</h4>
                <ol data-testid="template-versions">
                    { for live.versions.iter().map(|(n, image, ty)| html! {
                        <li>{ format!("{}:{n}  {image}  {ty}", live.name) }
                            if *n == live.default_version { <span class="badge">{ "$Default" }</span> }
                        </li>
                    }) }
                </ol>
                <div class="row">
                    <label for="new-version-image">{ f.t("image_id") }</label>
                    <select id="new-version-image" onchange={on_pick}>
                        { for ami_ids.iter().map(|id| html! { <option value={id.clone()} selected={*id == picked}>{ id.clone() }</option> }) }
                    </select>
                    <button type="button" data-testid="new-version" onclick={on_new}>{ f.t("new_version") }</button>
                </div>
            </div>
        }
    });

    let body = html! {
        <>
            <p class="hint">{ f.t("launch_hint") }</p>
            { source }
            { detail }
            { types.into_iter().collect::<Html>() }
            { live.into_iter().collect::<Html>() }
            { f.leftovers(&["group.launch", "launch_templates", "launch_configurations", "instance_types"]) }
        </>
    };
    card("card-launch", f.t("card_launch"), 2, body)
}
