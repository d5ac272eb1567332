import { IsEmailAddress } from '../../auth/dto/is-email-address.decorator.js';

export class ForgotPasswordDto {
  @IsEmailAddress()
  email: string;
}
