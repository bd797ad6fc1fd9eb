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

use std::cell::Cell;

use scaleout_core::{link, Scenario};

use super::url_state::Boot;

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

/// What [`hand_over`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HandOver {
    /// This bundle runs the scenario (or cannot leave): carry on here.
    Stay,
    /// The page is on its way to `platforms.html`: leave the run as it is.
    Leaving,
    /// The scenario's link would be over [`link::MAX_PAYLOAD_CHARS`], so it cannot travel in the
    /// fragment: the caller shows [`TOO_LONG`] and keeps the current run and the autosave.
    TooLong,
}

/// Why an ECS or EKS scenario too large for a link stays out of the EC2 bundle.
pub const TOO_LONG: &str = "This ECS or EKS scenario is too large to pass on as a link: open \
platforms.html and load the file there.";

thread_local! {
    /// Set once the page navigates away: the link and autosave sync stops writing.
    static LEAVING: Cell<bool> = const { Cell::new(false) };
}

/// The page is on its way to the platforms bundle: nothing more is written to the URL or the
/// autosave.
pub fn leaving() -> bool {
    LEAVING.with(Cell::get)
}

/// In the EC2 bundle, when the reader starts an ECS or EKS `scenario` (a preset, the platform
/// select, a file, an import): keeps its link `payload` (with `&a=` while comparing) in the
/// autosave, as the page keeps every run it starts (embeds store nothing), and opens
/// `platforms.html` with it.
pub fn hand_over(scenario: &Scenario, payload: impl FnOnce() -> String) -> HandOver {
    if !wanted(scenario) {
        return HandOver::Stay;
    }
    let payload = payload();
    if payload.len() > link::MAX_PAYLOAD_CHARS {
        return HandOver::TooLong;
    }
    let (_, search, hash) = super::url_state::location();
    if !super::url_state::view_options(&search, &hash).embed {
        super::url_state::write_autosave(&payload);
    }
    if go(&format!("s={payload}")) {
        HandOver::Leaving
    } else {
        HandOver::Stay
    }
}

/// In the EC2 bundle, when a link in the URL (`hash`, at start or pasted later) holds an ECS or
/// EKS `scenario`: opens `platforms.html` with the same fragment (its `t=` and view options
/// too). True when the page is on its way there.
pub fn hand_over_link(scenario: &Scenario, hash: &str) -> bool {
    wanted(scenario) && go(hash.trim_start_matches('#'))
}

/// At start, before the page mounts: an ECS or EKS scenario in the link (or, without a link, in
/// the autosave) goes to the platforms bundle. True when the page is on its way there.
pub fn hand_over_at_boot(boot: &Boot) -> bool {
    if crate::PLATFORMS {
        return false;
    }
    let Some(scenario) = &boot.scenario else {
        return false;
    };
    if boot.from_link {
        let (_, _, hash) = super::url_state::location();
        return hand_over_link(scenario, &hash);
    }
    match super::url_state::read_autosave() {
        Some(saved) => wanted(scenario) && go(&format!("s={saved}")),
        None => false,
    }
}

/// This is the EC2 bundle, the scenario needs the platforms bundle, and this page is not
/// `platforms.html` already (a host that answers a missing file with index.html would otherwise
/// reload it for ever: the simulator refuses the scenario with its reason instead).
fn wanted(scenario: &Scenario) -> bool {
    let (href, _, _) = super::url_state::location();
    !crate::PLATFORMS
        && needs_platforms(scenario)
        && !super::url_state::page_base(&href).ends_with(PLATFORMS_PAGE)
}

fn go(fragment: &str) -> bool {
    let (href, _, _) = super::url_state::location();
    let url = platforms_url(&href, fragment);
    let gone = web_sys::window().is_some_and(|w| w.location().replace(&url).is_ok());
    LEAVING.with(|l| l.set(gone));
    gone
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
