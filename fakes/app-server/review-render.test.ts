import { describe, expect, it } from "vitest";
import { renderReviewText } from "./review.ts";

describe("renderReviewText: the review text codex 0.169.0 shows for the model's answer", () => {
  it("renders a review JSON as the explanation, then each finding with its location and indented body", () => {
    const answer = JSON.stringify({
      findings: [{ title: "[P2] Check the exit code", body: "The helper ignores\na non-zero exit.", code_location: { absolute_file_path: "/tmp/app.ts", line_range: { start: 3, end: 4 } } }],
      overall_correctness: "patch is incorrect",
      overall_explanation: "One finding.",
    });
    expect(renderReviewText(answer)).toBe("One finding.\n\nReview comment:\n\n- [P2] Check the exit code — /tmp/app.ts:3-4\n  The helper ignores\n  a non-zero exit.");
  });

  it("shows an answer that is not a review JSON as it came", () => {
    expect(renderReviewText("Looks good.")).toBe("Looks good.");
    expect(renderReviewText("[1, 2]")).toBe("[1, 2]");
    expect(renderReviewText("{}")).toBe("{}");
  });
});
