export { assertValidServerMessage, validateServerMessage, type ValidationResult } from "./validate.ts";
