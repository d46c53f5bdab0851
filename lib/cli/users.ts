// npm run users -- create EMAIL NAME --role ROLE [--lea CODE,…] [--password P] | list
//                | set-role EMAIL|ID ROLE [--lea CODE,…] | set-leas EMAIL|ID CODE,… | disable|enable EMAIL|ID
//                | reset-password EMAIL|ID [--password P]
import { ROLE_LABELS } from "../auth/roles";
import {
  createUser,
  findUserByEmailOrId,
  generatePassword,
  listUsers,
  resetPassword,
  setDisabled,
  setLeaCodes,
  setRole,
  type UserSummary,
} from "../auth/users";
import type { Database } from "../db/database";
import { listOption, parseArgs } from "./args";
import { withCliDatabase } from "./database";

const USAGE = `usage: npm run users -- create EMAIL NAME --role admin|triager|support|district_admin [--lea CODE,…] [--password P]
                     list
                     set-role EMAIL|ID ROLE [--lea CODE,…]
                     set-leas EMAIL|ID CODE,…
                     disable EMAIL|ID | enable EMAIL|ID
                     reset-password EMAIL|ID [--password P]`;

function describe(u: UserSummary): string {
  return [
    u.id,
    u.email,
    u.name,
    ROLE_LABELS[u.role as keyof typeof ROLE_LABELS] ?? u.role,
    u.leaCodes.join(",") || "-",
    u.disabledAt ? "disabled" : "active",
  ].join("\t");
}

async function target(db: Database, who: string | undefined): Promise<UserSummary> {
  const user = who ? await findUserByEmailOrId(db, who) : null;
  if (!user) throw new Error(`no user ${who ?? ""}`);
  return user;
}

export async function run(args: string[]): Promise<number> {
  const { words, options } = parseArgs(args, ["role", "lea", "password"]);
  const [action, ...rest] = words;
  const known = ["create", "list", "set-role", "set-leas", "disable", "enable", "reset-password"];
  if (!action || !known.includes(action)) {
    console.error(USAGE);
    return 2;
  }
  return withCliDatabase(async (db) => {
    switch (action) {
      case "create": {
        const [email, ...name] = rest;
        const password = options.get("password") ?? generatePassword();
        const user = await createUser(db, {
          email: email ?? "",
          name: name.join(" ") || (email ?? ""),
          role: (options.get("role") ?? "") as "support",
          leaCodes: listOption(options.get("lea")),
          password,
        });
        console.log(describe(user));
        if (!options.has("password")) console.error(`password (shown once): ${password}`);
        return 0;
      }
      case "list":
        for (const u of await listUsers(db)) console.log(describe(u));
        return 0;
      case "set-role": {
        const user = await target(db, rest[0]);
        console.log(
          describe(
            await setRole(
              db,
              user.id,
              (rest[1] ?? "") as "support",
              options.has("lea") ? listOption(options.get("lea")) : undefined,
            ),
          ),
        );
        return 0;
      }
      case "set-leas": {
        const user = await target(db, rest[0]);
        console.log(describe(await setLeaCodes(db, user.id, listOption(rest.slice(1).join(",")))));
        return 0;
      }
      case "disable":
      case "enable": {
        const user = await target(db, rest[0]);
        console.log(describe(await setDisabled(db, user.id, action === "disable")));
        return 0;
      }
      default: {
        const user = await target(db, rest[0]);
        const password = await resetPassword(db, user.id, options.get("password"));
        if (!options.has("password")) console.error(`new password (shown once): ${password}`);
        return 0;
      }
    }
  });
}
