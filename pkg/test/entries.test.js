// Each entry of the package in a fresh Node process, imported (ES module) and required
// (CommonJS): it exports its namespaces, answers, and loads only its own platform's module. Run
// by this Node and, when NODE_20_0 names its binary (`cargo xtask test` installs it from npm), by
// Node 20.0, the oldest `engines` allows, which has no `require` of ES modules.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { OPERATIONS } from "./operations.js";

const probe = (name) => fileURLToPath(new URL(`probe/${name}`, import.meta.url));

const ANSWERS = { magento: 400, open2b: { status: 200, body: { status: "ok" } } };

const ENTRIES = {
  "customer-rules": ["magento", "open2b"],
  "customer-rules/magento": ["magento"],
  "customer-rules/open2b": ["open2b"],
};

const nodes = [process.execPath, process.env.NODE_20_0].filter(Boolean);

for (const node of nodes) {
  const version = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
  for (const [specifier, platforms] of Object.entries(ENTRIES)) {
    for (const [kind, script] of [
      ["import", "entry.mjs"],
      ["require", "entry.cjs"],
    ]) {
      test(`Node ${version}: ${kind} "${specifier}" gives ${platforms.join(" and ")}, loading only ${platforms.length > 1 ? "their modules" : "its module"}`, () => {
        const output = execFileSync(node, [probe(script), specifier], { encoding: "utf8" });
        const report = JSON.parse(output);
        assert.deepEqual(report.names, platforms);
        for (const platform of platforms) {
          assert.deepEqual(report.operations[platform], OPERATIONS[platform]);
          assert.deepEqual(report.answers[platform], ANSWERS[platform]);
        }
        assert.deepEqual(
          report.loaded,
          platforms.map((platform) => `customer_rules_${platform}.cjs`),
        );
        assert.ok(report.shared, "import and require give one instance");
      });
    }
  }
}

test("Node 20.0 is tested", { skip: !process.env.NODE_20_0 && "NODE_20_0 is not set" }, () => {
  const version = execFileSync(process.env.NODE_20_0, ["--version"], { encoding: "utf8" }).trim();
  assert.equal(version, "v20.0.0");
});
