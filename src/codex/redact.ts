/**
 * Removes secrets from text that may reach an error message, a trace event or a log: bearer
 * tokens, `sk-` keys, Authorization header values and `api_key`/`*_token` fields. A word after
 * "bearer" counts as a token when it has a digit or punctuation, or is long (so the prose
 * "Invalid bearer token" survives).
 */
const TOKEN_CHARS = /^[A-Za-z0-9._~+/=-]+$/;

function looksLikeToken(word: string): boolean {
  return TOKEN_CHARS.test(word) && (word.length >= 16 || /[0-9._~+/=-]/.test(word));
}

const RULES: readonly (readonly [RegExp, string | ((match: string, ...groups: string[]) => string)])[] = [
  [/(authorization["']?\s*[:=]\s*["']?)(?:[A-Za-z]+\s+)?[^\s"',;]+/gi, "$1<redacted>"],
  [/\b(bearer\s+)([A-Za-z0-9._~+/=-]+)/gi, (match, prefix = "", word = "") => (word === "<redacted>" || !looksLikeToken(word) ? match : `${prefix}<redacted>`)],
  [/\bsk-[A-Za-z0-9_-]{3,}/g, "sk-<redacted>"],
  [/((?:api[_-]?key|access[_-]?token|refresh[_-]?token|auth[_-]?token)["']?\s*[:=]\s*["']?)[^\s"',;}]+/gi, "$1<redacted>"],
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = typeof replacement === "string" ? out.replace(pattern, replacement) : out.replace(pattern, replacement);
  return out;
}
