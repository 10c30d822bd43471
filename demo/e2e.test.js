// The demo page end to end, in headless Chromium driven by playwright-core: a person types
// invalid values, reads the shop's own messages next to the fields, fixes them, sends, and the
// shop stores the change. Run by `cargo xtask test` (step "demo page end to end"), which starts
// the shop and the page and sets DEMO_URL, DEMO_NOW (the shop's fixed clock), DEMO_RESULTS and
// CHROMIUM.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { after, before, test } from "node:test";

import { chromium } from "playwright-core";

import { CHROMIUM_OPTIONS } from "../pkg/test/chromium-options.js";

const pageUrl = required("DEMO_URL");
const now = new Date(required("DEMO_NOW"));
const results = required("DEMO_RESULTS");
const settings = await (await fetch(new URL("config.json", pageUrl))).json();

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this test with \`cargo xtask test\``);
  return value;
}

let browser;

before(async () => {
  await mkdir(results, { recursive: true });
  browser = await chromium.launch(CHROMIUM_OPTIONS);
});

after(async () => {
  await browser?.close();
});

/** Opens the page at the shop's instant (so `updated_at` is predicted to the second). */
async function openPage(viewport) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  await page.clock.setFixedTime(now);
  await page.goto(pageUrl);
  await page.locator("body[data-ready=true]").waitFor();
  return { page, errors };
}

/** What the page says about a control: whether it is invalid and the message it points at. */
async function state(page, id) {
  const control = page.locator(`#${id}`);
  const describedBy = await control.getAttribute("aria-describedby");
  assert.ok(describedBy, `#${id} has aria-describedby`);
  return {
    invalid: await control.getAttribute("aria-invalid"),
    message: await page.locator(`#${describedBy}`).textContent(),
  };
}

async function invalid(page, id, message) {
  assert.deepEqual(await state(page, id), { invalid: "true", message });
}

async function valid(page, id) {
  assert.deepEqual(await state(page, id), { invalid: "false", message: "" });
}

/** The body of the request a form shows it will send (after the request line). */
async function requestBody(page, prefix) {
  const shown = await page.locator(`#${prefix}-request`).textContent();
  return JSON.parse(shown.slice(shown.indexOf("\n\n") + 2));
}

/**
 * Sends the form, waits for the page to put the shop's answer beside the prediction, and for the
 * form to be reloaded from the shop (the status line says `<platform>: saved`).
 */
async function send(page, prefix, buttonName, platform) {
  await page.getByRole("button", { name: buttonName }).click();
  const verdict = page.locator(`#${prefix}-verdict`);
  await verdict.filter({ hasText: /Equal|Different/ }).waitFor();
  assert.equal(
    await verdict.textContent(),
    "✓ Equal: the shop answered exactly as the browser predicted.",
  );
  assert.equal(
    await page.locator(`#${prefix}-predicted`).textContent(),
    await page.locator(`#${prefix}-answered`).textContent(),
  );
  await page.locator("#status").filter({ hasText: `${platform}: saved.` }).waitFor();
}

test("Magento: the shop's messages as the user types, then the saved change", async () => {
  const { page, errors } = await openPage({ width: 390, height: 844 });
  await page.fill("#magento-email", "jane.doe@example");
  await page.fill("#magento-address-0-city", "Area 51");
  await invalid(
    page,
    "magento-email",
    [
      '"Email" is not a valid hostname.',
      "The input does not match the expected structure for a DNS hostname",
      "'example' looks like a local network name, which is not an acceptable format.",
    ].join("\n"),
  );
  await invalid(page, "magento-address-0-city", "Invalid City. Please use A-Z, a-z, 0-9, -, ', spaces");
  await valid(page, "magento-lastname");
  // The prediction is the shop's first failing stage: the email.
  assert.match(await page.locator("#magento-prediction").textContent(), /^HTTP 400\n/);
  await page.locator("#magento-email").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${results}/magento-email-error-phone.png` });
  await page.locator("#magento-address-0-city-message").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${results}/magento-city-error-phone.png` });

  await page.fill("#magento-email", "jane.roe@example.com");
  await page.fill("#magento-address-0-city", "San Antonio");
  await valid(page, "magento-email");
  await valid(page, "magento-address-0-city");
  assert.deepEqual(await requestBody(page, "magento"), {
    customer: { email: "jane.roe@example.com", addresses: [{ id: 1, city: "San Antonio" }, { id: 2 }] },
  });
  await send(page, "magento", "Save customer (PUT)", "Magento");

  const { magento } = settings;
  const read = await fetch(`${settings.shop}/rest/${magento.store}/V1/customers/${magento.customerId}`, {
    headers: { Authorization: `Bearer ${magento.token}` },
  });
  assert.equal(read.status, 200);
  const stored = await read.json();
  assert.equal(stored.email, "jane.roe@example.com");
  assert.equal(stored.addresses[0].city, "San Antonio");
  assert.equal(stored.addresses[1].city, "London");
  // The form now shows what the shop stores, and has nothing left to send.
  assert.equal(await page.inputValue("#magento-email"), "jane.roe@example.com");
  assert.deepEqual(await requestBody(page, "magento"), { customer: {} });
  assert.deepEqual(errors, []);
  await page.close();
});

/**
 * Sends the Magento form with a value the shop refuses, and checks that the page puts the shop's
 * answer beside the prediction and finds them equal.
 */
async function sendRefused(page) {
  await page.getByRole("button", { name: "Save customer (PUT)" }).click();
  const verdict = page.locator("#magento-verdict");
  await verdict.filter({ hasText: /Equal|Different/ }).waitFor();
  assert.equal(await verdict.textContent(), "✓ Equal: the shop answered exactly as the browser predicted.");
  const answered = await page.locator("#magento-answered").textContent();
  assert.equal(answered, await page.locator("#magento-predicted").textContent());
  await page.locator("#status").filter({ hasText: "Magento: the shop refused the update (HTTP 400)." }).waitFor();
  return answered;
}

/** Picks a language and waits until the page predicts in it. */
async function pickLanguage(page, code) {
  await page.selectOption("#magento-language-select", code);
  await page.locator(`#magento-language[data-shown="${code}"]:not([aria-busy])`).waitFor();
}

test("Magento: the messages in the store view's language, predicted and answered", async () => {
  const { page, errors } = await openPage({ width: 1280, height: 900 });
  const options = await page.locator("#magento-language-select option").evaluateAll((all) =>
    all.map((option) => [option.value, option.textContent, option.lang]),
  );
  assert.deepEqual(options, [["default", "English", "en"], ["de", "Deutsch", "de"], ["fr", "Français", "fr"]]);
  assert.equal(await page.inputValue("#magento-language-select"), "default");
  const firstname = await page.inputValue("#magento-firstname");
  const lastname = await page.inputValue("#magento-lastname");

  // Deutsch: the packs of store view `de`, read in the page; the save goes to `/rest/de/`.
  await pickLanguage(page, "de");
  assert.equal(
    await page.textContent("#magento-language-hint"),
    "Store view de (de_DE): messages from 1 language pack, read in the browser as the shop reads them; " +
      "29 texts translated, the others stay in English.",
  );
  await page.fill("#magento-firstname", "");
  await invalid(page, "magento-firstname", '"Vorname" ist ein erforderlicher Wert.');
  // The second profile is judged in the same language: it says the same, so nothing is shown.
  assert.equal(await page.textContent("#magento-firstname-compared"), "");
  assert.match(await page.textContent("#magento-request"), /^PUT \/rest\/de\/V1\/customers\/me\?customerId=1\n/);
  assert.equal(
    await page.textContent("#magento-prediction"),
    'HTTP 400\n{\n  "message": "\\"Vorname\\" ist ein erforderlicher Wert."\n}',
  );
  await page.locator("#magento-language").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${results}/magento-language-de-desktop.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator("#magento-language").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${results}/magento-language-de-phone.png` });
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.equal(
    await sendRefused(page),
    'HTTP 400\n{\n  "message": "\\"Vorname\\" ist ein erforderlicher Wert."\n}',
  );

  // Français: two packs, the second one's rows winning (`est une valeur requise`).
  await pickLanguage(page, "fr");
  assert.match(await page.textContent("#magento-language-hint"), /^Store view fr \(fr_FR\): messages from 2 language packs, /);
  await invalid(page, "magento-firstname", '"Prénom" est une valeur requise.');
  await page.fill("#magento-lastname", "");
  await invalid(page, "magento-lastname", '"Nom" est une valeur requise.');
  assert.match(await page.textContent("#magento-request"), /^PUT \/rest\/fr\/V1\/customers\/me\?customerId=1\n/);
  assert.equal(
    await sendRefused(page),
    'HTTP 400\n{\n  "message": "\\"Prénom\\" est une valeur requise.\\n\\"Nom\\" est une valeur requise."\n}',
  );

  // Back to English: Magento's source texts, through her own store view; nothing was stored.
  await pickLanguage(page, "default");
  assert.equal(await page.textContent("#magento-language-hint"), "Store view default (en_US): Magento's own English messages.");
  await invalid(page, "magento-firstname", '"First Name" is a required value.');
  assert.match(await page.textContent("#magento-request"), /^PUT \/rest\/default\/V1\/customers\/me\?customerId=1\n/);
  await page.fill("#magento-firstname", firstname);
  await page.fill("#magento-lastname", lastname);
  await valid(page, "magento-firstname");
  assert.deepEqual(await requestBody(page, "magento"), { customer: {} });
  const { magento } = settings;
  const read = await fetch(`${settings.shop}/rest/${magento.store}/V1/customers/${magento.customerId}`, {
    headers: { Authorization: `Bearer ${magento.token}` },
  });
  assert.deepEqual((({ firstname, lastname }) => ({ firstname, lastname }))(await read.json()), { firstname, lastname });
  // Chromium logs each refused save; nothing else went wrong.
  assert.deepEqual(errors, Array(2).fill("Failed to load resource: the server responded with a status of 400 (Bad Request)"));
  await page.close();

  // The page's server serves the packs the fixture installs, and nothing else of the fixtures.
  assert.equal((await fetch(new URL("/fixtures/dictionaries/de_DE.csv", pageUrl))).status, 200);
  assert.equal((await fetch(new URL("/fixtures/demo.json", pageUrl))).status, 404);
});

test("Magento: the same form judged by a second profile, picked or typed", async () => {
  const { page, errors } = await openPage({ width: 1280, height: 900 });
  const shopProfile = settings.magento.version;
  assert.equal(await page.textContent("#magento-shop-profile-name"), shopProfile);
  assert.equal(await page.inputValue("#profile-name"), "2.4.9");
  assert.equal(await page.inputValue("#profile-release"), "2.4.9");
  const cityMessage = "Invalid City. Please use A-Z, a-z, 0-9, -, ', spaces";

  // 2.4.8's City validator refuses digits; 2.4.9's takes them.
  await page.fill("#magento-address-0-city", "Area 51");
  await invalid(page, "magento-address-0-city", cityMessage);
  assert.equal(await page.textContent("#magento-address-0-city-compared"), "2.4.9 would accept it.");
  assert.equal(await page.textContent("#magento-lastname-compared"), "");
  assert.match(await page.textContent("#magento-prediction"), /^HTTP 400\n/);
  assert.equal(await page.textContent("#magento-compared-title"), "What 2.4.9 would answer instead");
  assert.match(await page.textContent("#magento-compared"), /^HTTP 200\n/);
  await page.locator("#magento-profiles").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${results}/magento-profiles-desktop.png` });

  // A release and its patches, picked: the boxes are those of the release.
  await page.selectOption("#profile-release", "2.4.8-p3");
  const boxes = await page.locator("#profile-additions input").evaluateAll((inputs) => inputs.map((input) => input.value));
  assert.deepEqual(boxes, ["ACSD-67904", "ACP2E-4528", "ACP2E-4555", "no-street-check", "no-city-check", "no-telephone-check"]);
  assert.equal(await page.inputValue("#profile-name"), "2.4.8-p3");
  assert.equal(await page.textContent("#magento-address-0-city-compared"), "");
  assert.equal(await page.textContent("#magento-compared-title"), "2.4.8-p3 would answer the same");
  await page.check("#profile-addition-ACP2E-4528");
  assert.equal(await page.inputValue("#profile-name"), "2.4.8-p3+ACP2E-4528");
  assert.equal(
    await page.textContent("#magento-address-0-city-compared"),
    "2.4.8-p3+ACP2E-4528 would accept it.",
  );
  // Two City patches: the rules refuse the name, and nothing is compared.
  await page.check("#profile-addition-ACSD-67904");
  assert.equal(await page.getAttribute("#profile-name", "aria-invalid"), "true");
  assert.equal(
    await page.textContent("#profile-name-message"),
    "profile: ACSD-67904 and ACP2E-4528 both change the City validator; a shop runs one of them",
  );
  assert.equal(await page.textContent("#magento-address-0-city-compared"), "");
  assert.equal(await page.locator("#magento-compared-title").isVisible(), false);

  // A typed name: refused with what is known, or read back into the select and the boxes.
  await page.fill("#profile-name", "2.4.6");
  assert.match(
    await page.textContent("#profile-name-message"),
    /^profile: unknown Magento release "2\.4\.6"; known releases: 2\.4\.7, /,
  );
  await page.fill("#profile-name", "2.4.8+no-city-check");
  assert.equal(await page.getAttribute("#profile-name", "aria-invalid"), "false");
  assert.equal(await page.inputValue("#profile-release"), "2.4.8");
  assert.equal(await page.isChecked("#profile-addition-no-city-check"), true);
  assert.equal(await page.isChecked("#profile-addition-ACP2E-4528"), false);
  assert.equal(
    await page.textContent("#magento-address-0-city-compared"),
    "2.4.8+no-city-check would accept it.",
  );
  await page.fill("#profile-name", "2.4.7-p9");
  assert.equal(await page.inputValue("#profile-release"), "2.4.7-p9");
  assert.equal(await page.locator("#profile-additions input").count(), 0);
  assert.match(await page.textContent("#profile-release-hint"), /^2\.4\.7-p9: inferred, /);
  // The prediction itself stays the shop's.
  await invalid(page, "magento-address-0-city", cityMessage);
  assert.deepEqual(errors, []);
  await page.close();
});

test("Open2b: the shop's messages as the user types, then the saved change", async () => {
  const { page, errors } = await openPage({ width: 1280, height: 900 });
  await page.fill("#open2b-billing-firstName", "Sherlock Benedict Cumberbatch");
  await page.fill("#open2b-invoiceRecipient", "AB7TR");
  await page.uncheck("#open2b-consent-4");
  await invalid(page, "open2b-billing-firstName", "FirstName is not a valid value");
  await invalid(page, "open2b-invoiceRecipient", "'AB7TR' is not a recipient code or email address");
  await invalid(page, "open2b-consent-4", "Consent to processing 4 is required");
  await valid(page, "open2b-billing-lastName");
  await page.screenshot({ path: `${results}/open2b-errors-desktop.png`, fullPage: true });
  // Open2b answers the first error in its order, with HTTP 200.
  assert.deepEqual(JSON.parse((await page.locator("#open2b-prediction").textContent()).replace(/^HTTP 200\n/, "")), {
    status: "error",
    error: {
      field: "invoiceRecipient",
      type: "Malformed",
      description: "'AB7TR' is not a recipient code or email address",
    },
  });

  await page.fill("#open2b-billing-firstName", "Mycroft");
  await page.fill("#open2b-invoiceRecipient", "AB7TR6K");
  await page.check("#open2b-consent-4");
  await valid(page, "open2b-billing-firstName");
  await valid(page, "open2b-invoiceRecipient");
  await valid(page, "open2b-consent-4");
  await send(page, "open2b", "Save account (update-customer)", "Open2b");

  const read = await fetch(`${settings.shop}/api/v10/storefront.customer`, {
    method: "POST",
    headers: { "X-Customer-Key": settings.open2b.key, "Content-Type": "application/json" },
    body: "{}",
  });
  const { customer } = await read.json();
  assert.equal(customer.billingAddress.firstName, "Mycroft");
  assert.equal(customer.billingAddress.lastName, "Holmes");
  assert.equal(customer.invoiceRecipient, "AB7TR6K");
  assert.deepEqual(customer.privacyConsents, [1, 4]);
  assert.deepEqual(await requestBody(page, "open2b"), { customer: {} });
  assert.deepEqual(errors, []);
  await page.screenshot({ path: `${results}/demo-desktop.png`, fullPage: true });
  await page.close();
});
