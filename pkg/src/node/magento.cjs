// Node, CommonJS (`require("customer-rules/magento")`; the ES module beside it imports this file):
// wasm-bindgen's `nodejs` glue reads the Magento 2 module next to it and compiles it synchronously.
"use strict";

const { namespace, loadError } = require("./namespace.cjs");

let bindings;
try {
  bindings = require("../../dist/magento/customer_rules_magento.cjs");
} catch (error) {
  throw loadError(error, "magento");
}

exports.magento = namespace(bindings, "magento");
