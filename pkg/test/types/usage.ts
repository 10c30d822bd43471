// A TypeScript user of the package; type-checked by ../types.test.js, never run.
import {
  magento,
  open2b,
  type FieldErrors,
  type MagentoConfig,
  type MagentoProfiles,
  type MagentoRegion,
  type MagentoCustomer,
  type MagentoLanguage,
  type MagentoOutcome,
  type MagentoShop,
  type MagentoSaveRequest,
  type Open2bCustomer,
  type Open2bCustomerUpdate,
  type Open2bExchange,
  type Open2bOutcome,
  type Outcome,
  type Violation,
} from "customer-rules";

const stored: Open2bCustomer = { cart: null, billingAddress: { firstName: "Sherlock" } };
const outcome: Outcome = open2b.validate(
  { customer: { cart: null, wishList: [340] } },
  { stored, context: { carts: [], newsletterLists: [5] } },
);
const status: number = outcome.response.status;
const first: Violation | undefined = outcome.violations[0];
const needsContext: boolean | undefined = first?.needs_context;
const merged: Open2bCustomer = open2b.merge(stored, { shippingAddress: null });
const update: Open2bCustomerUpdate = open2b.diff(stored, merged);
const exchange: Open2bExchange = open2b.respond(
  { customers: [{ key: "k", customer: stored }] },
  { method: "POST", path: "/api/v10/storefront.update-customer", headers: {}, raw: "{" },
);
const updatedKey: string | undefined = exchange.updated?.key;

// The shop's own GET answer is a stored customer as it is: ids as strings, the region object.
const magentoStored: MagentoCustomer = {
  id: 1,
  email: "jane@example.com",
  default_billing: "1",
  addresses: [{ id: 1, customer_id: 1, region: { region_code: "TX", region: "Texas", region_id: 57 }, region_id: 57, default_billing: true }],
  extension_attributes: { is_subscribed: false, assistance_allowed: 2 },
};
const body: MagentoSaveRequest = { customer: { firstname: "Jane", middlename: null } };
const config: MagentoConfig = magento.installDefaults("2.4.8-p3+ACP2E-4528+ACP2E-4555");
const profile: string | undefined = config.version;
const profiles: MagentoProfiles = magento.profiles();
const evidence: "proven" | "inferred" | "unverified" | undefined = profiles.releases[0]?.evidence;
const patchesOf248p5: string[] = profiles.additions
  .filter((addition) => addition.releases.includes("2.4.8-p5"))
  .map((addition) => addition.name);
const upgraded: MagentoConfig = { ...config, version: "2.4.9" };
const texas: MagentoRegion | undefined = magento.regions("US")?.find((region) => region.code === "TX");
const texasId: number | undefined = texas?.id;
const magentoOutcome: MagentoOutcome = magento.validate(body, {
  stored: magentoStored,
  today: "2026-06-15",
  now: "2026-06-15 12:00:00",
  config,
});
const saved: MagentoCustomer = magento.merge(magentoStored, body, {
  today: "2026-06-15",
  now: "2026-06-15 12:00:00",
});
const smallest: MagentoSaveRequest = magento.diff(magentoStored, saved);
const message: string = magento.render("%1 is required", ["email"]);

// @ts-expect-error the update is required
open2b.merge(stored);
// @ts-expect-error wish lists hold product ids, not strings
open2b.diff(stored, { wishList: ["340"] });
// @ts-expect-error a misspelt option is refused
open2b.validate({ customer: {} }, { contex: {} });
// @ts-expect-error a cart is a token or null
open2b.merge(stored, { cart: 5 });
// @ts-expect-error the namespaces are read-only
open2b.validate = open2b.diff;
// @ts-expect-error there is no such operation
open2b.update(stored);
// @ts-expect-error a date is a "YYYY-MM-DD" string
magento.validate(body, { stored: magentoStored, today: 20260615 });
// A form's data of any shape is validated as the shop would read it, without a cast.
const formData: unknown = JSON.parse('{"customer": {"firstname": "J@ne"}}');
magento.validate(formData, {});
open2b.validate(formData);
// Today and now default to the machine's clock, today in the store's timezone; the stored
// customer may be left out (the body's values are still checked).
const fieldErrors: FieldErrors[] = magento.fieldErrors(magento.validate(body, {}));
// The answer's body is typed per shop: narrowed by what it holds.
const answer = magento.validate(formData).response.body;
const savedEmail: string | undefined =
  answer !== null && typeof answer === "object" && "email" in answer ? answer.email : undefined;
const refusal: string | undefined =
  answer !== null && typeof answer === "object" && "message" in answer ? answer.message : undefined;
const open2bAnswer: Open2bOutcome = open2b.validate(formData);
const open2bBody = open2bAnswer.response.body;
const errorField: string | undefined =
  typeof open2bBody === "object" && open2bBody.status === "error" ? open2bBody.error.field : undefined;
// Messages in a store view's language: the CSV text of its packs, read once, in precedence order.
const german: MagentoLanguage = magento.withDictionary('"First Name",Vorname\n');
const french: MagentoLanguage = magento.withDictionary(["City,Ville\n", "City,Ville\n"]);
const germanOutcome: MagentoOutcome = german.validate(body, { stored: magentoStored, config });
const germanFields: FieldErrors[] = magento.fieldErrors(german.validate(formData));
const vorname: string = german.translate("First Name");
const rows: number = french.size;
// A shop state names its packs per locale; respond takes their text by file name.
const languages: MagentoShop = {
  stores: [{ id: 3, code: "de", website_id: 1, locale: "de_DE" }],
  dictionaries: { de_DE: ["de_DE.csv"] },
};
const inGerman = magento.respond(
  languages,
  { method: "PUT", path: "/rest/de/V1/customers/1", headers: {}, body },
  { today: "2026-06-15", now: "2026-06-15 12:00:00" },
  { "de_DE.csv": '"First Name",Vorname\n' },
);
// @ts-expect-error a pack is CSV text, not rows
magento.withDictionary([["First Name", "Vorname"]]);
// @ts-expect-error how many texts a dictionary translates is read-only
german.size = 0;
// @ts-expect-error respond takes the packs by file name
magento.respond(languages, { method: "GET", path: "/", headers: {} }, { today: "x", now: "y" }, ["de_DE.csv"]);
// @ts-expect-error Open2b answers carry no customer
open2bBody.email;
// @ts-expect-error a profile is named by a string, not a number
magento.installDefaults(2.4);
// @ts-expect-error the profiles list takes no argument
magento.profiles("2.4.9");
// @ts-expect-error evidence is one of three words
const certain: MagentoProfiles["releases"][number]["evidence"] = "certain";
// @ts-expect-error a group id is a number
magento.merge(magentoStored, { customer: { group_id: [1] } }, { today: "x", now: "y" });

export {
  status,
  needsContext,
  update,
  updatedKey,
  magentoOutcome,
  savedEmail,
  refusal,
  errorField,
  smallest,
  message,
  profile,
  evidence,
  patchesOf248p5,
  upgraded,
  certain,
  germanOutcome,
  germanFields,
  vorname,
  rows,
  inGerman,
};
