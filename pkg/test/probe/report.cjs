// What an entry gave a fresh process: its exports and each namespace's operations, a first
// answer of each platform, and which of the package's modules the process loaded (the glue of
// each module is in the CommonJS cache once the module is compiled).
"use strict";

const { basename } = require("node:path");

const first = {
  magento: (magento) => magento.validate({ customer: { firstname: "" } }).response.status,
  open2b: (open2b) => open2b.validate({ customer: {} }).response,
};

function report(api, cache) {
  const names = Object.keys(api).filter((name) => name !== "default" && name !== "module.exports");
  return {
    names: names.sort(),
    operations: Object.fromEntries(names.map((name) => [name, Object.keys(api[name]).sort()])),
    answers: Object.fromEntries(names.map((name) => [name, first[name](api[name])])),
    loaded: Object.keys(cache)
      .filter((path) => path.includes("/dist/"))
      .map((path) => basename(path))
      .sort(),
  };
}

module.exports = { report };
