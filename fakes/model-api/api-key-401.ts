/**
 * The OpenAI-shaped 401 an API-key model provider returns for a bad key, as a model script
 * response. Fault modelled: the model API rejects the provider's key before any stream starts.
 * The real codex quotes `message` in its turn error, so the wording is the provider's own.
 */
import type { ModelResponseScript } from "../app-server/script.ts";

export const API_KEY_401_MESSAGE = "Incorrect API key provided. You can find your API key in your account settings.";

/** `{http: {status: 401, …}}` with the API-key error body (type invalid_request_error, code invalid_api_key). */
export const API_KEY_401: ModelResponseScript = {
  http: { status: 401, message: API_KEY_401_MESSAGE, type: "invalid_request_error", code: "invalid_api_key" },
};
