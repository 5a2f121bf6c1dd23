import { useUi, type Language } from '../../stores/ui';

/** Strings of the record sheet and the record detail (kept beside the feature). */
const zh = {
  chooseItem: '选择违规事项',
  photos: '照片',
  addPhoto: (n: number, max: number) => `拍照 ${n}/${max}`,
  removePhoto: (n: number) => `删除第 ${n} 张照片`,
  photosNotAdded: (n: number) => `${n} 张照片无法读取，未添加（请用相机拍摄，或选 JPEG、PNG 照片，5 MB 以内）`,
  photoOf: (n: number) => `第 ${n} 张照片`,
  chooseItemFirst: '请选择违规事项',
  detailTitle: '违规记录',
  close: '关闭',
  time: '发现时间',
  status: '状态',
  statusActive: '有效',
  statusWithdrawn: '已撤回',
  noPhotos: '没有照片',
  photosLoading: '正在加载照片…',
  photosOffline: '照片不在这部手机上，联网后可查看',
  theWindow: '窗口(无法识别个人)',
};
type Dict = typeof zh;
const en: Dict = {
  chooseItem: 'Choose the violation',
  photos: 'Photos',
  addPhoto: (n, max) => `Photo ${n}/${max}`,
  removePhoto: (n) => `Remove photo ${n}`,
  photosNotAdded: (n) =>
    `${n === 1 ? 'A photo' : `${n} photos`} could not be read and ${n === 1 ? 'was' : 'were'} not added (take it with the camera, or pick a JPEG or PNG under 5 MB)`,
  photoOf: (n) => `Photo ${n}`,
  chooseItemFirst: 'Choose the violation',
  detailTitle: 'Violation record',
  close: 'Close',
  time: 'Observed at',
  status: 'Status',
  statusActive: 'In force',
  statusWithdrawn: 'Withdrawn',
  noPhotos: 'No photos',
  photosLoading: 'Loading photos…',
  photosOffline: 'The photos are not on this phone; connect to see them',
  theWindow: 'Window (person not identified)',
};
const DICTS: Record<Language, Dict> = { zh, en };

export function useRecordT(): Dict {
  return DICTS[useUi((s) => s.language)];
}
