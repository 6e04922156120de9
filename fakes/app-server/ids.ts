/** Id shapes the real server uses (UUIDv7 thread and turn ids), drawn from the world's clock and randomness. */
import type { Random } from "../../src/runtime/random.ts";

function hex(random: Random, digits: number): string {
  let out = "";
  while (out.length < digits) out += random.nextU32().toString(16).padStart(8, "0");
  return out.slice(0, digits);
}

/** A UUIDv7-looking id: 48-bit millisecond timestamp, version 7, variant 10, random rest. */
export function uuidV7(nowMs: number, random: Random): string {
  const time = Math.max(0, Math.floor(nowMs)).toString(16).padStart(12, "0").slice(-12);
  const variant = (8 + random.nextInt(4)).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(random, 3)}-${variant}${hex(random, 3)}-${hex(random, 12)}`;
}
