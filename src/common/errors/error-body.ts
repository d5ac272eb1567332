import { DomainError, FieldError } from './domain.error.js';

/** The one error shape of the whole API. */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errors?: FieldError[];
}

export function toErrorBody(error: DomainError): ErrorBody {
  const body: ErrorBody = { statusCode: error.status, code: error.code, message: error.message };
  if (error.errors) body.errors = error.errors;
  return body;
}
