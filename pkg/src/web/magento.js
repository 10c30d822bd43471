// Browsers and bundlers (`import { magento } from "customer-rules/magento"`): wasm-bindgen's `web`
// glue fetches the Magento 2 module next to it (`new URL(…, import.meta.url)`, which Vite and webpack
// follow and emit as an asset). Waiting here, once, keeps every function synchronous.
import init, * as bindings from "../../dist/magento/customer_rules_magento.js";
import { namespace } from "./namespace.js";

await init();

export const magento = namespace(bindings, "magento");
