import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { Public } from '../../identity/public.decorator.js';
import type { JsonWebKey as JsonWebKeyInput } from 'node:crypto';
import { JwksView } from './jwks.view.js';
import { SigningKeys } from './signing-keys.js';

@Controller('.well-known')
export class KeysController {
  constructor(private readonly keys: SigningKeys) {}

  /** Lets other services verify ES256 access tokens without a shared secret. Empty with HS256. */
  @Public()
  @Get('jwks.json')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOkResponse({ type: JwksView })
  jwks(): { keys: JsonWebKeyInput[] } {
    return this.keys.jwks();
  }
}
