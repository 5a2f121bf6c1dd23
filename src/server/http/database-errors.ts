/**
 * Database errors that are the request's fault, not the server's: a value the schemas let through
 * but PostgreSQL refuses (a NUL in text, a number or date out of range, a broken constraint).
 * They become a clear 4xx with a stable code; anything else stays a 500. The same table decides
 * which failures of one pushed mutation are that mutation's rejection rather than the batch's.
 */
export interface DatabaseRefusal {
  statusCode: 400 | 409;
  error: string;
  message: string;
  /** The SQLSTATE, for the log. */
  sqlState: string;
}

const BY_STATE: Record<string, Omit<DatabaseRefusal, 'sqlState'>> = {
  '22P05': {
    statusCode: 400,
    error: 'unsupported_text',
    message: 'A text holds a character that cannot be stored (e.g. \\u0000).',
  },
  '22021': {
    statusCode: 400,
    error: 'unsupported_text',
    message: 'A text holds a character that cannot be stored (e.g. \\u0000).',
  },
  '22P02': { statusCode: 400, error: 'invalid_value', message: 'A value is not in the form the database expects.' },
  '22003': { statusCode: 400, error: 'number_out_of_range', message: 'A number is out of range.' },
  '22008': { statusCode: 400, error: 'date_out_of_range', message: 'A date or time is out of range.' },
  '22007': { statusCode: 400, error: 'invalid_date', message: 'A date or time is not valid.' },
  '22001': { statusCode: 400, error: 'text_too_long', message: 'A text is too long.' },
  '23502': { statusCode: 400, error: 'missing_value', message: 'A required value is missing.' },
  '23514': { statusCode: 400, error: 'value_not_allowed', message: 'A value breaks a rule of the data.' },
  '23505': { statusCode: 409, error: 'already_exists', message: 'This already exists.' },
  '23503': {
    statusCode: 409,
    error: 'reference_conflict',
    message: 'A referenced entry does not exist, or is still referenced.',
  },
  '54000': { statusCode: 400, error: 'value_too_large', message: 'A value is too large to store.' },
  '54001': { statusCode: 400, error: 'too_complex', message: 'A value is nested too deeply.' },
};

/** Other data exceptions (class 22) and integrity violations (class 23) by class. */
const BY_CLASS: Record<string, Omit<DatabaseRefusal, 'sqlState'>> = {
  '22': { statusCode: 400, error: 'invalid_value', message: 'A value cannot be stored.' },
  '23': { statusCode: 409, error: 'constraint_violation', message: 'The change breaks a rule of the data.' },
};

/** The refusal this error stands for, or null when it is not the request's fault. pg and PGlite alike. */
export function databaseRefusal(err: unknown): DatabaseRefusal | null {
  if (!(err instanceof Error)) return null;
  const { code, severity } = err as { code?: unknown; severity?: unknown };
  // Both drivers' DatabaseError carry the server's severity; Node's system errors (EPIPE…) do not.
  if (typeof code !== 'string' || typeof severity !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return null;
  const found = BY_STATE[code] ?? BY_CLASS[code.slice(0, 2)];
  if (!found) return null;
  const { constraint } = err as { constraint?: unknown };
  const message = typeof constraint === 'string' && constraint ? `${found.message} (${constraint})` : found.message;
  return { ...found, message, sqlState: code };
}
