import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { Clock } from '../common/clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { ACCESS_TOKEN_TYPE, AccessTokenClaims, checkAccessTokenClaims } from './access-token-claims.js';
import { SigningKeys } from './keys/signing-keys.js';
import { DomainError } from '../common/errors/domain.error.js';
import { ErrorCode } from '../common/errors/error-code.enum.js';

type DecodedAccessToken = Parameters<typeof checkAccessTokenClaims>[0];

/**
 * Tokens whose signature this instance has verified, by their exact text: a client presents the same
 * access token for minutes, and the signature check and two JSON parses were a third of the guard's
 * cost (docs/performance.md). Bounded; only valid signatures enter, and the keys cannot change without a
 * restart.
 */
const VERIFIED_TOKENS_MAX = 10_000;

export interface SignedAccessToken {
  token: string;
  expiresIn: number;
}

/** Issues access tokens and applies the claim policy that signature verification leaves to us. */
@Injectable()
export class AccessTokenService {
  private readonly verified = new LRUCache<string, DecodedAccessToken>({ max: VERIFIED_TOKENS_MAX });

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
   * or TOKEN_EXPIRED on failure.
   */
  verify(token: string): AccessTokenClaims {
    let decoded = this.verified.get(token);
    if (!decoded) {
      decoded = this.verifySignature(token);
      this.verified.set(token, decoded);
    }
    // Time and claim rules run on every use, cached or not.
    return this.checkClaims(decoded);
  }

  /** One pass of jsonwebtoken: the key getter sees the decoded header, so the token is parsed once. */
  private verifySignature(token: string): DecodedAccessToken {
    let decoded: DecodedAccessToken | undefined;
    const keyFor = (header: jwt.JwtHeader, done: (error: Error | null, key?: KeyObject) => void) => {
      const key = this.keys.resolve(header as unknown as Record<string, unknown>);
      if (key) done(null, key.key);
      else done(new Error('no acceptable key'));
    };
    const options = { algorithms: this.keys.algorithms, issuer: this.config.jwt.issuer, audience: this.config.jwt.audience, ignoreExpiration: true, ignoreNotBefore: true, complete: true } as const;
    // With a key getter jsonwebtoken takes a callback, which it calls before returning (nothing async).
    jwt.verify(token, keyFor, options, (error, result) => {
      if (!error) decoded = result;
    });
    if (!decoded) throw new DomainError(ErrorCode.TOKEN_INVALID);
    return decoded;
  }

  private checkClaims(decoded: DecodedAccessToken): AccessTokenClaims {
    return checkAccessTokenClaims(decoded, this.clock.nowSeconds(), {
      maxTtlSeconds: this.config.jwt.accessTokenTtl,
      skewSeconds: this.config.jwt.clockSkew,
    });
  }
}
