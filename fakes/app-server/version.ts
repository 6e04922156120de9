/** What `fake-codex --version` prints (a light module: the CLI reads it without loading the server). */
import { SCRIPT_DEFAULTS } from "./script.ts";

export const FAKE_CODEX_VERSION = `codex-cli ${SCRIPT_DEFAULTS.cliVersion} (fake)`;
