import type { Floor, HallWindow } from '../../../domain';
import { compareText } from '../../../domain/text-order';

/** Floors with the duty leader's own floor first, then by level; each floor's windows in hall order. */
export function windowsInHallOrder(
  floors: Floor[],
  windows: HallWindow[],
  ownFloorId: string | null,
): { floor: Floor | null; windows: HallWindow[] }[] {
  const sortedFloors = [...floors].sort((a, b) =>
    a.id === ownFloorId ? -1 : b.id === ownFloorId ? 1 : a.level - b.level,
  );
  const groups = sortedFloors.map((floor) => ({
    floor: floor as Floor | null,
    windows: windows
      .filter((w) => w.floorId === floor.id)
      .sort((a, b) => a.position - b.position || compareText(a.number, b.number)),
  }));
  const known = new Set(floors.map((f) => f.id));
  const orphans = windows.filter((w) => !known.has(w.floorId)).sort((a, b) => a.position - b.position);
  if (orphans.length) groups.push({ floor: null, windows: orphans });
  return groups.filter((g) => g.windows.length > 0);
}
