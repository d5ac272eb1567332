import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AppConfig } from '../../config/app-config.js';
import { AccessTokenService } from '../access-token.service.js';
import { SigningKeys } from '../keys/signing-keys.js';
import { Principal } from '../principal.js';
import { PrincipalService } from '../principal.service.js';

type DecodedToken = { header: Record<string, unknown>; payload: Record<string, unknown> | string };

/**
 * Verifies signature, algorithm (pinned per key), issuer and audience. Time claims are checked by
 * AccessTokenService against the injectable clock, because passport-jwt fixes its options at construction.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    keys: SigningKeys,
    private readonly accessTokens: AccessTokenService,
    private readonly principals: PrincipalService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKeyProvider: (_request: unknown, rawToken: string, done: (error: Error | null, key?: unknown) => void) => {
        const key = keys.resolve(decodeHeader(rawToken));
        if (key) done(null, key.key);
        else done(new Error('no acceptable key for this token'));
      },
      algorithms: keys.algorithms,
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      ignoreExpiration: true,
      jsonWebTokenOptions: { complete: true, ignoreNotBefore: true },
    } as never);
  }

  async validate(decoded: DecodedToken): Promise<Principal> {
    return this.principals.resolve(this.accessTokens.checkClaims(decoded));
  }
}

/** Reads the header only to choose a key; nothing in it is trusted until the signature verifies. */
function decodeHeader(rawToken: string): Record<string, unknown> {
  try {
    const header: unknown = JSON.parse(Buffer.from(rawToken.split('.')[0], 'base64url').toString('utf8'));
    return header && typeof header === 'object' && !Array.isArray(header) ? (header as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
