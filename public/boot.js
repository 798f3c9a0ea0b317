// Starts the WebAssembly app. Lives in its own file because the Content-Security-Policy forbids
// inline scripts; `cargo xtask` writes the bundle's hashed names and the main module's integrity
// into <meta name="tb-bundle">, so the wasm is fetched here with its subresource integrity.
const bundle = document.querySelector('meta[name="tb-bundle"]');
const { default: init } = await import(bundle.dataset.js);
const wasm = fetch(bundle.dataset.wasm, { integrity: bundle.dataset.wasmIntegrity, credentials: "same-origin" });
await init({ module_or_path: wasm });
// Offline from cache: once a file of this build was loaded, the service worker serves it when
// the network is gone (sw.js). Failing to register (a private window, a host that forbids it)
// changes nothing else.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(() => {});
}
