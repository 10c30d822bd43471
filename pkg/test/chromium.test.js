// Every conformance case through the package in headless Chromium: a page imports
// "customer-rules" through an import map pointing at the entries browsers get from package.json's
// `exports` (the `default` condition), which fetch the WebAssembly modules over HTTP as a site
// would; and each platform's subpath fetches its own module alone.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

import { CHROMIUM_OPTIONS } from "./chromium-options.js";
import { loadCorpus } from "./corpus.js";

const repository = new URL("../../", import.meta.url);
const manifest = JSON.parse(await readFile(new URL("pkg/package.json", repository), "utf8"));
/** Each entry's specifier and the path of its browser module, as the import map maps them. */
const imports = Object.fromEntries(
  Object.entries(manifest.exports)
    .filter(([, conditions]) => typeof conditions === "object")
    .map(([subpath, conditions]) => [
      `customer-rules${subpath.slice(1)}`,
      new URL(conditions.default, "http://page/pkg/").pathname,
    ]),
);

const page = `<!doctype html>
<script type="importmap">${JSON.stringify({ imports })}</script>
<link rel="icon" href="data:,">
<title>customer-rules conformance</title>`;

const types = {
  ".js": "text/javascript",
  ".wasm": "application/wasm",
  ".json": "application/json",
};

/** Serves the page, and the files of pkg/ the page imports. */
function serve() {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url, "http://page").pathname;
    if (path === "/") {
      response.writeHead(200, { "content-type": "text/html" }).end(page);
      return;
    }
    try {
      if (!path.startsWith("/pkg/") || path.includes("..")) throw new Error("outside pkg/");
      const body = await readFile(fileURLToPath(new URL(path.slice(1), repository)));
      const type = types[extname(path)] ?? "application/octet-stream";
      response.writeHead(200, { "content-type": type }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function launch() {
  return chromium.launch(CHROMIUM_OPTIONS);
}

test("every conformance case in headless Chromium", async (t) => {
  const { cases, fixtures, packs } = loadCorpus();
  const server = await serve();
  const browser = await launch();
  try {
    const tab = await browser.newPage();
    const errors = [];
    tab.on("pageerror", (error) => errors.push(error.message));
    tab.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    await tab.goto(`http://127.0.0.1:${server.address().port}/`);
    const results = await tab.evaluate(
      async ({ cases, fixtures, packs }) => {
        const api = await import("customer-rules");
        const { canRun, runCase } = await import("/pkg/test/cases.js");
        return cases.map((testCase) =>
          canRun(api, testCase.platform) ? runCase(api, testCase, fixtures, packs) : null,
        );
      },
      { cases, fixtures, packs },
    );
    assert.deepEqual(errors, []);
    const skipped = results.filter((problems) => problems === null).length;
    t.diagnostic(`${browser.version()}: ${cases.length - skipped} cases run, ${skipped} skipped`);
    assert.ok(skipped < cases.length, "no case can run");
    for (const [index, testCase] of cases.entries()) {
      const skip = results[index] === null && `no ${testCase.platform} bindings in the package`;
      await t.test(`${testCase.name} (${testCase.file})`, { skip }, () => {
        assert.deepEqual(results[index], []);
      });
    }
  } finally {
    await browser.close();
    server.close();
  }
});

test("in a browser, each subpath fetches its own platform's module alone", async () => {
  const server = await serve();
  const browser = await launch();
  try {
    for (const [specifier, modules] of [
      ["customer-rules/magento", ["customer_rules_magento_bg.wasm"]],
      ["customer-rules/open2b", ["customer_rules_open2b_bg.wasm"]],
      ["customer-rules", ["customer_rules_magento_bg.wasm", "customer_rules_open2b_bg.wasm"]],
    ]) {
      const tab = await browser.newPage();
      const fetched = [];
      tab.on("request", (request) => {
        const path = new URL(request.url()).pathname;
        if (path.endsWith(".wasm")) fetched.push(path.split("/").pop());
      });
      await tab.goto(`http://127.0.0.1:${server.address().port}/`);
      const names = await tab.evaluate(async (specifier) => {
        const api = await import(specifier);
        return Object.keys(api).map((name) => `${name}.${Object.keys(api[name]).length}`);
      }, specifier);
      assert.deepEqual(fetched.sort(), modules, specifier);
      assert.equal(names.length, modules.length, specifier);
      await tab.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
});
