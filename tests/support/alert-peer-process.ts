// The test's handle on an alert peer (alert-peer.ts): a child process, requests by id.
import { startPeer, type PeerProcess } from "./peer-process";

export type AlertPeer = PeerProcess;

export function startAlertPeer(url: string, name: string): Promise<AlertPeer> {
  return startPeer("tests/support/alert-peer.ts", { ALERT_PEER_URL: url, ALERT_PEER_NAME: name, DATABASE_URL: url });
}
