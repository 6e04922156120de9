/** Removes secrets from text that may reach an error message, a trace event or a log. */
const RULES: readonly (readonly [RegExp, string])[] = [
  [/(authorization\s*[:=]\s*["']?)(?:[A-Za-z]+\s+)?[^\s"',;]+/gi, "$1<redacted>"],
  [/\bbearer\s+[A-Za-z0-9._~+/=-]+/gi, "Bearer <redacted>"],
  [/\bsk-[A-Za-z0-9_-]{3,}/g, "sk-<redacted>"],
  [/((?:api[_-]?key|access[_-]?token|refresh[_-]?token|auth[_-]?token)["']?\s*[:=]\s*["']?)[^\s"',;}]+/gi, "$1<redacted>"],
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}
