/**
 * Where the fake app-server still differs from the real codex 0.169.0 on the golden cases, as the
 * fidelity diff words it. The replay test asserts this list exactly: when the fake is fixed the
 * test fails until the entry is removed, and a new infidelity fails it at once. The live lane
 * itself allows no difference at all. Target: every list empty.
 */
export const KNOWN_FAKE_GAPS: Readonly<Record<string, readonly string[]>> = {
  success: [],
  "auth-401": [],
  "stream-stall": [],
  "stdin-eof-mid-turn": [],
  "sigterm-mid-turn": [],
  interrupt: [],
  "structured-output": [],
  review: [],
};
