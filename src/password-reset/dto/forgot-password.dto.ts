import { ApiProperty } from '@nestjs/swagger';
import { IsEmailAddress } from '../../auth/dto/is-email-address.decorator.js';

export class ForgotPasswordDto {
  @ApiProperty({ format: 'email', maxLength: 254, example: 'ada@example.com' })
  @IsEmailAddress()
  email: string;
}
