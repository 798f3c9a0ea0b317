//! Browser entry point: install the panic hook, read `config.json`, then mount the app.

fn main() {
    console_error_panic_hook::set_once();
    tenant_bridge::ui::start();
}
