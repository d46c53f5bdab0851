"use client";
// Every chart comes with its data as an accessible table (toggle) and a CSV download.
import { Download, Table2, BarChart3 } from "lucide-react";
import { useState, type ReactNode } from "react";
import { csvLine } from "@/lib/http/csv";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Button } from "@/components/ui/button";

export interface ChartTable {
  columns: string[];
  rows: (string | number)[][];
}

/** Downloads a table as a CSV file (built in the browser from the figures on the page). */
export function downloadCsv(fileName: string, table: ChartTable) {
  const text = csvLine(table.columns) + table.rows.map(csvLine).join("");
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = Object.assign(document.createElement("a"), { href: url, download: fileName });
  a.click();
  URL.revokeObjectURL(url);
}

const buttonClass =
  "inline-flex h-7 items-center gap-1 rounded border border-input px-2 text-xs text-foreground hover:bg-muted";

export function CsvButton({ fileName, table, label = "CSV" }: { fileName: string; table: ChartTable; label?: string }) {
  return (
    <Button variant="ghost" type="button" onClick={() => downloadCsv(fileName, table)} className={buttonClass}>
      <Download aria-hidden className="size-3.5" /> {label}
    </Button>
  );
}

export function ChartFrame({
  title,
  fileName,
  table,
  children,
  note,
  footer,
}: {
  title: string;
  fileName: string;
  table: ChartTable;
  children: ReactNode;
  note?: ReactNode;
  footer?: ReactNode;
}) {
  const [asTable, setAsTable] = useState(false);
  return (
    <figure className="min-w-0 rounded-md border border-border p-3">
      <figcaption className="mb-2 flex items-center justify-between gap-2">
        <span className="font-medium">{title}</span>
        <span className="flex gap-1">
          <Button
            variant="ghost"
            type="button"
            onClick={() => setAsTable(!asTable)}
            aria-pressed={asTable}
            className={buttonClass}
          >
            {asTable ? <BarChart3 aria-hidden className="size-3.5" /> : <Table2 aria-hidden className="size-3.5" />}{" "}
            {asTable ? "Chart" : "Table"}
          </Button>
          <CsvButton fileName={fileName} table={table} />
        </span>
      </figcaption>
      {note}
      {asTable ? (
        <div className="max-h-72 overflow-y-auto">
          <Table className="w-full text-left text-xs">
            <caption className="sr-only">{title}</caption>
            <TableHeader>
              <TableRow>
                {table.columns.map((c) => (
                  <TableHead key={c} scope="col" className="border-b border-border px-2 py-1 font-medium">
                    {c}
                  </TableHead>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {table.rows.map((r, i) => (
                <TableRow key={i} className="border-b border-border">
                  {r.map((v, j) => (
                    <TableCell key={j} className="px-2 py-1 tabular-nums">
                      {typeof v === "number" ? v.toLocaleString("en-US") : v}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      ) : (
        <div aria-hidden>{children}</div>
      )}
      {footer}
    </figure>
  );
}
