//! Entry point: mounts [`scaleout_web::App`] on `<body>`.

fn main() {
    scaleout_web::panic::install();
    yew::Renderer::<scaleout_web::App>::new().render();
}
