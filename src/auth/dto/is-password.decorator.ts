import { applyDecorators } from '@nestjs/common';
import { IsString, MaxLength, MinLength } from 'class-validator';

export const PASSWORD_MIN_LENGTH = 8;
/** Checked before any hashing, so an enormous password cannot be used to burn CPU. */
export const PASSWORD_MAX_LENGTH = 128;

/** A new password: any characters, no composition rules, never truncated. */
export const IsPassword = () =>
  applyDecorators(IsString(), MinLength(PASSWORD_MIN_LENGTH), MaxLength(PASSWORD_MAX_LENGTH));
