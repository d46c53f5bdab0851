// The layers `npm run lint` enforces (eslint.config.mjs): a file placed in each layer with an import
// across its line fails, the same file with an allowed import passes, and the tree itself is clean.
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("layer rules", () => {
  it.each([
    ["lib/problems/x.ts", 'import { getDatabase } from "../runtime/database";\nexport const x = getDatabase;\n'],
    ["lib/problems/x.ts", 'import { readFileSync } from "node:fs";\nexport const x = readFileSync;\n'],
    ["lib/problems/x.ts", 'import { PrismaClient } from "@prisma/client";\nexport const x = PrismaClient;\n'],
    ["lib/logs/formats/x.ts", 'import { env } from "../../env";\nexport const x = env;\n'],
    ["lib/logs/x.ts", 'import pg from "pg";\nexport const x = pg;\n'],
    ["lib/db/x.ts", 'import { writeEvents } from "../ingest/write";\nexport const x = writeEvents;\n'],
    ["lib/db/x.ts", 'import { startFolder } from "@/lib/ledger/folder";\nexport const x = startFolder;\n'],
    [
      "components/x.tsx",
      'import { saveViewAction } from "@/app/(dashboard)/problems/page";\nexport const x = saveViewAction;\n',
    ],
    ["components/problems/x.tsx", 'import { y } from "../../app/(dashboard)/problems/page";\nexport const x = y;\n'],
    ["lib/queries/x.ts", 'import { Button } from "@/components/ui/button";\nexport const x = Button;\n'],
  ])("%s may not import across its layer: %s", async (filePath, code) => {
    expect(await layerErrors(filePath, code)).toHaveLength(1);
  });

  it.each([
    ["lib/problems/x.ts", 'import { TEAMS } from "../vocabulary";\nexport const x = TEAMS;\n'],
    ["lib/logs/x.ts", 'import { classifyEvent } from "../problems";\nexport const x = classifyEvent;\n'],
    [
      "lib/db/x.ts",
      'import { env } from "../env";\nimport { migrate } from "./migrate";\nexport const x = [env, migrate];\n',
    ],
    ["lib/ingest/x.ts", 'import { getDatabase } from "../runtime/database";\nexport const x = getDatabase;\n'],
    ["components/x.tsx", 'import { cn } from "@/lib/cn";\nexport const x = cn;\n'],
  ])("%s may import within its layer: %s", async (filePath, code) => {
    expect(await layerErrors(filePath, code)).toEqual([]);
  });

  it("holds for the code as it is", async () => {
    const results = await eslint.lintFiles(["lib/problems", "lib/logs", "lib/db", "components"]);
    const crossings = results.flatMap((r) =>
      r.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => `${r.filePath}:${m.line} ${m.message}`),
    );
    expect(crossings).toEqual([]);
  }, 120_000);
});
