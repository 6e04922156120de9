/**
 * EventSink port: lifecycle modules report what they did (a diagnostic log in production,
 * the proof trace in the harness). Events are plain data keyed by `kind`.
 */
export interface LifecycleEvent {
  readonly kind: string;
  readonly [field: string]: unknown;
}

export type EventSink<E extends LifecycleEvent = LifecycleEvent> = (event: E) => void;

export const noopSink: EventSink = () => {};
