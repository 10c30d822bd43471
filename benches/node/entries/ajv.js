// What an app ships to check a request body with ajv: the compiler, the formats, one schema.
import Ajv from "ajv";
import addFormats from "ajv-formats";

export function compile(schema) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}
