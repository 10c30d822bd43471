// What crosses the boundary between JavaScript and the rules: absent (`undefined`) and `null`
// stay apart, results are plain JSON values, and wrong arguments throw a TypeError.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { magento, open2b } from "customer-rules";

import { loadFixtures } from "./corpus.js";
import { OPERATIONS } from "./operations.js";

const stored = {
  cart: "ebe766e73af1128d13217f1bcea6b9d9",
  billingAddress: { firstName: "John", lastName: "Watson", email: "john@example.com" },
  shippingAddress: {
    name: "John Watson",
    street1: "221b Baker Street",
    city: "London",
    postalCode: "NW1 6XE",
    country: "GB",
  },
};

test("each platform is a frozen namespace of its operations", () => {
  assert.deepEqual(Object.keys(open2b).sort(), OPERATIONS.open2b);
  assert.deepEqual(Object.keys(magento).sort(), OPERATIONS.magento);
  assert.ok(Object.isFrozen(open2b) && Object.isFrozen(magento));
});

test("a member set to undefined is left out: the cart is kept", () => {
  assert.equal(open2b.merge(stored, { cart: undefined }).cart, stored.cart);
});

test("a member set to null is sent: the cart is detached", () => {
  assert.equal(open2b.merge(stored, { cart: null }).cart, null);
});

test("validation reads undefined as absent and null as a value", () => {
  const ok = open2b.validate({ customer: { invoiceRecipient: undefined } });
  assert.deepEqual(ok.response, { status: 200, body: { status: "ok" } });
  const refused = open2b.validate({ customer: { invoiceRecipient: null } });
  assert.deepEqual(refused.response.body.error, {
    field: "invoiceRecipient",
    type: "InvalidValue",
    description: "InvoiceRecipient is not a valid value",
  });
});

test("an option set to undefined is as if left out", () => {
  const body = { customer: { cart: "00000000000000000000000000000000" } };
  const undecided = open2b.validate(body, { stored: undefined, context: undefined });
  assert.equal(undecided.violations[0].needs_context, true);
  const decided = open2b.validate(body, { context: { carts: [] } });
  assert.equal(decided.response.body.error.type, "NotFound");
});

test("magento: addresses left undefined are re-saved and re-checked, null ones are not", () => {
  // Customer 5 of the default fixture, her stored address without the telephone the
  // install requires (`Address/Validator/General` checks every address the save writes).
  const customer = loadFixtures().default.magento.customers.find((customer) => customer.id === 5);
  const stored = {
    ...customer,
    addresses: customer.addresses.map(({ telephone, ...address }) => address),
  };
  const options = { stored, today: "2026-06-15", now: "2026-06-15 12:00:00" };
  const absent = magento.validate({ customer: { firstname: "Lou", addresses: undefined } }, options);
  assert.deepEqual(absent.response, {
    status: 400,
    body: {
      message: '"%fieldName" is required. Enter and try again.',
      parameters: { fieldName: "telephone" },
    },
  });
  const nulled = magento.validate({ customer: { firstname: "Lou", addresses: null } }, options);
  assert.equal(nulled.response.status, 200);
  assert.equal(nulled.response.body.firstname, "Lou");
});

test("magento: templates render as the shop renders them", () => {
  const template = '"%fieldName" is required. Enter and try again.';
  assert.equal(
    magento.render(template, { fieldName: "email" }),
    '"email" is required. Enter and try again.',
  );
  assert.equal(magento.render("%1 of %2", ["one", "two"]), "one of two");
});

test("magento: a body nested deeper than a JSON library's limit gets the shop's answer", () => {
  const nested = (depth) => {
    let value = "x";
    for (let level = 0; level < depth; level += 1) value = [value];
    return value;
  };
  const stored = loadFixtures().default.magento.customers[0];
  const options = { stored, today: "2026-06-15", now: "2026-06-15 12:00:00" };
  const body = (depth) => ({ customer: { lastname: "Holmes" }, extra: nested(depth) });
  // 300 levels in an unknown top-level key: PHP decodes it, and the key is ignored.
  assert.equal(magento.validate(body(300), options).response.status, 200);
  // From 512 levels, PHP's json_decode gives up.
  assert.deepEqual(magento.validate(body(600), options).response, {
    status: 400,
    body: { message: "Decoding error." },
  });
  const clock = { today: options.today, now: options.now };
  assert.throws(() => magento.merge(stored, body(600), clock), /body: Decoding error\./);
});

test("magento: the regions a form offers for a country, by id", () => {
  assert.deepEqual(
    magento.regions("US").find((region) => region.code === "TX"),
    { id: 57, code: "TX", name: "Texas" },
  );
  assert.deepEqual(magento.regions("GB"), []);
  assert.equal(magento.regions("IT"), undefined);
  const rome = { id: 700, code: "RM", name: "Roma" };
  assert.deepEqual(magento.regions("IT", { regions: { IT: [rome] } }), [rome]);
  assert.throws(() => magento.regions("IT", { regions: { IT: "Roma" } }), TypeError);
});

test("magento: a fresh install's configuration for each profile", () => {
  assert.deepEqual(magento.installDefaults(), { version: "2.4.8-p5", values: {} });
  assert.equal(magento.installDefaults("2.4.7").version, "2.4.7");
  assert.equal(
    magento.installDefaults("2.4.8-p3+acp2e-4555+ACP2E-4528").version,
    "2.4.8-p3+ACP2E-4528+ACP2E-4555",
  );
  assert.throws(() => magento.installDefaults("2.3"), {
    name: "TypeError",
    message: /unknown Magento release "2\.3"; known releases: 2\.4\.7, /,
  });
  assert.throws(() => magento.installDefaults("2.4.7+ACP2E-4528"), {
    name: "TypeError",
    message: /ACP2E-4528 does not apply to 2\.4\.7; it applies to 2\.4\.8, /,
  });
});

test("magento: merge throws the shop's message when its webapi layer refuses the body", () => {
  const stored = loadFixtures().default.magento.customers[0];
  const options = { today: "2026-06-15", now: "2026-06-15 12:00:00" };
  const merged = magento.merge(stored, { customer: { lastname: "Holmes" } }, options);
  assert.equal(merged.lastname, "Holmes");
  assert.equal(merged.updated_at, "2026-06-15 12:00:00");
  assert.throws(() => magento.merge(stored, { customer: { firstname: ["x"] } }, options), {
    name: "TypeError",
    message: /^body: /,
  });
});

test("a diff leaves unchanged members out and sends null to remove", () => {
  const update = open2b.diff(stored, { ...stored, shippingAddress: null });
  assert.deepEqual(Object.entries(update), [["shippingAddress", null]]);
  assert.deepEqual(open2b.diff(stored, stored), {});
});

test("results are plain objects and arrays", () => {
  const outcome = open2b.validate({ customer: { wishList: [0] } });
  assert.equal(Object.getPrototypeOf(outcome), Object.prototype);
  assert.ok(Array.isArray(outcome.violations));
  assert.equal(outcome.violations[0].path, "customer.wishList[0]");
});

test("a wrong argument throws a TypeError naming it, and the module keeps working", () => {
  assert.throws(() => open2b.merge(5, {}), {
    name: "TypeError",
    message: "stored: invalid type: integer `5`, expected struct Customer",
  });
  assert.throws(() => open2b.validate(), { name: "TypeError", message: "body is required" });
  assert.throws(() => open2b.validate({}, { contex: {} }), {
    name: "TypeError",
    message: /^options\.contex: unknown field `contex`/,
  });
  const cyclic = {};
  cyclic.customer = cyclic;
  assert.throws(() => open2b.validate(cyclic), TypeError);
  assert.equal(open2b.validate({ customer: {} }).response.status, 200);
});

test("magento: without a stored customer the body's values are checked, and fieldErrors groups them for a form", () => {
  const outcome = magento.validate(
    { customer: { email: "jane.doe@example", firstname: "J@ne{}", dob: "2099-01-01", lastname: "Doe" } },
    { today: "2026-06-15", now: "2026-06-15 12:00:00" },
  );
  assert.equal(outcome.response.status, 400);
  const fields = magento.fieldErrors(outcome);
  const byPath = Object.fromEntries(fields.map((field) => [field.path, field]));
  assert.deepEqual(Object.keys(byPath).sort(), ["customer.dob", "customer.email", "customer.firstname"]);
  assert.deepEqual(byPath["customer.firstname"].messages, ["First Name is not valid!"]);
  assert.deepEqual(byPath["customer.dob"].segments, ["customer", "dob"]);
  // What needs the stored customer is undecided, and left out of the form's errors.
  assert.ok(outcome.violations.some((violation) => violation.path === "customer" && violation.needs_context));
  const address = magento.validate(
    { customer: { addresses: [{ id: 7, city: "St. Louis" }] } },
    { today: "2026-06-15", now: "2026-06-15 12:00:00" },
  );
  assert.deepEqual(magento.fieldErrors(address), [
    {
      path: "customer.addresses[0].city",
      segments: ["customer", "addresses", 0, "city"],
      messages: ["Invalid City. Please use A-Z, a-z, 0-9, -, ', spaces"],
    },
  ]);
});

test("magento: today and now default to this machine's clock, today in the store's timezone", () => {
  // Kiritimati (UTC+14) and Pago Pago (UTC-11) are always on different dates.
  const kiritimati = new Intl.DateTimeFormat("en-CA", { timeZone: "Pacific/Kiritimati" })
    .formatToParts(new Date())
    .reduce((parts, { type, value }) => ({ ...parts, [type]: value }), {});
  const dob = `${kiritimati.year}-${kiritimati.month}-${kiritimati.day}`;
  const inZone = (timeZone) => ({
    ...magento.installDefaults(),
    values: { "general/locale/timezone": timeZone },
  });
  const body = { customer: { dob } };
  const stored = loadFixtures().default.magento.customers[0];
  assert.equal(magento.validate(body, { stored, config: inZone("Pacific/Kiritimati") }).response.status, 200);
  assert.deepEqual(magento.validate(body, { stored, config: inZone("Pacific/Pago_Pago") }).response, {
    status: 400,
    body: { message: "The Date of Birth should not be greater than today." },
  });
  // A zone the engine does not know counts as UTC, as PHP falls back to it.
  assert.ok([200, 400].includes(magento.validate(body, { stored, config: inZone("Mars/Olympus") }).response.status));
  const accepted = magento.validate({ customer: { lastname: "Doe" } }, { stored });
  assert.match(accepted.response.body.updated_at, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
});

test("magento: the README's form example gives the field errors it shows", () => {
  const outcome = magento.validate(
    { customer: { email: "jane.doe@example", firstname: "J@ne{}", lastname: "Doe" } },
    { config: magento.installDefaults("2.4.8-p5") },
  );
  const fields = magento.fieldErrors(outcome);
  assert.deepEqual(
    fields.map(({ path, segments }) => [path, segments]),
    [
      ["customer.email", ["customer", "email"]],
      ["customer.firstname", ["customer", "firstname"]],
    ],
  );
  assert.equal(fields[0].messages[0], '"Email" is not a valid hostname.');
  assert.deepEqual(fields[1].messages, ["First Name is not valid!"]);
});

test("magento: the README's example takes the shop's own read answer as stored, with only config", () => {
  const shop = loadFixtures().default.magento;
  const read = magento.respond(
    shop,
    { method: "GET", path: "/rest/default/V1/customers/1", headers: { Authorization: `Bearer ${shop.admin_tokens[0]}` } },
    { today: "2026-06-15", now: "2026-06-15 12:00:00" },
  );
  assert.equal(read.response.status, 200);
  // The answer as a client receives it: JSON text, parsed.
  const stored = JSON.parse(JSON.stringify(read.response.body));
  assert.equal(stored.default_billing, "1");
  assert.equal(typeof stored.addresses[0].region, "object");
  const outcome = magento.validate(
    { customer: { ...stored, dob: "2099-01-01", addresses: [{ ...stored.addresses[0], city: "St. Louis" }] } },
    { stored, config: magento.installDefaults("2.4.8-p5") },
  );
  assert.deepEqual(outcome.response, {
    status: 400,
    body: { message: "The Date of Birth should not be greater than today." },
  });
  assert.deepEqual(magento.fieldErrors(outcome), [
    {
      path: "customer.dob",
      segments: ["customer", "dob"],
      messages: ["The Date of Birth should not be greater than today."],
    },
    {
      path: "customer.addresses[0].city",
      segments: ["customer", "addresses", 0, "city"],
      messages: ["Invalid City. Please use A-Z, a-z, 0-9, -, ', spaces"],
    },
  ]);
  // The same customer passed back through merge and diff keeps the shop's shape.
  const merged = magento.merge(stored, { customer: { lastname: "Holmes" } }, { today: "2026-06-15", now: "2026-06-15 12:00:00" });
  assert.equal(merged.default_billing, "1");
  assert.deepEqual(magento.diff(stored, merged), { customer: { lastname: "Holmes" } });
});

test("magento: the README's language example gives the German answer and field errors it shows", () => {
  // Three rows of splendidinternet/Magento2_German_LocalePack_de_DE 1.71.0, de_DE.csv (OSL-3.0),
  // as tests/fixtures/dictionaries/de_DE.csv holds them; the README quotes this very text.
  const csvText = `"""%1"" is a required value.","""%1"" ist ein erforderlicher Wert.",,
"""%fieldName"" is required. Enter and try again.","""%fieldName"" ist erforderlich. Geben Sie es ein und versuchen Sie es erneut.",module,Magento_Customer
First Name,Vorname,,
`;
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  assert.ok(readme.includes(`const csvText = \`${csvText}\`;`), "the README quotes the rows");
  const excerpt = readFileSync(new URL("../../tests/fixtures/dictionaries/de_DE.csv", import.meta.url), "utf8");
  for (const row of csvText.trimEnd().split("\n")) assert.ok(excerpt.split("\n").includes(row), row);

  const shop = loadFixtures().default.magento;
  const read = magento.respond(
    shop,
    { method: "GET", path: "/rest/default/V1/customers/1", headers: { Authorization: `Bearer ${shop.admin_tokens[0]}` } },
    { today: "2026-06-15", now: "2026-06-15 12:00:00" },
  );
  const stored = JSON.parse(JSON.stringify(read.response.body));
  const german = magento.withDictionary(csvText);
  const config = magento.installDefaults("2.4.8-p5");
  const outcome = german.validate(
    { customer: { ...stored, firstname: "", addresses: [{ ...stored.addresses[0], city: "" }] } },
    { stored, config },
  );
  assert.deepEqual(outcome.response, {
    status: 400,
    body: { message: '"Vorname" ist ein erforderlicher Wert.' },
  });
  assert.deepEqual(magento.fieldErrors(outcome), [
    {
      path: "customer.firstname",
      segments: ["customer", "firstname"],
      messages: ['"Vorname" ist ein erforderlicher Wert.'],
    },
    {
      path: "customer.addresses[0].city",
      segments: ["customer", "addresses", 0, "city"],
      messages: ['"city" ist erforderlich. Geben Sie es ein und versuchen Sie es erneut.'],
    },
  ]);
  const city = german.validate(
    { customer: { ...stored, addresses: [{ ...stored.addresses[0], city: "" }] } },
    { stored, config },
  );
  assert.deepEqual(city.response.body, {
    message: '"%fieldName" ist erforderlich. Geben Sie es ein und versuchen Sie es erneut.',
    parameters: { fieldName: "city" },
  });
  // The templates stay Magento's English source texts.
  assert.deepEqual(
    outcome.violations.filter((violation) => !violation.needs_context).map((violation) => violation.template),
    ['"%1" is a required value.', '"%fieldName" is required. Enter and try again.'],
  );
});

test("magento: a stored customer of the wrong shape is refused with the path of the member", () => {
  const stored = loadFixtures().default.magento.customers[0];
  const wrong = { ...stored, addresses: [{ ...stored.addresses[0], region: "Texas" }] };
  assert.throws(() => magento.validate({ customer: {} }, { stored: wrong }), {
    name: "TypeError",
    message: 'options.stored.addresses[0].region: invalid type: string "Texas", expected a region object',
  });
  assert.throws(() => magento.merge({ ...stored, default_billing: "first" }, { customer: {} }, {}), {
    name: "TypeError",
    message: 'stored.default_billing: invalid value: string "first", expected an address id, as a number or a string of digits',
  });
});
