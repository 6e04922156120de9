/**
 * Matches the fault script's ordered rules against what the server is doing: process start, an
 * incoming request (method, occurrence, turn index) or an outgoing notification (Nth overall, per
 * method, or within a turn). Each rule fires at most `times` times; the caller performs the action.
 */
import type { FaultRule } from "./script.ts";

export interface FiredRule {
  readonly rule: FaultRule;
  /** `id`, or `rule#<index>` when the rule has none. */
  readonly name: string;
}

export class FaultBook {
  private readonly fired = new Map<number, number>();
  private readonly methodCounts = new Map<string, number>();
  private readonly notificationCounts = new Map<string, number>();

  constructor(
    private readonly rules: readonly FaultRule[],
    private readonly processIndex: number,
  ) {}

  atStart(): FiredRule[] {
    return this.take((when) => when.start === true);
  }

  /** Called once per incoming request; `turn` is the index a `turn/start` would get. */
  onRequest(method: string, turn: number | undefined): FiredRule[] {
    const nth = (this.methodCounts.get(method) ?? 0) + 1;
    this.methodCounts.set(method, nth);
    return this.take(
      (when) =>
        when.method === method &&
        (when.nth === undefined || when.nth === nth) &&
        (when.turn === undefined || when.turn === turn) &&
        when.afterNotification === undefined,
    );
  }

  /** Called after each notification actually written; `turn` is the index of the turn it belongs to. */
  onNotification(method: string, turn: number | undefined): FiredRule[] {
    const keys = ["*|*", `*|${method}`];
    if (turn !== undefined) keys.push(`${turn}|*`, `${turn}|${method}`);
    for (const key of keys) this.notificationCounts.set(key, (this.notificationCounts.get(key) ?? 0) + 1);
    return this.take((when) => {
      if (when.afterNotification === undefined || when.method !== undefined) return false;
      const key = `${when.turn ?? "*"}|${when.notification ?? "*"}`;
      if (when.turn !== undefined && when.turn !== turn) return false;
      if (when.notification !== undefined && when.notification !== method) return false;
      return this.notificationCounts.get(key) === when.afterNotification;
    });
  }

  private take(matches: (when: FaultRule["when"]) => boolean): FiredRule[] {
    const out: FiredRule[] = [];
    this.rules.forEach((rule, index) => {
      if (rule.when.process !== undefined && rule.when.process !== this.processIndex) return;
      const count = this.fired.get(index) ?? 0;
      if (count >= (rule.times ?? 1) || !matches(rule.when)) return;
      this.fired.set(index, count + 1);
      out.push({ rule, name: rule.id ?? `rule#${index}` });
    });
    return out;
  }
}
