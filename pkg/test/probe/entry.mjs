// Imports one entry of the package (argv[2]) in a fresh Node process, as an ES module, and prints
// what test/entries.test.js checks: see ./report.cjs.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { report } = require("./report.cjs");

const specifier = process.argv[2];
const api = await import(specifier);
// One instance per process: `require` of the same entry gives the very same namespaces.
const shared = Object.keys(api).every((name) => api[name] === require(specifier)[name]);
process.stdout.write(JSON.stringify({ ...report(api, require.cache), shared }));
