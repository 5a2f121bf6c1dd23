// Zod-free (the home screens' start reaches this file; the schema stays in roles.ts).

/** Roles of DOMAIN §2. One user has exactly one role. */
export const ROLES = [
  'staff', // 窗口工作人员
  'window_head', // 窗口负责人 / 首席代表 / 带班班长
  'duty_leader', // 楼层值班长
  'supervision', // 督查科
  'center_leader', // 中心(分管)领导
  'dept_leader', // 部门(分管)领导
] as const;

export type Role = (typeof ROLES)[number];

/** Roles that see every record of the hall (the supervision section and center leaders). */
export const HALL_WIDE_ROLES: readonly Role[] = ['supervision', 'center_leader'];

/** Roles allowed to record spot-check violations. */
export const RECORDER_ROLES: readonly Role[] = ['duty_leader', 'supervision'];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  staff: { zh: '窗口工作人员', en: 'Window staff' },
  window_head: { zh: '窗口负责人', en: 'Window head' },
  duty_leader: { zh: '楼层值班长', en: 'Floor duty leader' },
  supervision: { zh: '督查科', en: 'Supervision section' },
  center_leader: { zh: '中心领导', en: 'Center leader' },
  dept_leader: { zh: '部门领导', en: 'Department leader' },
};
