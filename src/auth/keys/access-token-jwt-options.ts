import { JwtSecretRequestType, type JwtModuleOptions } from '@nestjs/jwt';
import type { KeyObject } from 'node:crypto';
import { DomainError } from '../../common/errors/domain.error.js';
import { ErrorCode } from '../../common/errors/error-code.enum.js';
import type { AppConfig } from '../../config/app-config.js';
import { ACCESS_TOKEN_TYPE } from '../access-token-claims.js';
import type { SigningKeys } from './signing-keys.js';

/**
 * JwtService options for access tokens, built once at boot: KeyObjects only (never strings, which
 * jsonwebtoken would re-import on every call), the current key signs, and a token is verified with the
 * key its `kid` names, under the pinned algorithms. Expiry and not-before are left to
 * checkAccessTokenClaims, which reads the injectable clock.
 */
export function accessTokenJwtOptions(keys: SigningKeys, jwt: AppConfig['jwt']): JwtModuleOptions {
  const { algorithm, kid, signingKey } = keys.signing;
  return {
    secretOrKeyProvider: (requestType, tokenOrPayload) =>
      requestType === JwtSecretRequestType.SIGN ? signingKey : verificationKeyFor(keys, tokenOrPayload),
    signOptions: { algorithm, header: { alg: algorithm, typ: ACCESS_TOKEN_TYPE, kid } },
    verifyOptions: {
      algorithms: keys.algorithms,
      issuer: jwt.issuer,
      audience: jwt.audience,
      ignoreExpiration: true,
      ignoreNotBefore: true,
      complete: true,
    },
  };
}

/**
 * The key named by the token's header. JwtService asks before jsonwebtoken parses the token, so only
 * the short header segment is decoded here; an unreadable header or unknown kid is TOKEN_INVALID.
 */
function verificationKeyFor(keys: SigningKeys, token: string | object | Buffer): KeyObject {
  const header = typeof token === 'string' ? headerOf(token) : undefined;
  const key = header && keys.resolve(header);
  if (!key) throw new DomainError(ErrorCode.TOKEN_INVALID);
  return key.key;
}

function headerOf(token: string): Record<string, unknown> | undefined {
  const end = token.indexOf('.');
  if (end <= 0) return undefined;
  try {
    const header: unknown = JSON.parse(Buffer.from(token.slice(0, end), 'base64url').toString('utf8'));
    return header !== null && typeof header === 'object' && !Array.isArray(header) ? (header as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
