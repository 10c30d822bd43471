// The package's root entry in a bundled app (Vite, webpack): both platforms, each from its own
// module, the same Open2b check as main.js beside a Magento one.
import { magento, open2b } from "customer-rules";

const outcome = {
  open2b: open2b.validate({
    customer: { billingAddress: { firstName: "" }, invoiceRecipient: undefined },
  }),
  magento: magento.validate({ customer: { firstname: "" } }, { today: "2026-06-15" }).response,
};
document.querySelector("#outcome").textContent = JSON.stringify(outcome);
document.title = "validated";
