import { ValidationOptions, registerDecorator } from 'class-validator';
import { parseDuration } from '../common/time/duration.js';

/** Accepts whole seconds or `30s`, `15m`, `12h`, `7d`, optionally bounded (in seconds). */
export function IsDuration(bounds: { min?: number; max?: number } = {}, options?: ValidationOptions) {
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = bounds;
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isDuration',
      target: target.constructor,
      propertyName,
      options: {
        message: `$property must be a duration between ${min}s and ${max}s such as 900, 30s, 15m, 12h or 7d`,
        ...options,
      },
      validator: {
        validate(value: unknown) {
          const seconds = typeof value === 'string' ? parseDuration(value) : undefined;
          return seconds !== undefined && seconds >= min && seconds <= max;
        },
      },
    });
}
