import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config.js';
import { logOptions } from './log-options.js';

/** Where log lines go; stdout by default, a capturing stream in the log-redaction test. */
export const LOG_DESTINATION = Symbol('LOG_DESTINATION');

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig, LOG_DESTINATION],
      useFactory: (config: AppConfig, destination: NodeJS.WritableStream) => ({
        pinoHttp: [logOptions(config.log.level), destination],
        // nestjs-pino's default route pattern matches nothing under Nest 12 on Fastify; this one matches all.
        forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
      }),
      providers: [{ provide: LOG_DESTINATION, useValue: process.stdout }],
    }),
  ],
})
export class LoggingModule {}
