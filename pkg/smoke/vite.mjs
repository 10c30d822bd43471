// The app built with Vite (`vite build`, served by `vite preview`) and served by Vite's dev
// server, each opened in headless Chromium. The dev server needs the package excluded from its
// dependency pre-bundling: pre-bundled, the glue moves to `.vite/deps/` and its
// `new URL("….wasm", import.meta.url)` points where no module is (vitejs/vite#8427).
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { build, createServer, preview } from "vite";

import { checkOutcome, isOpen2bModule, openApp } from "./browser.mjs";

const root = fileURLToPath(new URL(".", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "customer-rules-vite-"));
const config = {
  root,
  configFile: false,
  logLevel: "warn",
  cacheDir: join(work, "cache"),
  build: { outDir: join(work, "dist"), emptyOutDir: true },
};

try {
  await build(config);
  const modules = readdirSync(join(work, "dist/assets")).filter((file) => file.endsWith(".wasm"));
  assert.equal(modules.length, 1, `the bundle holds one module, Open2b's: ${modules.join(", ")}`);
  assert.ok(isOpen2bModule(modules[0]), modules[0]);
  const server = await preview({ ...config, preview: { host: "127.0.0.1", port: 0 } });
  try {
    const url = server.resolvedUrls.local[0];
    const app = await openApp(url);
    checkOutcome(app.outcome);
    assert.deepEqual(app.modules, modules);
    console.log(`vite build: the bundle served at ${url} validated in ${app.version}`);
  } finally {
    await new Promise((resolve) => server.httpServer.close(resolve));
  }

  const dev = await createServer({
    ...config,
    server: { host: "127.0.0.1", port: 0 },
    optimizeDeps: { exclude: ["customer-rules"] },
  });
  await dev.listen();
  try {
    const url = dev.resolvedUrls.local[0];
    const app = await openApp(url);
    checkOutcome(app.outcome);
    assert.deepEqual(app.modules, ["customer_rules_open2b_bg.wasm"]);
    console.log(`vite dev server: the app at ${url} validated in ${app.version}`);
  } finally {
    await dev.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
