import { DEFAULT_HALL_TIME_ZONE, hallMonth } from '../../domain/hall-time';
import { createHash } from 'node:crypto';
import { DEFAULT_SCHEME, type HallWindow, type Role } from '../../domain';
import { createUser } from '../auth/users';
import { lockChangeFeed } from '../db/locks';
import { seedDemoLeave } from './demo-leave';
import type { Db } from '../db/types';

/**
 * The demo service center: what a fresh install shows so the app can be tried at once.
 * Ids are derived from names (UUIDv8, "custom"), so tests and demos can refer to them.
 */
export function demoId(name: string): string {
  const h = createHash('sha256').update(`window-duty-demo:${name}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const DEMO_PASSWORD = 'demo1234';

type WindowPlan = [number: string, department: string, name: string, kind: HallWindow['kind'], people: number];

/** Hall order per floor; sizes mix one-person (独立窗口), two-person (AB岗) and larger windows. */
const FLOORS: { name: string; level: number; windows: WindowPlan[] }[] = [
  {
    name: '一楼',
    level: 1,
    windows: [
      ['101', '公安局', '户籍办理', 'public_service', 3],
      ['102', '公安局', '出入境证件', 'public_service', 2],
      ['103', '公安局', '机动车驾驶证', 'public_service', 2],
      ['104', '人社局', '社保参保登记', 'public_service', 3],
      ['105', '人社局', '就业创业服务', 'public_service', 1],
      ['106', '医保局', '医保经办', 'public_service', 2],
      ['107', '公积金中心', '公积金提取', 'public_service', 2],
      ['108', '公积金中心', '公积金贷款', 'public_service', 1],
      ['109', '税务局', '税务登记', 'approval', 2],
      ['110', '税务局', '发票办理', 'public_service', 4],
      ['111', '不动产登记中心', '不动产登记', 'approval', 3],
      ['112', '不动产登记中心', '不动产信息查询', 'public_service', 1],
    ],
  },
  {
    name: '二楼',
    level: 2,
    windows: [
      ['201', '市场监管局', '企业开办', 'approval', 4],
      ['202', '市场监管局', '食品经营许可', 'approval', 2],
      ['203', '市场监管局', '个体工商户登记', 'approval', 1],
      ['204', '住建局', '建设工程施工许可', 'approval', 2],
      ['205', '自然资源局', '建设用地规划许可', 'approval', 2],
      ['206', '交通运输局', '道路运输许可', 'approval', 1],
      ['207', '卫健委', '医疗机构执业许可', 'approval', 2],
      ['208', '民政局', '婚姻登记', 'public_service', 2],
      ['209', '生态环境局', '环评审批', 'approval', 1],
      ['210', '文广旅局', '文化经营许可', 'approval', 1],
      ['211', '供水供电供气', '水电气报装', 'public_service', 3],
      ['212', '行政审批局', '综合受理', 'approval', 2],
    ],
  },
];

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段';
const GIVEN = [
  '晓梅',
  '建国',
  '丽娟',
  '志强',
  '海燕',
  '俊杰',
  '秀英',
  '文博',
  '静怡',
  '国华',
  '雪莲',
  '宏伟',
  '春燕',
  '子涵',
  '明轩',
  '玉兰',
  '立新',
  '佳琪',
  '永红',
  '振宇',
  '慧敏',
  '学军',
  '婷婷',
  '浩然',
  '桂芳',
  '鹏飞',
  '思远',
  '红梅',
  '家豪',
  '淑珍',
  '宇航',
  '凤英',
  '天佑',
  '雅琴',
  '德明',
  '欣怡',
  '卫东',
  '美玲',
  '少华',
  '晨曦',
  '金凤',
  '嘉伟',
  '丽华',
  '博文',
  '素芬',
  '一鸣',
  '秋菊',
  '伟',
  '敏',
  '静',
];
const POSTS = ['A', 'B', 'C', 'D'] as const;

function staffName(i: number): string {
  return SURNAMES[(i * 7) % SURNAMES.length]! + GIVEN[(i * 11) % GIVEN.length]!;
}

/** Staff names by staff id, in hall order (deterministic). */
export const DEMO_STAFF_NAMES = new Map<string, string>();
{
  let person = 0;
  for (const floor of FLOORS) {
    for (const [number, , , , people] of floor.windows) {
      for (let p = 0; p < people; p++) DEMO_STAFF_NAMES.set(demoId(`staff:${number}:${POSTS[p]}`), staffName(person++));
    }
  }
}

export const DEMO_IDS = {
  floor1: demoId('floor:1'),
  floor2: demoId('floor:2'),
  scheme1: demoId('scheme:1'),
  /** Window 102 (公安局 出入境证件), a two-person window: staff1 works here, head1 leads it. */
  window102: demoId('window:102'),
  window102StaffA: demoId('staff:102:A'),
  window102StaffB: demoId('staff:102:B'),
  window101: demoId('window:101'),
  window101StaffA: demoId('staff:101:A'),
  window201: demoId('window:201'),
  window201StaffA: demoId('staff:201:A'),
  /** Window 105 (人社局), a one-person window: the demo's covered sick leave. */
  window105: demoId('window:105'),
  window105Staff: demoId('staff:105:A'),
} as const;

export interface DemoSignIn {
  username: string;
  password: string;
  role: Role;
  displayName: string;
  what: string;
}

export const DEMO_SIGN_INS: DemoSignIn[] = [
  {
    username: 'duty1',
    password: DEMO_PASSWORD,
    role: 'duty_leader',
    displayName: '周建华',
    what: '一楼值班长 floor 1 duty leader',
  },
  {
    username: 'duty2',
    password: DEMO_PASSWORD,
    role: 'duty_leader',
    displayName: '吴丽萍',
    what: '二楼值班长 floor 2 duty leader',
  },
  {
    username: 'staff1',
    password: DEMO_PASSWORD,
    role: 'staff',
    displayName: DEMO_STAFF_NAMES.get(DEMO_IDS.window102StaffA)!,
    what: '102窗口 A岗 window staff',
  },
  {
    username: 'head1',
    password: DEMO_PASSWORD,
    role: 'window_head',
    displayName: DEMO_STAFF_NAMES.get(DEMO_IDS.window102StaffB)!,
    what: '102窗口负责人 window head',
  },
  {
    username: 'super1',
    password: DEMO_PASSWORD,
    role: 'supervision',
    displayName: '郑晓东',
    what: '督查科 supervision section',
  },
  {
    username: 'leader1',
    password: DEMO_PASSWORD,
    role: 'center_leader',
    displayName: '钱国栋',
    what: '中心分管领导 center leader',
  },
  {
    username: 'dept1',
    password: DEMO_PASSWORD,
    role: 'dept_leader',
    displayName: '孙卫民',
    what: '公安局分管领导 dept leader',
  },
];

export interface SeedResult {
  seeded: boolean;
  floors: number;
  windows: number;
  staff: number;
  users: number;
}

/** Fills an empty center; does nothing when any floor exists (safe on every start, any process). */
export async function seedDemoCenter(db: Db): Promise<SeedResult> {
  return db.transaction(async (tx) => {
    await lockChangeFeed(tx); // writes synced rows; also makes two processes starting together seed once
    const existing = await tx.query('select 1 from floors limit 1');
    if (existing.length) return { seeded: false, floors: 0, windows: 0, staff: 0, users: 0 };

    const floorRows: unknown[][] = [];
    const windowRows: unknown[][] = [];
    const staffRows: unknown[][] = [];
    let person = 0;
    for (const floor of FLOORS) {
      const floorId = demoId(`floor:${floor.level}`);
      floorRows.push([floorId, floor.name, floor.level]);
      floor.windows.forEach(([number, department, name, kind, people], position) => {
        const windowId = demoId(`window:${number}`);
        windowRows.push([windowId, floorId, number, name, department, kind, position]);
        for (let p = 0; p < people; p++) {
          const id = demoId(`staff:${number}:${POSTS[p]}`);
          const phone = person % 3 === 2 ? null : `139${String(10_000_000 + person * 7_919).slice(-8)}`;
          staffRows.push([id, DEMO_STAFF_NAMES.get(id)!, windowId, POSTS[p], phone]);
          person++;
        }
      });
    }

    await insertRows(tx, 'floors', ['id', 'name', 'level'], floorRows);
    await insertRows(tx, 'windows', ['id', 'floor_id', 'number', 'name', 'department', 'kind', 'position'], windowRows);
    await insertRows(tx, 'staff', ['id', 'name', 'window_id', 'post', 'phone'], staffRows);
    await tx.query('insert into schemes (id, version, effective_from, data) values ($1, $2, $3, $4)', [
      DEMO_IDS.scheme1,
      DEFAULT_SCHEME.version,
      '2026-01',
      JSON.stringify(DEFAULT_SCHEME),
    ]);

    const links: Record<string, { staffId?: string; windowId?: string; floorId?: string }> = {
      duty1: { floorId: DEMO_IDS.floor1 },
      duty2: { floorId: DEMO_IDS.floor2 },
      staff1: { staffId: DEMO_IDS.window102StaffA, windowId: DEMO_IDS.window102, floorId: DEMO_IDS.floor1 },
      head1: { staffId: DEMO_IDS.window102StaffB, windowId: DEMO_IDS.window102, floorId: DEMO_IDS.floor1 },
      dept1: { windowId: DEMO_IDS.window102 },
    };
    for (const signIn of DEMO_SIGN_INS) {
      const link = links[signIn.username] ?? {};
      await createUser(tx, {
        id: demoId(`user:${signIn.username}`),
        username: signIn.username,
        password: signIn.password,
        role: signIn.role,
        displayName: signIn.displayName,
        ...link,
      });
    }
    await seedDutyRoster(tx, new Date());
    await seedDemoLeave(tx, new Date());
    return {
      seeded: true,
      floors: floorRows.length,
      windows: windowRows.length,
      staff: staffRows.length,
      users: DEMO_SIGN_INS.length,
    };
  });
}

async function insertRows(tx: Db, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const params: unknown[] = [];
  const tuples = rows.map((row) => `(${row.map((value) => (params.push(value), `$${params.length}`)).join(', ')})`);
  await tx.query(`insert into ${table} (${columns.join(', ')}) values ${tuples.join(', ')}`, params);
}

/** The demo duty roster: duty1 on floor 1, duty2 on floor 2, every working day of this hall month and the next. */
export async function seedDutyRoster(tx: Db, now: Date, zone: string = DEFAULT_HALL_TIME_ZONE): Promise<void> {
  const [y, m0] = hallMonth(now, zone).split('-').map(Number) as [number, number];
  const month = (offset: number) => {
    const d = new Date(Date.UTC(y, m0 - 1 + offset, 1)); // calendar arithmetic on the hall month
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  };
  for (const m of [month(0), month(1)]) {
    for (const [username, floorId] of [
      ['duty1', DEMO_IDS.floor1],
      ['duty2', DEMO_IDS.floor2],
    ] as const) {
      await tx.query(
        `insert into duty_roster (id, month, floor_id, user_id) values ($1, $2, $3, $4) on conflict (id) do nothing`,
        [demoId(`roster:${m}:${floorId}`), m, floorId, demoId(`user:${username}`)],
      );
    }
  }
}
