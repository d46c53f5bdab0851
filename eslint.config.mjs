import next from "eslint-config-next";

const config = [
  ...next,
  { ignores: ["lib/db/generated/**", ".next/**", ".data/**", "node_modules/**", "next-env.d.ts"] },
];

export default config;
