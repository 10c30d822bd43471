// A form's check in a bundled app: an empty first name, and a member explicitly undefined that
// must be left out, not sent as null.
import { open2b } from "customer-rules";

const outcome = open2b.validate({
  customer: { billingAddress: { firstName: "" }, invoiceRecipient: undefined },
});
document.querySelector("#outcome").textContent = JSON.stringify(outcome);
document.title = "validated";
