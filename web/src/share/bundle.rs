//! The page ships as two bundles of the same crate (docs/size.md, "Two bundles"):
//!
//! - `index.html` loads the EC2 bundle, built without the `platforms` feature: EC2 scenarios, the
//!   page's first load and what most links and embeds open.
//! - `platforms.html` (written by the build's hook, `scripts/platforms-bundle.mjs`) loads the
//!   platforms bundle, built with it: the same page with the ECS and EKS runtimes and views.
//!
//! The EC2 bundle reads and writes every scenario (ECS and EKS sections included). When it meets
//! one it cannot run (a link, the autosave, a preset, a file, the platform select), it hands the
//! scenario over: it opens `platforms.html` with the same query (the view options) and the
//! scenario in the fragment, as a link would. Nothing is lost: the fragment is the whole run.
//! The platforms bundle runs EC2 scenarios as well, so it never hands back.

use scaleout_core::Scenario;

/// The page that loads the platforms bundle, beside `index.html`.
pub const PLATFORMS_PAGE: &str = "platforms.html";

/// A scenario with an ECS or EKS section: the EC2 bundle hands it to the platforms bundle.
pub fn needs_platforms(s: &Scenario) -> bool {
    s.ecs.is_some() || s.kubernetes.is_some()
}

/// `https://h/p/index.html?q#old` with fragment `s=X` -> `https://h/p/platforms.html?q#s=X`: the
/// platforms page in the same folder, with the same view options.
pub fn platforms_url(href: &str, fragment: &str) -> String {
    let base = super::url_state::page_base(href);
    let folder = base.rfind('/').map_or("", |i| &base[..=i]);
    let query = super::url_state::query_of(href);
    format!("{folder}{PLATFORMS_PAGE}{query}#{fragment}")
}

/// How a hand-over treats the autosave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Autosave {
    /// A scenario the reader chose (a preset, the platform select, a file): kept, as the page
    /// keeps every run it starts (embeds store nothing).
    Keep,
    /// What the page opened with (a link, or the autosave itself): left as it is.
    Leave,
}

/// In the EC2 bundle, when `scenario` needs the platforms bundle: opens it with the link
/// `payload` (and `&a=` while comparing) followed by `rest` of the fragment (`&t=...`), and
/// returns true; the caller then leaves the run as it is. False in the platforms bundle, or for an
/// EC2 scenario.
pub fn hand_over(
    scenario: &Scenario,
    payload: impl FnOnce() -> String,
    rest: &str,
    autosave: Autosave,
) -> bool {
    if crate::PLATFORMS || !needs_platforms(scenario) {
        return false;
    }
    let (href, search, hash) = super::url_state::location();
    let payload = payload();
    if autosave == Autosave::Keep && !super::url_state::view_options(&search, &hash).embed {
        super::url_state::write_autosave(&payload);
    }
    let url = platforms_url(&href, &format!("s={payload}{rest}"));
    web_sys::window().is_some_and(|w| w.location().replace(&url).is_ok())
}

/// At start, before the page mounts: an ECS or EKS scenario in the link (or, without a link, in
/// the autosave) goes to the platforms bundle. True when the page is on its way there.
pub fn hand_over_at_boot() -> bool {
    if crate::PLATFORMS {
        return false;
    }
    let (_, search, hash) = super::url_state::location();
    let saved = super::url_state::read_autosave();
    let boot = super::url_state::boot(&search, &hash, saved.as_deref());
    let Some(scenario) = boot.scenario else {
        return false;
    };
    let payload = if boot.from_link {
        super::url_state::payload_in_hash(&hash)
    } else {
        saved
    };
    let Some(payload) = payload else {
        return false;
    };
    // The link's `t=` (open at a time) rides along in the fragment.
    let t = super::url_state::parse_params(&hash)
        .into_iter()
        .find(|(k, _)| k == "t")
        .map(|(_, v)| format!("&t={v}"))
        .unwrap_or_default();
    hand_over(&scenario, || payload, &t, Autosave::Leave)
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn the_platforms_page_sits_beside_the_page_with_the_same_view_options() {
        assert_eq!(
            platforms_url("https://x.y/sim/?lang=ko&embed=1#s=old", "s=NEW&t=60"),
            "https://x.y/sim/platforms.html?lang=ko&embed=1#s=NEW&t=60"
        );
        assert_eq!(
            platforms_url("http://127.0.0.1:8080/index.html", "s=A&a=B"),
            "http://127.0.0.1:8080/platforms.html#s=A&a=B"
        );
        assert_eq!(
            platforms_url("http://127.0.0.1:8080/platforms.html?theme=dark", "s=A"),
            "http://127.0.0.1:8080/platforms.html?theme=dark#s=A"
        );
    }

    #[wasm_bindgen_test]
    fn ecs_and_eks_scenarios_need_the_platforms_bundle() {
        let mut s = Scenario::demo();
        assert!(!needs_platforms(&s));
        s.ecs = Some(Default::default());
        assert!(needs_platforms(&s));
        let mut k = Scenario::demo();
        k.kubernetes = scaleout_core::presets::all()
            .into_iter()
            .find_map(|p| p.scenario.kubernetes);
        assert!(needs_platforms(&k));
    }
}
