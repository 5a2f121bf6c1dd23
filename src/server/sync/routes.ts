import { PullQuerySchema, PushRequestSchema, type PushResponse } from '../../domain';
import { requireUser, signedInUser } from '../auth/require-user';
import type { Area } from '../http/zod-provider';
import { EARLIEST_DAY } from '../../domain/bounds';
import { addMonths, hallMonth, hallMonthBoundsUtc } from '../../domain/hall-time';
import { pullChanges, type PullHorizon } from './pull';
import { applyPush } from './push';
import { readDataEpoch } from '../ops/epoch';

/** 200 when all applied; otherwise the status of the first rejection (the body always has results). */
function pushStatus(response: PushResponse): { status: number; firstReason?: string } {
  const first = response.results.find((r) => r.status === 'rejected');
  if (!first || first.status !== 'rejected') return { status: 200 };
  const status =
    first.code === 'conflict' ? 409 : first.code === 'forbidden' || first.code === 'wrong_user' ? 403 : 422;
  return { status, firstReason: `${first.code}: ${first.reason}` };
}

/**
 * The horizon a pull filters by: the phone's `since`, but never later than the month before the
 * server's current hall month — a phone whose clock runs ahead (2100) would otherwise move its
 * cursor past rows of the open months and never receive them.
 */
export function pullHorizon(since: string | undefined, serverNow: Date, zone: string): PullHorizon | null {
  // Before the earliest month any record can have (a phone clock in 1970): nothing to leave out.
  if (!since || since < EARLIEST_DAY.slice(0, 7)) return null;
  const latest = addMonths(hallMonth(serverNow, zone), -1);
  const month = since < latest ? since : latest;
  return { month, day: `${month}-01`, fromIso: hallMonthBoundsUtc(month, zone).from };
}

/** The ids of a push as this client spelled them (the schema lower-cases them before the handler). */
const sentIds = new WeakMap<object, string[]>();

/** Push and pull (prefix /api/sync): every route signed in (the area's hook). */
export const syncArea: Area = async (app, { db, config, now }) => {
  const zone = config.hallTimeZone;
  app.addHook('preValidation', requireUser(db));

  app.post(
    '/push',
    {
      schema: { body: PushRequestSchema },
      // Before validation replaces the body with its parsed (lower-cased) value.
      preValidation: async (request) => {
        const mutations = (request.body as { mutations?: unknown } | null)?.mutations;
        if (Array.isArray(mutations))
          sentIds.set(
            request,
            mutations.map((m) => (m as { id: string }).id),
          );
      },
    },
    async (request, reply) => {
      const user = signedInUser(request);
      const push = request.body;
      // The epoch read beside the push (another pool connection on PostgreSQL): no added round trip.
      const [applied, epoch] = await Promise.all([
        applyPush(db, user, push, zone, request.log, now),
        readDataEpoch(db),
      ]);
      // Ids are applied and logged in their canonical (lower-case) spelling, but each answer
      // carries the id as this client sent it, so any client finds its own mutation.
      const sent = sentIds.get(request)!;
      const response: PushResponse = {
        ...applied,
        epoch,
        results: applied.results.map((r, i) => ({ ...r, id: sent[i]! })),
      };
      request.server.metrics?.push(push.mutations, response);
      const { status, firstReason } = pushStatus(response);
      if (status === 200) return response;
      const rejected = response.results.filter((r) => r.status === 'rejected').length;
      return reply.code(status).send({
        error: 'mutations_rejected',
        message: `${rejected} of ${response.results.length} mutations rejected: ${firstReason}`,
        ...response,
      });
    },
  );

  app.get('/pull', { schema: { querystring: PullQuerySchema } }, async (request) => {
    const { cursor, limit, since } = request.query;
    const [response, epoch] = await Promise.all([
      pullChanges(db, signedInUser(request), cursor, limit, pullHorizon(since, now?.() ?? new Date(), zone)),
      readDataEpoch(db),
    ]);
    request.server.metrics?.pull(response.changes.length);
    return { ...response, epoch };
  });
};
