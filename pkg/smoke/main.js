// A form's check in a bundled app (Vite, webpack): an empty first name, and a member explicitly
// undefined that must be left out, not sent as null. It imports one platform's subpath: its page
// must fetch that platform's module alone.
import { open2b } from "customer-rules/open2b";

const outcome = open2b.validate({
  customer: { billingAddress: { firstName: "" }, invoiceRecipient: undefined },
});
document.querySelector("#outcome").textContent = JSON.stringify(outcome);
document.title = "validated";
