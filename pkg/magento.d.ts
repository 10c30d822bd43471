// `customer-rules/magento`. The functions and types are declared in dist/, generated from the Rust
// types; this file only groups the functions into the namespace, as the entries do.
import type * as generated from "./dist/magento/customer_rules_magento.js";

export type * from "./dist/magento/customer_rules_magento.js";

/** Magento 2, `PUT /rest/{storeCode}/V1/customers/{customerId}`. */
export declare const magento: {
  readonly [Name in keyof typeof generated as Name extends `magento${infer Operation}`
    ? Uncapitalize<Operation>
    : never]: (typeof generated)[Name];
};
