import { dictionary } from '@zxcvbn-ts/language-common';
import { DomainError } from '../../common/errors/domain.error.js';
import { ErrorCode } from '../../common/errors/error-code.enum.js';

export const PASSWORD_MIN_LENGTH = 8;
/** Checked before any hashing, so an enormous password cannot be used to burn CPU. */
export const PASSWORD_MAX_LENGTH = 128;

/** ~49,000 most common passwords from breach corpora, as maintained by zxcvbn-ts. */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set(dictionary['passwords-common'] as string[]);

/**
 * NIST SP 800-63B: length 8..128 characters of any kind (spaces and Unicode included), no composition
 * rules, never truncated, and no password from a list of commonly used ones.
 */
export function assertAcceptablePassword(password: string): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) throw weak(`Use at least ${PASSWORD_MIN_LENGTH} characters; a short phrase of a few words works well.`);
  if (length > PASSWORD_MAX_LENGTH) throw weak(`Use at most ${PASSWORD_MAX_LENGTH} characters.`);
  if (COMMON_PASSWORDS.has(password.toLowerCase())) {
    throw weak('This password is one of the most commonly used and easily guessed; choose a less common one.');
  }
}

function weak(message: string): DomainError {
  return new DomainError(ErrorCode.WEAK_PASSWORD, { message });
}
