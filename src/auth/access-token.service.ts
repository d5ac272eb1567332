import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { LRUCache } from 'lru-cache';
import { Clock } from '../common/clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { AccessTokenClaims, checkAccessTokenClaims } from './access-token-claims.js';
import { accessTokenJwtOptions } from './keys/access-token-jwt-options.js';
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
    keys: SigningKeys,
    private readonly clock: Clock,
    // Nest injects the one registered by AuthModule (JwtModule.registerAsync); built from the same
    // options when the service is constructed by hand (unit specs).
    private readonly jwt: JwtService = new JwtService(accessTokenJwtOptions(keys, config.jwt)),
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
    // Key, algorithm and header (typ, kid) come from accessTokenJwtOptions.
    return { token: this.jwt.sign(claims), expiresIn };
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

  /**
   * Signature, pinned algorithm, key by `kid`, issuer and audience (accessTokenJwtOptions); no options
   * object per call. Any failure, including an unknown kid, is TOKEN_INVALID: which check failed is not
   * the caller's business.
   */
  private verifySignature(token: string): DecodedAccessToken {
    try {
      return this.jwt.verify<DecodedAccessToken>(token);
    } catch {
      throw new DomainError(ErrorCode.TOKEN_INVALID);
    }
  }

  private checkClaims(decoded: DecodedAccessToken): AccessTokenClaims {
    return checkAccessTokenClaims(decoded, this.clock.nowSeconds(), {
      maxTtlSeconds: this.config.jwt.accessTokenTtl,
      skewSeconds: this.config.jwt.clockSkew,
    });
  }
}
