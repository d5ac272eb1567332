import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations } from '@zxcvbn-ts/language-en';
import { DomainError } from '../../common/errors/domain.error.js';
import { ErrorCode } from '../../common/errors/error-code.enum.js';

export const PASSWORD_MIN_LENGTH = 8;
/** Checked before any hashing, so an enormous password cannot be used to burn CPU. */
export const PASSWORD_MAX_LENGTH = 128;
/**
 * zxcvbn's 3: about 10^8 to 10^10 guesses, "safely unguessable" against an online attack and a modest
 * offline one on a slow hash (argon2id here). 2 lets through a common word plus a year.
 */
export const PASSWORD_MIN_SCORE = 3;

/**
 * Only the first 64 characters are estimated and l33t substitutions are capped: the estimate runs on the
 * event loop, and uncapped a 128-character password of digits and symbols takes close to a second.
 * A password whose first 64 characters are hard to guess is hard to guess.
 */
const estimator = new ZxcvbnFactory({
  translations,
  graphs: adjacencyGraphs,
  dictionary: { ...commonDictionary, ...englishDictionary },
  maxLength: 64,
  l33tMaxSubstitutions: 10,
});

/** Who is choosing the password: their address and name are the first things an attacker tries. */
export interface PasswordOwner {
  email: string;
  displayName?: string | null;
}

/**
 * NIST SP 800-63B §5.1.1.2: 8..128 characters of any kind (spaces and Unicode included, counted after NFC
 * as they are hashed), no composition rules, never truncated, and nothing easily guessed: common passwords
 * and their variants, dictionary words, keyboard walks, repeats, dates, the owner's email or name.
 */
export function assertAcceptablePassword(password: string, owner: PasswordOwner): void {
  const normalised = password.normalize('NFC');
  const length = [...normalised].length;
  if (length < PASSWORD_MIN_LENGTH) throw weak(`Use at least ${PASSWORD_MIN_LENGTH} characters; a short phrase of a few words works well.`);
  if (length > PASSWORD_MAX_LENGTH) throw weak(`Use at most ${PASSWORD_MAX_LENGTH} characters.`);
  const { score, feedback } = estimator.check(normalised, userInputs(owner));
  if (score < PASSWORD_MIN_SCORE) {
    const advice = [feedback.warning ?? 'This password would be easy to guess.', ...feedback.suggestions];
    throw weak(`Choose a password that is harder to guess. ${advice.join(' ')}`);
  }
}

/**
 * The whole address, its local part and the display name, each also without separators and word by word
 * (`ada.lovelace` gives `adalovelace`, `ada`, `lovelace`); zxcvbn lower-cases them.
 */
function userInputs(owner: PasswordOwner): string[] {
  const localPart = owner.email.split('@')[0] ?? '';
  const name = owner.displayName?.trim() ?? '';
  const variants = [localPart, name].flatMap((value) => [value, value.replace(/[\s._+-]+/g, ''), ...value.split(/[\s._+-]+/)]);
  return [owner.email, ...new Set(variants.filter((word) => word.length >= 3))];
}

function weak(message: string): DomainError {
  return new DomainError(ErrorCode.WEAK_PASSWORD, { message });
}
