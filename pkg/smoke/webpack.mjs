// The app built with webpack 5 (production mode, no configuration of WebAssembly: the glue's
// `new URL("….wasm", import.meta.url)` becomes an asset, its top-level `await` an async module),
// served as static files and opened in headless Chromium.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFile, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";

import webpack from "webpack";

import { checkOutcome, openApp } from "./browser.mjs";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const work = mkdtempSync(join(tmpdir(), "customer-rules-webpack-"));

const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };

/** Serves the files of `folder` (no subfolders needed beyond what webpack writes). */
function serve(folder) {
  const server = createServer((request, response) => {
    const path = new URL(request.url, "http://app").pathname;
    const file = join(folder, path === "/" ? "index.html" : path);
    if (path.includes("..")) return response.writeHead(404).end();
    readFile(file, (error, body) => {
      if (error) return response.writeHead(404).end();
      response.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
      response.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

try {
  const output = join(work, "dist");
  const stats = await new Promise((resolve, reject) =>
    webpack(
      {
        mode: "production",
        context: here("."),
        entry: "./main.js",
        output: { path: output, filename: "main.js", clean: true },
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    ),
  );
  assert.ok(!stats.hasErrors(), stats.toString("errors-only"));
  const modules = readdirSync(output).filter((file) => file.endsWith(".wasm"));
  assert.equal(modules.length, 1, `the bundle holds one module, Open2b's: ${readdirSync(output).join(", ")}`);
  // webpack names assets by their hash: the module is Open2b's by its bytes.
  assert.ok(
    readFileSync(join(output, modules[0])).equals(
      readFileSync(here("node_modules/customer-rules/dist/open2b/customer_rules_open2b_bg.wasm")),
    ),
    `${modules[0]} is not the Open2b module`,
  );
  copyFileSync(here("index.html"), join(output, "index.html"));
  const server = await serve(output);
  try {
    const url = `http://127.0.0.1:${server.address().port}/`;
    const app = await openApp(url);
    checkOutcome(app.outcome);
    assert.deepEqual(app.modules, modules);
    console.log(`webpack ${webpack.version}: the bundle served at ${url} validated in ${app.version}`);
  } finally {
    server.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
