// Messages in a store view's language: `magento.withDictionary` reads the CSV text of language
// packs once, and its `validate` gives every message as a store view with those packs shows it.
// The packs are the excerpts of tests/fixtures/dictionaries (sources in the README there); the
// shop of tests/fixtures/languages.json installs them for its store views `de` and `fr`.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { magento } from "customer-rules";

import { loadFixtures, loadPacks } from "./corpus.js";

const fixtures = loadFixtures();
const shop = fixtures.languages.magento;
const packs = loadPacks(fixtures);
const pack = (file) => readFileSync(new URL(`../../tests/fixtures/${file}`, import.meta.url), "utf8");
const german = pack("dictionaries/de_DE.csv");
const french = pack("dictionaries/fr_FR.csv");
const frenchContributions = pack("dictionaries/fr_FR-github_contributions.csv");

const stored = shop.customers.find((customer) => customer.id === 1);
const clock = { today: "2026-06-15", now: "2026-06-15 12:00:00" };
const options = { stored, ...clock, config: { version: shop.version, values: shop.config } };

/** The shop's answer to a PUT of `body` to customer 1 through the store view `store`. */
function shopAnswer(store, body) {
  const request = {
    method: "PUT",
    path: `/rest/${store}/V1/customers/1`,
    headers: { Authorization: `Bearer ${shop.admin_tokens[0]}`, "Content-Type": "application/json" },
    body,
  };
  return magento.respond(shop, request, clock, packs).response;
}

test("magento.withDictionary: a required value in German, answer and violation alike", () => {
  const language = magento.withDictionary(german);
  // 37 rows of 29 source texts: a later row of the same source replaces the earlier one.
  assert.equal(language.size, 29);
  assert.equal(language.translate("First Name"), "Vorname");
  assert.equal(language.translate("Not in the pack"), "Not in the pack");
  const body = { customer: { firstname: "" } };
  const outcome = language.validate(body, options);
  assert.deepEqual(outcome.response, {
    status: 400,
    body: { message: '"Vorname" ist ein erforderlicher Wert.' },
  });
  const violation = outcome.violations.find((violation) => violation.path === "customer.firstname");
  assert.equal(violation.message, '"Vorname" ist ein erforderlicher Wert.');
  // The template and its parameters stay Magento's source text and the translated label.
  assert.equal(violation.template, '"%1" is a required value.');
  assert.deepEqual(violation.parameters, ["Vorname"]);
  // The shop's store view `de` (locale de_DE, the same pack) answers the same.
  assert.deepEqual(shopAnswer("de", body), outcome.response);
});

test("magento.withDictionary: a Localized error's message is filled in German, the answer keeps its placeholders", () => {
  const body = { customer: { addresses: [{ id: 1, city: "" }, { id: 2 }] } };
  const outcome = magento.withDictionary(german).validate(body, options);
  const template = '"%fieldName" ist erforderlich. Geben Sie es ein und versuchen Sie es erneut.';
  assert.deepEqual(outcome.response, {
    status: 400,
    body: { message: template, parameters: { fieldName: "city" } },
  });
  const violation = outcome.violations.find((violation) => violation.path === "customer.addresses[0].city");
  assert.equal(violation.message, '"city" ist erforderlich. Geben Sie es ein und versuchen Sie es erneut.');
  assert.equal(magento.render(outcome.response.body.message, outcome.response.body.parameters), violation.message);
  assert.deepEqual(shopAnswer("de", body), outcome.response);
});

test("magento.withDictionary: errors[] stay raw source texts while the violations and fieldErrors are in German", () => {
  const body = { customer: { addresses: [{ id: 1, firstname: "", city: "", country_id: "XX" }, { id: 2 }] } };
  const outcome = magento.withDictionary(german).validate(body, options);
  // The German pack has no row for the aggregate message: it stays English, as the shop's.
  assert.equal(outcome.response.body.message, "One or more input exceptions have occurred.");
  assert.deepEqual(
    outcome.response.body.errors.map((error) => error.message),
    [
      '"%fieldName" is required. Enter and try again.',
      '"%fieldName" is required. Enter and try again.',
      'Invalid value of "%value" provided for the %fieldName field.',
    ],
  );
  assert.deepEqual(shopAnswer("de", body), outcome.response);
  assert.deepEqual(magento.fieldErrors(outcome), [
    {
      path: "customer.addresses[0].firstname",
      segments: ["customer", "addresses", 0, "firstname"],
      messages: ['"firstname" ist erforderlich. Geben Sie es ein und versuchen Sie es erneut.'],
    },
    {
      path: "customer.addresses[0].city",
      segments: ["customer", "addresses", 0, "city"],
      messages: ['"city" ist erforderlich. Geben Sie es ein und versuchen Sie es erneut.'],
    },
    {
      path: "customer.addresses[0].country_id",
      segments: ["customer", "addresses", 0, "country_id"],
      messages: ['Ungültiger Wert "XX" für Feld countryId.'],
    },
  ]);
});

test("magento.withDictionary: several packs are read in order, a later pack's row wins", () => {
  const body = { customer: { firstname: "" } };
  const message = (packs) => magento.withDictionary(packs).validate(body, options).response.body.message;
  // fr_FR.csv says « obligatoire », its contributions file « requise ».
  assert.equal(message([french, frenchContributions]), '"Prénom" est une valeur requise.');
  assert.equal(message([frenchContributions, french]), '"Prénom" est une valeur obligatoire.');
  assert.equal(message(french), message([french]));
  // The shop's store view `fr` reads the two files in that order (its `dictionaries`).
  assert.deepEqual(shop.dictionaries.fr_FR, [
    "dictionaries/fr_FR.csv",
    "dictionaries/fr_FR-github_contributions.csv",
  ]);
  assert.equal(shopAnswer("fr", body).body.message, message([french, frenchContributions]));
  // The aggregate message is in the contributions file only.
  const aggregate = { customer: { addresses: [{ id: 1, firstname: "", city: "" }, { id: 2 }] } };
  const frenchOutcome = magento.withDictionary([french, frenchContributions]).validate(aggregate, options);
  assert.equal(frenchOutcome.response.body.message, "Une ou plusieurs exceptions d’entrée ont eu lieu.");
  assert.deepEqual(shopAnswer("fr", aggregate), frenchOutcome.response);
});

test("magento.withDictionary: a pack Magento cannot read as meant throws an Error naming the pack and line", () => {
  const unclosed = 'First Name,Vorname\n"Last Name,Nachname\nCity,Stadt\n';
  assert.throws(() => magento.withDictionary(unclosed), {
    name: "Error",
    message: /^dictionary 1, line 2: a quoted field opened here is never closed/,
  });
  assert.throws(() => magento.withDictionary([german, unclosed]), {
    name: "Error",
    message: /^dictionary 2, line 2: /,
  });
  assert.throws(() => magento.withDictionary(), { name: "TypeError", message: "packs is required" });
  assert.throws(() => magento.withDictionary({ "de_DE.csv": german }), {
    name: "TypeError",
    message: /^packs: expected a pack's CSV text, or an array of them/,
  });
  assert.throws(() => magento.withDictionary([german, 5]), {
    name: "TypeError",
    message: "packs[1]: invalid type: integer `5`, expected a string",
  });
  // No pack, or an empty one, translates nothing.
  assert.equal(magento.withDictionary([]).size, 0);
  assert.equal(magento.withDictionary("").validate({ customer: { firstname: "" } }, options).response.body.message, '"First Name" is a required value.');
});

test("magento.withDictionary: its validate takes the options of magento.validate and refuses the same", () => {
  const language = magento.withDictionary(german);
  assert.throws(() => language.validate({ customer: {} }, { contex: {} }), {
    name: "TypeError",
    message: /^options\.contex: unknown field `contex`/,
  });
  assert.throws(() => language.validate(), { name: "TypeError", message: "body is required" });
  // Without a stored customer the body's own values are still checked, in German.
  const outcome = language.validate({ customer: { firstname: "" } }, clock);
  assert.deepEqual(magento.fieldErrors(outcome), [
    {
      path: "customer.firstname",
      segments: ["customer", "firstname"],
      messages: ['"Vorname" ist ein erforderlicher Wert.'],
    },
  ]);
  // A body nested deeper than PHP's json_decode reads: the shop's refusal is translated too.
  let nested = "x";
  for (let level = 0; level < 600; level += 1) nested = [nested];
  assert.deepEqual(language.validate({ customer: {}, extra: nested }, options).response, {
    status: 400,
    body: { message: "Decodierungsfehler" },
  });
});

test("magento.validate stays English, before and after a dictionary is read", () => {
  const body = { customer: { firstname: "" } };
  const english = { status: 400, body: { message: '"First Name" is a required value.' } };
  assert.deepEqual(magento.validate(body, options).response, english);
  const language = magento.withDictionary(german);
  assert.equal(language.validate(body, options).response.body.message, '"Vorname" ist ein erforderlicher Wert.');
  assert.deepEqual(magento.validate(body, options).response, english);
  // The shop's default store view installs no pack.
  assert.deepEqual(shopAnswer("default", body), english);
});

test("magento.respond reads the packs its shop's dictionaries name, and says which one is missing", () => {
  const request = {
    method: "PUT",
    path: "/rest/de/V1/customers/1",
    headers: { Authorization: `Bearer ${shop.admin_tokens[0]}`, "Content-Type": "application/json" },
    body: { customer: { firstname: "" } },
  };
  assert.equal(magento.respond(shop, request, clock, packs).response.body.message, '"Vorname" ist ein erforderlicher Wert.');
  assert.throws(() => magento.respond(shop, request, clock), {
    name: "Error",
    message: /^language pack dictionaries\/de_DE\.csv of de_DE: not among the packs given/,
  });
  const broken = { ...packs, "dictionaries/fr_FR.csv": '"unclosed\n' };
  assert.throws(() => magento.respond(shop, request, clock, broken), {
    name: "Error",
    message: /dictionaries\/fr_FR\.csv.*line 1/,
  });
  // A shop that names no pack needs none.
  const english = magento.respond({ ...shop, dictionaries: undefined }, request, clock);
  assert.equal(english.response.body.message, '"First Name" is a required value.');
});
