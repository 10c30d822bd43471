// Browsers, with or without a bundler: wasm-bindgen's `web` build fetches the module next to it
// (`new URL(…, import.meta.url)`, which bundlers follow). Waiting here, once, keeps every
// function synchronous for the importer.
import init, * as bindings from "../dist/web/customer_rules.js";
import { namespaces } from "./namespaces.js";

await init();

export const { magento, open2b } = namespaces(bindings);
