// The .NET exception class a log names → the problem type and status it implies
// (log-formats.md §E: the TypePart chain of EdFi.Ods.Common/Exceptions at ODS/API 7.3).
// Translated database errors appear under their raw class (NHibernate, Npgsql, SqlClient): their
// message tells a constraint violation (409) from anything else (500).

export interface ImpliedResponse {
  status: number;
  /** urn:ed-fi:api:… or null when the class implies a status only. */
  type: string | null;
  /** false: a guess (a raw database exception, an unknown class at ERROR). */
  certain: boolean;
}

const API = "urn:ed-fi:api";

/** Simple class name → type suffix and status. */
const ED_FI_EXCEPTIONS: ReadonlyMap<string, { type: string; status: number }> = new Map([
  ["BadRequestException", { type: "bad-request", status: 400 }],
  ["BadRequestDataException", { type: "bad-request:data-validation-failed", status: 400 }],
  [
    "KeyChangeNotSupportedException",
    { type: "bad-request:data-validation-failed:key-change-not-supported", status: 400 },
  ],
  ["BadRequestParameterException", { type: "bad-request:parameter-validation-failed", status: 400 }],
  ["DataPolicyException", { type: "bad-request:data-policy-enforced", status: 400 }],
  ["SecurityAuthenticationException", { type: "security:authentication", status: 401 }],
  ["SecurityAuthorizationException", { type: "security:authorization", status: 403 }],
  ["SecurityDataPolicyException", { type: "security:data-policy", status: 403 }],
  ["NotFoundException", { type: "not-found", status: 404 }],
  ["MethodNotAllowedException", { type: "method-not-allowed", status: 405 }],
  ["ProfileMethodUsageException", { type: "profile:method-usage", status: 405 }],
  ["SnapshotsAreReadOnlyException", { type: "snapshots:method-not-allowed", status: 405 }],
  ["ConflictException", { type: "data-conflict", status: 409 }],
  ["ConcurrencyException", { type: "data-conflict:multi-user-conflict", status: 409 }],
  ["DependentResourceItemExistsException", { type: "data-conflict:dependent-item-exists", status: 409 }],
  ["NaturalKeyConflictException", { type: "data-conflict:non-unique-identity", status: 409 }],
  ["NonUniqueValuesException", { type: "data-conflict:non-unique-values", status: 409 }],
  ["UnresolvedReferenceException", { type: "data-conflict:unresolved-reference", status: 409 }],
  ["OptimisticLockException", { type: "optimistic-lock-failed", status: 412 }],
  ["UnsupportedMediaTypeException", { type: "unsupported-media-type", status: 415 }],
  ["TooManyTokensException", { type: "security:authentication:too-many-tokens", status: 429 }],
  ["InternalServerErrorException", { type: "system", status: 500 }],
  ["DatabaseConnectionException", { type: "system:database-connection", status: 500 }],
  ["DistributedCacheException", { type: "system:distributed-cache-error", status: 500 }],
  ["FeatureDisabledException", { type: "system:configuration:feature-disabled", status: 404 }],
]);

const DATABASE_CLASS = /^(?:NHibernate\.|Npgsql\.|Microsoft\.Data\.SqlClient\.|System\.Data\.SqlClient\.)/;
const CONSTRAINT =
  /violates (?:foreign key|unique) constraint|duplicate key|FOREIGN KEY constraint|UNIQUE KEY constraint|conflicted with the REFERENCE constraint/i;

export function impliedResponse(exceptionType: string, message: string | null): ImpliedResponse {
  const simple = exceptionType.slice(exceptionType.lastIndexOf(".") + 1);
  const known = ED_FI_EXCEPTIONS.get(simple);
  if (known) return { status: known.status, type: `${API}:${known.type}`, certain: true };
  if (DATABASE_CLASS.test(exceptionType)) {
    return message && CONSTRAINT.test(message)
      ? { status: 409, type: null, certain: false }
      : { status: 500, type: null, certain: false };
  }
  return { status: 500, type: null, certain: false };
}
