import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, FieldError } from '../errors/domain.error.js';
import { ErrorCode } from '../errors/error-code.enum.js';

/** Refuses unknown fields instead of silently dropping them, and reports failures in the shared shape. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new DomainError(ErrorCode.VALIDATION_FAILED, { errors: flattenErrors(errors) }),
  });
}

function flattenErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flattenErrors(error.children ?? [], field)];
  });
}
