// /admin/clients: the API clients list's columns, each row with its own districts form.
import type { listClients } from "@/lib/clients/store";
import { showControls } from "@/lib/problems/visible-text";
import { mapClientAction } from "@/lib/actions/clients";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { ActionForm } from "./ActionForm";
import type { AdminColumn } from "./admin-table";

type Client = Awaited<ReturnType<typeof listClients>>[number];

const count = (n: number) => n.toLocaleString("en-US");

const change = (c: Client) => (
  <ActionForm action={mapClientAction} className="flex flex-wrap items-center gap-2">
    <input type="hidden" name="client" value={c.client} />
    <label className="sr-only" htmlFor={`leas-${c.client}`}>
      Districts of {c.client}
    </label>
    <Input
      id={`leas-${c.client}`}
      name="leas"
      defaultValue={c.leas.join(", ")}
      placeholder="LEA codes"
      className="w-40"
    />
    <Button type="submit" variant="outline" size="sm">
      Save
    </Button>
  </ActionForm>
);

export const CLIENT_COLUMNS: AdminColumn<Client>[] = [
  { label: "API client", cell: (c) => showControls(c.client), className: "font-mono text-xs break-all" },
  {
    label: "Districts",
    cell: (c) => (c.leas.length ? c.leas.join(", ") : <span className="text-muted-foreground">none</span>),
  },
  { label: "Events", align: "right", cell: (c) => count(c.events) },
  {
    label: "Without a district",
    align: "right",
    cell: (c) => (c.withoutDistrict ? <span className="text-tone-warning-fg">{count(c.withoutDistrict)}</span> : 0),
  },
  { label: "Change", cell: change },
];
