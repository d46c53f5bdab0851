// Preloaded into the production server (`node --require`, lib/cli/server.ts): a request whose
// method Next.js cannot represent (TRACE, CONNECT, TRACK, anything outside its seven methods)
// makes Next throw while it builds the Request and answer a plain-text 500. Such a request is
// answered here instead, before Next sees it: a 405 problem details with Allow, as every other
// refused method gets from the route wrapper (lib/http/method-not-allowed.ts).
"use strict";
const http = require("node:http");
const { randomUUID } = require("node:crypto");

const SERVED = new Set(["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH"]);

/** The methods a path answers (the API's own routes; pages take GET and server-action POSTs). */
function allowFor(pathname) {
  if (pathname === "/api/v1/events") return "GET, POST, HEAD, OPTIONS";
  if (pathname.startsWith("/api/")) return "GET, HEAD, OPTIONS";
  return "GET, HEAD, POST, OPTIONS";
}

function refuse(req, res) {
  const correlationId = randomUUID();
  const pathname = (req.url || "/").split("?")[0];
  const method = String(req.method).slice(0, 20);
  const body = JSON.stringify({
    type: "urn:triage:method-not-allowed",
    title: "Method not allowed",
    status: 405,
    detail: `${method} is not supported here; use ${allowFor(pathname).split(", ").join(" or ")}.`,
    correlationId,
  });
  req.resume(); // read and discard any body, so the answer is not a connection reset
  res.writeHead(405, {
    "content-type": "application/problem+json",
    "cache-control": "no-store",
    "x-correlation-id": correlationId,
    allow: allowFor(pathname),
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function emitRequest(event, req, res) {
  if (event === "request" && !SERVED.has(req.method)) {
    refuse(req, res);
    return true;
  }
  return emit.apply(this, arguments);
};
