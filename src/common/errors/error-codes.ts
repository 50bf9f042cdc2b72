/**
 * Every domain error code the API can answer with, and its HTTP status and title. The
 * `satisfies` clause makes the table exhaustive: a code without a mapping does not compile.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  BAD_REQUEST: { status: 400, title: 'Bad request' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication required' },
  INVALID_API_KEY: { status: 401, title: 'The API key is not valid' },
  FORBIDDEN_ROLE: { status: 403, title: 'Your role does not allow this' },
  SIGN_IN_FAILED: { status: 401, title: 'Sign-in refused' },
  CSRF_REFUSED: { status: 403, title: 'The form is stale or did not come from this site' },
  REAUTHENTICATION_FAILED: { status: 403, title: 'Re-authentication failed' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such route' },
  CONFLICT: { status: 409, title: 'Conflict' },
  USERNAME_TAKEN: { status: 409, title: 'That username is taken' },
  API_KEY_REVOKED: { status: 409, title: 'The API key is already revoked' },
  LAST_ADMIN_CREDENTIAL: {
    status: 409,
    title: 'That would leave no active admin credential (no admin could sign in)',
  },
  // Lifecycles (protocol versions, runs): refusals of the transition tables.
  ILLEGAL_TRANSITION: { status: 409, title: 'That transition is not allowed from this state' },
  SELF_APPROVAL_FORBIDDEN: { status: 403, title: 'You cannot review or approve your own record' },
  OWNER_ONLY: { status: 403, title: 'Only the owner of the record can do this' },
  // Protocols.
  INVALID_PROTOCOL_DEFINITION: { status: 400, title: 'The protocol definition is not valid' },
  PROTOCOL_KEY_TAKEN: { status: 409, title: 'A protocol with that key exists' },
  PROTOCOL_VERSION_IMMUTABLE: { status: 409, title: 'Only a draft version can be edited' },
  PROTOCOL_VERSION_NOT_APPROVED: {
    status: 422,
    title: 'Only approved protocol versions can be used to start runs',
  },
  // Runs, amendments and passage logs.
  RUN_LOCKED: { status: 409, title: 'The run is approved and locked; change it by an amendment' },
  RUN_NOT_EDITABLE: { status: 409, title: 'The run cannot be edited in its current state' },
  RUN_NOT_IN_PROGRESS: { status: 409, title: 'Data is recorded only while the run is in progress' },
  RUN_NOT_APPROVED: { status: 409, title: 'Only an approved run is changed by an amendment' },
  AMENDMENT_PENDING: { status: 409, title: 'The run already has an amendment awaiting approval' },
  AMENDMENT_NOT_PENDING: { status: 409, title: 'The amendment was already decided' },
  NOT_A_DOSE_ESCALATION_RUN: {
    status: 409,
    title: 'The run does not follow a dose-escalation protocol',
  },
  NO_DERIVED_POPULATION: { status: 409, title: 'The run names no derived population' },
  // Materials, lineage and chain of custody.
  UNKNOWN_MATERIAL: { status: 422, title: 'A referenced material does not exist' },
  PARENT_KIND_NOT_ALLOWED: { status: 422, title: 'That parent is not allowed for this material' },
  MATERIAL_NOT_AVAILABLE: {
    status: 409,
    title: 'The material is consumed or discarded and cannot be used',
  },
  CUSTODY_EVENT_NOT_ALLOWED: { status: 409, title: 'That custody event is not allowed now' },
  BARCODE_TAKEN: { status: 409, title: 'That barcode is already in use' },
  DONOR_CODE_TAKEN: { status: 409, title: 'A donor with that code exists' },
  PERSONAL_DATA_NOT_ALLOWED: {
    status: 400,
    title: 'Donors are recorded by pseudonymous code only; personal data is refused',
  },
  // Plates, layouts, instruments and plate-reader imports.
  IMPORT_REJECTED: { status: 422, title: 'The file was rejected; nothing was stored' },
  READING_HELD_BY_ANOTHER_PLATE: {
    status: 409,
    title: 'This file is already stored as the reading of another plate',
  },
  PLATE_REFERENCE_UNKNOWN: {
    status: 422,
    title: 'A referenced layout, run or plate does not exist',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    title: 'That Idempotency-Key was already used for different content',
  },
  INSTRUMENT_KEY_NOT_BOUND: {
    status: 403,
    title: 'This instrument API key is not bound to an instrument record',
  },
  INSTRUMENT_INACTIVE: { status: 403, title: 'The instrument is deactivated' },
  NOT_AN_INSTRUMENT_KEY: {
    status: 422,
    title: 'Only a key of a user with role instrument can be bound to an instrument',
  },
  API_KEY_ALREADY_BOUND: { status: 409, title: 'The API key is already bound to an instrument' },
  INSTRUMENT_NAME_TAKEN: { status: 409, title: 'An instrument with that name exists' },
  // Plate assays: analysis, plate QC gate, fits.
  PLATE_NOT_READ: { status: 409, title: 'The plate has no reading to analyse' },
  PLATE_NOT_ANALYSABLE: { status: 422, title: 'The plate cannot be analysed as laid out and read' },
  PLATE_QC_FAILED: {
    status: 409,
    title: 'A plate of the run failed QC (Z′ below the protocol minimum) and has no override',
  },
  QC_OVERRIDE_NOT_NEEDED: {
    status: 409,
    title: 'The plate passes QC; there is nothing to override',
  },
  NO_FIT_AVAILABLE: { status: 422, title: 'No dose-response fit matches the request' },
  // Co-culture and LC-MS/MS.
  WRONG_PROTOCOL: { status: 422, title: 'The run does not follow the protocol this record needs' },
  SAMPLING_EXISTS: { status: 409, title: 'That timepoint of the culture was already sampled' },
  CALIBRATOR_EXCLUSION_REFUSED: {
    status: 409,
    title: 'Only the most deviant failing calibrator can be excluded',
  },
  BATCH_NOT_IMPORTED: { status: 409, title: 'The LC-MS/MS batch has no imported peak areas yet' },
  LCMS_BATCH_NOT_ACCEPTED: {
    status: 409,
    title: 'An LC-MS/MS batch of the run is not accepted (ICH M10) or not imported',
  },
  // qPCR.
  MIQE_INCOMPLETE: {
    status: 422,
    title: 'Required MIQE metadata of the qPCR run are missing',
  },
  QPCR_NOT_IMPORTED: { status: 409, title: 'The qPCR run has no imported export yet' },
  QPCR_EXPORT_HELD_BY_ANOTHER_RUN: {
    status: 409,
    title: 'Another run already holds this qPCR export',
  },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  UNPROCESSABLE: { status: 422, title: 'The content cannot be processed' },
  TOO_MANY_REQUESTS: { status: 429, title: 'Too many requests' },
  INTERNAL_ERROR: { status: 500, title: 'Internal server error' },
  SERVICE_UNAVAILABLE: { status: 503, title: 'Service unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}

/** Maps an HTTP status that did not come from a DomainError (framework, body parser) to a code. */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'BAD_REQUEST';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN_ROLE';
    case 404:
      return 'ROUTE_NOT_FOUND';
    case 409:
      return 'CONFLICT';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 422:
      return 'UNPROCESSABLE';
    case 429:
      return 'TOO_MANY_REQUESTS';
    case 503:
      return 'SERVICE_UNAVAILABLE';
    default:
      return status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST';
  }
}
