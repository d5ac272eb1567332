import { Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { AppConfig } from '../config/app-config.js';
import { logOptions, requestLogOptions } from './log-options.js';

/** Where log lines go; stdout by default, a capturing stream in the log-redaction test. */
export const LOG_DESTINATION = Symbol('LOG_DESTINATION');
/** The pino logger that writes one line per request (registerRequestLogging), to the same destination. */
export const REQUEST_LOGGER = Symbol('REQUEST_LOGGER');

@Global()
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig, LOG_DESTINATION],
      useFactory: (config: AppConfig, destination: NodeJS.WritableStream) => ({
        pinoHttp: [logOptions(config.log.level), destination],
        // No pino-http middleware (it cost middie, AsyncLocalStorage and a child logger per request):
        // one Fastify hook writes each request's line (registerRequestLogging).
        forRoutes: [],
      }),
    }),
  ],
  providers: [
    // Written asynchronously: lines that arrive while a write is in flight go out in one syscall.
    { provide: LOG_DESTINATION, useFactory: () => pino.destination({ dest: 1, sync: false }) },
    {
      provide: REQUEST_LOGGER,
      inject: [AppConfig, LOG_DESTINATION],
      useFactory: (config: AppConfig, destination: pino.DestinationStream) => pino(requestLogOptions(config.log.level), destination),
    },
  ],
  exports: [LOG_DESTINATION, REQUEST_LOGGER],
})
export class LoggingModule {}
