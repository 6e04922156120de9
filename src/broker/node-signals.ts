/** The real SignalPort: SIGTERM and SIGINT of this process. */
import type { BrokerSignal, SignalPort } from "./types.ts";

const SIGNALS: readonly BrokerSignal[] = ["SIGTERM", "SIGINT"];

export const processSignals: SignalPort = {
  onSignal(handler) {
    const listeners = SIGNALS.map((signal) => {
      const listener = (): void => handler(signal);
      process.on(signal, listener);
      return [signal, listener] as const;
    });
    return () => {
      for (const [signal, listener] of listeners) process.off(signal, listener);
    };
  },
};
