// The declarations: test/types/usage.ts uses the package as a TypeScript user would, and marks
// with @ts-expect-error what the types must refuse; tsc fails on either kind of drift.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { test } from "node:test";

test("tsc accepts the documented uses and refuses the wrong ones", () => {
  const tsc = fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url));
  const project = fileURLToPath(new URL("types/tsconfig.json", import.meta.url));
  const result = spawnSync(process.execPath, [tsc, "--project", project], { encoding: "utf8" });
  assert.equal(result.status, 0, `tsc failed:\n${result.stdout}${result.stderr}`);
});
