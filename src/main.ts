import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { createHttpAdapter, startApp } from './app.setup.js';
import { ConfigError, loadConfig } from './config/load-config.js';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createHttpAdapter(config), { bufferLogs: true });
  await startApp(app);
  await app.listen(config.http.port, config.http.host);
  app.get(Logger).log(`autorenew listening on ${config.http.host}:${config.http.port}`);
}

bootstrap().catch((error: unknown) => {
  // A bad configuration is the operator's to fix: say what is wrong without a stack trace.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
