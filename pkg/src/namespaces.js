// The WebAssembly module exports one flat function per platform and operation (`open2bValidate`);
// users see one namespace per platform (`open2b.validate`). Grouping by name keeps this file free
// of any list that could fall behind the Rust exports; index.d.ts groups the types the same way.

/** The platforms, each the prefix of its functions' export names. */
const PLATFORMS = ["magento", "open2b"];

/**
 * Groups the functions of a wasm-bindgen module by platform.
 * @param {Record<string, unknown>} bindings the exports of the module
 * @returns {{ magento: Record<string, Function>, open2b: Record<string, Function> }}
 */
export function namespaces(bindings) {
  const grouped = {};
  for (const platform of PLATFORMS) {
    const functions = {};
    for (const [name, value] of Object.entries(bindings)) {
      const operation = name.slice(platform.length);
      if (typeof value === "function" && name.startsWith(platform) && /^[A-Z]/.test(operation)) {
        functions[operation[0].toLowerCase() + operation.slice(1)] = value;
      }
    }
    grouped[platform] = Object.freeze(functions);
  }
  return grouped;
}
