import { MONTHS_EN, monthText } from '../domain/month-text';
import { useUi, type Language } from './stores/ui';

/** What the status bar counts as waiting uploads (the engine's file transfers). */
type UploadKind = 'photos' | 'leaveFiles' | 'disputeFiles';
const uploadNoun = (kind: UploadKind, n: number): string =>
  (kind === 'photos' ? 'photo' : kind === 'leaveFiles' ? 'leave document' : 'dispute evidence file') +
  (n === 1 ? '' : 's');

const zh = {
  appName: '窗口考评',
  online: '在线',
  offline: '离线',
  pending: (n: number) => `待同步 ${n} 条`,
  syncing: '同步中…',
  lastSync: (t: string) => `上次同步 ${t}`,
  neverSynced: '尚未同步',
  syncError: (m: string) => `同步出错：${m}`,
  unreachable: '暂时连不上服务器，稍后自动重试',
  stale: '有超过 24 小时未发送的记录，请连接网络',
  storageRefused: '浏览器未允许持久存储，清理手机时记录可能丢失，请尽快同步',
  clockSkew: (min: number) =>
    `手机时间与服务器相差约 ${min >= 1440 ? `${Math.round(min / 1440)} 天` : min >= 120 ? `${Math.round(min / 60)} 小时` : `${min} 分钟`}，新的记录按服务器时间记下，请校准手机时间`,
  sessionExpired: '请重新登录，未同步的记录会保留',
  signIn: '登录',
  rejectedLink: (n: number) => `${n} 条被拒绝`,
  stuckLink: (n: number) => `${n} 项更改发送失败，需要处理`,
  stuckShort: (n: number) => `${n} 项发送失败`,
  notices: (n: number) => `${n} 条提示`,
  transferWaiting: (kind: UploadKind, n: number) =>
    kind === 'photos' ? `${n} 张照片待上传` : kind === 'leaveFiles' ? `${n} 份请假材料待上传` : `${n} 份申诉证据待上传`,
  transferRetrying: (kind: UploadKind) =>
    `${kind === 'photos' ? '照片' : kind === 'leaveFiles' ? '请假材料' : '申诉证据'}上传时服务器出错，稍后自动重试`,
  transferRefused: (kind: UploadKind, n: number, status: number | null) =>
    `${n} ${kind === 'photos' ? '张照片' : kind === 'leaveFiles' ? '份请假材料' : '份申诉证据'}被服务器拒收（${
      status === 413
        ? '文件过大'
        : status === 415
          ? '格式不支持'
          : status === 403
            ? '无权上传'
            : status === 409
              ? '与服务器上的内容冲突'
              : '内容不符合要求'
    }），已保留在手机上`,
  showDetails: '展开状态详情',
  hideDetails: '收起状态详情',
  dismiss: '关闭提示',
  updateAvailable: '有新版本',
  reload: '重新加载',
  home: '首页',
  settings: '我的',
  username: '用户名',
  password: '密码',
  loginTitle: '登录窗口考评',
  loggingIn: '正在登录…',
  errInvalid: '用户名或密码错误',
  errDisabled: '账号已停用，请联系督查科',
  errTooMany: '尝试次数过多，请稍后再试',
  errOffline: '首次登录需要网络，请连接网络后重试',
  errOfflineAgain: '登录需要网络，请连接网络后重试；未同步的记录仍保存在手机上',
  errServer: '服务器暂时无法登录，请稍后再试',
  recordViolation: '记录违规',
  myRecords: '我的记录',
  noRecords: '暂无记录',
  showMore: '显示更多',
  statePending: '待同步',
  stateSynced: '已同步',
  stateRejected: '被拒绝',
  notApplied: '未生效',
  notAppliedHint: '您在本机的修改被服务器拒绝，此处显示服务器上的版本。点此查看',
  window: '窗口',
  windowUnknownPerson: '窗口(无法识别个人)',
  staff: '人员',
  item: '违规事项',
  count: '次数',
  observedAt: '发现时间',
  note: '备注',
  save: '保存',
  saving: '正在保存…',
  cancel: '取消',
  saved: '已保存',
  /** Appended to a flash about a change still on the phone (with its punctuation). */
  syncsLater: '，联网后自动同步',
  chooseWindow: '请选择窗口',
  noWindows: '手机上还没有窗口数据，请联网同步一次',
  decrease: '减少',
  increase: '增加',
  allRecords: '全部违规记录',
  month: '月份',
  allMonths: '全部',
  recorder: '记录人',
  details: '详情',
  received: '服务器收到',
  skewFlag: '手机时间异常',
  visibleRecords: '与我相关的记录',
  rejectedTitle: '被拒绝的记录',
  noRejected: '没有被拒绝的记录',
  stuckTitle: '发送失败的更改',
  stateStuck: '发送失败',
  stuckServerError: '服务器多次处理这项更改时出错；您的其他更改已经发送。可以稍后重试，或复制内容交给督查科。',
  stuckRefused: '服务器无法读取这项更改；您的其他更改已经发送。可以复制内容，放弃后重新录入。',
  stuckHeld: (n: number) => `同一对象之后的 ${n} 项更改在等它发送`,
  stuckTriedAt: (t: string) => `最后尝试 ${t}`,
  retry: '重试',
  retrying: '正在重试…',
  stuckStill: '服务器仍然无法处理这项更改，请稍后再试或复制内容交给督查科',
  copy: '复制内容',
  copied: '已复制',
  copyFallback: '无法自动复制，请长按下面的文字手动复制',
  confirmDiscardStuck: '确定放弃这项更改？它不会再发送，手机上的内容恢复为服务器上的样子，无法撤销。',
  changeRoundStart: '开始巡查',
  changeRoundFinish: '结束巡查',
  changeRoundCheck: '一切正常',
  changeRoundAbandon: '放弃本轮巡查',
  changeCorrection: '更正记录',
  changeWithdrawal: '撤回记录',
  changeLate: '逾期补报',
  changeDispute: '异议',
  changeOther: '一项更改',
  copyWhat: '内容',
  copyWhen: '时间',
  copyNote: '备注',
  copyStatus: '状态',
  copyTechnical: '技术信息（供管理员）',
  reason: '原因',
  serverSays: '服务器说明',
  discard: '放弃',
  confirmDiscard: '确定放弃这条记录？放弃后无法恢复。',
  confirm: '确定',
  language: '语言',
  logout: '退出登录',
  logoutWarn: (n: number) => `还有 ${n} 条记录未同步。退出后它们仍保存在这部手机上，等您再次登录后自动发送。确定退出？`,
  role: '角色',
  back: '返回',
  syncNow: '立即同步',
  loading: '加载中…',
  notFound: '页面不存在',
  notFoundHint: '这个地址没有对应的页面，可能链接有误或已过期。',
  goHome: '回到首页',
  adminConsole: '管理控制台',
};

type Dict = typeof zh;

const en: Dict = {
  appName: 'Window Duty',
  online: 'Online',
  offline: 'Offline',
  pending: (n) => `${n} to sync`,
  syncing: 'Syncing…',
  lastSync: (t) => `Last sync ${t}`,
  neverSynced: 'Not synced yet',
  syncError: (m) => `Sync error: ${m}`,
  unreachable: 'Cannot reach the server; retrying automatically',
  stale: 'A change has waited more than 24 h; please go online',
  storageRefused: 'Persistent storage was refused; records may be lost if the phone clears space. Sync soon.',
  clockSkew: (min) =>
    `Phone clock is off by about ${min >= 1440 ? `${Math.round(min / 1440)} d` : min >= 120 ? `${Math.round(min / 60)} h` : `${min} min`}; new records take the server's time. Please correct the clock.`,
  sessionExpired: 'Please sign in again; unsent records are kept',
  signIn: 'Sign in',
  rejectedLink: (n) => `${n} rejected`,
  stuckLink: (n) => `${n} change${n === 1 ? '' : 's'} could not be sent; please look`,
  stuckShort: (n) => `${n} failed`,
  notices: (n) => `${n} notice${n === 1 ? '' : 's'}`,
  transferWaiting: (kind, n) => `${n} ${uploadNoun(kind, n)} waiting to upload`,
  transferRetrying: (kind) => `The server failed while uploading ${uploadNoun(kind, 2)}; retrying automatically`,
  transferRefused: (kind, n, status) =>
    `The server refused ${n} ${uploadNoun(kind, n)} (${
      status === 413
        ? 'too large'
        : status === 415
          ? 'format not supported'
          : status === 403
            ? 'not allowed to upload'
            : status === 409
              ? 'conflicts with what the server has'
              : 'not valid'
    }); kept on the phone`,
  showDetails: 'Show status details',
  hideDetails: 'Hide status details',
  dismiss: 'Dismiss',
  updateAvailable: 'A new version is available',
  reload: 'Reload',
  home: 'Home',
  settings: 'Me',
  username: 'Username',
  password: 'Password',
  loginTitle: 'Sign in to Window Duty',
  loggingIn: 'Signing in…',
  errInvalid: 'Wrong username or password',
  errDisabled: 'Account disabled; contact the supervision section',
  errTooMany: 'Too many attempts; try again later',
  errOffline: 'The first sign-in needs a network connection',
  errOfflineAgain: 'Signing in needs a network connection; unsent records stay on the phone',
  errServer: 'The server cannot sign you in right now',
  recordViolation: 'Record violation',
  myRecords: 'My records',
  noRecords: 'No records yet',
  showMore: 'Show more',
  statePending: 'Pending',
  stateSynced: 'Synced',
  stateRejected: 'Rejected',
  notApplied: 'Not applied',
  notAppliedHint: 'Your change on this phone was refused; this shows the server’s version. Tap to review',
  window: 'Window',
  windowUnknownPerson: 'Window (person not identified)',
  staff: 'Staff',
  item: 'Item',
  count: 'Count',
  observedAt: 'Observed at',
  note: 'Note',
  save: 'Save',
  saving: 'Saving…',
  cancel: 'Cancel',
  saved: 'Saved',
  syncsLater: '; it syncs when online',
  chooseWindow: 'Choose a window',
  noWindows: 'No windows on this phone yet; sync once online',
  decrease: 'Decrease',
  increase: 'Increase',
  allRecords: 'All violation records',
  month: 'Month',
  allMonths: 'All',
  recorder: 'Recorder',
  details: 'Details',
  received: 'Received',
  skewFlag: 'Phone clock off',
  visibleRecords: 'Records concerning me',
  rejectedTitle: 'Rejected records',
  noRejected: 'No rejected records',
  stuckTitle: 'Changes that could not be sent',
  stateStuck: 'Not sent',
  stuckServerError:
    'The server failed several times on this change; your other changes were sent. Try again later, or copy it for the supervision section.',
  stuckRefused:
    'The server could not read this change; your other changes were sent. Copy it, discard it and enter it again.',
  stuckHeld: (n) => `${n} later change${n === 1 ? '' : 's'} of the same item wait${n === 1 ? 's' : ''} for it`,
  stuckTriedAt: (t) => `Last tried ${t}`,
  retry: 'Try again',
  retrying: 'Trying again…',
  stuckStill: 'The server still cannot handle this change; try later, or copy it for the supervision section',
  copy: 'Copy',
  copied: 'Copied',
  copyFallback: 'Could not copy automatically; select the text below and copy it',
  confirmDiscardStuck:
    'Discard this change? It will not be sent, and the phone shows what the server has. This cannot be undone.',
  changeRoundStart: 'Patrol round started',
  changeRoundFinish: 'Patrol round finished',
  changeRoundCheck: 'All in order',
  changeRoundAbandon: 'Patrol round abandoned',
  changeCorrection: 'Correction of a record',
  changeWithdrawal: 'Withdrawal of a record',
  changeLate: 'Late submission',
  changeDispute: 'Dispute',
  changeOther: 'A change',
  copyWhat: 'What',
  copyWhen: 'When',
  copyNote: 'Note',
  copyStatus: 'Status',
  copyTechnical: 'Technical details (for the administrator)',
  reason: 'Reason',
  serverSays: 'server',
  discard: 'Discard',
  confirmDiscard: 'Discard this record? This cannot be undone.',
  confirm: 'Confirm',
  language: 'Language',
  logout: 'Sign out',
  logoutWarn: (n) =>
    `${n} records are not synced yet. They stay on this phone and are sent after you sign in again. Sign out?`,
  role: 'Role',
  back: 'Back',
  syncNow: 'Sync now',
  loading: 'Loading…',
  notFound: 'Page not found',
  notFoundHint: 'No page has this address; the link may be wrong or out of date.',
  goHome: 'Go to the home page',
  adminConsole: 'Admin console',
};

export const DICTS: Record<Language, Dict> = { zh, en };

export function useT(): Dict {
  return DICTS[useUi((s) => s.language)];
}

export function useLang(): Language {
  return useUi((s) => s.language);
}

const two = (n: number) => String(n).padStart(2, '0');

/** A hall month as people read it (zh 2026年12月, en Dec 2026): the domain's wording. */
export const formatMonth: (month: string, lang: Language) => string = monthText;

/**
 * An instant in the phone's time, one unambiguous date per language: zh "3月4日 10:00", en
 * "4 Mar, 10:00" (never 04/03 vs 03/04). Written out rather than by Intl.DateTimeFormat: the first
 * one a page builds loads ICU's data (18-40 ms, 4x on a mid-range phone) on the home's first render.
 */
export function formatTime(iso: string | number | null | undefined, lang: Language): string {
  if (iso === null || iso === undefined) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const time = `${two(d.getHours())}:${two(d.getMinutes())}`;
  return lang === 'zh'
    ? `${d.getMonth() + 1}月${d.getDate()}日 ${time}`
    : `${d.getDate()} ${MONTHS_EN[d.getMonth()]}, ${time}`;
}
