import { Body, Controller, Get, Post, Render, Req } from '@nestjs/common';
import { FundingService, PAYMENT_QUEUE_TABS, PaymentQueueService, Role, type Actor, type BatchApproval, type PaymentQueueTab } from '#domain/index.js';
import { formatPounds } from '#platform/index.js';
import { CurrentActor, FormPage, Roles, SeeOther } from '../common/access.decorators.js';
import { idempotentRequest, newIdempotencyKey } from '../common/idempotent-form.js';
import { pageNumber, paginationFor } from '../common/pagination.js';
import type { WebRequest } from '../common/web-request.js';
import { ApproveForm } from './payment.forms.js';

declare module '../common/web-request.js' {
  interface SessionData {
    /** The last batch approval's outcome, shown once on the queue (post/redirect/get). */
    paymentBatch?: BatchApproval;
  }
}

const PAGE_SIZE = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A refusal's reason in the catalogue's words, its details as people read them. */
function refusalParams(details: Record<string, unknown>): Record<string, string> {
  const params: Record<string, string> = {};
  if (typeof details['thresholdPence'] === 'number') params['threshold'] = formatPounds(details['thresholdPence']);
  if (Array.isArray(details['conditions'])) params['conditions'] = (details['conditions'] as { title: string }[]).map((c) => c.title).join('; ');
  if (typeof details['status'] === 'string') params['status'] = details['status'];
  return params;
}

/**
 * Finance's payments queue across awards (tabs: to approve, approved, paid, held; the MOJ filter
 * by stream, kind and text) and the batch approval: each ticked payment approved on its own, the
 * two-person rule and holds applied per payment, the ones refused listed with why.
 */
@Controller('payments')
export class PaymentQueueController {
  constructor(
    private readonly queue: PaymentQueueService,
    private readonly funding: FundingService,
  ) {}

  @Get()
  @Roles(Role.Finance)
  @Render('payments/queue')
  async list(@Req() req: WebRequest) {
    const actor = req.actor!;
    const q = req.query as Record<string, unknown>;
    const tab: PaymentQueueTab = PAYMENT_QUEUE_TABS.find((t) => t === q['tab']) ?? 'to-approve';
    const fundingStreamId = typeof q['stream'] === 'string' && UUID.test(q['stream']) ? q['stream'] : undefined;
    const kind = q['kind'] === 'payment' || q['kind'] === 'recovery' ? q['kind'] : undefined;
    const search = typeof q['search'] === 'string' && q['search'].trim() ? q['search'].trim().slice(0, 200) : undefined;
    const page = pageNumber(q['page']);
    const [result, streams] = await Promise.all([this.queue.queue(actor, { tab, fundingStreamId, kind, search, page, pageSize: PAGE_SIZE }), this.funding.streamChoices()]);
    const batch = req.session?.paymentBatch;
    if (batch) delete req.session.paymentBatch;
    const filterQuery = { stream: fundingStreamId, kind, search };
    return {
      ...result,
      tab,
      tabs: PAYMENT_QUEUE_TABS,
      filters: filterQuery,
      streams,
      batch: batch && { ...batch, refused: batch.refused.map((r) => ({ ...r, params: refusalParams(r.details) })) },
      pagination: paginationFor(result.total, page, PAGE_SIZE, '/payments', { ...filterQuery, tab }),
      idempotencyKey: newIdempotencyKey(),
    };
  }

  @Post('approve')
  @Roles(Role.Finance)
  @SeeOther()
  @FormPage('payments/queue', { model: 'list' })
  async approve(@CurrentActor() actor: Actor, @Body() form: ApproveForm, @Req() req: WebRequest) {
    req.session.paymentBatch = await this.queue.approveMany(actor, form.paymentIds, idempotentRequest(req)?.key);
    return { url: '/payments?tab=to-approve' };
  }
}
