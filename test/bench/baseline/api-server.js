// The API benchmark's baseline: a bare node:http + pg server answering
//   GET /api/awards/:id
//   GET /api/awards?financialYear=&status=&fundingStreamId=&recipientOrganisationId=&page=&pageSize=
// with the same SQL statements, in the same order, that the real API sends for those requests
// (captured from the API with test/bench/baseline/query-probe.js and pasted below; api.bench.js
// reports both sides' statements per request and fails unless they return the same JSON). When
// the API's SQL changes, capture it again and change it here too. What it leaves out is everything the product adds around the SQL: Nest's
// routing, guards, pipes and interceptors, class-validator, helmet, pino, TypeORM's query builder
// and hydration, and authentication (the API verifies a JWT and reloads the user per request).
//
// With JWT_SECRET set, a request carrying `Authorization: Bearer <token>` is also authenticated
// the way the API's guard does it (HS256 signature, exp, typ and sid, then the API's own SELECT of
// the user and its live login, and the same role/organisation checks), written the bare way:
// node:crypto, no framework.
// That variant runs every statement the API runs for the request.
//
// Run as a fork()ed child: env DATABASE_URL, PORT, POOL_SIZE, JWT_SECRET. IPC { probe: 'reset' |
// 'read' } answers with the statement count, like the probe preloaded into the API.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';

// TypeORM hands `date` columns over as 'YYYY-MM-DD' strings and pence (bigint) as numbers.
pg.types.setTypeParser(1082, (value) => value);
pg.types.setTypeParser(20, (value) => Number(value));

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10), application_name: 'ringfence-bench-baseline' });
pool.on('error', () => undefined);
let statements = 0;
async function query(text, values) {
  statements++;
  return (await pool.query(text, values)).rows;
}

const AWARD_COLUMNS =
  '"a"."id" AS "a_id", "a"."reference" AS "a_reference", "a"."funding_stream_id" AS "a_funding_stream_id", "a"."recipient_organisation_id" AS "a_recipient_organisation_id", "a"."title" AS "a_title", "a"."grant_type" AS "a_grant_type", "a"."description" AS "a_description", "a"."amount_pence" AS "a_amount_pence", "a"."start_date" AS "a_start_date", "a"."end_date" AS "a_end_date", "a"."status" AS "a_status", "a"."decision_reference" AS "a_decision_reference", "a"."approved_by_user_id" AS "a_approved_by_user_id", "a"."approved_at" AS "a_approved_at", "a"."decision_date" AS "a_decision_date", "a"."created_by_user_id" AS "a_created_by_user_id", "a"."lead_officer_user_id" AS "a_lead_officer_user_id", "a"."activated_at" AS "a_activated_at", "a"."agreement_signed_on" AS "a_agreement_signed_on", "a"."closed_at" AS "a_closed_at", "a"."cancelled_at" AS "a_cancelled_at", "a"."status_reason" AS "a_status_reason", "a"."version" AS "a_version", "a"."created_at" AS "a_created_at", "a"."updated_at" AS "a_updated_at"';

/** AwardsService.get: the award and its view's related rows in one statement (award-rows.ts). */
async function getAward(id) {
  const rows = await query(
    `SELECT ${AWARD_COLUMNS}, ${relatedColumns('"a"."id"')}
    FROM "award" "a"
    LEFT JOIN funding_stream s ON s.id = "a"."funding_stream_id"
    LEFT JOIN organisation o ON o.id = "a"."recipient_organisation_id"
   WHERE "a"."id" = $1`,
    [id],
  );
  if (rows.length === 0) return null;
  return toViews(rows, new Map([[rows[0].a_id, rows[0]]]))[0];
}

/** AwardsService.list: the page (chosen by id), then the count; then the views. */
async function listAwards(params) {
  const where = [];
  const values = [];
  if (params.financialYear) {
    values.push(params.financialYear);
    where.push(`"a"."funding_stream_id" IN (SELECT s.id FROM funding_stream s WHERE s.financial_year = $${values.length})`);
  }
  if (params.fundingStreamId) {
    values.push(params.fundingStreamId);
    where.push(`"a"."funding_stream_id" = $${values.length}`);
  }
  if (params.recipientOrganisationId) {
    values.push(params.recipientOrganisationId);
    where.push(`"a"."recipient_organisation_id" = $${values.length}`);
  }
  if (params.status) {
    values.push(params.status);
    where.push(`"a"."status" = $${values.length}`);
  }
  const whereSql = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  const offset = (params.page - 1) * params.pageSize;
  // The page's ids first, then their rows (award-list.ts pageOfAwards: a deep page skips index entries, not table rows).
  const awards = await query(
    `SELECT ${AWARD_COLUMNS} FROM "award" "a" WHERE "a"."id" IN (SELECT "a"."id" FROM "award" "a"${whereSql} ORDER BY "a"."created_at" ASC, "a"."id" ASC LIMIT ${params.pageSize}${offset ? ` OFFSET ${offset}` : ''}) ORDER BY "a"."created_at" ASC, "a"."id" ASC`,
    values,
  );
  const [{ cnt }] = await query(`SELECT COUNT(1) AS "cnt" FROM "award" "a"${whereSql}`, values);
  return { items: await views(awards), total: Number(cnt), page: params.page, pageSize: params.pageSize };
}

/** award-views-sql.ts relatedColumns: an award's stream year, recipient name and related rows. */
const relatedColumns = (awardId) => `s.financial_year, o.name AS recipient_name,
         (SELECT coalesce(json_agg(json_build_object('id', l.id, 'label', l.label, 'amountPence', l.amount_pence, 'note', l.note) ORDER BY l.position), '[]')
            FROM award_line l WHERE l.award_id = ${awardId}) AS lines,
         (SELECT coalesce(json_agg(json_build_object('organisationId', c.organisation_id, 'amountPence', c.amount_pence)), '[]')
            FROM award_co_funder c WHERE c.award_id = ${awardId}) AS co_funders,
         (SELECT coalesce(json_agg(x.plan_objective_id), '[]') FROM award_objective x WHERE x.award_id = ${awardId}) AS objective_ids,
         (SELECT coalesce(json_agg(json_build_object('name', b.name, 'geoCode', b.geo_code, 'geoCodeType', b.geo_code_type) ORDER BY b.position), '[]')
      FROM award_beneficiary_location b WHERE b.award_id = ${awardId}) AS beneficiary_locations`;

/** AwardsService.views: one statement for the whole page. */
const VIEWS_SQL = `
  SELECT v.award_id, ${relatedColumns('v.award_id')}
    FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS v(award_id, funding_stream_id, recipient_organisation_id)
    LEFT JOIN funding_stream s ON s.id = v.funding_stream_id
    LEFT JOIN organisation o ON o.id = v.recipient_organisation_id`;

async function views(awards) {
  if (awards.length === 0) return [];
  const rows = await query(VIEWS_SQL, [awards.map((a) => a.a_id), awards.map((a) => a.a_funding_stream_id), awards.map((a) => a.a_recipient_organisation_id)]);
  return toViews(awards, new Map(rows.map((r) => [r.award_id, r])));
}

/** The API's JSON of each award row, with its related row from `related` (by award id). */
function toViews(awards, related) {
  return awards.map((a) => ({
    id: a.a_id,
    reference: a.a_reference,
    fundingStreamId: a.a_funding_stream_id,
    financialYear: related.get(a.a_id)?.financial_year ?? '',
    recipientOrganisationId: a.a_recipient_organisation_id,
    recipientName: related.get(a.a_id)?.recipient_name ?? '',
    title: a.a_title,
    grantType: a.a_grant_type,
    description: a.a_description,
    amountPence: a.a_amount_pence,
    startDate: a.a_start_date,
    endDate: a.a_end_date,
    status: a.a_status,
    decisionReference: a.a_decision_reference,
    approvedByUserId: a.a_approved_by_user_id,
    approvedAt: a.a_approved_at,
    decisionDate: a.a_decision_date,
    activatedAt: a.a_activated_at,
    agreementSignedOn: a.a_agreement_signed_on,
    closedAt: a.a_closed_at,
    cancelledAt: a.a_cancelled_at,
    statusReason: a.a_status_reason,
    createdByUserId: a.a_created_by_user_id,
    leadOfficerUserId: a.a_lead_officer_user_id,
    version: a.a_version,
    objectiveIds: related.get(a.a_id)?.objective_ids ?? [],
    coFunders: related.get(a.a_id)?.co_funders ?? [],
    lines: related.get(a.a_id)?.lines ?? [],
    beneficiaryLocations: related.get(a.a_id)?.beneficiary_locations ?? [],
    createdAt: a.a_created_at,
    updatedAt: a.a_updated_at,
  }));
}

// The user and its login's live refresh token in one statement (UsersService.findActiveInLogin).
const USER_SQL =
  'SELECT "u"."id" AS "u_id", "u"."email" AS "u_email", "u"."name" AS "u_name", "u"."role" AS "u_role", "u"."organisation_id" AS "u_organisation_id", "u"."disabled" AS "u_disabled", "u"."version" AS "u_version", "u"."last_login_at" AS "u_last_login_at", "u"."created_at" AS "u_created_at", "u"."updated_at" AS "u_updated_at" FROM "app_user" "u" WHERE "u"."id" = $1 AND NOT "u"."disabled" AND EXISTS (SELECT 1 FROM refresh_token t WHERE t.family_id = $2 AND t.user_id = u.id AND t.revoked_at IS NULL AND t.rotated_at IS NULL AND t.expires_at > now())';
const SECRET = process.env.JWT_SECRET ? Buffer.from(process.env.JWT_SECRET) : null;

/** The guard's work for a bearer token: null when the request must be refused with 401. */
async function authenticate(header) {
  const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  const [head, body, signature] = token.split('.');
  if (!SECRET || !signature) return null;
  const expected = createHmac('sha256', SECRET).update(`${head}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
  if (typeof claims.exp !== 'number' || claims.exp <= Date.now() / 1000 || claims.typ !== 'access' || !UUID.test(claims.sub) || !UUID.test(claims.sid)) return null;
  const [user] = await query(USER_SQL, [claims.sub, claims.sid]);
  if (!user || user.u_role !== claims.role || user.u_organisation_id !== (claims.org ?? null)) return null;
  return { userId: user.u_id, role: user.u_role, organisationId: user.u_organisation_id };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function send(res, status, body) {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://x');
    if (req.method === 'GET' && url.pathname === '/health') return send(res, 200, { status: 'ok' });
    if (req.method !== 'GET') return send(res, 405, { code: 'METHOD_NOT_ALLOWED' });
    if (req.headers.authorization && !(await authenticate(req.headers.authorization))) return send(res, 401, { code: 'UNAUTHENTICATED' });
    const match = /^\/api\/awards\/([^/]+)$/.exec(url.pathname);
    if (match) {
      if (!UUID.test(match[1])) return send(res, 400, { code: 'VALIDATION' });
      const award = await getAward(match[1]);
      return award ? send(res, 200, award) : send(res, 404, { code: 'NOT_FOUND' });
    }
    if (url.pathname === '/api/awards') {
      const q = url.searchParams;
      const page = Number(q.get('page') ?? 1);
      const pageSize = Number(q.get('pageSize') ?? 50);
      if (!Number.isInteger(page) || page < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 200) return send(res, 400, { code: 'VALIDATION' });
      const params = {
        financialYear: q.get('financialYear') ?? undefined,
        status: q.get('status') ?? undefined,
        fundingStreamId: q.get('fundingStreamId') ?? undefined,
        recipientOrganisationId: q.get('recipientOrganisationId') ?? undefined,
        page,
        pageSize,
      };
      return send(res, 200, await listAwards(params));
    }
    return send(res, 404, { code: 'NOT_FOUND' });
  } catch (error) {
    send(res, 500, { code: 'INTERNAL', message: String(error?.message ?? error) });
  }
});
// Same keep-alive behaviour as Node's defaults in the API (Express uses the same http server).
server.listen(Number(process.env.PORT), '127.0.0.1');

process.on('message', (message) => {
  if (message?.probe === 'reset') statements = 0;
  else if (message?.probe === 'read') process.send({ probe: 'stats', statements, texts: [] });
});
process.channel?.unref();
// Dies with the benchmark that forked it, even if that one could not stop it.
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections?.();
  pool.end().finally(() => process.exit(0));
});
