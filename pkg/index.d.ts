// `customer-rules`: both platforms. dist/types/index.d.ts (written by `cargo xtask pkg`) declares
// the types of both modules, each once; the namespaces are those of the subpaths.
export type * from "./dist/types/index.js";
export { magento } from "./magento.js";
export { open2b } from "./open2b.js";
