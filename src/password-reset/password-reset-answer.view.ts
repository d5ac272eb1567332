import { ApiProperty } from '@nestjs/swagger';

/** The answer to a reset request or a reset: a sentence for people, the status says the rest. */
export class PasswordResetAnswer {
  @ApiProperty()
  message: string;
}
