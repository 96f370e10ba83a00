import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { GrantsPublicationService, Role, STAFF_ROLES, type Actor } from '#domain/index.js';
import { CurrentActor, Roles } from '../common/access.decorators.js';
import { GrantsPublicationListResponse, GrantsPublicationResponse, GrantsPublicationYearParam, PublishGrantsDto } from './grants-publication.dto.js';
import { ApiErrors, ApiOperation } from '../common/openapi.js';

/**
 * The years whose grants table (`/api/reports/grants`) and 360Giving package
 * (`/api/exports/360giving`) anyone may read without logging in.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('grants-publications')
export class GrantsPublicationController {
  constructor(private readonly publications: GrantsPublicationService) {}

  @Get()
  @Roles(...STAFF_ROLES)
  @ApiOkResponse({ type: GrantsPublicationListResponse })
  @ApiOperation({ operationId: 'listGrantsPublications', summary: 'The years whose grants table and 360Giving package anyone may read' })
  async list(): Promise<GrantsPublicationListResponse> {
    return { items: await this.publications.list() };
  }

  /** 201 when this call published the year; 200 with the existing publication when it already was. */
  @Post()
  @Roles(Role.Commissioner, Role.Admin)
  @ApiCreatedResponse({ type: GrantsPublicationResponse, description: 'published now' })
  @ApiOkResponse({ type: GrantsPublicationResponse, description: 'already published: the existing publication, nothing written' })
  @ApiErrors(400, 'NOTHING_TO_PUBLISH')
  @ApiOperation({ operationId: 'publishGrantsYear', summary: 'Publish a year\'s grants table and 360Giving package to readers without a token' })
  async publish(@CurrentActor() actor: Actor, @Body() dto: PublishGrantsDto, @Res({ passthrough: true }) res: Response): Promise<GrantsPublicationResponse> {
    const { publication, created } = await this.publications.publish(actor, dto.financialYear, dto.note);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return publication;
  }

  /** Withdraws a year (`2014-15`); 404 when it is not published. */
  @Delete(':year')
  @Roles(Role.Commissioner, Role.Admin)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'withdrawn: anonymous readers are refused the year again' })
  @ApiOperation({ operationId: 'withdrawGrantsYear', summary: 'Withdraw a published year (`2014-15`)' })
  @ApiErrors(400, { 404: 'The year is not published' })
  async withdraw(@CurrentActor() actor: Actor, @Param() { year }: GrantsPublicationYearParam): Promise<void> {
    await this.publications.withdraw(actor, year);
  }
}
