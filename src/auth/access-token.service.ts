import { Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { Clock } from '../common/clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { ACCESS_TOKEN_TYPE, AccessTokenClaims, checkAccessTokenClaims } from './access-token-claims.js';
import { SigningKeys } from './keys/signing-keys.js';
import { DomainError } from '../common/errors/domain.error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';

export interface SignedAccessToken {
  token: string;
  expiresIn: number;
}

/** Issues access tokens and applies the claim policy that signature verification leaves to us. */
@Injectable()
export class AccessTokenService {
  constructor(
    private readonly config: AppConfig,
    private readonly keys: SigningKeys,
    private readonly clock: Clock,
  ) {}

  sign(subject: { userId: string; sessionId: string; jwtVersion: number }): SignedAccessToken {
    const iat = this.clock.nowSeconds();
    const expiresIn = this.config.jwt.accessTokenTtl;
    const claims: AccessTokenClaims = {
      sub: subject.userId,
      sid: subject.sessionId,
      ver: subject.jwtVersion,
      iat,
      exp: iat + expiresIn,
      iss: this.config.jwt.issuer,
      aud: this.config.jwt.audience,
    };
    const { algorithm, kid, signingKey } = this.keys.signing;
    const token = jwt.sign(claims, signingKey, { algorithm, header: { alg: algorithm, typ: ACCESS_TOKEN_TYPE, kid } });
    return { token, expiresIn };
  }

  /**
   * The one verification path (the guard's strategy, logout by bearer, RFC 7009 revocation): the key
   * named by `kid` with its pinned algorithm, signature, issuer, audience, type and claims. TOKEN_INVALID
   * or TOKEN_EXPIRED on failure; `allowExpired` accepts an expired token for revocation only.
   */
  verify(token: string, options: { allowExpired?: boolean } = {}): AccessTokenClaims {
    const decoded = jwt.decode(token, { complete: true });
    const key = decoded && this.keys.resolve(decoded.header as unknown as Record<string, unknown>);
    if (!decoded || !key) throw new DomainError(ErrorCode.TOKEN_INVALID);
    try {
      jwt.verify(token, key.key, { algorithms: [key.algorithm], issuer: this.config.jwt.issuer, audience: this.config.jwt.audience, ignoreExpiration: true, ignoreNotBefore: true });
    } catch {
      throw new DomainError(ErrorCode.TOKEN_INVALID);
    }
    return this.checkClaims(decoded as never, options);
  }

  /** The session of a token we signed, expired or not (RFC 7009 revocation); undefined for anything else. */
  sessionOf(token: string): { sessionId: string; userId: string } | undefined {
    try {
      const claims = this.verify(token, { allowExpired: true });
      return { sessionId: claims.sid, userId: claims.sub };
    } catch {
      return undefined;
    }
  }

  private checkClaims(decoded: Parameters<typeof checkAccessTokenClaims>[0], options: { allowExpired?: boolean }): AccessTokenClaims {
    return checkAccessTokenClaims(decoded, this.clock.nowSeconds(), {
      maxTtlSeconds: this.config.jwt.accessTokenTtl,
      skewSeconds: this.config.jwt.clockSkew,
      allowExpired: options.allowExpired,
    });
  }
}
