// Every conformance case through the package, imported by its name as a user does (Node resolves
// it to this package through the `node` condition of its `exports`).
import assert from "node:assert/strict";
import { test } from "node:test";

import * as api from "customer-rules";

import { canRun, runCase } from "./cases.js";
import { loadCorpus } from "./corpus.js";

const { cases, fixtures, packs } = loadCorpus();

test("the corpus holds cases, and says which platforms this build cannot run", (t) => {
  assert.ok(cases.length > 0, "no case in tests/conformance");
  const skipped = cases.filter((testCase) => !canRun(api, testCase.platform));
  const platforms = [...new Set(skipped.map((testCase) => testCase.platform))];
  t.diagnostic(
    `${cases.length - skipped.length} cases run, ${skipped.length} skipped` +
      (platforms.length ? ` (no bindings for ${platforms.join(", ")})` : ""),
  );
  assert.ok(skipped.length < cases.length, "no case can run");
});

for (const testCase of cases) {
  const skip = !canRun(api, testCase.platform) && `no ${testCase.platform} bindings in the package`;
  test(`${testCase.name} (${testCase.file})`, { skip }, () => {
    assert.deepEqual(runCase(api, testCase, fixtures, packs), []);
  });
}
