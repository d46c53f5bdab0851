import next from "eslint-config-next";

// The layers (README "Architecture"): an import across a line below fails `npm run lint`.
// Each rule names what a folder may not import; later entries would replace earlier ones for the same
// file, so every folder's list is complete on its own.
const UI = [
  { group: ["@/app/*", "@/app/**"], message: "lib and components do not import app/: move what both need into lib/." },
  { regex: "^(\\.\\./)+app/", message: "lib and components do not import app/: move what both need into lib/." },
  { group: ["@/components/*", "@/components/**"], message: "lib does not import components/." },
];
const IO_MODULES = [
  "fs",
  "node:fs",
  "fs/promises",
  "node:fs/promises",
  "net",
  "node:net",
  "http",
  "node:http",
  "https",
  "node:https",
  "child_process",
  "node:child_process",
  "worker_threads",
  "node:worker_threads",
  "pg",
  "pg-copy-streams",
  "nodemailer",
  "ioredis",
];
const NO_IO = [
  ...UI,
  {
    group: [
      "@prisma/*",
      "@electric-sql/*",
      "pglite-prisma-adapter",
      "next",
      "next/*",
      "next-auth",
      "next-auth/*",
      "react",
      "react-dom",
      "react/*",
    ],
    message: "lib/problems and lib/logs are pure: no framework, database or driver.",
  },
  {
    regex:
      "^(\\.\\./)+(db|runtime|cli|http|api|queries|alerts|auth|ledger|reclassify|clients|districts|search|triage|actions|env)(/|$)",
    message: "lib/problems and lib/logs are pure: no database, configuration, HTTP or feature with I/O.",
  },
  {
    group: ["@/lib/db/*", "@/lib/runtime/*", "@/lib/env"],
    message: "lib/problems and lib/logs are pure: no database or configuration.",
  },
];
const DB_ONLY = [
  ...UI,
  {
    regex: "^\\.\\./(?!env$)",
    message: "lib/db knows no feature: features import lib/db, and lib/runtime wires them together.",
  },
  {
    regex: "^@/lib/(?!db/|env$)",
    message: "lib/db knows no feature: features import lib/db, and lib/runtime wires them together.",
  },
];

const layers = [
  { files: ["lib/**/*.ts"], rules: { "no-restricted-imports": ["error", { patterns: UI }] } },
  {
    files: ["lib/problems/**/*.ts", "lib/logs/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { paths: IO_MODULES, patterns: NO_IO }] },
  },
  { files: ["lib/db/**/*.ts"], rules: { "no-restricted-imports": ["error", { patterns: DB_ONLY }] } },
  {
    files: ["components/**/*.ts", "components/**/*.tsx"],
    rules: { "no-restricted-imports": ["error", { patterns: UI.slice(0, 2) }] },
  },
];

const config = [
  ...next,
  ...layers,
  { ignores: ["lib/db/generated/**", ".next/**", ".data/**", "node_modules/**", "next-env.d.ts"] },
];

export default config;
