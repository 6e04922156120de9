/**
 * Canary secrets. Scenarios hand these to the system under test wherever a real run would carry a
 * credential; tests then prove neither string appears in any report, trace or CLI output.
 */
export const CANARY_BEARER_TOKEN = "sk-canary-7f3c9a1e5b2d4c6e8a0b1c2d3e4f5a6b";
export const CANARY_API_KEY = "sk-proj-canary0KEY1abcdefghijklmnopqrstuvwxyz";
export const CANARIES = [CANARY_BEARER_TOKEN, CANARY_API_KEY] as const;
