// The cells of /admin/keys that act on a key: its ingest rate (its own events per second, or empty
// for the configured rate) and revoking it. Every server process applies either change at once.
import type { listApiKeys } from "@/lib/auth/api-keys";
import { revokeKeyAction, setKeyRateAction } from "@/lib/actions/keys";
import { burstFor } from "@/lib/ingest/rate-limit";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { ConfirmButton } from "./ConfirmButton";
import { RowForm } from "./fields";

const REVOKE_DESCRIPTION =
  "Every request with this key is refused from now on (senders get 401). " +
  "This cannot be undone: a revoked key stays revoked; create a new one instead.";

type Key = Awaited<ReturnType<typeof listApiKeys>>[number];

export const keyRateCell = (k: Key) =>
  k.revokedAt ? (
    (k.eventsPerSecond ?? <span className="text-muted-foreground">configured</span>)
  ) : (
    <KeyRateForm id={k.id} eventsPerSecond={k.eventsPerSecond} />
  );

export const revokeKeyCell = (k: Key) =>
  k.revokedAt ? (
    <Badge tone="danger">Revoked</Badge>
  ) : (
    <RowForm action={revokeKeyAction} id={k.id}>
      <ConfirmButton
        label="Revoke"
        title={`Revoke the key “${k.name}”?`}
        confirm="Revoke key"
        description={REVOKE_DESCRIPTION}
      />
    </RowForm>
  );

function KeyRateForm({ id, eventsPerSecond }: { id: number; eventsPerSecond: number | null }) {
  return (
    <RowForm action={setKeyRateAction} id={id} className="flex items-center gap-2">
      <label className="sr-only" htmlFor={`rate-${id}`}>
        Events per second
      </label>
      <Input
        id={`rate-${id}`}
        name="eventsPerSecond"
        inputMode="numeric"
        defaultValue={eventsPerSecond ?? ""}
        placeholder="configured"
        className="w-28"
      />
      <Button type="submit" variant="outline" size="sm">
        Set rate
      </Button>
      {eventsPerSecond ? (
        <span className="text-xs text-muted-foreground">
          bursts to {burstFor(eventsPerSecond).toLocaleString("en-US")}
        </span>
      ) : null}
    </RowForm>
  );
}
