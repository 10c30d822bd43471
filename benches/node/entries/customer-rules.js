// What an app ships to use the customer-rules package in a browser (the `browser` build): the
// JavaScript is bundled, the WebAssembly module is fetched beside it and counted separately.
export { magento, open2b } from "../../../pkg/src/web.js";
