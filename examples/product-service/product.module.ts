import { Module } from '@nestjs/common';
import { AutorenewGuardModule } from 'autorenew/nest';
import { ProductController } from './product.controller.js';

/** forRoot: the options written out (read from the environment at startup). */
@Module({
  imports: [
    AutorenewGuardModule.forRoot({
      serviceUrl: process.env.AUTH_SERVICE_URL ?? 'http://127.0.0.1:3000',
      issuer: 'autorenew',
      audience: 'autorenew',
      // The service's JWT_SECRET if it signs with HS256; leave it out for ES256 (keys from its JWKS).
      secret: process.env.AUTH_JWT_SECRET,
      clientId: 'product',
      clientSecret: process.env.AUTH_CLIENT_SECRET ?? '',
      // The service's REDIS_URL, if it has one: revocations then arrive within milliseconds.
      redisUrl: process.env.AUTH_REDIS_URL,
    }),
  ],
  controllers: [ProductController],
})
export class ProductModule {}
