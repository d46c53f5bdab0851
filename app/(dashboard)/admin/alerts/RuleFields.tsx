// The fields of an alert rule, shared by the add form (/admin/alerts) and the edit form (/admin/alerts/[id]).
import { TEAMS } from "@/lib/problems";
import type { ChannelRow, RuleRow } from "@/lib/alerts/admin";

const input = "rounded-md border border-input px-2 py-1";

export function RuleFields({ channels, rule }: { channels: ChannelRow[]; rule?: RuleRow }) {
  return (
    <>
      <label className="flex flex-col gap-1">Name<input name="name" required defaultValue={rule?.name} className={input} /></label>
      <label className="flex flex-col gap-1">When a problem is…
        <select name="kind" defaultValue={rule ? (rule.per_district ? "new_in_district" : rule.kind) : "new"} className={input}>
          <option value="new">new</option>
          <option value="new_in_district">new in a district (its first event there)</option>
          <option value="regressed">regressed</option>
          <option value="spiking">spiking (last hour ≥ factor × 7-day mean)</option>
          <option value="volume">a district&apos;s events in the last hour ≥ minimum</option>
        </select>
      </label>
      <label className="flex flex-col gap-1">Team
        <select name="route" defaultValue={rule?.route ?? ""} className={input}>
          <option value="">any</option>
          {TEAMS.map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
      </label>
      <label className="flex flex-col gap-1">Article<input name="articleId" defaultValue={rule?.article_id ?? ""} placeholder="any" className={input} /></label>
      <label className="flex flex-col gap-1">Resource<input name="resource" defaultValue={rule?.resource ?? ""} placeholder="any" className={input} /></label>
      <label className="flex flex-col gap-1">API client<input name="client" defaultValue={rule?.client ?? ""} placeholder="any" className={input} /></label>
      <label className="flex flex-col gap-1">Districts<input name="leas" defaultValue={rule?.leas.join(", ")} placeholder="any, e.g. 255901, 477102" className={input} /></label>
      <label className="flex flex-col gap-1">Factor<input name="factor" type="number" step="0.5" min={1} defaultValue={rule?.factor ?? 3} className={`${input} w-20`} /></label>
      <label className="flex flex-col gap-1">Minimum events<input name="minEvents" type="number" min={1} defaultValue={rule?.min_events ?? 10} className={`${input} w-24`} /></label>
      <label className="flex flex-col gap-1">Quiet (minutes)<input name="quietMinutes" type="number" min={1} defaultValue={rule?.quiet_minutes ?? 60} className={`${input} w-24`} /></label>
      <fieldset className="flex flex-wrap items-center gap-3">
        <legend className="mb-1">Send to</legend>
        <label className="flex items-center gap-1"><input type="checkbox" name="toTeam" defaultChecked={rule?.to_team ?? true} /> the routed team&apos;s channels</label>
        {channels.map((c) => (
          <label key={c.id} className="flex items-center gap-1">
            <input type="checkbox" name="channelIds" value={c.id} defaultChecked={rule?.channel_ids.includes(c.id)} /> {c.name}
          </label>
        ))}
      </fieldset>
    </>
  );
}
