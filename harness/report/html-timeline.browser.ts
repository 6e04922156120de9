/**
 * The HTML timeline in a real browser (Debian's chromium, headless, offline, fresh profile):
 * it renders, shows the verdict, and the fault row and the violated invariant are visible.
 * Part of `pnpm test:package` (needs `apt-get install -y chromium`).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverScenarios } from "../runner/discover.ts";
import { REPO_ROOT, runScenario } from "../runner/run-scenario.ts";
import { toHtmlTimeline } from "./html-timeline.ts";
import { buildProofReport } from "./proof-report.ts";

const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
let dir = "";
let context: BrowserContext | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  dir = await mkdtemp(join(tmpdir(), "clp-html-"));
  // A fresh profile (--user-data-dir) in the test's temp dir, removed after.
  context = await chromium.launchPersistentContext(join(dir, "profile"), {
    executablePath: CHROMIUM,
    headless: true,
    offline: true,
    javaScriptEnabled: false,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

afterAll(async () => {
  await context?.close();
  if (dir !== "") await rm(dir, { recursive: true, force: true });
});

describe("the HTML timeline in chromium", () => {
  it("renders offline and shows the fault marker before the broken invariant", async () => {
    const scenario = (await discoverScenarios(join(REPO_ROOT, "scenarios/codex"))).find((s) => s.id === "codex/helper-401-rpc-error");
    if (scenario === undefined) throw new Error("scenario missing");
    const report = buildProofReport(await runScenario({ scenario, seed: 1, target: "mutant:clear-on-any-startup-failure" }));
    const file = join(dir, "run.html");
    await writeFile(file, toHtmlTimeline(report));

    const page = await context!.newPage();
    const requests: string[] = [];
    page.on("request", (r) => void requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);

    await expect(page.locator("#verdict").textContent()).resolves.toBe("fail");
    const fault = page.locator('tr[data-marker="fault"]');
    await expect(fault.count()).resolves.toBe(1);
    await expect(fault.isVisible()).resolves.toBe(true);
    await expect(fault.textContent()).resolves.toMatch(/⚡ fault at app-server codex:4000: helper-thread-start-401: error at request thread\/start/);
    const violation = page.locator('tr[data-marker="violation"]').first();
    await expect(violation.textContent()).resolves.toContain("❌ safety:parent-turn-completes-on-same-client broke");
    const rows = await page.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-marker")));
    expect(rows.indexOf("fault")).toBeLessThan(rows.indexOf("violation"));
    const faultBox = await fault.boundingBox();
    expect(faultBox?.height ?? 0).toBeGreaterThan(0);
    expect(requests).toEqual([pathToFileURL(file).href]);
    await page.close();
  });
});
