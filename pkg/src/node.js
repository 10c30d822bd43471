// Node, ES module, both platforms (`import { magento, open2b } from "customer-rules"`).
export { magento } from "./node/magento.js";
export { open2b } from "./node/open2b.js";
