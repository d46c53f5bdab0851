// Admins manage users: create (password shown once), role and districts, disable, reset password.
import type { Metadata } from "next";
import { requireViewer } from "@/lib/auth/current-viewer";
import { ROLE_LABELS, ROLES } from "@/lib/auth/roles";
import { listUsers } from "@/lib/auth/users";
import { getDatabase } from "@/lib/runtime/database";
import { RelativeTime } from "@/components/RelativeTime";
import { TableHead } from "@/components/TableHead";
import { ActionForm } from "@/components/admin/ActionForm";
import { ConfirmButton } from "@/components/admin/ConfirmButton";
import { changeUserAction, createUserAction } from "@/lib/actions/users";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

const input = "rounded-md border border-input px-2 py-1";

export default async function UsersPage() {
  await requireViewer("admin", "/admin/users");
  const users = await listUsers(await getDatabase());
  return (
    <>
      <h1 className="mb-4 text-lg font-semibold">Users</h1>
      <table className="w-full border-collapse text-left" data-testid="users">
        <TableHead columns={[{ label: "User" }, { label: "Role and districts" }, { label: "Created" }, { label: "Account" }]} />
        <tbody>
          {users.map((u) => (
            <tr key={u.id} className="border-b border-border align-top">
              <td className="py-2 pr-3">
                <div className="font-medium">{u.name}</div>
                <div className="text-muted-foreground">{u.email}</div>
              </td>
              <td className="py-2 pr-3">
                <ActionForm action={changeUserAction} className="flex flex-wrap items-center gap-2">
                  <input type="hidden" name="id" value={u.id} />
                  <input type="hidden" name="what" value="role" />
                  <label className="sr-only" htmlFor={`role-${u.id}`}>Role</label>
                  <select id={`role-${u.id}`} name="role" defaultValue={u.role} className={input}>
                    {ROLES.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}
                  </select>
                  <label className="sr-only" htmlFor={`leas-${u.id}`}>LEA codes</label>
                  <input id={`leas-${u.id}`} name="leaCodes" defaultValue={u.leaCodes.join(", ")} placeholder="LEA codes (district admins)" className={`${input} w-48`} />
                  <button className="rounded border border-input px-2 py-1 hover:bg-accent">Save</button>
                </ActionForm>
              </td>
              <td className="py-2 pr-3 text-muted-foreground"><RelativeTime iso={u.createdAt.toISOString()} /></td>
              <td className="py-2 pr-3">
                <div className="flex flex-wrap gap-2">
                  <span className={u.disabledAt ? "rounded bg-tone-danger-bg px-2 py-0.5 text-destructive" : "rounded bg-tone-success-bg px-2 py-0.5 text-tone-success-fg"}>{u.disabledAt ? "Disabled" : "Active"}</span>
                  <ActionForm action={changeUserAction}>
                    <input type="hidden" name="id" value={u.id} />
                    <input type="hidden" name="what" value={u.disabledAt ? "enable" : "disable"} />
                    {u.disabledAt ? <button className="rounded border border-input px-2 py-0.5 hover:bg-accent">Enable</button> : (
                      <ConfirmButton label="Disable" title={`Disable ${u.name}?`} confirm="Disable user"
                        description={`${u.email} is signed out everywhere at once and cannot sign in until enabled again. Their notes and assignments stay.`} />
                    )}
                  </ActionForm>
                  <ActionForm action={changeUserAction}>
                    <input type="hidden" name="id" value={u.id} />
                    <input type="hidden" name="what" value="reset" />
                    <ConfirmButton label="Reset password" title={`Reset ${u.name}'s password?`} confirm="Reset password"
                      description="Their password stops working and their open sessions end; you will see a new password once, to pass on to them." />
                  </ActionForm>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 className="mt-8 mb-2 font-semibold">Add a user</h2>
      <ActionForm action={createUserAction} className="flex max-w-5xl flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1">E-mail<input name="email" type="email" required className={input} /></label>
        <label className="flex flex-col gap-1">Name<input name="name" required className={input} /></label>
        <label className="flex flex-col gap-1">Role
          <select name="role" defaultValue="support" className={input}>{ROLES.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}</select>
        </label>
        <label className="flex flex-col gap-1">LEA codes<input name="leaCodes" placeholder="district admins only" className={input} /></label>
        <button className="rounded-md bg-primary px-3 py-1.5 font-medium text-primary-foreground hover:bg-primary/90">Add user</button>
      </ActionForm>
    </>
  );
}
