// A module exports one flat function per operation, its name prefixed with the platform
// (`open2bValidate`); users see one namespace per platform (`open2b.validate`). Grouping by name
// keeps the entries free of any list that could fall behind the Rust exports; the declarations
// group the types the same way. src/node/namespace.cjs is this function for CommonJS.

/**
 * The functions of a wasm-bindgen module whose names start with `platform`, by operation.
 * @param {Record<string, unknown>} bindings the exports of the module
 * @param {string} platform `magento` or `open2b`
 * @returns {Readonly<Record<string, Function>>}
 */
export function namespace(bindings, platform) {
  const functions = {};
  for (const [name, value] of Object.entries(bindings)) {
    const operation = name.slice(platform.length);
    if (typeof value === "function" && name.startsWith(platform) && /^[A-Z]/.test(operation)) {
      functions[operation[0].toLowerCase() + operation.slice(1)] = value;
    }
  }
  return Object.freeze(functions);
}
