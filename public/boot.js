// Starts the WebAssembly app. Lives in its own file because the Content-Security-Policy forbids
// inline scripts; trunk writes the hashed bundle names into <meta name="tb-bundle">.
const bundle = document.querySelector('meta[name="tb-bundle"]');
const { default: init } = await import(bundle.dataset.js);
await init({ module_or_path: bundle.dataset.wasm });
