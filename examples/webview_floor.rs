//! The floor under Demarc's start, for `scripts/bench-app`: the same Tauri and WebKitGTK, built
//! with the same profile, showing one box in an ownership colour and nothing else. Demarc's cold
//! start minus this one is what Demarc itself costs.

use tauri::{WebviewUrl, WebviewWindowBuilder};

const PAGE: &str =
    "<!doctype html><body style='margin:0'><div style='width:640px;height:400px;background:#0072B2'></div>";

fn main() {
    let mut context = tauri::generate_context!();
    context.config_mut().app.windows.clear();
    let built = tauri::Builder::default()
        // Served as Demarc's own page is, from the app, not over a network.
        .register_uri_scheme_protocol("floor", |_ctx, _request| {
            tauri::http::Response::builder()
                .header("Content-Type", "text/html")
                .body(PAGE.as_bytes().to_vec())
                .unwrap_or_default()
        })
        .setup(|app| {
            let url = WebviewUrl::CustomProtocol("floor://localhost/".parse()?);
            WebviewWindowBuilder::new(app, "floor", url)
                .title("Demarc floor")
                .inner_size(1280.0, 800.0)
                .build()?;
            Ok(())
        })
        .run(context);
    if let Err(e) = built {
        eprintln!("webview_floor: {e}");
        std::process::exit(1);
    }
}
