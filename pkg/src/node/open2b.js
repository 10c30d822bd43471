// Node, ES module (`import { open2b } from "customer-rules/open2b"`): the CommonJS entry, so that
// `import` and `require` in one process share one instance of the module.
import entry from "./open2b.cjs";

export const { open2b } = entry;
