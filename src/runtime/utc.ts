/**
 * UTC calendar arithmetic on epoch milliseconds, so code that must print a time (lock payloads,
 * rollout paths) never needs `Date`: the instant always comes from the Clock port.
 */
export interface UtcFields {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

/** Calendar fields of an instant (civil-from-days over the proleptic Gregorian calendar). */
export function utcFields(epochMs: number): UtcFields {
  const ms = Math.floor(epochMs);
  const days = Math.floor(ms / 86_400_000);
  const dayMs = ms - days * 86_400_000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return {
    year,
    month,
    day,
    hour: Math.floor(dayMs / 3_600_000),
    minute: Math.floor(dayMs / 60_000) % 60,
    second: Math.floor(dayMs / 1000) % 60,
    millisecond: dayMs % 1000,
  };
}

export const pad = (n: number, width: number): string => String(n).padStart(width, "0");

/** ISO-8601 UTC with milliseconds, e.g. `2026-01-01T00:00:00.000Z`. */
export function formatIsoUtc(epochMs: number): string {
  const t = utcFields(epochMs);
  return `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}T${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}.${pad(t.millisecond, 3)}Z`;
}
