// Every conformance case through the package in headless Chromium: a page imports
// "customer-rules" through an import map pointing at the `browser` entry of package.json's
// `exports`, which fetches the WebAssembly module over HTTP as a site would.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

import { loadCorpus } from "./corpus.js";

const repository = new URL("../../", import.meta.url);
const manifest = JSON.parse(await readFile(new URL("pkg/package.json", repository), "utf8"));
const browserEntry = new URL(manifest.exports["."].browser, "http://page/pkg/").pathname;

const page = `<!doctype html>
<script type="importmap">{ "imports": { "customer-rules": "${browserEntry}" } }</script>
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

test("every conformance case in headless Chromium", async (t) => {
  const { cases, fixtures } = loadCorpus();
  const server = await serve();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
      "--disable-gpu",
    ],
  });
  try {
    const tab = await browser.newPage();
    const errors = [];
    tab.on("pageerror", (error) => errors.push(error.message));
    tab.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    await tab.goto(`http://127.0.0.1:${server.address().port}/`);
    const results = await tab.evaluate(
      async ({ cases, fixtures }) => {
        const api = await import("customer-rules");
        const { canRun, runCase } = await import("/pkg/test/cases.js");
        return cases.map((testCase) =>
          canRun(api, testCase.platform) ? runCase(api, testCase, fixtures) : null,
        );
      },
      { cases, fixtures },
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
