// The operations of each platform's namespace, in name order: what every entry of the package
// must give (test/entries.test.js) and what the namespaces hold (test/boundary.test.js).
export const OPERATIONS = Object.freeze({
  magento: [
    "diff",
    "fieldErrors",
    "installDefaults",
    "merge",
    "profiles",
    "regions",
    "render",
    "respond",
    "validate",
    "withDictionary",
  ],
  open2b: ["diff", "fieldErrors", "merge", "respond", "validate"],
});
