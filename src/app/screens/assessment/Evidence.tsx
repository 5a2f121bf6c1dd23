import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo } from 'react';
import type { DisputeEvidence } from '../../../domain/assessment/dispute-evidence';
import { db } from '../../db/instance';
import { useUi } from '../../stores/ui';

/** Strings of dispute evidence (issue #15 point 11). */
const zh = {
  evidence: '证据',
  attach: '添加照片或文件',
  attachHelp: '可拍照或选择文件（照片或 PDF），最多 5 个；离线时也可添加，联网后自动上传。',
  remove: '移除',
  photo: (n: number) => `照片 ${n}`,
  document: (n: number) => `文件 ${n}`,
  open: '打开',
  waiting: '待上传',
  refused: '上传被拒绝',
  tooMany: '最多 5 个文件',
  badType: '只能添加照片（JPEG/PNG）或 PDF 文件',
  none: '未附证据',
};
const en: typeof zh = {
  evidence: 'Evidence',
  attach: 'Add photo or file',
  attachHelp: 'Take a photo or choose a file (photo or PDF), up to 5; works offline, uploads once online.',
  remove: 'Remove',
  photo: (n) => `Photo ${n}`,
  document: (n) => `Document ${n}`,
  open: 'Open',
  waiting: 'Waiting to upload',
  refused: 'Upload refused',
  tooMany: 'At most 5 files',
  badType: 'Only photos (JPEG/PNG) or PDF files',
  none: 'No evidence attached',
};

export function useEvidenceT(): typeof zh {
  return useUi((s) => s.language) === 'en' ? en : zh;
}

/** An object URL for a blob while the component shows it. */
function useBlobUrl(blob: Blob | undefined): string | null {
  const url = useMemo(() => (blob ? URL.createObjectURL(blob) : null), [blob]);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  return url;
}

function EvidenceItem({
  item,
  index,
  blob,
  state,
}: {
  item: DisputeEvidence;
  index: number;
  blob?: Blob;
  state?: 0 | 1 | 2;
}) {
  const t = useEvidenceT();
  const local = useBlobUrl(blob);
  const src = local ?? `/api/dispute-files/${item.hash}`;
  const image = item.mime !== 'application/pdf';
  const label = image ? t.photo(index + 1) : t.document(index + 1);
  return (
    <li className="evidence-item" data-testid="evidence-item" data-mime={item.mime}>
      {image ? (
        <a href={src} target="_blank" rel="noreferrer">
          <img src={src} alt={label} className="evidence-thumb" loading="lazy" width={96} height={96} />
        </a>
      ) : (
        <a href={src} target="_blank" rel="noreferrer" className="btn small">
          📄 {label} · {t.open}
        </a>
      )}
      {state === 0 && <span className="badge pending">{t.waiting}</span>}
      {state === 2 && <span className="badge rejected">{t.refused}</span>}
    </li>
  );
}

/**
 * A dispute's evidence: thumbnails of photos and a link to a document. On the filer's phone the
 * blobs it still holds show offline; otherwise the server's copy (/api/dispute-files/:hash).
 */
export function EvidenceList({ disputeId, evidence }: { disputeId: string; evidence: readonly DisputeEvidence[] }) {
  const t = useEvidenceT();
  const held = useLiveQuery(() => db.dispute_files.where('disputeId').equals(disputeId).toArray(), [disputeId], []);
  if (!evidence.length) return null;
  const byHash = new Map(held.map((f) => [f.hash, f]));
  return (
    <div className="evidence" data-testid="dispute-evidence">
      <div className="small">{t.evidence}</div>
      <ul className="evidence-list">
        {evidence.map((e, i) => (
          <EvidenceItem
            key={e.hash}
            item={e}
            index={i}
            blob={byHash.get(e.hash)?.blob}
            state={byHash.get(e.hash)?.uploaded}
          />
        ))}
      </ul>
    </div>
  );
}
