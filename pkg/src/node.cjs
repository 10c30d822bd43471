// Node, CommonJS, both platforms (`require("customer-rules")`).
"use strict";

exports.magento = require("./node/magento.cjs").magento;
exports.open2b = require("./node/open2b.cjs").open2b;
