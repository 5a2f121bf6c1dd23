import { expectedStaff } from '../../../domain/patrol/expected';
import { useExpectedAtPost } from '../../features/leave/expected';
import { useLeaveT } from '../../features/leave/strings';
import { usePatrolT } from '../../features/patrol/strings';
import { useLang } from '../../i18n';
import { useSession } from '../../stores/session';
import { useLookups } from '../common';
import { correctedNow } from '../../sync/clock';
import { useLoadedPart } from '../RevealWhenLoaded';

/**
 * The duty leader's "who is away now" on their floor (DOMAIN §3): on leave until …, open
 * outings, substitutes standing in — from the synced rows, without any reason.
 */
export function AwayToday() {
  const t = useLeaveT();
  const tp = usePatrolT();
  const lang = useLang();
  const profile = useSession((s) => s.profile);
  const lookups = useLookups();
  const atPost = useExpectedAtPost();
  useLoadedPart(!!lookups.loaded && !!atPost.loaded);
  const staff = [...lookups.staff.entries()].map(([id, s]) => ({ id, ...s }));
  const windows = [...lookups.windows.entries()]
    .filter(([, w]) => !profile?.floorId || w.floorId === profile.floorId)
    .sort(([, a], [, b]) => a.position - b.position);
  const now = correctedNow();
  const lines: { key: string; text: string }[] = [];
  for (const [id, w] of windows) {
    for (const p of expectedStaff(id, staff, now, atPost.inputs)) {
      const covering = p.substituteFor ? ` ${tp.substituteFor(lookups.staff.get(p.substituteFor)?.name ?? '')}` : '';
      if (p.state === 'away' || p.substituteFor)
        lines.push({
          key: `${id}${p.staffId}${p.substituteFor}`,
          text: `${w.number} ${p.name}${covering} ${atPost.note(p, id, lang)}`,
        });
    }
  }
  if (!lines.length) return null;
  return (
    <div className="card" data-testid="away-today">
      <h2>{t.away}</h2>
      <ul className="list small">
        {lines.map((l) => (
          <li key={l.key} data-testid="away-line">
            {l.text}
          </li>
        ))}
      </ul>
    </div>
  );
}
