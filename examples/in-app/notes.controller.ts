import { Body, Controller, Get, Post } from '@nestjs/common';
import { CurrentUser } from '../../src/identity/current-user.decorator.js';
import { Public } from '../../src/identity/public.decorator.js';
import { Roles } from '../../src/identity/roles.decorator.js';
import type { Principal } from '../../src/identity/principal.js';
import { Client, type ClientInfo } from '../../src/identity/client-info.decorator.js';
import { Role } from '../../src/identity/role.enum.js';
import { CreateNoteDto } from './dto/create-note.dto.js';
import { NotesService, type NoteView } from './notes.service.js';

/** No guard in sight: every route here needs a live access token unless marked @Public(). */
@Controller('notes')
export class NotesController {
  constructor(private readonly notes: NotesService) {}

  /** The caller as the global guard established it: `{ userId, sessionId, role }`. */
  @Get('me')
  me(@CurrentUser() principal: Principal): Principal {
    return principal;
  }

  @Post()
  create(@CurrentUser() principal: Principal, @Body() body: CreateNoteDto, @Client() client: ClientInfo): NoteView {
    return this.notes.create(principal.userId, body.text, client);
  }

  @Get()
  list(@CurrentUser() principal: Principal): NoteView[] {
    return this.notes.listFor(principal.userId);
  }

  /** Open to anyone: no token needed, and none is read. */
  @Public()
  @Get('about')
  about(): { feature: string } {
    return { feature: 'notes' };
  }

  /** Authenticated and an administrator, or 403 FORBIDDEN. */
  @Roles(Role.Admin)
  @Get('all')
  all(): NoteView[] {
    return this.notes.listAll();
  }
}
