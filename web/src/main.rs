//! Entry point: mounts [`scaleout_web::App`] on `<body>`.

/// The page is single-threaded wasm, the case talc's `TalckWasm` is made for.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

fn main() {
    scaleout_web::panic::install();
    // The link (or the autosave) is read and decoded once, here: the EC2 bundle passes an ECS
    // or EKS scenario on to the platforms bundle before it mounts, and the app opens the rest.
    let boot = scaleout_web::share::page::boot_from_page();
    if scaleout_web::share::bundle::hand_over_at_boot(&boot) {
        return;
    }
    let props = scaleout_web::AppProps {
        boot: Some(scaleout_web::BootProp(std::rc::Rc::new(boot))),
        ..Default::default()
    };
    yew::Renderer::<scaleout_web::App>::with_props(props).render();
}
