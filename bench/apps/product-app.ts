// The example product service (examples/product-service) as a process of its own, on Express, guarded by
// autorenew/nest against the service at AUTH_SERVICE_URL: its guarded route against its public one.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ProductAsyncModule } from '../../examples/product-service/product-async.module.js';

const app = await NestFactory.create(ProductAsyncModule, { logger: false });
await app.listen(Number(process.env.PORT), '127.0.0.1');
console.log('ready');
