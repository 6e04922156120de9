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

// kill(-1) signals every process on the machine: every pid goes through the guarded helper.
const processKill = {
  selector: "CallExpression[callee.object.name='process'][callee.property.name='kill']",
  message: "Signal pids through src/runtime/signal.ts (signalPid, signalGroup, pidExists, raiseOnSelf): it refuses pid <= 1.",
};

export default tseslint.config(
  { ignores: ["node_modules/**", "reports/out/**", ".cache/**", "dist/**", "**/*.mjs", "**/*.cjs"] },
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
      "no-restricted-syntax": ["error", { selector: "ExportAllDeclaration", message: "Use named re-exports." }, processKill],
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
    files: ["harness/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["**/scenarios/**"], message: "harness/ may not import scenarios/ (scenarios are discovered at run time)." }] },
      ],
    },
  },
);
