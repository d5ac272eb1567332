import { ErrorCode } from './error-code.enum.js';
import { ERROR_CATALOG } from './error-catalog.js';

export interface FieldError {
  field: string;
  messages: string[];
}

interface DomainErrorOptions {
  message?: string;
  /** Only for the rare code whose status depends on the route; see its call site for why. */
  status?: number;
  errors?: FieldError[];
  headers?: Record<string, string>;
}

/** An expected failure with a stable code; the global filter turns it into the shared error body. */
export class DomainError extends Error {
  readonly status: number;
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;

  constructor(
    readonly code: ErrorCode,
    options: DomainErrorOptions = {},
  ) {
    super(options.message ?? ERROR_CATALOG[code].message);
    this.name = 'DomainError';
    this.status = options.status ?? ERROR_CATALOG[code].status;
    this.errors = options.errors;
    this.headers = options.headers;
  }
}
