// The functions and types are declared in dist/, generated from the Rust types; this file only
// groups the functions into one namespace per platform, as src/namespaces.js does.
import type * as generated from "./dist/bundler/customer_rules.js";

export type * from "./dist/bundler/customer_rules.js";

/** The functions of one platform: `open2bValidate` becomes `open2b.validate`. */
type Namespace<Platform extends string> = {
  readonly [Name in keyof typeof generated as Name extends `${Platform}${infer Operation}`
    ? Uncapitalize<Operation>
    : never]: (typeof generated)[Name];
};

/** Open2b 7.5, `POST /api/v10/storefront.update-customer`. */
export declare const open2b: Namespace<"open2b">;

/** Magento 2, `PUT /rest/{storeCode}/V1/customers/{customerId}`. */
export declare const magento: Namespace<"magento">;
