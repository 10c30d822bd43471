// Node, ES module (`import { magento } from "customer-rules/magento"`): the CommonJS entry, so that
// `import` and `require` in one process share one instance of the module.
import entry from "./magento.cjs";

export const { magento } = entry;
