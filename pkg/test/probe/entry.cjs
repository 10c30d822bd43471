// Requires one entry of the package (argv[2]) in a fresh Node process, as CommonJS, and prints
// what test/entries.test.js checks: see ./report.cjs.
"use strict";

const { report } = require("./report.cjs");

const api = require(process.argv[2]);
process.stdout.write(JSON.stringify({ ...report(api, require.cache), shared: true }));
