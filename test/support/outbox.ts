import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PasswordResetService } from '../../src/password-reset/password-reset.service.js';
import type { TestApp } from './test-app.js';

export interface SentMail {
  to: string;
  subject: string;
  body: string;
}

/** The messages the app wrote to its outbox, once its background reset work has settled. */
export async function readOutbox(t: TestApp): Promise<SentMail[]> {
  await t.app.get(PasswordResetService).whenIdle();
  const directory = t.config.mail.outboxDir;
  return readdirSync(directory)
    .filter((name) => name.endsWith('.eml'))
    .sort()
    .map((name) => {
      const raw = readFileSync(join(directory, name), 'utf8');
      const [head, ...rest] = raw.split('\n\n');
      return {
        to: /^To: (.*)$/m.exec(head)?.[1] ?? '',
        subject: /^Subject: (.*)$/m.exec(head)?.[1] ?? '',
        // Quoted-printable soft line breaks would split the link.
        body: rest.join('\n\n').replace(/=\n/g, '').replace(/=3D/g, '='),
      };
    });
}

export function resetTokenFrom(mail: SentMail): string {
  const match = /https:\/\/app\.example\.com\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail.body);
  if (!match) throw new Error(`no reset link in: ${mail.body}`);
  return match[1];
}
