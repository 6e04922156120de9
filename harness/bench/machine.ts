/** The machine a bench ran on, for the report and the README. */
import { availableParallelism, cpus, platform, release, totalmem } from "node:os";

export interface Machine {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memTotalGiB: number;
  readonly node: string;
  readonly os: string;
}

export function describeMachine(): Machine {
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    memTotalGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${platform()} ${release()}`,
  };
}

export function machineLine(m: Machine): string {
  return `${m.cpus} CPU (${m.cpuModel}), ${m.memTotalGiB} GiB RAM, node ${m.node}, ${m.os}`;
}
