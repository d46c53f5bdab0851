// Admins manage users: create (password shown once), role and districts, disable, reset password.
import type { Metadata } from "next";
import { getPageContext } from "@/lib/auth/page-context";
import { listUsers } from "@/lib/auth/users";
import { RelativeTime } from "@/components/RelativeTime";
import { AdminTable } from "@/components/admin/admin-table";
import { AdminForm, PageHeader, Section, SelectField, TextField } from "@/components/admin/fields";
import { ROLE_OPTIONS, UserAccountForms, UserRoleForm } from "@/components/admin/user-forms";
import { createUserAction } from "@/lib/actions/users";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

export default async function UsersPage() {
  const { db } = await getPageContext("admin", "/admin/users");
  const users = await listUsers(db);
  return (
    <>
      <PageHeader title="Users" />
      <AdminTable
        testId="users"
        rows={users}
        rowKey={(u) => u.id}
        columns={[
          {
            label: "User",
            cell: (u) => (
              <>
                <div className="font-medium">{u.name}</div>
                <div className="text-muted-foreground">{u.email}</div>
              </>
            ),
          },
          { label: "Role and districts", cell: (u) => <UserRoleForm user={u} /> },
          {
            label: "Created",
            cell: (u) => <RelativeTime iso={u.createdAt.toISOString()} />,
            className: "text-muted-foreground",
          },
          { label: "Account", cell: (u) => <UserAccountForms user={u} /> },
        ]}
      />
      <Section title="Add a user" />
      <AdminForm action={createUserAction} submit="Add user">
        <TextField label="E-mail" name="email" type="email" required />
        <TextField label="Name" name="name" required />
        <SelectField label="Role" name="role" defaultValue="support" options={ROLE_OPTIONS} />
        <TextField label="LEA codes" name="leaCodes" placeholder="district admins only" />
      </AdminForm>
    </>
  );
}
