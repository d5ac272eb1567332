import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ProductAsyncModule } from './product-async.module.js';

// Express here; `new FastifyAdapter()` as the second argument works the same (docs/integration.md).
const app = await NestFactory.create(ProductAsyncModule);
await app.listen(Number(process.env.PORT ?? 4000));
