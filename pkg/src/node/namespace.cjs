// src/web/namespace.js for CommonJS: one namespace per platform from a module's flat exports,
// and a clear error when a bundle cannot find its module.
"use strict";

const { basename } = require("node:path");

/**
 * The functions of a wasm-bindgen module whose names start with `platform`, by operation.
 * @param {Record<string, unknown>} bindings the exports of the module
 * @param {string} platform `magento` or `open2b`
 * @returns {Readonly<Record<string, Function>>}
 */
function namespace(bindings, platform) {
  const functions = {};
  for (const [name, value] of Object.entries(bindings)) {
    const operation = name.slice(platform.length);
    if (typeof value === "function" && name.startsWith(platform) && /^[A-Z]/.test(operation)) {
      functions[operation[0].toLowerCase() + operation.slice(1)] = value;
    }
  }
  return Object.freeze(functions);
}

/**
 * The error to throw when loading a module failed. The glue reads the module next to itself;
 * bundled (esbuild, webpack), "itself" is the bundle, and the module must be copied beside it.
 * @param {Error & { code?: string, path?: string }} error what loading threw
 * @param {string} platform `magento` or `open2b`
 */
function loadError(error, platform) {
  if (error?.code !== "ENOENT" || !error.path?.endsWith(".wasm")) return error;
  const file = basename(error.path);
  return new Error(
    `customer-rules: the ${platform} WebAssembly module is missing at ${error.path}. ` +
      `A bundled app must ship it beside its bundle: copy ` +
      `node_modules/customer-rules/dist/${platform}/${file} there.`,
    { cause: error },
  );
}

module.exports = { namespace, loadError };
