/**
 * The exec-mode fault trigger: `when.afterEvent: N` fires right after the Nth JSONL event written to
 * stdout (counting only events of type `when.event` if given), in the process `when.process` if
 * given. Actions: exit (code or signal), stall (nothing more is written and the process never
 * exits), malformed (a truncated line), stderr. Every other trigger is the app-server's own.
 */
import type { FaultAction, FaultRule } from "../app-server/script.ts";

export interface FiredExecRule {
  readonly name: string;
  readonly action: FaultAction;
}

export class ExecFaultBook {
  private readonly fired = new Map<number, number>();
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly rules: readonly FaultRule[],
    private readonly processIndex: number,
  ) {}

  /** Called after each event written; returns the rules that fire now, in script order. */
  onEvent(type: string): FiredExecRule[] {
    for (const key of ["*", type]) this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    const out: FiredExecRule[] = [];
    this.rules.forEach((rule, index) => {
      const { when } = rule;
      if (when.afterEvent === undefined) return;
      if (when.process !== undefined && when.process !== this.processIndex) return;
      if (when.event !== undefined && when.event !== type) return;
      const fired = this.fired.get(index) ?? 0;
      if (fired >= (rule.times ?? 1) || this.counts.get(when.event ?? "*") !== when.afterEvent) return;
      this.fired.set(index, fired + 1);
      out.push({ name: rule.id ?? `rule#${index}`, action: rule.action });
    });
    return out;
  }
}
