import { Controller, Get, Render } from '@nestjs/common';
import { Public } from '../common/access.decorators.js';

/** The footer's pages: open to everyone, signed in or not. */
@Controller()
export class PagesController {
  @Get('accessibility')
  @Public()
  @Render('pages/accessibility')
  accessibility() {
    return {};
  }

  @Get('privacy')
  @Public()
  @Render('pages/privacy')
  privacy() {
    return {};
  }

  @Get('contact')
  @Public()
  @Render('pages/contact')
  contact() {
    return {};
  }
}
