export { assertValidServerMessage, schemaCheckTap, validateServerMessage, type ValidationResult } from "./validate.ts";
