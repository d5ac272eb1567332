import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ClientInfo } from '../../src/identity/client-info.decorator.js';

export interface NoteView {
  id: string;
  ownerId: string;
  text: string;
  /** The User-Agent the note was written from. */
  writtenWith: string | null;
}

/** The rules of the feature; a real one keeps its rows in a TypeORM repository, as src/sessions does. */
@Injectable()
export class NotesService {
  private readonly notes: NoteView[] = [];

  create(ownerId: string, text: string, client: ClientInfo): NoteView {
    const note = { id: randomUUID(), ownerId, text, writtenWith: client.userAgent };
    this.notes.push(note);
    return note;
  }

  listFor(ownerId: string): NoteView[] {
    return this.notes.filter((note) => note.ownerId === ownerId);
  }

  listAll(): NoteView[] {
    return [...this.notes];
  }
}
