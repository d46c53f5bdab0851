// The test's handle on a ledger peer (ledger-peer.ts): a child process, requests by id.
import { startPeer, type PeerProcess } from "./peer-process";

export type LedgerPeer = PeerProcess;

export function startLedgerPeer(url: string): Promise<LedgerPeer> {
  return startPeer("tests/support/ledger-peer.ts", { LEDGER_PEER_URL: url, DATABASE_URL: url });
}
