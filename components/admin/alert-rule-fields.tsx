// The fields of an alert rule, shared by the add form (/admin/alerts) and the edit form (/admin/alerts/[id]).
import type { ChannelRow, RuleRow } from "@/lib/alerts/admin";
import { TEAM_LABELS, TEAMS } from "@/lib/vocabulary";
import { CheckboxField, SelectField, TextField } from "./fields";

const KINDS = [
  { value: "new", label: "new" },
  { value: "new_in_district", label: "new in a district (its first event there)" },
  { value: "regressed", label: "regressed" },
  { value: "spiking", label: "spiking (last hour ≥ factor × 7-day mean)" },
  { value: "volume", label: "a district's events in the last hour ≥ minimum" },
];
const TEAM_OPTIONS = [{ value: "", label: "any" }, ...TEAMS.map((t) => ({ value: t, label: TEAM_LABELS[t] }))];

export function RuleFields({ channels, rule }: { channels: ChannelRow[]; rule?: RuleRow }) {
  return (
    <>
      <TextField label="Name" name="name" required defaultValue={rule?.name} />
      <SelectField
        label="When a problem is…"
        name="kind"
        defaultValue={rule ? (rule.per_district ? "new_in_district" : rule.kind) : "new"}
        options={KINDS}
      />
      <SelectField label="Team" name="route" defaultValue={rule?.route ?? ""} options={TEAM_OPTIONS} />
      <TextField label="Article" name="articleId" defaultValue={rule?.article_id ?? ""} placeholder="any" />
      <TextField label="Resource" name="resource" defaultValue={rule?.resource ?? ""} placeholder="any" />
      <TextField label="API client" name="client" defaultValue={rule?.client ?? ""} placeholder="any" />
      <TextField
        label="Districts"
        name="leas"
        defaultValue={rule?.leas.join(", ")}
        placeholder="any, e.g. 255901, 477102"
      />
      <TextField
        label="Factor"
        name="factor"
        type="number"
        step="0.5"
        min={1}
        defaultValue={rule?.factor ?? 3}
        className="w-20"
      />
      <TextField
        label="Minimum events"
        name="minEvents"
        type="number"
        min={1}
        defaultValue={rule?.min_events ?? 10}
        className="w-24"
      />
      <TextField
        label="Quiet (minutes)"
        name="quietMinutes"
        type="number"
        min={1}
        defaultValue={rule?.quiet_minutes ?? 60}
        className="w-24"
      />
      <fieldset className="flex flex-wrap items-center gap-3">
        <legend className="mb-1">Send to</legend>
        <CheckboxField label="the routed team's channels" name="toTeam" defaultChecked={rule?.to_team ?? true} />
        {channels.map((c) => (
          <CheckboxField
            key={c.id}
            label={c.name}
            name="channelIds"
            value={String(c.id)}
            defaultChecked={rule?.channel_ids.includes(c.id)}
          />
        ))}
      </fieldset>
    </>
  );
}
