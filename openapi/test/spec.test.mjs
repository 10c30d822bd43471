// The spec against the shops' own examples: every schema carries a valid example, the seeds'
// bodies validate, and the constraints reject what the shops reject.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import Ajv from "ajv";
import { parse } from "yaml";

const spec = parse(readFileSync(new URL("../customer-api.yaml", import.meta.url), "utf8"));
const example = (name) => JSON.parse(readFileSync(new URL(`./examples/${name}.json`, import.meta.url), "utf8"));

// OpenAPI 3.0 schemas are JSON Schema plus `nullable`, `discriminator` and `example`; ajv knows
// the first two, `example` is an annotation. ajv reads the discriminator's values from each
// branch's `enum` and refuses `mapping`, which OpenAPI needs to name them: drop it for ajv.
const ajv = new Ajv({ allErrors: true, strict: true, discriminator: true });
ajv.addVocabulary(["example", "components"]);
ajv.addFormat("int32", { type: "number", validate: (n) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
const schemas = structuredClone(spec.components.schemas);
for (const definition of Object.values(schemas)) delete definition.discriminator?.mapping;
ajv.addSchema({ $id: "customer-api", components: { schemas } });
const schema = (name) => ajv.getSchema(`customer-api#/components/schemas/${name}`);

function assertValid(name, value) {
  const validate = schema(name);
  assert.ok(validate, `no schema ${name}`);
  assert.ok(validate(value), `${name}: ${ajv.errorsText(validate.errors)}`);
}

function assertInvalid(name, value, why) {
  assert.equal(schema(name)(value), false, `${name} must reject ${why}`);
}

test("every component schema has an example that it accepts", () => {
  for (const [name, definition] of Object.entries(spec.components.schemas)) {
    assert.ok("example" in definition, `${name} has no example`);
    assertValid(name, definition.example);
  }
});

test("Open2b's documented update-customer body validates", () => {
  assertValid("open2b-update-customer-request", example("open2b-seed-update-customer"));
});

test("a Magento customer with every field validates, as a response and as an update", () => {
  const customer = example("magento-customer-every-field");
  assertValid("magento-customer", customer);
  assertValid("magento-customer-put-request", { customer, passwordHash: "$argon2id$v=19$m=65536,t=4,p=1$c2FsdA$aGFzaA" });
  const every = new Set(Object.keys(spec.components.schemas["magento-customer"].properties));
  assert.deepEqual(new Set(Object.keys(customer)), every, "the example covers every customer field");
  const everyAddressField = new Set(Object.keys(spec.components.schemas["magento-address"].properties));
  assert.deepEqual(new Set(Object.keys(customer.addresses[0])), everyAddressField, "and every address field");
});

test("Magento error parameters may be an object or an array", () => {
  assertValid("magento-error-response", { message: "No such entity with %fieldName = %fieldValue", parameters: { fieldName: "customerId", fieldValue: 999 } });
  assertValid("magento-error-response", { message: "Attribute %1 does not contain option with Id %2", parameters: ["gender", 99] });
  assertInvalid("magento-error-response", { parameters: [] }, "an error without a message");
});

test("Open2b constraints: lengths in code points, nullability, closed objects", () => {
  const update = (customer) => ({ customer });
  assertValid("open2b-update-customer-request", update({ billingAddress: { firstName: "é".repeat(25) } }));
  assertInvalid("open2b-update-customer-request", update({ billingAddress: { firstName: "é".repeat(26) } }), "a 26-character first name");
  assertInvalid("open2b-update-customer-request", update({ billingAddress: { firstName: "" } }), "an empty first name");
  assertValid("open2b-update-customer-request", update({ cart: null, shippingAddress: null }));
  assertInvalid("open2b-update-customer-request", update({ billingAddress: null }), "a null billing address");
  assertInvalid("open2b-update-customer-request", update({ invoiceRecipient: null }), "a null invoice recipient");
  assertInvalid("open2b-update-customer-request", update({ cart: "a".repeat(31) }), "a 31-character cart");
  assertInvalid("open2b-update-customer-request", update({ billingAddress: { email: "a@b.co" } }), "billingAddress.email");
  assertInvalid("open2b-update-customer-request", update({ nickname: "x" }), "an unknown field");
  assertInvalid("open2b-update-customer-request", update({ privacyConsents: [256] }), "a consent id above 255");
  assertInvalid("open2b-update-customer-request", update({ wishList: [0] }), "a product id of 0");
  assertValid("open2b-update-customer-request", update({ wishList: [], newsletterLists: [], privacyConsents: [] }));
  assertInvalid("open2b-update-customer-request", {}, "a body without customer");
});

test("Open2b answers: ok and the error envelope are told apart by status", () => {
  assertValid("open2b-update-customer-response", { status: "ok" });
  assertValid("open2b-update-customer-response", {
    status: "error",
    error: { field: "newsletterLists", type: "NotFound", description: "Newsletter list 9 does not exist" },
  });
  assertInvalid("open2b-update-customer-response", { status: "error" }, "an error envelope without its error");
  assertInvalid("open2b-update-customer-response", { status: "done" }, "an unknown status");
});
