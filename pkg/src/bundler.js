// Bundlers that import WebAssembly as ES modules (webpack's `asyncWebAssembly`, Node's
// `--experimental-wasm-modules`): wasm-bindgen's `bundler` build.
import * as bindings from "../dist/bundler/customer_rules.js";
import { namespaces } from "./namespaces.js";

export const { magento, open2b } = namespaces(bindings);
