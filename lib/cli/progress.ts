// A one-line progress bar with a rate, for long work (demo loader, importer).
export function progressBar(total: number, label: string) {
  const started = Date.now();
  let last = 0;
  const draw = (done: number, final = false) => {
    const now = Date.now();
    if (!final && now - last < 200) return;
    last = now;
    const width = 30;
    const filled = Math.round((done / Math.max(total, 1)) * width);
    const rate = done / Math.max((now - started) / 1000, 0.001);
    const count = `${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")}`;
    const line = `${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${count}  ${Math.round(rate).toLocaleString("en-US")} events/s`;
    process.stderr.write(process.stderr.isTTY ? `\r${line}` : final ? `${line}\n` : "");
    if (final && process.stderr.isTTY) process.stderr.write("\n");
  };
  return {
    update: (done: number) => draw(done),
    done: (done: number) => draw(done, true),
    seconds: () => (Date.now() - started) / 1000,
  };
}
