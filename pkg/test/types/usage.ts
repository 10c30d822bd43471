// A TypeScript user of the package; type-checked by ../types.test.js, never run.
import {
  open2b,
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

export { status, needsContext, update, updatedKey };
