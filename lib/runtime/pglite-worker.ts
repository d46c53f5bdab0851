// The PGlite thread's entry: the generic loop (lib/db/pglite-worker.ts) with our procedures.
import { servePGliteWorker } from "../db/pglite-worker";
import { runProcedure } from "./procedures";

servePGliteWorker(runProcedure);
