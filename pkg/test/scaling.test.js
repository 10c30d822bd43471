// The scaling check of the package, as crates/customer-rules/tests/scaling.rs does natively: each
// field and request structure of both shops as a pathological request at 64 KiB and at 1 MiB,
// through `respond` (the shop's whole path). The large request is timed once and the small one
// sixteen times in a row, the best of two rounds each: linear work gives a factor of about 1,
// quadratic work about 16. A factor above 6 fails unless the large request takes under 100 ms.
import assert from "node:assert/strict";
import { test } from "node:test";

import { magento, open2b } from "customer-rules";

import { loadFixtures } from "./corpus.js";

const SMALL = 64 << 10;
const MAX_FACTOR = 6;
// Higher than natively: a garbage collection or a tier-up of the module can take tens of ms.
const NEGLIGIBLE_MS = 100;
const ROUNDS = 2;

const shops = loadFixtures().default;

const repeat = (unit, size) => unit.repeat(Math.max(1, Math.floor(size / unit.length)));
const string = (text) => JSON.stringify(text);
/** Items made by `item` from their index, joined with commas, to about `size` bytes. */
function list(size, item) {
  const items = [];
  let length = 0;
  for (let index = 0; length < size; index += 1) {
    const text = item(index);
    items.push(text);
    length += text.length + 1;
  }
  return items.join(",");
}

const customer = (member) => `{"customer":{${member}}}`;
const field = (name, unit) => (size) => customer(`"${name}":${string(repeat(unit, size))}`);
const address = (member) =>
  customer(
    `"addresses":[{"firstname":"Jane","lastname":"Doe","street":["1 Main St"],"city":"Austin",` +
      `"country_id":"US","region_id":57,"postcode":"78701","telephone":"512-555-0100",${member}}]`,
  );
const addressField = (name, unit) => (size) => address(`"${name}":${string(repeat(unit, size))}`);
const nested = () => `${"[".repeat(60)}${"]".repeat(60)}`;

const MAGENTO = {
  "firstname of <script><": field("firstname", "<script><"),
  "lastname of <script> without a closing tag": field("lastname", "<script>"),
  "middlename of -. then <": field("middlename", "-.<"),
  "email with many host labels": (size) => customer(`"email":${string(`a@${repeat("a.", size)}com`)}`),
  "email with many punycode labels": (size) => customer(`"email":${string(`a@${repeat("xn--a.", size)}com`)}`),
  "dob of words": field("dob", "next "),
  "keys that fold together": (size) =>
    `{"customer":{"firstname":"Jane"},${list(size, (i) => `"k${i}":1,"k_${i}":2`)}}`,
  "custom_attributes with one code repeated": (size) =>
    customer(`"custom_attributes":[${list(size, (i) => `{"attribute_code":"c${i % 2}","value":"v"}`)}]`),
  "custom_attributes as an object": (size) => customer(`"custom_attributes":{${list(size, (i) => `"c${i}":"v"`)}}`),
  "empty addresses": (size) => customer(`"addresses":[${list(size, () => "{}")}]`),
  "stored addresses named again and again": (size) =>
    customer(`"addresses":[${list(size, (i) => `{"id":${1 + (i % 2)}}`)}]`),
  "street of many lines": (size) => address(`"street":[${list(size, () => '"a"')}]`),
  "city of letters then a dash": addressField("city", "a-"),
  "telephone of digits": addressField("telephone", "1 "),
  "nested arrays in a custom attribute value": (size) =>
    customer(`"custom_attributes":[{"attribute_code":"c","value":[${list(size, nested)}]}]`),
};

const open2bCustomer = (member) => `{"customer":{${member}}}`;
const OPEN2B = {
  "billing first name": (size) => open2bCustomer(`"billingAddress":{"firstName":${string(repeat("ab", size))}}`),
  "billing phone number": (size) => open2bCustomer(`"billingAddress":{"phoneNumber":${string(repeat("+1", size))}}`),
  "invoice recipient": (size) => open2bCustomer(`"invoiceRecipient":${string(repeat("a@b.", size))}`),
  "wish list of repeated products": (size) => open2bCustomer(`"wishList":[${list(size, (i) => String(i % 3))}]`),
  "unknown fields": (size) => open2bCustomer(list(size, (i) => `"k${i}":1`)),
  "nested arrays in the wish list": (size) => open2bCustomer(`"wishList":[${list(size, nested)}]`),
};

function best(times, call) {
  let fastest = Infinity;
  for (let round = 0; round < ROUNDS; round += 1) {
    const started = performance.now();
    for (let i = 0; i < times; i += 1) call();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

function check(t, inputs, respond) {
  const failures = [];
  for (const [name, body] of Object.entries(inputs)) {
    const small = body(SMALL);
    const large = body(SMALL * 16);
    const smallTime = best(16, () => respond(small));
    const largeTime = best(1, () => respond(large));
    const factor = largeTime / Math.max(smallTime, 1e-6);
    t.diagnostic(`${factor.toFixed(2)}  ${name} (${large.length} B: ${largeTime.toFixed(1)} ms; ×16: ${smallTime.toFixed(1)} ms)`);
    if (factor > MAX_FACTOR && largeTime > NEGLIGIBLE_MS) {
      failures.push(`${name} grows ${factor.toFixed(1)} times faster than its input`);
    }
  }
  assert.deepEqual(failures, []);
}

test("magento: every check grows linearly with its input", (t) => {
  const shop = shops.magento;
  const headers = { Authorization: `Bearer ${shop.admin_tokens[0]}`, "Content-Type": "application/json" };
  const clock = { today: "2026-06-15", now: "2026-06-15 12:00:00" };
  check(t, MAGENTO, (raw) =>
    magento.respond(shop, { method: "PUT", path: "/rest/default/V1/customers/1", headers, raw }, clock),
  );
});

test("open2b: every check grows linearly with its input", (t) => {
  const shop = shops.open2b;
  const headers = { "X-Customer-Key": shop.customers[0].key, "Content-Type": "application/json" };
  check(t, OPEN2B, (raw) =>
    open2b.respond(shop, { method: "POST", path: "/api/v10/storefront.update-customer", headers, raw }),
  );
});
