// The client → district map as the write path reads it. Pure: the map is loaded elsewhere.
// An API client mapped to exactly one district gives that district to its events that name none;
// a client that sends for several districts gives none (an event cannot belong to two, and
// guessing one would show it to the wrong district).

/** Client (the ODS/API's ApiClientId, or a name) → its districts (LEA codes), sorted. */
export type ClientDistricts = ReadonlyMap<string, readonly string[]>;

export function mappedLea(map: ClientDistricts | undefined, client: string | null): string | null {
  if (!map || client === null) return null;
  const leas = map.get(client);
  return leas && leas.length === 1 ? leas[0] : null;
}

export function clientDistrictsOf(rows: readonly { client: string; lea: string }[]): ClientDistricts {
  const map = new Map<string, string[]>();
  for (const r of rows) map.set(r.client, [...(map.get(r.client) ?? []), r.lea]);
  for (const leas of map.values()) leas.sort();
  return map;
}
