"use client";
// What the trends chart does in the browser, around its server-drawn bars: a click on a bar opens
// its link without reloading the page; dragging across buckets shades them and then opens the
// trends page narrowed to them (a custom range in the URL).
import { useRouter } from "next/navigation";
import { useRef, useState, type ReactNode } from "react";

export function TrendChartGestures({
  query,
  bucket,
  ranges,
  children,
}: {
  query: string;
  bucket: "hour" | "day";
  ranges: [from: string, to: string][];
  children: ReactNode;
}) {
  const router = useRouter();
  const box = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const dragged = useRef(false);
  /** The bucket under the pointer, from its place across the plot. */
  const bucketAt = (clientX: number): number | null => {
    const plot = box.current?.querySelector("[data-plot]")?.getBoundingClientRect();
    if (!plot || !ranges.length || clientX < plot.left || clientX > plot.right) return null;
    return Math.min(ranges.length - 1, Math.floor(((clientX - plot.left) / plot.width) * ranges.length));
  };
  const narrowHref = (a: number, b: number) => {
    const params = new URLSearchParams(query);
    params.set("range", "custom");
    params.set("from", ranges[a][0]);
    params.set("to", ranges[b][1]);
    params.set("bucket", bucket);
    return `/trends?${params}`;
  };
  const [left, right] = drag ? [Math.min(drag.from, drag.to), Math.max(drag.from, drag.to)] : [0, 0];
  return (
    <div
      ref={box}
      className="relative h-64 w-full touch-none select-none"
      data-testid="trend-chart"
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        const i = bucketAt(e.clientX);
        dragged.current = false;
        setDrag(i === null ? null : { from: i, to: i });
      }}
      onPointerMove={(e) => {
        const i = bucketAt(e.clientX);
        if (drag && i !== null && i !== drag.to) {
          dragged.current = true;
          setDrag({ ...drag, to: i });
        }
      }}
      onPointerUp={() => {
        if (drag && dragged.current && drag.from !== drag.to) router.push(narrowHref(left, right));
        setDrag(null);
      }}
      onPointerLeave={() => setDrag(null)}
      onClickCapture={(e) => {
        const link = (e.target as Element).closest("a");
        if (!link) return;
        // A drag ends with a click on the bar it ended over: it narrowed the range, it opens nothing.
        if (dragged.current) return e.preventDefault();
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return; // a new tab or window, as the browser does it
        e.preventDefault();
        router.push(link.getAttribute("href") ?? "/problems");
      }}
    >
      {children}
      {drag && drag.from !== drag.to && (
        <div
          aria-hidden
          className="pointer-events-none absolute top-2 bottom-5 rounded-sm bg-primary/15"
          style={{
            left: `calc(3rem + (100% - 3rem) * ${left / ranges.length})`,
            width: `calc((100% - 3rem) * ${(right - left + 1) / ranges.length})`,
          }}
        />
      )}
    </div>
  );
}
