// `cargo xtask bench` runs this after `cargo xtask pkg`: sizes of the customer-rules package
// against ajv and zod 4 bundled the same way, then validation speed in Node against ajv compiled
// from the spec's JSON Schema. Prints one JSON object; BENCHMARKS.md is written from it.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { parse } from "yaml";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
const measure = (bytes) => ({ raw: bytes.length, gzip: gzip(bytes) });

/** esbuild, minified, one ES module for browsers, as an app bundler would ship it. */
async function bundle(entry) {
  const result = await build({
    entryPoints: [here(entry)],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  return measure(result.outputFiles[0].contents);
}

async function sizes() {
  return {
    bundles: {
      "customer-rules (browser build, JS only)": await bundle("entries/customer-rules.js"),
      "ajv 8 + ajv-formats": await bundle("entries/ajv.js"),
      "zod 4 (one schema of the Open2b body)": await bundle("entries/zod.js"),
    },
  };
}

/** Operations per second of `run`: 5 rounds of about 200 ms, the median. */
function opsPerSecond(run) {
  for (let i = 0; i < 200; i++) run(); // warm up the JIT
  const rounds = [];
  for (let round = 0; round < 5; round++) {
    let count = 0;
    const start = process.hrtime.bigint();
    let elapsed = 0n;
    while (elapsed < 200_000_000n) {
      for (let i = 0; i < 50; i++) run();
      count += 50;
      elapsed = process.hrtime.bigint() - start;
    }
    rounds.push(count / (Number(elapsed) / 1e9));
  }
  rounds.sort((a, b) => a - b);
  return rounds[2];
}

function speed() {
  const require = createRequire(import.meta.url);
  const { magento, open2b } = require("../../pkg/src/node.js");
  const Ajv = require("ajv").default;
  const addFormats = require("ajv-formats").default;
  const requests = JSON.parse(readFileSync(here("../requests.json"), "utf8"));
  const spec = parse(readFileSync(here("../../openapi/customer-api.yaml"), "utf8"));
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: "spec", components: spec.components });
  const schema = (name) => ajv.getSchema(`spec#/components/schemas/${name}`);
  const platforms = {
    magento: {
      ajv: schema("magento-customer-put-request"),
      rules: (body) =>
        magento.validate(body, {
          stored: requests.magento.stored,
          context: requests.magento.context,
          ...requests.clock,
        }),
    },
    open2b: {
      ajv: schema("open2b-update-customer-request"),
      rules: (body) =>
        open2b.validate(body, { stored: requests.open2b.stored, context: requests.open2b.context }),
    },
  };
  // The package before it was split into one module per shop, built by `cargo xtask bench` from
  // its commit: the same calls, so each row also says how the package's speed changed.
  const baseline = process.env.BASELINE_PACKAGE ? require(process.env.BASELINE_PACKAGE) : null;
  const before = baseline && {
    magento: (body) =>
      baseline.magento.validate(body, {
        stored: requests.magento.stored,
        context: requests.magento.context,
        ...requests.clock,
      }),
    open2b: (body) =>
      baseline.open2b.validate(body, { stored: requests.open2b.stored, context: requests.open2b.context }),
  };
  const results = [];
  for (const [platform, { ajv: check, rules }] of Object.entries(platforms)) {
    for (const kase of ["valid", "invalid"]) {
      const body = requests[platform][kase];
      const accepted = rules(body).violations.length === 0;
      if (accepted !== (kase === "valid")) throw new Error(`${platform} ${kase}: rules disagree`);
      // Interleaved, so both see the same machine load.
      if (before && JSON.stringify(before[platform](body)) !== JSON.stringify(rules(body))) {
        throw new Error(`${platform} ${kase}: the package before the split answers otherwise`);
      }
      const rulesOps = [];
      const ajvOps = [];
      const beforeOps = [];
      for (let pass = 0; pass < 3; pass++) {
        rulesOps.push(opsPerSecond(() => rules(body)));
        ajvOps.push(opsPerSecond(() => check(body)));
        if (before) beforeOps.push(opsPerSecond(() => before[platform](body)));
      }
      const median = (list) => list.sort((a, b) => a - b)[1];
      results.push({
        platform,
        case: kase,
        rules: median(rulesOps),
        ajv: median(ajvOps),
        before: before ? median(beforeOps) : null,
        ajvAccepts: check(body),
      });
    }
  }
  return results;
}

console.log(JSON.stringify({ node: process.version, sizes: await sizes(), speed: speed() }));
