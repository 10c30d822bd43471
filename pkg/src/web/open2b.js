// Browsers and bundlers (`import { open2b } from "customer-rules/open2b"`): wasm-bindgen's `web`
// glue fetches the Open2b 7.5 module next to it (`new URL(…, import.meta.url)`, which Vite and webpack
// follow and emit as an asset). Waiting here, once, keeps every function synchronous.
import init, * as bindings from "../../dist/open2b/customer_rules_open2b.js";
import { namespace } from "./namespace.js";

await init();

export const open2b = namespace(bindings, "open2b");
