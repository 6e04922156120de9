/**
 * `review/start`'s target (ReviewTarget) as the text the review turn is about: a custom target's
 * instructions verbatim (observed with codex 0.169.0); the other kinds as a short description of
 * what is reviewed. A target serde would refuse is refused with serde's words.
 */

const KINDS = ["uncommittedChanges", "baseBranch", "commit", "custom"] as const;

function field(target: Record<string, unknown>, name: string): string | { error: string } {
  const value = target[name];
  return typeof value === "string" ? value : { error: `Invalid request: missing field \`${name}\`` };
}

export function reviewPrompt(target: unknown): string | { error: string } {
  if (typeof target !== "object" || target === null || Array.isArray(target)) return { error: "Invalid request: missing field `target`" };
  const t = target as Record<string, unknown>;
  const kind = t["type"];
  if (typeof kind !== "string") return { error: "Invalid request: missing field `type`" };
  switch (kind) {
    case "custom":
      return field(t, "instructions");
    case "uncommittedChanges":
      return "current changes";
    case "baseBranch": {
      const branch = field(t, "branch");
      return typeof branch === "string" ? `changes against '${branch}'` : branch;
    }
    case "commit": {
      const sha = field(t, "sha");
      if (typeof sha !== "string") return sha;
      return typeof t["title"] === "string" ? `commit ${sha.slice(0, 7)}: ${t["title"]}` : `commit ${sha.slice(0, 7)}`;
    }
    default:
      return { error: `Invalid request: unknown variant \`${kind}\`, expected one of ${KINDS.map((k) => `\`${k}\``).join(", ")}` };
  }
}
