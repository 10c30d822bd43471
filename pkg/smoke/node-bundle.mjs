// A Node script bundled as serverless functions are built (`esbuild --bundle --platform=node`,
// CommonJS output), one per entry of the package, each run from another folder: without its
// module beside the bundle it fails with an error that says what to copy; with the module copied
// there, as the package's README tells, it answers. Run by this Node and, when NODE_20_0 names its
// binary, by Node 20.0.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { build } from "esbuild";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const work = mkdtempSync(join(tmpdir(), "customer-rules-esbuild-"));
const nodes = [process.execPath, process.env.NODE_20_0].filter(Boolean);

const entries = {
  "customer-rules": ["magento", "open2b"],
  "customer-rules/magento": ["magento"],
  "customer-rules/open2b": ["open2b"],
};

/** The function's script: the first answer of each platform the entry gives. */
const script = (specifier, platforms) => `
import { ${platforms.join(", ")} } from "${specifier}";
const answers = {
  magento: () => magento.validate({ customer: { firstname: "" } }).response.status,
  open2b: () => open2b.validate({ customer: {} }).response.body.status,
};
console.log(JSON.stringify([${platforms.map((platform) => `answers.${platform}()`).join(", ")}]));
`;

const expected = { magento: 400, open2b: "ok" };

try {
  for (const [specifier, platforms] of Object.entries(entries)) {
    const folder = join(work, specifier.replace("/", "-"));
    mkdirSync(folder);
    const bundle = join(folder, "index.js");
    await build({
      stdin: { contents: script(specifier, platforms), resolveDir: here("."), sourcefile: "app.mjs" },
      bundle: true,
      platform: "node",
      outfile: bundle,
      logLevel: "warning",
    });
    for (const node of nodes) {
      const run = () => spawnSync(node, [bundle], { cwd: work, encoding: "utf8" });
      const missing = run();
      assert.notEqual(missing.status, 0, `${specifier}: ran without its module`);
      const module = `customer_rules_${platforms[0]}_bg.wasm`;
      assert.match(
        missing.stderr,
        new RegExp(
          `customer-rules: the ${platforms[0]} WebAssembly module is missing at .*${module}\\. ` +
            `A bundled app must ship it beside its bundle: copy ` +
            `node_modules/customer-rules/dist/${platforms[0]}/${module} there\\.`,
        ),
      );
    }
    for (const platform of platforms) {
      const module = `customer_rules_${platform}_bg.wasm`;
      copyFileSync(here(`node_modules/customer-rules/dist/${platform}/${module}`), join(folder, module));
    }
    for (const node of nodes) {
      const answered = spawnSync(node, [bundle], { cwd: work, encoding: "utf8" });
      assert.equal(answered.status, 0, answered.stderr);
      assert.deepEqual(JSON.parse(answered.stdout), platforms.map((platform) => expected[platform]));
      const version = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
      console.log(`esbuild node bundle of ${specifier}: answers in Node ${version}, ${platforms.length === 1 ? "its module" : "both modules"} beside it`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
