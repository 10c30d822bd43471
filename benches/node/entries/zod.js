// What an app ships to check the Open2b update body with zod 4 (shape only, as ajv).
import { z } from "zod";

const text = z.string().max(60);
const address = {
  firstName: text, lastName: text, personalCode: text, companyName: text, companyCode: text,
  companyCode2: text, street1: text, street2: text, city: text, postalCode: text.max(10),
  stateProv: text, country: z.string().length(2), phoneNumber: text, mobileNumber: text,
  faxNumber: text,
};
export const update = z.strictObject({
  customer: z.strictObject({
    cart: z.string().length(32).nullable(),
    invoiceRecipient: z.string().max(255),
    billingAddress: z.strictObject(address).partial(),
    shippingAddress: z
      .strictObject({ name: text, street1: text, street2: text, city: text, postalCode: text,
        stateProv: text, country: z.string().length(2) })
      .partial()
      .nullable(),
    wishList: z.array(z.number().int().positive()),
    newsletterLists: z.array(z.number().int().positive()),
    privacyConsents: z.array(z.number().int().positive()),
  }).partial(),
});
