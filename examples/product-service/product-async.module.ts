import { Module } from '@nestjs/common';
import { AutorenewGuardModule } from 'autorenew/nest';
import { ProductConfigModule } from './product-config.module.js';
import { ProductConfig } from './product.config.js';
import { ProductController } from './product.controller.js';

/** forRootAsync: the options come from a configuration provider (with @nestjs/config: ConfigService). */
@Module({
  imports: [
    AutorenewGuardModule.forRootAsync({
      imports: [ProductConfigModule],
      inject: [ProductConfig],
      useFactory: (config: ProductConfig) => config.auth,
    }),
  ],
  controllers: [ProductController],
})
export class ProductAsyncModule {}
