/** Exit port for long-running programs (the broker): the harness observes instead of dying. */
export type ExitFn = (code: number) => void;
