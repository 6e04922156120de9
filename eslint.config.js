// Lint rules that carry the project's architecture: promise hygiene everywhere,
// no wall-clock or randomness in src/ and fakes/ (ports only), and folder boundaries.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const timeAndRandomness = [
  { name: "setTimeout", message: "Use the Clock port (src/runtime/clock.ts)." },
  { name: "setInterval", message: "Use the Clock port (src/runtime/clock.ts)." },
  { name: "setImmediate", message: "Use the Clock port or the fake world's scheduler." },
  { name: "clearTimeout", message: "Use the Clock port (src/runtime/clock.ts)." },
  { name: "clearInterval", message: "Use the Clock port (src/runtime/clock.ts)." },
  { name: "performance", message: "Use the Clock port (src/runtime/clock.ts)." },
];
const timeAndRandomnessSyntax = [
  { selector: "MemberExpression[object.name='Date'][property.name='now']", message: "Use Clock.nowMs()." },
  { selector: "NewExpression[callee.name='Date']", message: "Use Clock.nowMs(); format times from it." },
  { selector: "MemberExpression[object.name='Math'][property.name='random']", message: "Use the Random port." },
  { selector: "MemberExpression[object.name='performance'][property.name='now']", message: "Use Clock.nowMs()." },
];

/**
 * The same no-real-time rule for scenarios/, where a file may opt out with a marker comment
 * `// real-time-lane: <why>` (a scenario or kit that is meant for a real-time lane).
 */
const REAL_TIME_MARKER = /^\s*real-time-lane:\s*\S/;
const realTimeGlobals = new Map(timeAndRandomness.map((g) => [g.name, g.message]));
const realTimeMembers = new Map([
  ["Date.now", "Use ctx.clock.nowMs()."],
  ["Math.random", "Use ctx.random(label)."],
  ["performance.now", "Use ctx.clock.nowMs()."],
]);
const noRealTimeInScenarios = {
  meta: {
    type: "problem",
    docs: { description: "scenarios run on virtual time: no real timers, clocks or randomness unless the file says `// real-time-lane: <why>`" },
    schema: [],
  },
  create(context) {
    const source = context.sourceCode;
    if (source.getAllComments().some((c) => REAL_TIME_MARKER.test(c.value))) return {};
    const report = (node, what, hint) =>
      context.report({
        node,
        message: `${what} is real time: the deterministic lane runs on virtual time, so it looks like a hang. ${hint} (A file meant for a real-time lane says \`// real-time-lane: <why>\`.)`,
      });
    return {
      "Program:exit"(program) {
        for (const ref of source.getScope(program).through) {
          const hint = realTimeGlobals.get(ref.identifier.name);
          if (hint !== undefined) report(ref.identifier, ref.identifier.name, hint.replace("(src/runtime/clock.ts)", "(ctx.clock, sleep(ctx.clock, ms))"));
        }
      },
      MemberExpression(node) {
        if (node.object.type !== "Identifier" || node.property.type !== "Identifier") return;
        const name = `${node.object.name}.${node.property.name}`;
        const hint = realTimeMembers.get(name);
        if (hint !== undefined) report(node, name, hint);
      },
      NewExpression(node) {
        if (node.callee.type === "Identifier" && node.callee.name === "Date") report(node, "new Date()", "Use ctx.clock.nowMs().");
      },
    };
  },
};

// kill(-1) signals every process on the machine: every pid goes through the guarded helper.
const processKill = {
  selector: "CallExpression[callee.object.name='process'][callee.property.name='kill']",
  message: "Signal pids through src/runtime/signal.ts (signalPid, signalGroup, pidExists, raiseOnSelf): it refuses pid <= 1.",
};

// `child.pid ?? -1` turns a failed spawn into kill(-1): a missing pid stays undefined.
const pidCoercion = {
  selector: "LogicalExpression[operator=/^(\\?\\?|\\|\\|)$/][left.property.name='pid']",
  message: "Keep a missing pid undefined (the signal helpers refuse it); never default it to a number.",
};

export default tseslint.config(
  { ignores: ["node_modules/**", "reports/out/**", ".cache/**", ".stryker-tmp/**", "dist/**", "harness/package/consumer/**", "**/*.mjs", "**/*.cjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": ["error", { selector: "ExportAllDeclaration", message: "Use named re-exports." }, processKill, pidCoercion],
    },
  },
  {
    files: ["src/**/*.ts", "fakes/**/*.ts"],
    ignores: ["**/*.test.ts", "**/real-clock.ts", "**/real-random.ts"],
    rules: {
      "no-restricted-globals": ["error", ...timeAndRandomness],
      "no-restricted-syntax": [
        "error",
        { selector: "ExportAllDeclaration", message: "Use named re-exports." },
        processKill,
        pidCoercion,
        ...timeAndRandomnessSyntax,
      ],
    },
  },
  {
    files: ["src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/harness/**", "**/fakes/**", "**/scenarios/**"], message: "src/ may not import harness/, fakes/ or scenarios/." },
          ],
        },
      ],
    },
  },
  {
    files: ["fakes/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/harness/**", "**/scenarios/**"], message: "fakes/ may not import harness/ or scenarios/." }] },
      ],
    },
  },
  {
    files: ["scenarios/**/*.ts"],
    ignores: ["**/*.test.ts"],
    plugins: { project: { rules: { "no-real-time": noRealTimeInScenarios } } },
    rules: { "project/no-real-time": "error" },
  },
  {
    files: ["harness/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/scenarios/**"], message: "harness/ may not import scenarios/ (scenarios are discovered at run time)." }] },
      ],
    },
  },
);
