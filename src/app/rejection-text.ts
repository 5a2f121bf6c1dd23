import type { Language } from './stores/ui';

/**
 * What a refusal means, in the user's language, by the server's rejection code. The server's
 * reason (English, naming ids and months) follows it as the detail: a Chinese-speaking user
 * reads the meaning first and can still quote the exact words to the supervision section.
 */
const SUMMARIES: Record<string, { zh: string; en: string }> = {
  closed: { zh: '该月已截止录入', en: 'The month is closed for recording' },
  not_found: {
    zh: '服务器上没有所指的窗口、人员、考评项目或记录（可能已被督查科调整）',
    en: 'Something it refers to (window, staff member, scheme item or record) is not on the server; the supervision section may have changed it',
  },
  conflict: {
    zh: '与服务器上的现有情况冲突（可能已有他人先处理）',
    en: 'It conflicts with what the server already has (someone may have acted first)',
  },
  forbidden: { zh: '您的账号无权做这项更改', en: 'Your account may not make this change' },
  invalid: { zh: '内容不符合要求', en: 'The change is not valid' },
  in_future: {
    zh: '记录时间晚于服务器当前时间，请检查手机时钟',
    en: "The time recorded is later than the server's clock; check the phone's clock",
  },
  wrong_state: { zh: '当前阶段不能这样操作', en: 'Not possible at this stage' },
  wrong_user: {
    zh: '这项更改由本机上的另一账号录入，须该账号登录后发送',
    en: 'Another account on this phone made this change; it is sent when that account signs in',
  },
  unknown_mutation: {
    zh: '服务器不支持这类更改，请更新应用',
    en: 'The server does not handle this kind of change; update the app',
  },
};
const REFUSED = { zh: '服务器拒绝了这项更改', en: 'The server refused this change' };

export interface RejectionText {
  summary: string;
  /** The server's own reason, when it says more than the summary. */
  detail: string | null;
}

export function rejectionText(code: string | undefined, reason: string | undefined, lang: Language): RejectionText {
  const summary = (code ? SUMMARIES[code] : undefined) ?? REFUSED;
  const detail = reason?.trim() || null;
  return { summary: summary[lang], detail: detail && detail !== code ? detail : null };
}
