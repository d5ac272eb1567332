import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

export class UpdateUserDto {
  @ApiProperty({ description: '`true` bumps the user’s `jwt_version` and ends every session.' })
  @IsBoolean()
  disabled: boolean;
}
