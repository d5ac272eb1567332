import { applyDecorators } from '@nestjs/common';
import { IsString, MaxLength, ValidateBy, isEmail } from 'class-validator';
import { hasControlCharacter, normalizeEmail } from '../../users/normalize-email.js';

/** RFC 5321 §4.5.3.1.3 bounds a path to 256 octets, so 254 characters is the most an address can hold. */
const EMAIL_MAX_LENGTH = 254;

/**
 * An email as the services will see it: checked in its normalised form (so a full-width address typed on
 * a CJK keyboard is accepted, and the stored value fits the column), but control characters are refused
 * in the raw input, before trimming could hide a CR/LF.
 */
export const IsEmailAddress = () =>
  applyDecorators(
    IsString(),
    // Bounds the work before normalising; the real limit is on the normalised value below.
    MaxLength(EMAIL_MAX_LENGTH * 2),
    ValidateBy({
      name: 'noControlCharacters',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !hasControlCharacter(value),
        defaultMessage: () => '$property must not contain control characters (CR, LF, tab or other C0/C1 codes)',
      },
    }),
    ValidateBy({
      name: 'isEmailAddress',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isNormalisedEmail(normalizeEmail(value)),
        defaultMessage: () => `$property must be an email address of at most ${EMAIL_MAX_LENGTH} characters`,
      },
    }),
  );

function isNormalisedEmail(email: string): boolean {
  return [...email].length <= EMAIL_MAX_LENGTH && isEmail(email);
}
