/** Random port: ids and jitter in src/ and fakes/ come from here, never from Math.random. */
export interface Random {
  /** A uniformly distributed unsigned 32-bit integer. */
  nextU32(): number;
  /** An integer in [0, n). */
  nextInt(n: number): number;
}

/** Lowercase hex string of `bytes` random bytes. */
export function randomHex(random: Random, bytes: number): string {
  let out = "";
  for (let i = 0; i < bytes; i++) out += (random.nextU32() & 0xff).toString(16).padStart(2, "0");
  return out;
}
