import { Module } from '@nestjs/common';
import { ProductConfig } from './product.config.js';

@Module({ providers: [ProductConfig], exports: [ProductConfig] })
export class ProductConfigModule {}
