// What the browser smoke tests share: headless Chromium opening a bundled app's page, and the
// outcome the app must show.
import assert from "node:assert/strict";

import { chromium } from "playwright-core";

import { CHROMIUM_OPTIONS } from "../test/chromium-options.js";

/**
 * Opens `url` in headless Chromium, waits for the app to validate, and returns the outcome it
 * shows and the WebAssembly modules the page fetched.
 */
export async function openApp(url) {
  const browser = await chromium.launch(CHROMIUM_OPTIONS);
  try {
    const page = await browser.newPage();
    const errors = [];
    const modules = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    page.on("request", (request) => {
      const path = new URL(request.url()).pathname;
      if (path.endsWith(".wasm")) modules.push(path.split("/").pop());
    });
    await page.goto(url);
    await page
      .waitForFunction(() => document.title === "validated", null, { timeout: 30_000 })
      .catch((error) => {
        throw new Error(`the app at ${url} did not validate: ${errors.join("; ") || error.message}`);
      });
    assert.deepEqual(errors, []);
    const outcome = JSON.parse(await page.textContent("#outcome"));
    return { outcome, modules, version: browser.version() };
  } finally {
    await browser.close();
  }
}

/** The Open2b outcome main.js shows: an empty first name refused, nothing sent as null. */
export function checkOutcome(outcome) {
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
}

/** The outcomes both.js shows: main.js's Open2b check, and a Magento one. */
export function checkBothOutcomes(outcome) {
  checkOutcome(outcome.open2b);
  assert.deepEqual(outcome.magento, {
    status: 400,
    body: { message: '"First Name" is a required value.' },
  });
}

/** The platform whose module a file name is, as the package names it or as Vite renames it. */
export function platformOfModule(name) {
  return /^customer_rules_(magento|open2b)_bg[^/]*\.wasm$/.exec(name)?.[1];
}
