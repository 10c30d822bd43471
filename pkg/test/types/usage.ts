// A TypeScript user of the package; type-checked by ../types.test.js, never run.
import {
  magento,
  open2b,
  type FieldErrors,
  type MagentoConfig,
  type MagentoProfiles,
  type MagentoRegion,
  type MagentoSaveRequest,
  type MagentoStoredCustomer,
  type Open2bCustomer,
  type Open2bCustomerUpdate,
  type Open2bExchange,
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

const magentoStored: MagentoStoredCustomer = { id: 1, email: "jane@example.com", addresses: [] };
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
const magentoOutcome: Outcome = magento.validate(body, {
  stored: magentoStored,
  today: "2026-06-15",
  now: "2026-06-15 12:00:00",
  config,
});
const saved: MagentoStoredCustomer = magento.merge(magentoStored, body, {
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
  smallest,
  message,
  profile,
  evidence,
  patchesOf248p5,
  upgraded,
  certain,
};
