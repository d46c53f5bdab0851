// The demo's four sign-ins, one per role (design: Demo sign-ins). Passwords are set on every demo
// start: TRIAGE_DEMO_PASSWORD, or a new random one.
import type { Database } from "../db/database";
import { createUser, findUserByEmailOrId, generatePassword, resetPassword, setDisabled, setRole } from "../auth/users";
import type { Role } from "../auth/roles";

/** The two demo districts the district admin sees (Grand Bend ISD, Cedar Hollow ISD). */
export const DEMO_DISTRICT_ADMIN_LEAS = ["255901", "4801234"];

const DEMO_USERS: { email: string; name: string; role: Role; leaCodes: string[] }[] = [
  { email: "admin@demo.triage.test", name: "Ada Admin", role: "admin", leaCodes: [] },
  { email: "triager@demo.triage.test", name: "Toni Triager", role: "triager", leaCodes: [] },
  { email: "support@demo.triage.test", name: "Sam Support", role: "support", leaCodes: [] },
  {
    email: "district@demo.triage.test",
    name: "Dana District",
    role: "district_admin",
    leaCodes: DEMO_DISTRICT_ADMIN_LEAS,
  },
];

export interface DemoSignIn {
  email: string;
  name: string;
  role: Role;
  password: string;
  leaCodes: string[];
}

export async function ensureDemoUsers(db: Database, password?: string): Promise<DemoSignIn[]> {
  const out: DemoSignIn[] = [];
  for (const u of DEMO_USERS) {
    const pw = password ?? generatePassword();
    const existing = await findUserByEmailOrId(db, u.email);
    if (existing) {
      await setRole(db, existing.id, u.role, u.leaCodes);
      await setDisabled(db, existing.id, false);
      await resetPassword(db, existing.id, pw);
    } else {
      await createUser(db, { ...u, password: pw });
    }
    out.push({ email: u.email, name: u.name, role: u.role, password: pw, leaCodes: u.leaCodes });
  }
  return out;
}
