// The app built with webpack 5 (production mode, no configuration of WebAssembly: the glue's
// `new URL("….wasm", import.meta.url)` becomes an asset, its top-level `await` an async module),
// served as static files and opened in headless Chromium: its page for one platform (index.html,
// main.js) fetches that platform's module alone, its page for both (both.html, both.js) both.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFile, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";

import webpack from "webpack";

import { checkBothOutcomes, checkOutcome, openApp } from "./browser.mjs";

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
        entry: { main: "./main.js", both: "./both.js" },
        output: { path: output, filename: "[name].js", clean: true },
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    ),
  );
  assert.ok(!stats.hasErrors(), stats.toString("errors-only"));
  // webpack names assets by their hash: a module is a platform's by its bytes.
  const packaged = Object.fromEntries(
    ["magento", "open2b"].map((platform) => [
      readFileSync(here(`node_modules/customer-rules/dist/${platform}/customer_rules_${platform}_bg.wasm`)).toString("base64"),
      platform,
    ]),
  );
  const modules = Object.fromEntries(
    readdirSync(output)
      .filter((file) => file.endsWith(".wasm"))
      .map((file) => [file, packaged[readFileSync(join(output, file)).toString("base64")]]),
  );
  assert.deepEqual(
    Object.values(modules).sort(),
    ["magento", "open2b"],
    `the bundle holds each platform's module once: ${readdirSync(output).join(", ")}`,
  );
  const platforms = (files) => files.map((file) => modules[file]).sort();
  for (const page of ["index.html", "both.html"]) copyFileSync(here(page), join(output, page));
  const server = await serve(output);
  try {
    const url = `http://127.0.0.1:${server.address().port}/`;
    const single = await openApp(url);
    checkOutcome(single.outcome);
    assert.deepEqual(platforms(single.modules), ["open2b"]);
    const both = await openApp(`${url}both.html`);
    checkBothOutcomes(both.outcome);
    assert.deepEqual(platforms(both.modules), ["magento", "open2b"]);
    console.log(`webpack ${webpack.version}: both pages of the bundle served at ${url} validated in ${single.version}`);
  } finally {
    server.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
