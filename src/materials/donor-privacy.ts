/**
 * Donors are known to ThioLab only by a pseudonymous code (GDPR Art. 4(5) pseudonymisation; the
 * key linking codes to people stays with the clinic). This pure check refuses donor payloads that
 * carry anything identifying: fields named like personal data, and values that look like e-mail
 * addresses, dates of birth, phone numbers or personal names.
 *
 * Messages never repeat the offending value: they end up in logs and error bodies.
 */

export type DonorPrivacyCode =
  | 'PERSONAL_DATA_FIELD'
  | 'EMAIL_NOT_ALLOWED'
  | 'DATE_OF_BIRTH_NOT_ALLOWED'
  | 'PHONE_NUMBER_NOT_ALLOWED'
  | 'PERSONAL_NAME_NOT_ALLOWED'
  | 'DONOR_CODE_INVALID'
  | 'DONOR_CODE_LOOKS_LIKE_NAME';

export interface DonorPrivacyProblem {
  /** Dotted path of the offending field: `code`, `notes`, `genotype.tpmt`. */
  field: string;
  code: DonorPrivacyCode;
  message: string;
}

export interface DonorPrivacyOptions {
  /** The field holding the pseudonymous code (default `code`). */
  codeField?: string;
}

/**
 * Field names (compared lower-case, without separators) that hold personal data. `name` is here
 * on purpose: a donor has a code, not a name.
 */
const PERSONAL_FIELDS = new Set([
  'name',
  'fullname',
  'firstname',
  'givenname',
  'forename',
  'middlename',
  'lastname',
  'surname',
  'familyname',
  'maidenname',
  'patientname',
  'donorname',
  'initials',
  'email',
  'emailaddress',
  'mail',
  'dob',
  'dateofbirth',
  'birthdate',
  'birthday',
  'birthdt',
  'birthyear',
  'phone',
  'phonenumber',
  'telephone',
  'tel',
  'mobile',
  'cellphone',
  'fax',
  'address',
  'streetaddress',
  'street',
  'postcode',
  'postalcode',
  'zip',
  'zipcode',
  'ssn',
  'socialsecuritynumber',
  'nhsnumber',
  'nationalid',
  'passport',
  'mrn',
  'medicalrecordnumber',
  'hospitalnumber',
  'insurancenumber',
]);

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
/** Words that announce a birth date in free text. */
const BIRTH_WORDS =
  /\b(?:d\.?o\.?b\.?|born|date of birth|birth ?date|geb(?:oren|\.)|n[ée]e? le)\b/i;
/** Calendar dates in common notations; group `y` is the year. */
const DATES = [
  /\b(?<y>\d{4})-\d{1,2}-\d{1,2}\b/g,
  /\b\d{1,2}[./-]\d{1,2}[./-](?<y>\d{4}|\d{2})\b/g,
  /\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(?<y>\d{4})\b/gi,
  /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+(?<y>\d{4})\b/gi,
];
/**
 * Years a donor may have been born in but a sample cannot have been taken in: ThioLab records
 * samples from 2011 on, so a full date before that is treated as a date of birth.
 */
const BIRTH_YEARS = { min: 1900, max: 2010 };
/** A phone number: optional +country, then at least 9 digits in groups. */
const PHONE = /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,5}){1,4}/;
/**
 * A person named with a title: "Mr Smith", "Dr. Jane Doe". Case-sensitive on purpose: "MS Method B"
 * (mass spectrometry) is not "Ms Method".
 */
const TITLED_NAME = /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Herr|Frau)\.?\s+[A-Z][a-z]+/;
/** Two or three capitalised words: "Jane Doe", "Jean-Luc Picard", "Mary Ann Smith". */
const FULL_NAME = /^[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?(?:\s+[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?){1,2}$/;
/** Pseudonymous codes: 3–32 of letters, digits, '-', '_', with at least one digit (RA-D012). */
const DONOR_CODE = /^(?=.*\d)[A-Za-z0-9][A-Za-z0-9_-]{2,31}$/;

/**
 * Checks a donor payload (create or update body) for personal data. Walks nested objects and
 * arrays. Returns every problem; an empty list means the payload may be stored.
 */
export function checkDonorPrivacy(
  payload: unknown,
  options: DonorPrivacyOptions = {},
): DonorPrivacyProblem[] {
  const codeField = options.codeField ?? 'code';
  const problems: DonorPrivacyProblem[] = [];
  walk(payload, [], problems);
  if (isRecord(payload) && codeField in payload) {
    problems.push(...checkDonorCode(payload[codeField], codeField));
  }
  return problems;
}

/**
 * Checks the pseudonymous code itself: 3–32 letters, digits, '-' or '_', with at least one digit,
 * and not shaped like a personal name ("Jane Doe", "jane.doe", "SmithJ").
 */
export function checkDonorCode(code: unknown, field = 'code'): DonorPrivacyProblem[] {
  if (typeof code !== 'string') {
    return [{ field, code: 'DONOR_CODE_INVALID', message: 'the donor code must be a string' }];
  }
  const trimmed = code.trim();
  if (FULL_NAME.test(trimmed) || /^[A-Za-z]+[\s.,]+[A-Za-z]+$/.test(trimmed)) {
    return [
      {
        field,
        code: 'DONOR_CODE_LOOKS_LIKE_NAME',
        message: 'the donor code looks like a personal name; use the pseudonymous study code',
      },
    ];
  }
  if (!DONOR_CODE.test(trimmed)) {
    return [
      {
        field,
        code: 'DONOR_CODE_INVALID',
        message:
          'the donor code must be 3–32 letters, digits, "-" or "_" and contain a digit (e.g. RA-D012)',
      },
    ];
  }
  return [];
}

function walk(value: unknown, path: string[], problems: DonorPrivacyProblem[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, [...path, String(i)], problems));
    return;
  }
  if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) {
      const p = [...path, k];
      if (PERSONAL_FIELDS.has(normalise(k))) {
        problems.push({
          field: p.join('.'),
          code: 'PERSONAL_DATA_FIELD',
          message: `'${k}' would hold personal data; donors are recorded by pseudonymous code only`,
        });
        continue;
      }
      walk(v, p, problems);
    }
    return;
  }
  if (typeof value === 'string') checkText(value, path, problems);
}

function checkText(text: string, path: string[], problems: DonorPrivacyProblem[]): void {
  const field = path.join('.');
  const add = (code: DonorPrivacyCode, what: string) =>
    problems.push({ field, code, message: `'${field}' seems to contain ${what}; remove it` });
  if (EMAIL.test(text)) add('EMAIL_NOT_ALLOWED', 'an e-mail address');
  const years = dateYears(text);
  if (BIRTH_WORDS.test(text) || years.some((y) => y >= BIRTH_YEARS.min && y <= BIRTH_YEARS.max)) {
    add('DATE_OF_BIRTH_NOT_ALLOWED', 'a date of birth');
  }
  // A date such as 2024-03-01 is digit groups too; it is not a phone number.
  const phone = years.length === 0 ? PHONE.exec(text) : null;
  if (phone && phone[0].replace(/\D/g, '').length >= 9) {
    add('PHONE_NUMBER_NOT_ALLOWED', 'a phone number');
  }
  if (TITLED_NAME.test(text)) add('PERSONAL_NAME_NOT_ALLOWED', 'a personal name');
}

/** Years of the calendar dates in `text`; two-digit years pivot at 30 (61 → 1961, 24 → 2024). */
function dateYears(text: string): number[] {
  const years: number[] = [];
  for (const re of DATES) {
    for (const m of text.matchAll(re)) {
      const y = m.groups?.y ?? '';
      const n = Number(y);
      years.push(y.length === 2 ? (n <= 30 ? 2000 + n : 1900 + n) : n);
    }
  }
  return years;
}

function normalise(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
