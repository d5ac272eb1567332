import { Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { KeyObject, createSecretKey } from 'node:crypto';
import { Clock } from '../common/clock/clock.js';
import { AppConfig } from '../config/app-config.js';
import { ACCESS_TOKEN_TYPE, AccessTokenClaims, checkAccessTokenClaims } from './access-token-claims.js';

export const ACCESS_TOKEN_ALGORITHM = 'HS256';
/** Tolerated difference between our clock and that of the instance that issued a token. */
const CLOCK_SKEW_SECONDS = 30;

export interface SignedAccessToken {
  token: string;
  expiresIn: number;
}

/** Issues access tokens and holds the one key and policy used to check them. */
@Injectable()
export class AccessTokenService {
  /** A KeyObject, not a string: jsonwebtoken re-imports string secrets on every call (~50x slower). */
  readonly key: KeyObject;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.key = createSecretKey(Buffer.from(config.jwt.secret, 'utf8'));
  }

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
    const token = jwt.sign(claims, this.key, { algorithm: ACCESS_TOKEN_ALGORITHM, header: { alg: ACCESS_TOKEN_ALGORITHM, typ: ACCESS_TOKEN_TYPE } });
    return { token, expiresIn };
  }

  /** The checks signature verification leaves to us, against our clock. */
  checkClaims(decoded: Parameters<typeof checkAccessTokenClaims>[0]): AccessTokenClaims {
    return checkAccessTokenClaims(decoded, this.clock.nowSeconds(), {
      maxTtlSeconds: this.config.jwt.accessTokenTtl,
      skewSeconds: CLOCK_SKEW_SECONDS,
    });
  }
}
