// `triage` commands, run through the npm scripts:
//   npm run db:migrate                       apply pending migrations
//   npm run keys -- create NAME [--scope ingest,read] [--lea CODE,…] | revoke ID|PREFIX | list
//   npm run users -- create|list|set-role|set-leas|disable|enable|reset-password …
//   npm run --silent classify -- FILE        classify a JSON array of ingest events
//   npm run import -- --format F [--tz Z] [--lea CODE] [--client NAME] FILE... | -   import log files
//   npm run clients -- map CLIENT LEA... | unmap CLIENT | list | import FILE.csv   client → district map
//   npm run districts -- import FILE... | list   district and school names (Ed-Fi JSON or CSV)
//   npm run rollups -- verify | rebuild | fold   check / recompute every count from the events
//   npm run reclassify [-- --since DATE] [--dry-run]   stored events through today's classifier
//   npm run retention [-- --dry-run]         drop the months older than TRIAGE_RETENTION_DAYS now
//   npm run demo                             load demo data once, build, serve on :3000
//   npm start                                migrate, serve the build (HOST, PORT)
import { env } from "../env";

const COMMANDS = new Map<string, () => Promise<{ run(args: string[]): Promise<number> }>>([
  ["migrate", () => import("./migrate")],
  ["keys", () => import("./keys")],
  ["users", () => import("./users")],
  ["dev", () => import("./dev")],
  ["classify", () => import("./classify")],
  ["import", () => import("./import")],
  ["clients", () => import("./clients")],
  ["districts", () => import("./districts")],
  ["rollups", () => import("./rollups")],
  ["reclassify", () => import("./reclassify")],
  ["retention", () => import("./retention")],
  ["demo", () => import("./demo")],
  ["serve", () => import("./serve")],
]);

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  env(); // a bad setting stops every command before it starts, with the variable named
  const load = command ? COMMANDS.get(command) : undefined;
  if (!load) {
    console.error(`usage: triage <${[...COMMANDS.keys()].join("|")}> [args]`);
    return 2;
  }
  return (await load()).run(args);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    // zod errors (bad arguments) print their issues, not a stack
    const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
    console.error(
      issues
        ? issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("\n")
        : error instanceof Error
          ? error.message
          : error,
    );
    process.exit(1);
  },
);
