// A TypeScript user of one platform's subpath; type-checked by ../types.test.js, never run. Each
// subpath declares its namespace and its platform's types, and nothing of the other platform.
import {
  magento,
  type MagentoLanguage,
  type MagentoOutcome,
  type MagentoSaveRequest,
  type Outcome,
} from "customer-rules/magento";
import { open2b, type Open2bCustomer, type Open2bOutcome, type Violation } from "customer-rules/open2b";

const body: MagentoSaveRequest = { customer: { firstname: "Jane" } };
const magentoOutcome: MagentoOutcome = magento.validate(body, { today: "2026-06-15" });
const shared: Outcome = magentoOutcome;
const german: MagentoLanguage = magento.withDictionary("First Name,Vorname\n");
const germanOutcome: MagentoOutcome = german.validate(body, { today: "2026-06-15" });
const stored: Open2bCustomer = { cart: null };
const open2bOutcome: Open2bOutcome = open2b.validate({ customer: {} }, { stored });
const first: Violation | undefined = open2bOutcome.violations[0];
// A type both platforms declare is one shape: an outcome of either platform fits the other's.
magento.fieldErrors(open2bOutcome);
open2b.fieldErrors(magentoOutcome);

// @ts-expect-error the Magento subpath has no Open2b namespace
import { open2b as none } from "customer-rules/magento";
// @ts-expect-error the Open2b subpath declares no Magento type
import type { MagentoCustomer } from "customer-rules/open2b";
// @ts-expect-error there is no such operation
open2b.installDefaults();
// @ts-expect-error only Magento reads language packs
open2b.withDictionary("First Name,Vorname\n");
// @ts-expect-error the Open2b subpath declares no Magento language
import type { MagentoLanguage as NoLanguage } from "customer-rules/open2b";

export { shared, first, none, germanOutcome };
export type { MagentoCustomer, NoLanguage };
