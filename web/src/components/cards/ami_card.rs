//! Step 1: the AMI: OS, runtime (JDK 1.8) and agents baked in, and the revision it carries.

use scaleout_core::scenario::Ami;
use yew::prelude::*;

use crate::components::fields::{card, Fields};

pub fn ami_card(f: &Fields) -> Html {
    let props = f.props;
    let s = &props.scenario;
    let items = s.amis.iter().enumerate().map(|(i, a)| {
        let remove = (s.amis.len() > 1).then(|| {
            f.button("remove", i, |s, i| {
                if i < s.amis.len() {
                    s.amis.remove(i);
                }
            })
        });
        html! {
            <div class="item">
                { f.text("ami_id", format!("amis[{i}].id"), a.id.clone(),
                    i, |s, i, v| if let Some(a) = s.amis.get_mut(i) { a.id = v.clone() }) }
                { f.text("ami_name", format!("amis[{i}].name"), a.name.clone(),
                    i, |s, i, v| if let Some(a) = s.amis.get_mut(i) { a.name = v.clone() }) }
                { f.list("ami_software", format!("amis[{i}].software"), &a.software,
                    i, |s, i, v| if let Some(a) = s.amis.get_mut(i) { a.software = v.clone() }) }
                { f.opt_text("ami_baked_revision", format!("amis[{i}].baked_revision"), a.baked_revision.clone(), i, |s, i, v| if let Some(a) = s.amis.get_mut(i) { a.baked_revision = v.clone() }) }
                { remove.into_iter().collect::<Html>() }
            </div>
        }
    });
    let body = html! {
        <>
            <p class="hint">{ f.t("ami_hint") }</p>
            { items.into_iter().collect::<Html>() }
            { f.button("add_ami", 0, |s, _| {
                let n = s.amis.len() + 1;
                s.amis.push(Ami {
                    id: format!("ami-0{n:016x}"),
                    name: format!("app-base-{n}"),
                    ..Ami::default()
                });
            }) }
            { f.leftovers(&["amis"]) }
        </>
    };
    card("card-ami", f.t("card_ami"), 1, body)
}
