// The app built with Vite (`vite build`, served by `vite preview`) and served by Vite's dev
// server, each opened in headless Chromium: its page for one platform (index.html, main.js)
// fetches that platform's module alone, its page for both (both.html, both.js) both modules. The dev server needs the package excluded from its
// dependency pre-bundling: pre-bundled, the glue moves to `.vite/deps/` and its
// `new URL("….wasm", import.meta.url)` points where no module is (vitejs/vite#8427).
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { build, createServer, preview } from "vite";

import { checkBothOutcomes, checkOutcome, openApp, platformOfModule } from "./browser.mjs";

const root = fileURLToPath(new URL(".", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "customer-rules-vite-"));
const config = {
  root,
  configFile: false,
  logLevel: "warn",
  cacheDir: join(work, "cache"),
  build: {
    outDir: join(work, "dist"),
    emptyOutDir: true,
    rollupOptions: { input: { index: join(root, "index.html"), both: join(root, "both.html") } },
  },
};

/** Opens both pages of the app served at `url`, checks what each shows and fetches; returns the browser's version. */
async function openPages(url) {
  const single = await openApp(url);
  checkOutcome(single.outcome);
  const both = await openApp(new URL("both.html", url).href);
  checkBothOutcomes(both.outcome);
  const platforms = (modules) => modules.map(platformOfModule).sort();
  assert.deepEqual(platforms(single.modules), ["open2b"]);
  assert.deepEqual(platforms(both.modules), ["magento", "open2b"]);
  return single.version;
}

try {
  await build(config);
  const modules = readdirSync(join(work, "dist/assets")).filter((file) => file.endsWith(".wasm"));
  assert.deepEqual(
    modules.map(platformOfModule).sort(),
    ["magento", "open2b"],
    `the bundle holds each platform's module once: ${modules.join(", ")}`,
  );
  const server = await preview({ ...config, preview: { host: "127.0.0.1", port: 0 } });
  try {
    const url = server.resolvedUrls.local[0];
    const version = await openPages(url);
    console.log(`vite build: both pages of the bundle served at ${url} validated in ${version}`);
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
    const version = await openPages(url);
    console.log(`vite dev server: both pages of the app at ${url} validated in ${version}`);
  } finally {
    await dev.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
