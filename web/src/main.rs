//! Entry point: mounts [`scaleout_web::App`] on `<body>`.

fn main() {
    yew::Renderer::<scaleout_web::App>::new().render();
}
