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

type Finding = { title?: unknown; body?: unknown; code_location?: { absolute_file_path?: unknown; line_range?: { start?: unknown; end?: unknown } } };

/**
 * The review text codex 0.169.0 shows (`exitedReviewMode.review` and the final agentMessage) for the
 * model's answer: a review JSON (`overall_explanation`, `findings`) is rendered as the explanation,
 * then "Review comment:" and one `- <title> — <path>:<start>-<end>` line per finding with its body
 * indented by two spaces (observed with one finding; the plural header is an assumption); any
 * other answer is shown as it came.
 */
export function renderReviewText(answer: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer);
  } catch {
    return answer;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return answer;
  const review = parsed as { overall_explanation?: unknown; findings?: unknown };
  const sections: string[] = [];
  if (typeof review.overall_explanation === "string" && review.overall_explanation.trim() !== "") sections.push(review.overall_explanation.trim());
  const findings = Array.isArray(review.findings) ? (review.findings as Finding[]) : [];
  if (findings.length > 0) {
    const lines = [findings.length > 1 ? "Review comments:" : "Review comment:", ""];
    for (const f of findings) {
      const range = f.code_location?.line_range;
      lines.push(`- ${String(f.title ?? "")} — ${String(f.code_location?.absolute_file_path ?? "")}:${String(range?.start ?? "")}-${String(range?.end ?? "")}`);
      for (const line of String(f.body ?? "").split("\n")) lines.push(`  ${line}`);
    }
    sections.push(lines.join("\n"));
  }
  return sections.length === 0 ? answer : sections.join("\n\n");
}
