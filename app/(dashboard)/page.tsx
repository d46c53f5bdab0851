// Home: the problem stream (/problems), keeping any query a bookmark carries.
import { redirect } from "next/navigation";

export default async function Home({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams))
    for (const v of [value ?? []].flat()) params.append(key, v);
  redirect(params.size ? `/problems?${params}` : "/problems");
}
