import { Injectable } from '@nestjs/common';
import type { AutorenewGuardOptions } from 'autorenew/nest';

/** The product's configuration, as @nestjs/config's ConfigService or any provider would serve it. */
@Injectable()
export class ProductConfig {
  readonly auth: AutorenewGuardOptions = {
    serviceUrl: required('AUTH_SERVICE_URL'),
    issuer: process.env.AUTH_ISSUER ?? 'autorenew',
    audience: process.env.AUTH_AUDIENCE ?? 'autorenew',
    secret: process.env.AUTH_JWT_SECRET,
    clientId: required('AUTH_CLIENT_ID'),
    clientSecret: required('AUTH_CLIENT_SECRET'),
    redisUrl: process.env.AUTH_REDIS_URL,
    redisKeyPrefix: process.env.AUTH_REDIS_KEY_PREFIX,
    cacheTtl: process.env.AUTH_CACHE_TTL ? Number(process.env.AUTH_CACHE_TTL) : undefined,
  };
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}
