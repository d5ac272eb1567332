import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DomainError, FieldError } from './domain.error.js';
import { ErrorCode } from './error-code.enum.js';

/** One refused field of a VALIDATION_FAILED body. */
export class FieldErrorBody implements FieldError {
  @ApiProperty({ example: 'email' })
  field: string;

  @ApiProperty({ type: [String], example: ['email must be an email address of at most 254 characters'] })
  messages: string[];
}

/** The one error shape of the whole API (its schema in openapi.json is this class). */
export class ErrorBody {
  @ApiProperty({ type: 'integer', description: 'The HTTP status, repeated.', example: 401 })
  statusCode: number;

  @ApiProperty({ enum: ErrorCode, enumName: 'ErrorCode', description: 'Stable and machine-readable: branch on this, never on `message`.' })
  code: string;

  @ApiProperty({ description: 'For people; may change.', example: 'Authentication is required.' })
  message: string;

  @ApiPropertyOptional({ type: [FieldErrorBody], description: 'With `VALIDATION_FAILED` only: what is wrong with each field.' })
  errors?: FieldError[];
}

export function toErrorBody(error: DomainError): ErrorBody {
  const body: ErrorBody = { statusCode: error.status, code: error.code, message: error.message };
  if (error.errors) body.errors = error.errors;
  return body;
}
