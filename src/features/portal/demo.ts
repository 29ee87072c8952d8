// Portal demo data: the founding document published in "Công tác Đảng" with its original date,
// time and 602 views, and enough further articles for every page (home blocks, category pages
// with a second page, related articles, search) to look real. Called from src/demo/seed.ts.
import fs from 'node:fs';
import type { CommandTx } from '../../platform/command.ts';
import { systemActor } from '../../platform/actor.ts';
import { addDays, cleanMultiline, cleanText, parseViDate, todayInVietnam } from '../../lib/vi/index.ts';
import { insertDisclosure } from './disclosures/service.ts';
import type { DisclosureInput } from './disclosures/schema.ts';
import { insertArticle, insertCategory, insertSite } from './service.ts';
import { rng } from '../../lib/demo-names.ts';

export const FOUNDING_FIXTURE = new URL('./fixtures/ward-news-2017-02-13.txt', import.meta.url);

export interface FoundingArticle {
  section: string;
  title: string;
  publishedAt: string; // ISO instant
  views: number;
  body: string;
}

/** Reads the founding document as posted: section, title, "Ngày đăng dd/mm/yyyy | HH:mm | Lượt xem: N", body. */
export function readFoundingDocument(text = fs.readFileSync(FOUNDING_FIXTURE, 'utf8')): FoundingArticle {
  const lines = text.split('\n');
  const section = cleanText(lines[0] ?? '');
  const title = cleanText(lines[2] ?? '');
  const m = /Ngày đăng\s+(\d{2}\/\d{2}\/\d{4})\s*\|\s*(\d{2}):(\d{2})\s*\|\s*Lượt xem:\s*(\d+)/.exec(lines[3] ?? '');
  const day = m ? parseViDate(m[1] as string) : null;
  if (!m || !day) throw new Error('founding document: no "Ngày đăng" line');
  return { section, title, publishedAt: new Date(`${day}T${m[2]}:${m[3]}:00+07:00`).toISOString(), views: Number(m[4]), body: cleanMultiline(lines.slice(5).join('\n')) };
}

export const DEMO_CATEGORIES = [
  { key: 'dang', name: 'Công tác Đảng', slug: 'cong-tac-dang', description: 'Hoạt động của Đảng ủy, Ban Thường vụ và các chi bộ.' },
  { key: 'cq', name: 'Chính quyền', slug: 'chinh-quyen', description: 'Hoạt động của HĐND và UBND phường.' },
  { key: 'mt', name: 'Mặt trận – Đoàn thể', slug: 'mat-tran-doan-the', description: 'Ủy ban MTTQ và các đoàn thể chính trị - xã hội.' },
  { key: 'vh', name: 'Văn hóa – Xã hội', slug: 'van-hoa-xa-hoi', description: 'Đời sống văn hóa, giáo dục, y tế, an sinh ở khu dân cư.' },
  { key: 'ck', name: 'Công khai', slug: 'cong-khai', description: 'Thông tin công khai theo Luật Thực hiện dân chủ ở cơ sở.' },
] as const;

type Key = (typeof DEMO_CATEGORIES)[number]['key'];

// Title patterns per category; {y} is the year, {n} a residential group number, {m} a month.
const TITLES: Record<Key, string[]> = {
  dang: [
    'Hội nghị Ban Chấp hành Đảng bộ phường sơ kết công tác quý {q} năm {y}',
    'Chi bộ Tổ dân phố số {n} tổ chức sinh hoạt chuyên đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh',
    'Đảng ủy phường quán triệt Nghị quyết Trung ương 4 (khóa XII) tới cán bộ, đảng viên',
    'Trao Huy hiệu Đảng cho các đảng viên lão thành dịp 3/2 năm {y}',
    'Ủy ban Kiểm tra Đảng ủy kiểm tra việc thực hiện nhiệm vụ của chi bộ Tổ dân phố số {n}',
    'Kết nạp đảng viên mới tại Chi bộ Tổ dân phố số {n}',
    'Ban Thường vụ Đảng ủy giao ban công tác dân vận tháng {m} năm {y}',
  ],
  cq: [
    'UBND phường triển khai Năm trật tự và văn minh đô thị {y}',
    'Kỳ họp HĐND phường thông qua nghị quyết về nhiệm vụ phát triển kinh tế - xã hội năm {y}',
    'Ra quân giải tỏa lấn chiếm vỉa hè trên các tuyến phố thuộc Tổ dân phố số {n}',
    'Phường tổ chức đối thoại với nhân dân về công tác giải phóng mặt bằng',
    'Triển khai thu thuế phi nông nghiệp và các khoản thu ngân sách tháng {m}/{y}',
    'Tiếp công dân định kỳ tháng {m} năm {y} tại trụ sở UBND phường',
  ],
  mt: [
    'Ủy ban MTTQ phường tổ chức Ngày hội Đại đoàn kết toàn dân tộc tại Tổ dân phố số {n}',
    'Hội Liên hiệp Phụ nữ phường ra mắt mô hình "Phụ nữ tự quản bảo vệ môi trường"',
    'Đoàn Thanh niên phường ra quân Chiến dịch Thanh niên tình nguyện hè {y}',
    'Hội Cựu chiến binh phường tổng kết công tác năm {y}',
    'Hội Người cao tuổi phường mừng thọ các cụ tròn 70, 80, 90 tuổi năm {y}',
    'Ban công tác Mặt trận Tổ dân phố số {n} giám sát việc thực hiện quy ước khu dân cư',
  ],
  vh: [
    'Tổ dân phố số {n} đón Bằng công nhận Tổ dân phố văn hóa năm {y}',
    'Phường tổ chức Tết Trung thu cho thiếu nhi năm {y}',
    'Trao quà Tết cho các gia đình chính sách và hộ nghèo dịp Xuân {y}',
    'Tiêm chủng mở rộng cho trẻ em tại Trạm Y tế phường tháng {m}/{y}',
    'Giải bóng đá thiếu niên phường năm {y} khép lại sau ba tuần thi đấu',
    'Bình xét gia đình văn hóa tiêu biểu tại khu dân cư năm {y}',
  ],
  ck: [
    'Công khai dự toán ngân sách phường năm {y}',
    'Công khai quyết toán ngân sách phường năm {y}',
    'Công khai kế hoạch sử dụng đất năm {y} trên địa bàn phường',
    'Công khai danh sách hộ nghèo, hộ cận nghèo năm {y}',
    'Công khai kết quả tiếp thu ý kiến nhân dân về dự án cải tạo ngõ {n}',
  ],
};

const PARAGRAPHS: Record<Key, string[]> = {
  dang: [
    'Chủ trì hội nghị, đồng chí Bí thư Đảng ủy phường đánh giá cao tinh thần trách nhiệm của các chi bộ, đồng thời yêu cầu tiếp tục đổi mới nội dung, nâng cao chất lượng sinh hoạt chi bộ.',
    'Các đồng chí đảng viên đã thảo luận sôi nổi, đề xuất nhiều giải pháp sát với thực tế khu dân cư, gắn với việc thực hiện Chỉ thị 05-CT/TW.',
    'Hội nghị thống nhất giao từng nhiệm vụ cụ thể: rõ người, rõ việc, rõ trách nhiệm, rõ tiến độ, rõ thời gian, rõ kết quả.',
  ],
  cq: [
    'Theo kế hoạch, UBND phường phối hợp với Công an phường và các tổ dân phố ra quân kiểm tra, nhắc nhở các hộ kinh doanh không lấn chiếm vỉa hè, lòng đường.',
    'Đại diện UBND phường đã giải đáp các ý kiến của nhân dân về tiến độ thi công, phương án bồi thường, hỗ trợ và bố trí tái định cư.',
    'Kết quả thu ngân sách đến hết tháng đạt trên 85% dự toán năm; phường tiếp tục đôn đốc các hộ còn nợ đọng.',
  ],
  mt: [
    'Tham dự ngày hội có đại diện lãnh đạo Đảng ủy, HĐND, UBND, Ủy ban MTTQ phường cùng đông đảo nhân dân trong khu dân cư.',
    'Các hội viên đã tham gia dọn vệ sinh, trồng cây xanh, vận động các hộ gia đình phân loại rác thải tại nguồn.',
    'Dịp này, Ban công tác Mặt trận đã trao quà cho các hộ có hoàn cảnh khó khăn, các gia đình chính sách trên địa bàn.',
  ],
  vh: [
    'Phong trào "Toàn dân đoàn kết xây dựng đời sống văn hóa" tiếp tục được nhân dân hưởng ứng, tỷ lệ gia đình văn hóa đạt trên 90%.',
    'Chương trình có nhiều tiết mục văn nghệ đặc sắc do các cháu thiếu nhi và hội viên các đoàn thể biểu diễn.',
    'Trạm Y tế phường đề nghị các gia đình đưa trẻ đi tiêm đúng lịch, mang theo sổ tiêm chủng.',
  ],
  ck: [
    'Thực hiện Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15, UBND phường công khai nội dung dưới đây để nhân dân biết, theo dõi và giám sát.',
    'Nội dung được niêm yết tại trụ sở UBND phường, nhà văn hóa các tổ dân phố và đăng trên cổng thông tin điện tử của phường trong thời hạn quy định.',
    'Mọi ý kiến góp ý xin gửi về Văn phòng HĐND - UBND phường hoặc qua tổ trưởng tổ dân phố.',
  ],
};

const ARTICLES_PER_CATEGORY = 14;

/** Inserts the portal of the demo ward (and a small one for the second ward) inside the demo transaction. */
export async function loadPortalDemo(q: CommandTx, wardA: string, wardB: string): Promise<void> {
  const a = systemActor(wardA, 'Văn phòng Đảng ủy');
  await insertSite(q, a, { title: 'Cổng thông tin điện tử', subtitle: 'Đảng ủy – HĐND – UBND – Ủy ban MTTQ phường Đồng Tâm, Hà Nội', host: null, is_default: true });
  const cat = new Map<Key, string>();
  for (const [i, c] of DEMO_CATEGORIES.entries()) {
    cat.set(c.key, await insertCategory(q, a, { name: c.name, slug: c.slug, description: c.description, sort_order: (i + 1) * 10, on_home: '1' }));
  }
  const founding = readFoundingDocument();
  await insertArticle(q, a, { category_id: cat.get('dang') as string, title: founding.title, summary: null, body_md: founding.body, status: 'published', published_at: founding.publishedAt, view_count: founding.views, created_at: founding.publishedAt });

  const r = rng(20170213);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const start = Date.parse('2016-01-04T01:00:00Z');
  const end = Date.parse('2025-06-20T10:00:00Z');
  for (const c of DEMO_CATEGORIES) {
    for (let i = 0; i < ARTICLES_PER_CATEGORY; i++) {
      // Working hours in Vietnam: 07:30–17:30 (00:30–10:30 UTC).
      const day = new Date(start + Math.floor(r() * (end - start)));
      day.setUTCHours(0, 30 + Math.floor(r() * 600), 0, 0);
      const y = day.getUTCFullYear();
      const title = pick(TITLES[c.key])
        .replace('{y}', String(y))
        .replace('{q}', ['I', 'II', 'III', 'IV'][Math.floor(r() * 4)] as string)
        .replace('{n}', String(1 + Math.floor(r() * 10)))
        .replace('{m}', String(1 + Math.floor(r() * 12)).padStart(2, '0'));
      const paras = PARAGRAPHS[c.key];
      const body = [pick(paras), pick(paras), pick(paras)].filter((p, k, all) => all.indexOf(p) === k).join('\n\n');
      const summary = `${title}: ${(paras[0] as string).split(',')[0]}.`;
      await insertArticle(q, a, { category_id: cat.get(c.key) as string, title, summary, body_md: body, status: 'published', published_at: day.toISOString(), view_count: 40 + Math.floor(r() * 900), created_at: day.toISOString() });
    }
  }
  // Drafts waiting in the editorial flow.
  await insertArticle(q, a, { category_id: cat.get('dang') as string, title: 'Dự thảo: Thông báo kết luận buổi làm việc của Ban Thường vụ với MTTQ và các đoàn thể', summary: null, body_md: 'Nội dung đang soạn.', status: 'draft' });
  await insertArticle(q, a, { category_id: cat.get('mt') as string, title: 'Hội LHPN phường sơ kết 6 tháng đầu năm', summary: null, body_md: 'Bài đang chờ duyệt.', status: 'submitted' });

  await loadDisclosures(q, a);

  // The second ward has its own portal under its own host name.
  const b = systemActor(wardB, 'Văn phòng Đảng ủy');
  await insertSite(q, b, { title: 'Cổng thông tin điện tử', subtitle: 'Phường Vĩnh Tuy, Hà Nội', host: 'vinhtuy.localhost', is_default: false });
  const bNews = await insertCategory(q, b, { name: 'Tin tức', slug: 'tin-tuc', description: null, sort_order: 10, on_home: '1' });
  await insertArticle(q, b, { category_id: bNews, title: 'Đoàn Thanh niên phường Vĩnh Tuy ra quân tình nguyện', summary: null, body_md: 'Tin của phường Vĩnh Tuy.', status: 'published', published_at: '2017-03-26T02:00:00.000Z' });
}

/** 'YYYY-MM-DD' n days from today (Vietnam), so the demo always has current and expired items. */
function dayFromToday(n: number): string {
  return addDays(todayInVietnam(), n);
}

async function loadDisclosures(q: CommandTx, a: ReturnType<typeof systemActor>): Promise<void> {
  const year = todayInVietnam().slice(0, 4);
  const items: DisclosureInput[] = [
    { kind: 'budget', title: 'Dự toán ngân sách phường năm 2017', description: 'Dự toán thu, chi ngân sách phường năm 2017 đã được HĐND phường thông qua.', posted_on: '2017-01-05', duration_days: 30, forms: ['notice_board', 'website'], article_id: null },
    { kind: 'beneficiaries', title: 'Danh sách hộ nghèo, hộ cận nghèo năm 2017', description: null, posted_on: '2017-01-20', duration_days: 30, forms: ['notice_board', 'group_head', 'loudspeaker'], article_id: null },
    { kind: 'budget_execution', title: 'Quyết toán ngân sách phường năm 2016', description: 'Quyết toán thu, chi ngân sách năm 2016.', posted_on: '2017-06-20', duration_days: 30, forms: ['notice_board', 'website'], article_id: null },
    { kind: 'land_planning', title: 'Kế hoạch sử dụng đất giai đoạn 2021–2030 trên địa bàn phường', description: 'Công khai trong suốt kỳ kế hoạch sử dụng đất.', posted_on: '2021-09-01', duration_days: 3650, forms: ['notice_board', 'website', 'meeting'], article_id: null },
    { kind: 'socio_economic_plan', title: `Kế hoạch phát triển kinh tế - xã hội năm ${year}`, description: 'Các chỉ tiêu chủ yếu và giải pháp thực hiện.', posted_on: dayFromToday(-10), duration_days: 30, forms: ['notice_board', 'website', 'group_head'], article_id: null },
    { kind: 'land_recovery', title: 'Phương án bồi thường, hỗ trợ khi thu hồi đất mở rộng ngõ 12', description: 'Danh sách hộ có đất thu hồi, mức bồi thường, hỗ trợ.', posted_on: dayFromToday(-45), duration_days: 30, forms: ['notice_board', 'meeting', 'written'], article_id: null },
    { kind: 'project', title: 'Kết quả thực hiện dự án cải tạo nhà văn hóa Tổ dân phố số 3', description: null, posted_on: dayFromToday(-5), duration_days: 60, forms: ['notice_board', 'website'], article_id: null },
    { kind: 'contribution', title: 'Huy động đóng góp tự nguyện xây dựng đường ngõ 5', description: 'Mức đóng góp do nhân dân bàn và quyết định.', posted_on: dayFromToday(-2), duration_days: 30, forms: ['meeting', 'group_head', 'loudspeaker'], article_id: null },
    { kind: 'procedure', title: 'Thủ tục đăng ký tạm trú, tạm vắng', description: null, posted_on: dayFromToday(3), duration_days: 365, forms: ['notice_board', 'website'], article_id: null },
  ];
  for (const item of items) await insertDisclosure(q, a, item);
}
