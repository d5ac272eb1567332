import { Controller, Get } from '@nestjs/common';
import { type AutorenewPrincipal, CurrentUser, Public, Roles } from 'autorenew/nest';

/** A product route protected by the global guard, a public one, and one for administrators only. */
@Controller('products')
export class ProductController {
  @Public()
  @Get('catalog')
  catalog(): { items: string[] } {
    return { items: ['tea', 'coffee'] };
  }

  @Get('mine')
  mine(@CurrentUser() user: AutorenewPrincipal): { user: AutorenewPrincipal } {
    return { user };
  }

  @Roles('admin')
  @Get('report')
  report(@CurrentUser() user: AutorenewPrincipal): { preparedFor: string } {
    return { preparedFor: user.userId };
  }
}
