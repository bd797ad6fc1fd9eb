//! Entry point: mounts [`scaleout_web::App`] on `<body>`.

/// The page is single-threaded wasm, the case talc's `TalckWasm` is made for.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

fn main() {
    scaleout_web::panic::install();
    // The EC2 bundle passes an ECS or EKS link on to the platforms bundle before it mounts.
    if scaleout_web::share::bundle::hand_over_at_boot() {
        return;
    }
    yew::Renderer::<scaleout_web::App>::new().render();
}
