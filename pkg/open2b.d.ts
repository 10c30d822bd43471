// `customer-rules/open2b`. The functions and types are declared in dist/, generated from the Rust
// types; this file only groups the functions into the namespace, as the entries do.
import type * as generated from "./dist/open2b/customer_rules_open2b.js";

export type * from "./dist/open2b/customer_rules_open2b.js";

/** Open2b 7.5, `POST /api/v10/storefront.update-customer`. */
export declare const open2b: {
  readonly [Name in keyof typeof generated as Name extends `open2b${infer Operation}`
    ? Uncapitalize<Operation>
    : never]: (typeof generated)[Name];
};
