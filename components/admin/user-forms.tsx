// A user's row on /admin/users: their role and districts, and their account (enable, disable,
// reset password; the last two ask first).
import type { listUsers } from "@/lib/auth/users";
import { ROLE_LABELS, ROLES } from "@/lib/vocabulary";
import { changeUserAction } from "@/lib/actions/users";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { ActionForm } from "./ActionForm";
import { ConfirmButton } from "./ConfirmButton";

type User = Awaited<ReturnType<typeof listUsers>>[number];

export const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

function ChangeForm({
  user,
  what,
  children,
  className,
}: {
  user: User;
  what: string;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <ActionForm action={changeUserAction} className={className}>
      <input type="hidden" name="id" value={user.id} />
      <input type="hidden" name="what" value={what} />
      {children}
    </ActionForm>
  );
}

export function UserRoleForm({ user }: { user: User }) {
  return (
    <ChangeForm user={user} what="role" className="flex flex-wrap items-center gap-2">
      <label className="sr-only" htmlFor={`role-${user.id}`}>
        Role
      </label>
      <NativeSelect id={`role-${user.id}`} name="role" defaultValue={user.role}>
        {ROLE_OPTIONS.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </NativeSelect>
      <label className="sr-only" htmlFor={`leas-${user.id}`}>
        LEA codes
      </label>
      <Input
        id={`leas-${user.id}`}
        name="leaCodes"
        defaultValue={user.leaCodes.join(", ")}
        placeholder="LEA codes (district admins)"
        className="w-48"
      />
      <Button type="submit" variant="outline" size="sm">
        Save
      </Button>
    </ChangeForm>
  );
}

export function UserAccountForms({ user }: { user: User }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Badge tone={user.disabledAt ? "danger" : "success"}>{user.disabledAt ? "Disabled" : "Active"}</Badge>
      <ChangeForm user={user} what={user.disabledAt ? "enable" : "disable"}>
        {user.disabledAt ? (
          <Button type="submit" variant="outline" size="xs">
            Enable
          </Button>
        ) : (
          <ConfirmButton
            label="Disable"
            title={`Disable ${user.name}?`}
            confirm="Disable user"
            description={`${user.email} is signed out everywhere at once and cannot sign in until enabled again. Their notes and assignments stay.`}
          />
        )}
      </ChangeForm>
      <ChangeForm user={user} what="reset">
        <ConfirmButton
          label="Reset password"
          title={`Reset ${user.name}'s password?`}
          confirm="Reset password"
          description="Their password stops working and their open sessions end; you will see a new password once, to pass on to them."
        />
      </ChangeForm>
    </div>
  );
}
