// Bodies of the APIs around Ed-Fi and of other APIs: ACCESS, OAuth 2.0 token endpoints, IMS
// OneRoster, NestJS/Fastify gateways, Ed-Fi Meadowlark, generic `{error: …}` bodies and unknown
// objects. Each recogniser (is…Body) and its parser; parse.ts picks among them.
import { clean, emptyParse, errorMessages, own, statusOf, validationMessages } from "./parse-fields";
import { cleanText, isRecord, stringField } from "./text";
import type { ParsedError } from "./types";

// ---- ACCESS API: {actionOk: false, error: ["code"], message} -------------------------------

export function isAccessBody(body: Record<string, unknown>): boolean {
  return (
    own(body, "actionOk") !== undefined && (Array.isArray(own(body, "error")) || typeof own(body, "error") === "string")
  );
}

export function parseAccess(body: Record<string, unknown>): ParsedError {
  const parsed = emptyParse("access");
  const error = own(body, "error");
  const codes = Array.isArray(error) ? error : [error];
  parsed.codes = codes
    .filter((c): c is string => typeof c === "string")
    .slice(0, 20)
    .map((c) => cleanText(c, 100));
  const message = clean(stringField(body, "message"));
  parsed.detail = message;
  if (message) parsed.messages.push({ source: "message", path: null, text: message, at: "message" });
  return parsed;
}

// ---- OAuth 2.0 token endpoint: {error: "invalid_client", error_description?} (RFC 6749 §5.2) ---

/** An RFC 6749 error code: lower case letters and underscores ("invalid_client", "invalid_scope"). */
export const OAUTH_ERROR = /^[a-z][a-z_]{2,40}$/;

export function parseOAuth(body: Record<string, unknown>, error: string): ParsedError {
  const parsed = emptyParse("oauth");
  parsed.codes = [error];
  const description = clean(stringField(body, "error_description"));
  parsed.detail = description ?? error;
  if (description) parsed.messages.push({ source: "message", path: null, text: description, at: "error_description" });
  parsed.status = statusOf(own(body, "status"));
  return parsed;
}

// ---- IMS OneRoster: {imsx_codeMajor, imsx_severity, imsx_description, imsx_CodeMinor} ------

export function isOneRosterBody(body: Record<string, unknown>): boolean {
  const info = own(body, "imsx_statusInfo");
  return (
    typeof own(body, "imsx_codeMajor") === "string" ||
    (isRecord(info) && typeof own(info, "imsx_codeMajor") === "string")
  );
}

export function parseOneRoster(body: Record<string, unknown>): ParsedError {
  const info = isRecord(own(body, "imsx_statusInfo"))
    ? (own(body, "imsx_statusInfo") as Record<string, unknown>)
    : body;
  const parsed = emptyParse("oneroster");
  parsed.title = clean(stringField(info, "imsx_codeMajor"), 100);
  const description = clean(stringField(info, "imsx_description"));
  parsed.detail = description;
  if (description) parsed.messages.push({ source: "message", path: null, text: description, at: "imsx_description" });
  const minor = own(info, "imsx_CodeMinor") ?? own(info, "imsx_codeMinor");
  const fields = isRecord(minor) ? own(minor, "imsx_codeMinorField") : undefined;
  for (const field of (Array.isArray(fields) ? fields : isRecord(fields) ? [fields] : []).slice(0, 20)) {
    const value = isRecord(field) ? stringField(field, "imsx_codeMinorFieldValue") : null;
    if (value) parsed.codes.push(cleanText(value, 100));
  }
  return parsed;
}

// ---- NestJS / Fastify gateways and admin tools: {statusCode, message: string | string[], error?} -

export function isGatewayBody(body: Record<string, unknown>): boolean {
  const message = own(body, "message");
  return typeof own(body, "statusCode") === "number" && (typeof message === "string" || Array.isArray(message));
}

export function parseGateway(body: Record<string, unknown>): ParsedError {
  const parsed = emptyParse("gateway");
  parsed.status = statusOf(own(body, "statusCode"));
  parsed.title = clean(stringField(body, "error"), 200);
  const message = own(body, "message");
  if (typeof message === "string")
    parsed.messages.push({ source: "message", path: null, text: cleanText(message), at: "message" });
  else parsed.messages.push(...errorMessages(message, "message"));
  parsed.detail = parsed.messages[0]?.text ?? parsed.title;
  return parsed;
}

// ---- Ed-Fi Meadowlark: {error: [ajv errors]}, {error: {message, failures | blockingUris}} -----

export function isMeadowlarkBody(body: Record<string, unknown>): boolean {
  if (typeof own(body, "error") === "string" && own(body, "modelState") !== undefined) return true; // query validation
  const error = own(body, "error") ?? own(body, "message");
  if (Array.isArray(error))
    return (
      error.length > 0 &&
      error.every(
        (e) =>
          isRecord(e) &&
          typeof own(e, "message") === "string" &&
          (own(e, "path") !== undefined || own(e, "context") !== undefined),
      )
    );
  return (
    isRecord(error) &&
    typeof own(error, "message") === "string" &&
    (own(error, "failures") !== undefined || own(error, "blockingUris") !== undefined)
  );
}

export function parseMeadowlark(body: Record<string, unknown>): ParsedError {
  const parsed = emptyParse("meadowlark");
  const field = own(body, "error") !== undefined ? "error" : "message";
  const error = own(body, field);
  if (typeof error === "string") {
    parsed.messages.push({ source: "message", path: null, text: cleanText(error), at: field });
    parsed.messages.push(...validationMessages(own(body, "modelState"), "modelState"));
  } else if (Array.isArray(error)) {
    parsed.messages.push(...validationMessages(error, field));
  } else if (isRecord(error)) {
    const message = cleanText(stringField(error, "message") ?? "");
    parsed.messages.push({ source: "message", path: null, text: message, at: `${field}.message` });
    const failures = own(error, "failures");
    for (const [i, f] of (Array.isArray(failures) ? failures : []).slice(0, 20).entries()) {
      const name = isRecord(f) ? stringField(f, "resourceName") : null;
      if (name)
        parsed.messages.push({
          source: "errors",
          path: null,
          text: `${cleanText(name, 100)} reference could not be resolved.`,
          at: `${field}.failures[${i}].resourceName`,
        });
    }
  }
  parsed.detail = parsed.messages[0]?.text ?? null;
  return parsed;
}

// ---- generic: {error: {code, message, details}} or {error: "message"} ---------------------

export function parseGeneric(body: Record<string, unknown>, error: Record<string, unknown> | string): ParsedError {
  const parsed = emptyParse("generic");
  let at = "error";
  if (typeof error === "string") {
    parsed.detail = clean(error);
  } else {
    const code =
      stringField(error, "code") ?? (typeof own(error, "code") === "number" ? String(own(error, "code")) : null);
    if (code) parsed.codes = [cleanText(code, 100)];
    parsed.detail = clean(stringField(error, "message"));
    at = "error.message";
    const details = own(error, "details");
    if (typeof details === "string")
      parsed.messages.push({ source: "errors", path: null, text: cleanText(details), at: "error.details" });
    if (Array.isArray(details)) parsed.messages.push(...errorMessages(details, "error.details"));
  }
  parsed.status = statusOf(own(body, "status"));
  if (parsed.detail) parsed.messages.unshift({ source: "message", path: null, text: parsed.detail, at });
  return parsed;
}

/** `{error: ["…", {message}]}`: a list of messages (Meadowlark's constraint failures, other APIs). */
export function parseErrorList(errors: unknown[]): ParsedError {
  const parsed = emptyParse("generic");
  parsed.messages = errorMessages(errors, "error");
  parsed.detail = parsed.messages[0]?.text ?? null;
  return parsed;
}

export function parseUnknownObject(body: Record<string, unknown>): ParsedError {
  const parsed = emptyParse("generic");
  for (const key of ["detail", "title", "error_description", "description", "msg"]) {
    const v = stringField(body, key);
    if (v) parsed.messages.push({ source: "message", path: null, text: cleanText(v), at: key });
  }
  parsed.detail = parsed.messages[0]?.text ?? null;
  parsed.status = statusOf(own(body, "status"));
  return parsed;
}
