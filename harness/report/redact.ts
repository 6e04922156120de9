/**
 * Secret redaction for everything the harness writes or prints. Runs before any digest is
 * computed and before any byte reaches a file or the terminal. Rules: values of secret-named
 * keys (authorization, apiKey, token, password, secret, cookie, …), `Bearer`/`Basic` credentials,
 * `sk-…` API keys, JWT-shaped strings, URL passwords, and any literal secret the caller names
 * (e.g. from the environment). Redaction is idempotent.
 */
import type { Json } from "../scenario/types.ts";

export const REDACTED = "<redacted>";

export interface RedactOptions {
  /** Literal secret values to scrub wherever they appear (shorter than 6 chars are ignored). */
  readonly secrets?: readonly string[];
}

export interface RedactJsonOptions extends RedactOptions {
  /**
   * Applied to every string and key before it is redacted (path normalization), in the same
   * pass: a key it maps onto one already present is kept as `key#2`, as a redacted key is.
   */
  readonly mapText?: (text: string) => string;
}

const NAME = String.raw`[A-Za-z0-9_-]*(?:authorization|api[-_]?key|token|secret|password|passwd|cookie)`;
const SCHEME = String.raw`(?:Bearer|Basic|Token)\s+`;
const TEXT_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // `Authorization: Bearer x`, `"apiKey":"x"`, `token=x`: keep the name (and scheme), drop the value.
  [
    new RegExp(String.raw`\b(${NAME})(["']?\s*[:=]\s*["']?)(?!(?:${SCHEME})?<redacted>)(${SCHEME})?[^\s"',;&}\]]+`, "gi"),
    `$1$2$3${REDACTED}`,
  ],
  // Prose says "bearer token"; a credential is at least 8 token68 characters.
  [/\b(Bearer)\s+(?!<redacted>)[A-Za-z0-9\-._~+/]{8,}=*/gi, `$1 ${REDACTED}`],
  [/\b(Basic)\s+(?!<redacted>)[A-Za-z0-9+/]{8,}=*/g, `$1 ${REDACTED}`],
  [/\bsk-[A-Za-z0-9][A-Za-z0-9_-]{7,}/g, REDACTED],
  [/\beyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g, REDACTED],
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s/@:]+:)(?!<redacted>)[^\s/@]+@/gi, `$1${REDACTED}@`],
];

const EXACT_SECRET_KEYS = new Set([
  "authorization",
  "proxyauthorization",
  "cookie",
  "setcookie",
  "password",
  "passwd",
  "secret",
  "apikey",
  "privatekey",
  "credential",
  "credentials",
  "bearer",
]);

/** Reports repeat the same few hundred keys; the answer is cached (bounded). */
const secretKeyCache = new Map<string, boolean>();
const SECRET_KEY_CACHE_LIMIT = 4096;

/** Whether a property named `key` holds a secret (case-, dash- and underscore-insensitive). */
export function isSecretKey(key: string): boolean {
  let known = secretKeyCache.get(key);
  if (known === undefined) {
    known = secretKeyName(key);
    if (secretKeyCache.size >= SECRET_KEY_CACHE_LIMIT) secretKeyCache.clear();
    secretKeyCache.set(key, known);
  }
  return known;
}

function secretKeyName(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_\s.]/g, "");
  if (EXACT_SECRET_KEYS.has(k)) return true;
  return (
    k.endsWith("token") ||
    k.endsWith("secret") ||
    k.endsWith("password") ||
    k.endsWith("apikey") ||
    k.includes("authorization") ||
    k.includes("cookie")
  );
}

/** Every rule needs one of these; most strings have none, and skip the rules. */
const SUSPECT = /bearer|basic|sk-|eyJ|:\/\/|authorization|api[-_]?key|token|secret|passw|cookie/i;

/** Redacts secrets inside free text (CLI output, messages, trace strings). */
export function redactText(text: string, options: RedactOptions = {}): string {
  return redactWith(text, usableSecrets(options.secrets ?? []));
}

function redactWith(text: string, secrets: readonly string[]): string {
  let out = scrubLiterals(text, secrets);
  if (!SUSPECT.test(out)) return out;
  for (const [pattern, replacement] of TEXT_RULES) out = out.replace(pattern, replacement);
  return out;
}

/**
 * Deep-redacts JSON data: secret-named keys lose their value, every string and key is scrubbed
 * (after `mapText`, when given). Returns a copy; the input is not changed.
 */
export function redactJson(value: Json, options: RedactJsonOptions = {}): Json {
  return redactNode(value, usableSecrets(options.secrets ?? []), options.mapText ?? identity);
}

function identity(text: string): string {
  return text;
}

function redactNode(value: Json, secrets: readonly string[], mapText: (text: string) => string): Json {
  if (typeof value === "string") return redactWith(mapText(value), secrets);
  if (value === null || typeof value !== "object") return value;
  if (isJsonArray(value)) return value.map((item) => redactNode(item, secrets, mapText));
  const out: Record<string, Json> = {};
  for (const [sourceKey, item] of Object.entries(value)) {
    const rawKey = mapText(sourceKey);
    const key = uniqueKey(out, redactWith(rawKey, secrets));
    out[key] = isSecretKey(rawKey) && holdsSecret(item) ? REDACTED : redactNode(item, secrets, mapText);
  }
  return out;
}

/**
 * Secret values present in an environment (variables named like tokens, keys, passwords), so a
 * real key that leaked into a trace is scrubbed even when it has no recognizable shape.
 */
export function secretsFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value.length < 8) continue;
    if (isSecretKey(name) || /(?:^|_)(?:KEY|TOKEN|SECRET|PASSWORD)(?:_|$)/i.test(name)) found.push(value);
  }
  return found;
}

function isJsonArray(value: Json): value is readonly Json[] {
  return Array.isArray(value);
}

/** Numbers, booleans and null under a secret-named key are counts or flags, not secrets. */
function holdsSecret(value: Json): boolean {
  return value !== null && typeof value !== "number" && typeof value !== "boolean";
}

/** The literals worth scrubbing, longest first (a secret that contains another goes whole). */
function usableSecrets(secrets: readonly string[]): readonly string[] {
  if (secrets.length === 0) return secrets;
  return secrets.filter((s) => s.length >= 6).sort((a, b) => b.length - a.length);
}

function scrubLiterals(text: string, usable: readonly string[]): string {
  let out = text;
  for (const secret of usable) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

function uniqueKey(target: Record<string, Json>, key: string): string {
  if (!Object.hasOwn(target, key)) return key;
  let n = 2;
  while (Object.hasOwn(target, `${key}#${n}`)) n += 1;
  return `${key}#${n}`;
}
