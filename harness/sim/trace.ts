/** The run's trace: every event with the step and virtual time it happened at. Checkers read it. */
import type { LifecycleEvent } from "../../src/runtime/events.ts";
import type { TraceRecord } from "../scenario/types.ts";

export class Trace {
  private readonly records: TraceRecord[] = [];
  private overflow = 0;

  constructor(
    private readonly where: () => { step: number; tMs: number },
    private readonly maxRecords = 250_000,
  ) {}

  emit = (event: LifecycleEvent): void => {
    if (this.records.length >= this.maxRecords) {
      this.overflow++;
      return;
    }
    const { step, tMs } = this.where();
    this.records.push({ step, tMs, event });
  };

  all(): readonly TraceRecord[] {
    return this.records;
  }

  ofKind(kind: string): readonly TraceRecord[] {
    return this.records.filter((r) => r.event.kind === kind);
  }

  /** Events that did not fit the in-memory bound (a budget, reported, never silently lost). */
  overflowed(): number {
    return this.overflow;
  }
}
