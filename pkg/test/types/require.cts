// A TypeScript user of the package in CommonJS (the `require` condition); type-checked by
// ../types.test.js, never run.
import rules = require("customer-rules");
import magentoEntry = require("customer-rules/magento");
import open2bEntry = require("customer-rules/open2b");

const status: number = rules.open2b.validate({ customer: {} }).response.status;
const version: string | undefined = magentoEntry.magento.installDefaults().version;
const german: magentoEntry.MagentoLanguage = magentoEntry.magento.withDictionary("First Name,Vorname\n");
const vorname: string = german.translate("First Name");
const merged: ReturnType<typeof open2bEntry.open2b.merge> = open2bEntry.open2b.merge({}, {});

// @ts-expect-error there is no such operation
open2bEntry.open2b.update();
// @ts-expect-error the Magento subpath has no Open2b namespace
magentoEntry.open2b;

export = { status, version, merged, vorname };
