import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Mailer } from './mailer.js';
import { OutboxMailer, SmtpMailer } from './nodemailer.mailer.js';

@Module({
  providers: [
    {
      provide: Mailer,
      inject: [AppConfig],
      useFactory: ({ mail }: AppConfig): Mailer =>
        mail.smtpUrl ? new SmtpMailer(mail.smtpUrl, mail.from) : new OutboxMailer(mail.outboxDir, mail.from),
    },
  ],
  exports: [Mailer],
})
export class MailModule {}
