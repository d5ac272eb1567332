import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { RedisConnection } from './redis-connection.js';

/** `RedisConnection` when REDIS_URL is set, `null` otherwise (one instance, all state in memory). */
@Global()
@Module({
  providers: [
    {
      provide: RedisConnection,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        if (!config.redis.url) return null;
        const connection = new RedisConnection(config.redis.url, config.redis.keyPrefix);
        connection.connect();
        return connection;
      },
    },
  ],
  exports: [RedisConnection],
})
export class RedisModule {}
