// Builds the app with Vite, serves the bundle with `vite preview` and checks in headless
// Chromium that the bundled package loads its WebAssembly and validates.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";
import { build, preview } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
const config = { root, configFile: false, logLevel: "info" };

await build(config);
const assets = readdirSync(new URL("dist/assets/", import.meta.url));
assert.ok(
  assets.some((file) => file.endsWith(".wasm")),
  `the bundle holds no WebAssembly module: ${assets.join(", ")}`,
);

const server = await preview({ ...config, preview: { host: "127.0.0.1", port: 4173 } });
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
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  const url = server.resolvedUrls.local[0];
  await page.goto(url);
  await page.waitForFunction(() => document.title === "validated", null, { timeout: 30_000 });
  assert.deepEqual(errors, []);
  const outcome = JSON.parse(await page.textContent("#outcome"));
  assert.deepEqual(outcome.response, {
    status: 200,
    body: {
      status: "error",
      error: {
        field: "firstName",
        type: "InvalidValue",
        description: "FirstName is not a valid value",
      },
    },
  });
  assert.deepEqual(
    outcome.violations.map((violation) => violation.path),
    ["customer.billingAddress.firstName"],
  );
  console.log(`vite smoke: the bundle served at ${url} validated in ${browser.version()}`);
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
}
