#!/usr/bin/env python3
"""Extracts every example error response of the two Ed-Fi knowledge-base copies into
tests/fixtures/kb-examples.json, each with the article of the section it appears in.
Run from the repository root with shared/ beside it:  python3 tests/tools/extract_kb_examples.py
The output is committed, so the tests do not depend on shared/ being present."""
import json, re, glob, os

SRC = os.path.join(os.path.dirname(__file__), "../../../shared/reference/sources")

# Section heading -> article id (the catalog's section of each article).
SECTIONS = {
    "Identifying values for the resource cannot be changed": "key-change-not-supported",
    "Resource identifiers cannot be assigned by the client": "client-assigned-id",
    "Missing a Required Property": "missing-required-property",
    "String Length Validation Error": "string-too-long",
    "Non-Compliant JSON Body": "non-compliant-json",
    "Integer Overflow": "integer-overflow",
    "Excessive String Length": "string-too-long",
    "Empty Request Body": "empty-request-body",
    "Transmitting in the Wrong Character Encoding": "wrong-character-encoding",
    "Potentially Dangerous Value": "potentially-dangerous-value",
    "Leading or Trailing Whitespace in Natural Key String": "whitespace-in-natural-key",
    "No Item in Required Array": "empty-required-array",
    "Missing a Required Property on an Item in a Collection": "missing-required-property-in-collection",
    "Key Unification Error": "key-unification",
    "Invalid Limit Count": "invalid-limit",
    "Descriptor Does Not Exist": "descriptor-not-found",
    "Invalid Profile Usage": "invalid-profile-usage",
    "Invalid Method Usage": "invalid-method-usage",
    "Missing Authorization header": "auth-header-missing",
    "Unsupported Authorization header scheme": "auth-scheme-unsupported",
    "Missing or blank token in the Authorization header": "auth-token-missing",
    "Expired or invalid token in the Authorization header": "auth-token-invalid",
    "Data Policy Failure Due to Incorrect Usage": "data-policy-incorrect-usage",
    "Invalid Namespace Prefix": "namespace-mismatch",
    "Student / Parent / Staff Relationship Does Not Exist": "relationship-missing",
    "Missing Student or Staff": "person-missing",
    "Not Authorized for a School or Education Organization": "edorg-not-authorized",
    "The Requested Action Is Not Permitted": "action-not-permitted",
    "Missing Claim": "missing-claim",
    "Resource Name Typo": "resource-not-found",
    "ID Does Not Exist": "item-not-found",
    "POST Request with an ID in the URL": "post-with-id",
    "DELETE or PUT Request without an ID in the URL": "collection-put-delete",
    "PATCH Requests": "patch-not-supported",
    "Dependent Item Exists": "dependent-item-exists",
    "Unresolved Reference": "unresolved-reference",
    "Identifying Values Are Not Unique": "non-unique-identity",
    "urn:ed-fi:api:optimistic-lock-failed": "optimistic-lock-failed",
    "415 Unsupported Media Type": "unsupported-media-type",
}
REQ = re.compile(r"^\s*(GET|POST|PUT|DELETE|PATCH) (https?://\S+)", re.M)
REQ_ANYWHERE = re.compile(r"\b(GET|POST|PUT|DELETE|PATCH) (https?://\S+)")
STATUS_LINE = re.compile(r"HTTP/1\.1 (\d{3})")


def norm(text):
    return " ".join(text.replace("\u00a0", " ").split())


def body_after_status(text):
    """The error body: what follows the last HTTP status line (or the whole block)."""
    lines = STATUS_LINE.split(text)
    if len(lines) > 1:
        status, rest = int(lines[-2]), lines[-1]
    else:
        status, rest = None, text
    rest = re.sub(r"^[^\n{\"]*Content-Type:[^\n{\"]*", "", rest.strip()).strip()
    start = min([i for i in (rest.find("{"), rest.find('"detail"')) if i >= 0], default=0)
    return status, rest[start:].strip()


def from_markdown(path, name):
    """Line by line, so that '## HTTP Request 1' inside a code fence is not taken for a heading."""
    out, section, request, label = [], None, None, None
    fence, block = False, []
    for line in open(path, encoding="utf-8").read().split("\n"):
        if line.startswith("```"):
            if fence:
                text = "\n".join(block)
                if label == "Request":
                    reqs = REQ.findall(text)
                    request = reqs[-1] if reqs else None
                elif label == "Response" and "urn:ed-fi" in text:
                    status, body = body_after_status(text)
                    if status is None:
                        status = int(re.search(r'"status":\s*(\d{3})', body).group(1))
                    out.append({"source": name, "section": section, "articleId": SECTIONS[section],
                                "event": {"method": request[0] if request else None, "url": request[1] if request else None,
                                          "status": status, "body": body}})
                block, fence = [], False
            else:
                fence = True
            continue
        if fence:
            block.append(line)
            continue
        h = re.match(r"^#{2,5} (.*)$", line)
        if h and norm(h.group(1)) in SECTIONS:
            section = norm(h.group(1))
        m = re.match(r"^Http (Request|Response)\s*$", line.strip())
        if m:
            label = m.group(1)
    return out


def from_flattened(path, name):
    lines = open(path, encoding="utf-8").read().split("\n")
    out, section, request = [], None, None
    for line in lines:
        s = norm(line)
        if s in SECTIONS or s == "Optimistic Lock Failed":
            section = s if s in SECTIONS else "urn:ed-fi:api:optimistic-lock-failed"
            continue
        if s == "urn:ed-fi:api:optimistic-lock-failed":
            section = s
        reqs = REQ_ANYWHERE.findall(line)
        if reqs and "HTTP/1.1" not in line.split(reqs[-1][1])[0]:
            request = reqs[-1]
        if "HTTP/1.1" in line and "urn:ed-fi" in line:
            status, body = body_after_status(line)
            if reqs:
                request = reqs[-1]
            out.append({"source": name, "section": section, "articleId": SECTIONS[section],
                        "event": {"method": request[0] if request else None, "url": request[1] if request else None,
                                  "status": status, "body": body}})
    return out


def main():
    examples = []
    for path in sorted(glob.glob(os.path.join(SRC, "*.txt"))):
        name = os.path.basename(path)
        head = open(path, encoding="utf-8").read(200)
        if "Error Response Knowledge Base" not in head:
            continue
        examples += from_markdown(path, name) if head.startswith("# ") else from_flattened(path, name)
    dest = os.path.join(os.path.dirname(__file__), "../fixtures/kb-examples.json")
    json.dump(examples, open(dest, "w", encoding="utf-8"), indent=2, ensure_ascii=False)
    print(f"{len(examples)} examples -> {os.path.normpath(dest)}")


main()
