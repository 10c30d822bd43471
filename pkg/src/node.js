// Node: wasm-bindgen's `nodejs` build (CommonJS) reads and compiles the module synchronously.
import bindings from "../dist/node/customer_rules.js";
import { namespaces } from "./namespaces.js";

export const { magento, open2b } = namespaces(bindings);
