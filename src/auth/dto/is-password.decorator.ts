import { applyDecorators } from '@nestjs/common';
import { IsString, MaxLength } from 'class-validator';

/**
 * A new password's shape only; the policy (length in characters, common passwords) is applied by
 * assertAcceptablePassword, which answers WEAK_PASSWORD with advice. The bound here just stops absurd bodies.
 */
export const IsPassword = () => applyDecorators(IsString(), MaxLength(1024));
