// Node, CommonJS (`require("customer-rules/open2b")`; the ES module beside it imports this file):
// wasm-bindgen's `nodejs` glue reads the Open2b 7.5 module next to it and compiles it synchronously.
"use strict";

const { namespace, loadError } = require("./namespace.cjs");

let bindings;
try {
  bindings = require("../../dist/open2b/customer_rules_open2b.cjs");
} catch (error) {
  throw loadError(error, "open2b");
}

exports.open2b = namespace(bindings, "open2b");
