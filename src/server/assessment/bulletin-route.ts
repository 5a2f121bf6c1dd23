import { z } from 'zod';
import { HALL_WIDE_ROLES } from '../../domain';
import { signedInUser } from '../auth/require-user';
import { monthParams, type Api } from '../http/zod-provider';
import type { Db } from '../db/types';
import { HttpError } from '../http/errors';
import { bulletinXlsx } from './bulletin';
import { periodView, versionsOf } from './cycle';
import { schemeVersions } from './data';
import { allow } from './http';

/** The monthly bulletin (通报) as .xlsx. */
const BulletinQuerySchema = z.object({
  version: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1)
    .optional(),
  preliminary: z.enum(['1', 'true']).optional(),
});

export function registerBulletinRoute(app: Api, db: Db, zone: string): void {
  /** The monthly bulletin (通报) as .xlsx: a published version (latest, or ?version=N), or ?preliminary=1 labelled so. */
  app.get(
    '/assessments/:month/bulletin.xlsx',
    { schema: { params: monthParams, querystring: BulletinQuerySchema } },
    async (request, reply) => {
      const { month } = request.params;
      const user = signedInUser(request);
      const query = request.query;
      const schemes = await schemeVersions(db);
      let file: Buffer;
      if (query.preliminary) {
        allow(user, HALL_WIDE_ROLES, 'download a preliminary bulletin');
        const view = await periodView(db, month, user);
        if (!view.preliminary) throw new HttpError(404, 'not_found', `${month} has no preliminary result.`);
        file = await bulletinXlsx(
          { month, kind: 'preliminary', result: view.preliminary.result, dataAsOf: view.preliminary.dataAsOf },
          schemes,
          zone,
        );
      } else {
        const versions = await versionsOf(db, month);
        const chosen = query.version ? versions.find((v) => v.version === query.version) : versions.at(-1);
        if (!chosen)
          throw new HttpError(
            404,
            'not_found',
            query.version ? `${month} has no published version ${query.version}.` : `${month} is not published yet.`,
          );
        file = await bulletinXlsx(
          {
            month,
            kind: 'published',
            result: chosen.result,
            dataAsOf: chosen.dataAsOf,
            version: chosen.version,
            publishedAt: chosen.publishedAt,
            reason: chosen.reason,
          },
          schemes,
          zone,
        );
      }
      const name = `bulletin-${month}${query.preliminary ? '-preliminary' : ''}.xlsx`;
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(file);
    },
  );
}
