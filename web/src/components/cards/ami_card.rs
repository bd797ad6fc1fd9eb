//! Step 1: the AMI: OS, runtime (JDK 1.8) and agents baked in, and the revision it carries.

use scaleout_core::scenario::Ami;
use yew::prelude::*;

use crate::components::fields::{card, Fields};

pub fn ami_card(f: &Fields) -> Html {
    let props = f.props;
    let s = &props.scenario;
    let items = (0..s.amis.len()).map(|i| {
        let remove = (s.amis.len() > 1).then(|| {
            f.button("remove", i, |s, i| {
                if i < s.amis.len() {
                    s.amis.remove(i);
                }
            })
        });
        html! {
            <div class="item">
                { f.each(&format!("amis[{i}]"), &[("ami_id", "id"), ("ami_name", "name"),
                    ("ami_software", "software"), ("ami_baked_revision", "baked_revision")]) }
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
