/** The one file in src/ that draws real randomness. */
import { randomInt } from "node:crypto";
import type { Random } from "./random.ts";

export const realRandom: Random = {
  nextU32: () => randomInt(0, 0x1_0000_0000),
  nextInt: (n: number) => (n <= 1 ? 0 : randomInt(0, n)),
};
