import { Module } from '@nestjs/common';
import { NotesController } from './notes.controller.js';
import { NotesService } from './notes.service.js';

/** Add NotesModule to the imports of AppModule (src/app.module.ts); the guards are already global. */
@Module({ controllers: [NotesController], providers: [NotesService] })
export class NotesModule {}
