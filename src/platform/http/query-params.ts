// Query parameters named in their refusals (issue 12 leftovers, docs/DESIGN.md D63). A URL word
// that does not fit its route (`?page=abc`, `?year=1800`, `?sort=foo` on the API) is refused with
// a 400 whose message says which word, in the reader's language: "Số trang phải là số nguyên từ 1
// đến 100.000." on a page; `fields: { page: "…" }` and the same sentence in `message` on the API.
// Every query word of every route has a label here (`param.<name>`); test/query-errors.test.ts
// fails on a route whose query word has none, so the next list cannot forget it.
import type { z } from 'zod';
import { ValidationError, type FieldErrors } from '../errors.ts';
import { lookupMessage, registerMessages } from '../i18n/registry.ts';
import { resolveMessage, translate, zodErrorMap, type Locale } from '../i18n/index.ts';

const vi = {
  'err.queryInvalid': 'Địa chỉ trang có tham số không hợp lệ.',
  'err.queryUnknown': 'không có trong danh sách tham số của địa chỉ này.',
  'err.queryOneOf': 'Phải là một trong các giá trị: {values}.',
  'err.queryNotListed': 'Giá trị này không có trong danh sách; hãy chọn trong ô lọc của trang.',
  'param.page': 'Số trang',
  'param.trang': 'Số trang',
  'param.page_size': 'Số dòng mỗi trang',
  'param.limit': 'Số kết quả tối đa (limit)',
  'param.offset': 'Vị trí bắt đầu (offset)',
  'param.cursor': 'Con trỏ trang (cursor)',
  'param.after': 'Con trỏ trang tiếp theo',
  'param.year': 'Năm',
  'param.month': 'Tháng',
  'param.sort': 'Cột sắp xếp',
  'param.dir': 'Chiều sắp xếp',
  'param.q': 'Từ khóa tìm kiếm',
  'param.org': 'Tổ chức',
  'param.on': 'Ngày xem',
  'param.ended': 'Bộ lọc đã kết thúc',
  'param.status': 'Trạng thái',
  'param.state': 'Tình trạng',
  'param.programme': 'Chương trình',
  'param.source': 'Nguồn giao việc',
  'param.owner': 'Người phụ trách',
  'param.kind': 'Loại',
  'param.type': 'Loại bản ghi',
  'param.tpl': 'Mẫu tổ chức',
  'param.made': 'Số tổ chức đã tạo',
  'param.action': 'Thao tác',
  'param.actor': 'Người thực hiện',
  'param.who': 'Người thực hiện',
  'param.entity': 'Bản ghi',
  'param.from': 'Từ',
  'param.to': 'Đến ngày',
  'param.into': 'Đơn vị nhận',
  'param.all': 'Hiện tất cả',
  'param.category': 'Chuyên mục',
  'param.chuyen_muc': 'Chuyên mục',
  'param.tu': 'Từ ngày',
  'param.den': 'Đến ngày',
  'param.loai': 'Loại',
  'param.tinh_trang': 'Tình trạng',
  'param.form': 'Mẫu báo cáo',
  'param.period': 'Kỳ báo cáo',
  'param.person_id': 'Người',
  'param.role': 'Vai trò',
  'param.root': 'Đơn vị gốc',
  'param.template': 'Mẫu',
  'param.valid_from': 'Ngày hiệu lực',
  'param.with_farmers': 'Có Hội Nông dân',
  'param.lead_org_id': 'Tổ chức chủ trì',
  'param.parent': 'Tổ chức cấp trên',
  'param.edit': 'Chế độ sửa',
  'param.people': 'Tìm người',
} as const;

const en: Record<keyof typeof vi, string> = {
  'err.queryInvalid': 'The address has a parameter that is not valid.',
  'err.queryUnknown': 'is not a parameter of this address.',
  'err.queryOneOf': 'Must be one of: {values}.',
  'err.queryNotListed': 'This value is not in the list; pick one in the page\'s filter.',
  'param.page': 'Page',
  'param.trang': 'Page',
  'param.page_size': 'Rows per page',
  'param.limit': 'Limit',
  'param.offset': 'Offset',
  'param.cursor': 'Cursor',
  'param.after': 'Next-page cursor',
  'param.year': 'Year',
  'param.month': 'Month',
  'param.sort': 'Sort column',
  'param.dir': 'Sort direction',
  'param.q': 'Search words',
  'param.org': 'Organization',
  'param.on': 'As-of date',
  'param.ended': 'Ended filter',
  'param.status': 'Status',
  'param.state': 'State',
  'param.programme': 'Programme',
  'param.source': 'Source',
  'param.owner': 'Owner',
  'param.kind': 'Kind',
  'param.type': 'Record type',
  'param.tpl': 'Organization template',
  'param.made': 'Organizations made',
  'param.action': 'Action',
  'param.actor': 'Actor',
  'param.who': 'Actor',
  'param.entity': 'Record',
  'param.from': 'From',
  'param.to': 'To date',
  'param.into': 'Receiving unit',
  'param.all': 'Show all',
  'param.category': 'Category',
  'param.chuyen_muc': 'Category',
  'param.tu': 'From date',
  'param.den': 'To date',
  'param.loai': 'Kind',
  'param.tinh_trang': 'State',
  'param.form': 'Report form',
  'param.period': 'Report period',
  'param.person_id': 'Person',
  'param.role': 'Role',
  'param.root': 'Root unit',
  'param.template': 'Template',
  'param.valid_from': 'Valid from',
  'param.with_farmers': 'With the Farmers\' Union',
  'param.lead_org_id': 'Lead organization',
  'param.parent': 'Parent organization',
  'param.edit': 'Edit mode',
  'param.people': 'People search',
};

registerMessages(vi, en);

declare module '../i18n/registry.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof vi, string> {}
}

/** The label of query word `name` in `locale` ("Số trang"), or null when no label is registered. */
export function paramLabel(locale: Locale, name: string): string | null {
  return lookupMessage(locale, `param.${name}`) ?? null;
}

const lowerFirst = (s: string, locale: Locale) => s.slice(0, 1).toLocaleLowerCase(locale) + s.slice(1);

/**
 * One sentence naming the query word and what is wrong: a rule that starts "Phải …" / "Must …"
 * reads on from the label ("Số trang phải là số nguyên từ 1 đến 100.000."), any other after a
 * colon ("Cột sắp xếp: giá trị không hợp lệ."); one that already starts with the label is kept.
 * A word with no label is named as typed, «name».
 */
export function namedMessage(locale: Locale, name: string, message: string): string {
  const text = resolveMessage(locale, message);
  if (name === '_') return text;
  const label = paramLabel(locale, name) ?? `«${name}»`;
  // A message that already names the word ("Tháng không hợp lệ: …" for "Tháng") is kept as it is.
  if (text.toLocaleLowerCase(locale).startsWith(`${label.toLocaleLowerCase(locale)} `)) return text;
  if (/^(Phải|Must) /u.test(text)) return `${label} ${lowerFirst(text, locale)}`;
  return `${label}: ${lowerFirst(text, locale)}`;
}

/** Field messages of a refused query, each naming its word (see namedMessage). */
export function namedFields(locale: Locale, fields: FieldErrors): FieldErrors {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, namedMessage(locale, k, v)]));
}

/**
 * The refusal of a query that failed its schema: a ValidationError `err.queryInvalid` whose fields
 * name each bad word (one message per word, the first rule it broke); a word the schema does not
 * know (a strict API schema) is refused by name ("«foo» không có trong danh sách tham số…").
 * A word with a fixed set of values lists them to a program (`forPage` false: the API); a person
 * on a page is shown them only when they are numbers (`all=0|1`, a template's year), else not the
 * internal codes, only told to pick in the page's filter.
 */
export function queryRefusal(schema: z.ZodType, data: unknown, locale: Locale, forPage = false): ValidationError {
  const r = schema.safeParse(data ?? {}, { error: zodErrorMap(locale) });
  const fields: FieldErrors = {};
  for (const issue of r.success ? [] : r.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) fields[k] ??= `«${k}» ${translate(locale, 'err.queryUnknown')}`;
      continue;
    }
    const key = issue.path.length ? String(issue.path[0]) : '_';
    // A word with a fixed set of values says which (a program sent it and must be told what fits).
    const oneOf = issue.code === 'invalid_value' && issue.values.length <= 12 ? issue.values : null;
    // Numbers (0/1, years) mean the same to a person as to a program; words are internal codes.
    const listed = oneOf && (!forPage || oneOf.every((v) => /^\d+$/.test(String(v))));
    const message = !oneOf ? issue.message : listed ? translate(locale, 'err.queryOneOf', { values: oneOf.map(String).join(', ') }) : translate(locale, 'err.queryNotListed');
    fields[key] ??= namedMessage(locale, key, message);
  }
  return new ValidationError(fields, 'err.queryInvalid');
}

/** A ValidationError a GET handler threw about its query words, with each word named (already named ones kept). */
export function namedQueryError(err: ValidationError, locale: Locale): ValidationError {
  if (err.key === 'err.queryInvalid') return err;
  return new ValidationError(namedFields(locale, err.fields ?? {}), 'err.queryInvalid');
}
