import type { FastifyInstance } from 'fastify';
import { PullQuerySchema, PushRequestSchema, describeIssues, type PushResponse } from '../../domain';
import { requireUser, signedInUser } from '../auth/require-user';
import type { Db } from '../db/types';
import { HttpError } from '../http/errors';
import { pullChanges } from './pull';
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

export function registerSyncRoutes(app: FastifyInstance, db: Db, zone: string): void {
  app.post('/api/sync/push', { preHandler: requireUser(db) }, async (request, reply) => {
    const user = signedInUser(request);
    const parsed = PushRequestSchema.safeParse(request.body);
    if (!parsed.success) {
      throw new HttpError(400, 'invalid_request', describeIssues(parsed.error), parsed.error.issues);
    }
    // The epoch read beside the push (another pool connection on PostgreSQL): no added round trip.
    const [applied, epoch] = await Promise.all([
      applyPush(db, user, parsed.data, zone, request.log),
      readDataEpoch(db),
    ]);
    // Ids are applied and logged in their canonical (lower-case) spelling, but each answer
    // carries the id as this client sent it, so any client finds its own mutation.
    const sent = (request.body as { mutations: { id: string }[] }).mutations;
    const response: PushResponse = {
      ...applied,
      epoch,
      results: applied.results.map((r, i) => ({ ...r, id: sent[i]!.id })),
    };
    request.server.metrics?.push(parsed.data.mutations, response);
    const { status, firstReason } = pushStatus(response);
    if (status === 200) return response;
    const rejected = response.results.filter((r) => r.status === 'rejected').length;
    return reply.code(status).send({
      error: 'mutations_rejected',
      message: `${rejected} of ${response.results.length} mutations rejected: ${firstReason}`,
      ...response,
    });
  });

  app.get('/api/sync/pull', { preHandler: requireUser(db) }, async (request) => {
    const parsed = PullQuerySchema.safeParse(request.query);
    if (!parsed.success) {
      throw new HttpError(400, 'invalid_query', describeIssues(parsed.error), parsed.error.issues);
    }
    const [response, epoch] = await Promise.all([
      pullChanges(db, signedInUser(request), parsed.data.cursor, parsed.data.limit),
      readDataEpoch(db),
    ]);
    request.server.metrics?.pull(response.changes.length);
    return { ...response, epoch };
  });
}
