// Browsers and bundlers, both platforms (`import { magento, open2b } from "customer-rules"`):
// each platform's module, fetched side by side. An app for one shop imports its subpath alone.
export { magento } from "./web/magento.js";
export { open2b } from "./web/open2b.js";
