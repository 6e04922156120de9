/**
 * Thread ids as codex 0.169.0 parses them (Rust's `uuid` crate): hyphenated, simple (32 hex
 * digits), `{…}` or `urn:uuid:` forms are accepted and canonicalised to lower-case hyphenated; any
 * other text is refused with the crate's own words, which the server puts after `invalid thread
 * id: ` (or `invalid session id: ` for `thread/fork` and `thread/resume`), as observed in the live lane.
 */

export type ParsedUuid = { readonly ok: true; readonly id: string } | { readonly ok: false; readonly message: string };

const HYPHENATED = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const SIMPLE = /^[0-9a-fA-F]{32}$/;
const GROUPS = [8, 4, 4, 4, 12] as const;
const BLOCK_STARTS = [0, 9, 14, 19, 24] as const;

function canonical(hex: string): string {
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function parseUuid(input: string): ParsedUuid {
  let body = input;
  let offset = 0;
  let simple = true;
  if (input.length >= 2 && input.startsWith("{") && input.endsWith("}")) [body, offset, simple] = [input.slice(1, -1), 1, false];
  else if (input.startsWith("urn:uuid:")) [body, offset, simple] = [input.slice(9), 9, false];
  if (HYPHENATED.test(body)) return { ok: true, id: canonical(body.replace(/-/g, "")) };
  if (simple && SIMPLE.test(body)) return { ok: true, id: canonical(body) };
  return { ok: false, message: uuidError(input, body, offset, simple) };
}

/** The `uuid` crate's error text for input it cannot parse (its `InvalidUuid::into_err`). */
function uuidError(input: string, body: string, offset: number, simple: boolean): string {
  const hyphens: number[] = [];
  let index = 0;
  for (const character of body) {
    if (character === "-") hyphens.push(index);
    else if (!/^[0-9a-fA-F]$/.test(character)) {
      return `invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${character}\` at ${index + offset + 1}`;
    }
    index += 1; // every character before the first refused one is ASCII
  }
  if (hyphens.length === 0 && simple) return `invalid length: expected length 32 for simple format, found ${input.length}`;
  if (hyphens.length !== 4) return `invalid group count: expected 5, found ${hyphens.length + 1}`;
  for (let group = 0; group < 4; group++) {
    const at = hyphens[group] ?? 0;
    const start = BLOCK_STARTS[group] ?? 0;
    if (at !== (BLOCK_STARTS[group + 1] ?? 0) - 1) return `invalid group length in group ${group}: expected ${GROUPS[group] ?? 0}, found ${at - start}`;
  }
  return `invalid group length in group 4: expected 12, found ${body.length - BLOCK_STARTS[4]}`;
}
