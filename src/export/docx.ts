// Official Vietnamese documents as .docx (the `docx` package): a header laid out as a borderless
// two-column table, as offices do, then the type name and trích yếu, the body, and the signature
// with "Nơi nhận:". Everything about the layout comes from an `OfficialSpec` (a document profile
// stored as data: features/documents/profiles.ts validates it); this writer knows no database.
// Every run carries the profile's font on every script slot (ascii, hAnsi, eastAsia, cs), so no
// Vietnamese letter falls back to another face.
import {
  AlignmentType,
  BorderStyle,
  convertMillimetersToTwip,
  Document,
  Footer,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { xmlEscape, xmlText } from '../lib/xml.ts';

/** How one line of text is set: size in points (half points allowed), caps written as capitals. */
export interface TextStyle {
  size: number;
  bold?: boolean;
  italic?: boolean;
  caps?: boolean;
  underline?: boolean;
}

/** A document profile's layout rules (all lengths in millimetres, sizes in points). */
export interface OfficialSpec {
  page: { size: 'A4'; margins: { top: number; bottom: number; left: number; right: number } };
  font: { family: string; fallback: string };
  /** Width of the header's left and right columns, in per cent. */
  headerColumns: [number, number];
  /** Quốc hiệu / "ĐẢNG CỘNG SẢN VIỆT NAM" lines of the right column; `rule` draws a short line beneath. */
  national: { text: string; style: TextStyle; rule: boolean }[];
  /** The issuing body block: higher body line, issuing body, and the mark beneath ("*" or a rule). */
  issuer: { higher: TextStyle; body: TextStyle; mark: 'star' | 'rule' | 'none' };
  /** `line` with {symbol}; `symbol` with {n}, {type}, {issuer}; `symbolUntyped` for types with no code. */
  number: { style: TextStyle; line: string; symbol: string; symbolUntyped: string };
  placeDate: { style: TextStyle };
  title: { style: TextStyle; subject: TextStyle; subjectRule: 'dashes' | 'rule' | 'none' };
  body: { size: number; lineSpacing: number; spacingAfterPt: number; firstLineIndentMm: number };
  signature: { prefix: TextStyle; title: TextStyle; name: TextStyle; collective: string; deputy: string };
  recipients: { label: string; labelStyle: TextStyle; item: TextStyle };
  pageNumber: { position: 'top' | 'bottom' | 'none'; fromPage: number; size: number };
}

export type Block =
  | { kind: 'paragraph'; text: string; bold?: boolean; italic?: boolean; indent?: boolean; align?: 'left' | 'center' | 'right' | 'justify' }
  | { kind: 'numbered'; items: string[]; start?: number }
  | { kind: 'heading'; text: string }
  | { kind: 'table'; columns: string[]; rows: string[][]; /** Column widths in percent of the text width (default: equal). */ widths?: number[] };

/** One signature: "T/M BAN THƯỜNG VỤ" / "BÍ THƯ" / name. `prefix` null for a person signing for himself. */
export interface Signature {
  prefix: string | null;
  title: string;
  name: string;
  signed?: boolean;
}

/** What an official document says; where it goes on the page is the profile's business. */
export interface OfficialDocument {
  header: { higherBody: string | null; issuer: string };
  /** "12-TB/ĐU", or null for an unnumbered draft (printed with `draftSymbol`, default "      /…"). */
  numberText: string | null;
  draftSymbol?: string;
  /** Place name of the date line: "Phường Đồng Tâm". */
  place: string;
  /** 'YYYY-MM-DD'. */
  date: string;
  /** "THÔNG BÁO"; empty for a letter (công văn), whose subject then goes under the number. */
  typeName: string;
  /** Trích yếu. */
  subject: string;
  blocks: Block[];
  signature: Signature;
  recipients: string[];
  /** Signatures printed to the left of the main one on the same row (minutes: the secretary). */
  extraSignatures?: Signature[];
}

const HEADER_EXTRA_MM = 12;
const HEADER_SHIFT_MM = 10;
const upper = (s: string) => s.toLocaleUpperCase('vi');
const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * "Phường Đồng Tâm, ngày 10 tháng 02 năm 2017": days below 10 and the months 1 and 2 take a
 * leading zero, other months do not (Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.5.b; the Party's
 * Hướng dẫn 36-HD/VPTW writes dates the same way). `date` is 'YYYY-MM-DD'.
 */
export function officialDateLine(place: string, date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const month = m < 3 ? pad2(m) : String(m);
  return `${place}, ngày ${pad2(d)} tháng ${month} năm ${y}`;
}

/** Rough width in millimetres of a line of Times-like text (capitals wider, spaces narrow). */
/** Word pairs of a body's name that a header line never splits for balance ("PHỤ / NỮ"). */
const BOUND_PAIRS = new Set(['PHỤ NỮ', 'NÔNG DÂN', 'CỰU CHIẾN', 'CHIẾN BINH', 'THANH NIÊN', 'CỘNG SẢN', 'HỒ CHÍ', 'CHÍ MINH', 'MẶT TRẬN', 'TỔ QUỐC', 'LIÊN HIỆP', 'NHÂN DÂN', 'ỦY BAN', 'CHẤP HÀNH', 'THƯỜNG VỤ', 'CÔNG ĐOÀN', 'CƠ SỞ', 'VIỆT NAM', 'THÀNH PHỐ', 'THỊ TRẤN', 'THỊ XÃ', 'TỔ DÂN', 'DÂN PHỐ', 'NGƯỜI CAO', 'CAO TUỔI', 'CHỮ THẬP', 'THẬP ĐỎ']);

function estimateMm(text: string, st: TextStyle): number {
  let em = 0;
  for (const ch of st.caps ? upper(text) : text) em += ch === ' ' ? 0.25 : ch === ch.toLocaleUpperCase('vi') && ch !== ch.toLocaleLowerCase('vi') ? 0.7 : 0.47;
  return em * (st.bold ? 1.05 : 1) * st.size * 0.3528;
}

/**
 * Splits a header line that does not fit its column into the fewest lines (up to four) that do,
 * of about equal length, at word boundaries ("ĐẢNG BỘ QUẬN / HAI BÀ TRƯNG"; "ĐOÀN THANH NIÊN CỘNG
 * SẢN HỒ CHÍ MINH PHƯỜNG ĐỒNG TÂM" in three), as offices set them, instead of letting the last
 * word fall alone on a line. Lines with an explicit break are kept as given. A word pair that
 * belongs together ("PHỤ NỮ", "CỰU CHIẾN BINH", "THÀNH PHỐ") is split only when no other cut fits:
 * "HỘI LIÊN HIỆP PHỤ NỮ / PHƯỜNG ĐỒNG TÂM", not "… PHỤ / NỮ …".
 */
export function balanceLine(text: string, st: TextStyle, widthMm: number): string[] {
  if (estimateMm(text, st) <= widthMm) return [text];
  const words = text.split(' ');
  // A cut between two words that belong together is taken only when no other cut fits.
  const bound = (c: number) => BOUND_PAIRS.has(upper(`${words[c - 1]} ${words[c]}`));
  const width = (from: number, to: number) => estimateMm(words.slice(from, to).join(' '), st);
  let best: string[] = [text];
  for (let k = 2; k <= Math.min(4, words.length); k++) {
    // Every way of cutting the words into k lines: keep the one whose longest line is shortest.
    let bestMax = Infinity;
    const cuts: number[] = [];
    const walk = (start: number, left: number) => {
      if (left === 1) {
        const lines = [...cuts, words.length].map((end, i, a) => [i === 0 ? 0 : (a[i - 1] as number), end] as const);
        // A cut inside a bound pair costs as if its line overflowed by the whole column.
        const longest = Math.max(...lines.map(([a, b]) => width(a, b))) + (cuts.some(bound) ? widthMm : 0);
        if (longest < bestMax) [bestMax, best] = [longest, lines.map(([a, b]) => words.slice(a, b).join(' '))];
        return;
      }
      for (let c = start + 1; c <= words.length - left + 1; c++) {
        cuts.push(c);
        walk(c, left - 1);
        cuts.pop();
      }
    };
    walk(0, k);
    if (bestMax <= widthMm) return best;
  }
  return best;
}

/** Builds the document's pieces with one font and the profile's sizes. */
function writer(spec: OfficialSpec) {
  const family = spec.font.family;
  const font = { ascii: family, hAnsi: family, eastAsia: family, cs: family };
  const run = (text: string, st: Partial<TextStyle> & { size: number }) =>
    new TextRun({
      text: xmlText(st.caps ? upper(text) : text),
      font,
      size: st.size * 2,
      sizeComplexScript: st.size * 2,
      bold: st.bold ?? false,
      italics: st.italic ?? false,
      ...(st.underline ? { underline: {} } : {}),
    });
  const line = Math.round(240 * spec.body.lineSpacing);
  const para = (
    texts: { text: string; style: TextStyle }[],
    opts: { align?: 'left' | 'center' | 'right' | 'justify'; indent?: boolean; after?: number; before?: number; rule?: 'short' | 'mid'; single?: boolean } = {},
  ) => {
    const size = texts[0]?.style.size ?? spec.body.size;
    const align = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT, justify: AlignmentType.JUSTIFIED }[opts.align ?? 'center'];
    const ruleIndent = opts.rule === 'short' ? 32 : opts.rule === 'mid' ? 22 : 0;
    return new Paragraph({
      alignment: align,
      children: texts.map((t) => run(t.text, t.style)),
      run: { font, size: size * 2 },
      spacing: { before: (opts.before ?? 0) * 20, after: (opts.after ?? 0) * 20, line: opts.single ? 240 : line, lineRule: LineRuleType.AUTO },
      indent: {
        ...(opts.indent ? { firstLine: convertMillimetersToTwip(spec.body.firstLineIndentMm) } : {}),
        ...(ruleIndent ? { left: convertMillimetersToTwip(ruleIndent), right: convertMillimetersToTwip(ruleIndent) } : {}),
      },
      ...(opts.rule ? { border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } } } : {}),
    });
  };
  const one = (text: string, style: TextStyle, opts: Parameters<typeof para>[1] = {}) => para([{ text, style }], { single: true, ...opts });
  /** A centred short rule: an empty paragraph with a top border, `insetMm` from each side of its column. */
  const ruleLine = (insetMm: number) =>
    new Paragraph({ alignment: AlignmentType.CENTER, run: { font, size: 4 }, spacing: { before: 60, after: 60, line: 240 }, indent: { left: convertMillimetersToTwip(insetMm), right: convertMillimetersToTwip(insetMm) }, border: { top: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } }, children: [run('', { size: 2 })] });
  const contentMm = 210 - spec.page.margins.left - spec.page.margins.right;
  const contentTwips = convertMillimetersToTwip(contentMm);
  const cellMargin = convertMillimetersToTwip(1);
  const cell = (children: (Paragraph | Table)[], widthTwips: number) =>
    new TableCell({ children, width: { size: widthTwips, type: WidthType.DXA }, borders: TableBorders.NONE, verticalAlign: VerticalAlign.TOP, margins: { left: cellMargin, right: cellMargin, top: 0, bottom: 0 } });
  /** A borderless table of `widthsPct` of `totalMm` (the text width unless said), `shiftMm` to the left. */
  const plainTable = (cells: (Paragraph | Table)[][][], widthsPct: number[], totalMm = contentMm, shiftMm = 0) => {
    const widths = widthsPct.map((w) => Math.round((w / 100) * convertMillimetersToTwip(totalMm)));
    return new Table({
      rows: cells.map((row) => new TableRow({ cantSplit: true, children: row.map((c, i) => cell(c, widths[i] ?? 0)) })),
      width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
      ...(shiftMm ? { indent: { size: -convertMillimetersToTwip(shiftMm), type: WidthType.DXA } } : {}),
      borders: TableBorders.NONE,
      layout: TableLayoutType.FIXED,
      columnWidths: widths,
    });
  };
  return { font, run, para, one, ruleLine, plainTable, contentTwips, contentMm };
}

/** The header: issuing body and number on the left, national lines and date on the right. */
function headerTable(spec: OfficialSpec, doc: OfficialDocument, w: ReturnType<typeof writer>): Table {
  const [lw, rw] = spec.headerColumns;
  // The header spreads 12 mm wider than the text (10 mm into the left margin), as the offices'
  // templates do, so that the national lines and the date line fit on one line each.
  const totalMm = w.contentMm + HEADER_EXTRA_MM;
  const leftMm = (lw / 100) * totalMm - 2;
  const lines = (text: string, st: TextStyle) => text.split('\n').flatMap((l) => balanceLine(l, st, leftMm));
  const left: Paragraph[] = [];
  if (doc.header.higherBody) for (const l of lines(doc.header.higherBody, spec.issuer.higher)) left.push(w.one(l, spec.issuer.higher));
  for (const l of lines(doc.header.issuer, spec.issuer.body)) left.push(w.one(l, spec.issuer.body));
  if (spec.issuer.mark === 'star') left.push(w.one('*', { size: spec.issuer.body.size, bold: false }));
  if (spec.issuer.mark === 'rule') left.push(w.ruleLine(22));
  const right: Paragraph[] = [];
  for (const n of spec.national) {
    right.push(w.one(n.text, n.style));
    if (n.rule) right.push(w.ruleLine(18));
  }
  // A body printing nothing on the right (the Hội Nông dân, D61) still needs a paragraph in the cell.
  if (!right.length) right.push(w.one('', { size: spec.issuer.body.size }));
  const symbol = doc.numberText ?? doc.draftSymbol ?? '      /…';
  const numberCell = [w.one(spec.number.line.replace('{symbol}', symbol), spec.number.style, { before: 6 })];
  if (!doc.typeName && doc.subject) numberCell.push(w.one(doc.subject, { size: Math.max(spec.number.style.size - 1, 12) }, { before: 3 }));
  const dateCell = [w.one(officialDateLine(doc.place, doc.date), spec.placeDate.style, { before: 6 })];
  return w.plainTable(
    [
      [left, right],
      [numberCell, dateCell],
    ],
    [lw, rw],
    totalMm,
    HEADER_SHIFT_MM,
  );
}

function titleBlock(spec: OfficialSpec, doc: OfficialDocument, w: ReturnType<typeof writer>): Paragraph[] {
  if (!doc.typeName) return [w.one('', { size: spec.body.size })];
  const out = [w.one(doc.typeName, spec.title.style, { before: 18 })];
  if (doc.subject) out.push(w.para([{ text: doc.subject, style: spec.title.subject }], { single: true }));
  if (spec.title.subjectRule === 'dashes') out.push(w.one('-----', { size: spec.body.size }, { after: 6 }));
  if (spec.title.subjectRule === 'rule') out.push(w.ruleLine(55));
  return out;
}

function bodyBlocks(spec: OfficialSpec, blocks: Block[], w: ReturnType<typeof writer>): (Paragraph | Table)[] {
  const size = spec.body.size;
  const after = spec.body.spacingAfterPt;
  const out: (Paragraph | Table)[] = [];
  for (const b of blocks) {
    if (b.kind === 'paragraph') {
      out.push(w.para([{ text: b.text, style: { size, bold: b.bold, italic: b.italic } }], { align: b.align ?? 'justify', indent: b.indent ?? true, after }));
    } else if (b.kind === 'heading') {
      out.push(w.para([{ text: b.text, style: { size, bold: true } }], { align: 'justify', indent: true, after, before: 3 }));
    } else if (b.kind === 'numbered') {
      b.items.forEach((item, i) => out.push(w.para([{ text: `${(b.start ?? 1) + i}. ${item}`, style: { size } }], { align: 'justify', indent: true, after })));
    } else {
      const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
      const borders = { top: border, bottom: border, left: border, right: border };
      const cellOf = (text: string, head: boolean) =>
        new TableCell({ borders, children: [w.para([{ text, style: { size: size - 1, bold: head } }], { align: head ? 'center' : 'left', single: true })] });
      const widths = b.widths && b.widths.length === b.columns.length ? b.widths : b.columns.map(() => Math.floor(100 / b.columns.length));
      out.push(
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          layout: TableLayoutType.FIXED,
          columnWidths: widths.map((p) => Math.round((p / 100) * w.contentTwips)),
          rows: [new TableRow({ tableHeader: true, children: b.columns.map((c) => cellOf(c, true)) }), ...b.rows.map((r) => new TableRow({ children: b.columns.map((_, i) => cellOf(r[i] ?? '', false)) }))],
        }),
        w.one('', { size: 6 }),
      );
    }
  }
  return out;
}

function signatureParas(spec: OfficialSpec, s: Signature, w: ReturnType<typeof writer>): Paragraph[] {
  const out: Paragraph[] = [];
  if (s.prefix) out.push(w.one(s.prefix, spec.signature.prefix));
  if (s.title) out.push(w.one(s.title, spec.signature.title));
  for (let i = 0; i < 4; i++) out.push(w.one('', { size: spec.body.size }));
  out.push(w.one(s.name, spec.signature.name));
  return out;
}

function closingBlock(spec: OfficialSpec, doc: OfficialDocument, w: ReturnType<typeof writer>): (Paragraph | Table)[] {
  const recipients = doc.recipients.length
    ? [w.one(spec.recipients.label, spec.recipients.labelStyle, { align: 'left' }), ...doc.recipients.map((r) => w.one(`- ${r}`, spec.recipients.item, { align: 'left' }))]
    : [w.one('', { size: spec.body.size })];
  const extra = doc.extraSignatures ?? [];
  if (!extra.length) {
    return [w.one('', { size: 8 }), w.plainTable([[recipients, signatureParas(spec, doc.signature, w)]], [45, 55])];
  }
  const all = [...extra, doc.signature];
  const pct = Math.floor(100 / all.length);
  const out: (Paragraph | Table)[] = [w.one('', { size: 8 }), w.plainTable([all.map((s) => signatureParas(spec, s, w))], all.map(() => pct))];
  if (doc.recipients.length) out.push(w.one('', { size: 8 }), ...recipients);
  return out;
}

/**
 * Renders an official document as .docx bytes laid out by `spec` (a validated document profile).
 * A4 portrait, the profile's margins; the page number from page `fromPage` in the header (top
 * centre) or footer. Errors: none of its own (the docx package's, for impossible input).
 */
export async function renderOfficialDocx(spec: OfficialSpec, doc: OfficialDocument): Promise<Buffer> {
  const w = writer(spec);
  const children: (Paragraph | Table)[] = [headerTable(spec, doc, w), ...titleBlock(spec, doc, w), ...bodyBlocks(spec, doc.blocks, w), ...closingBlock(spec, doc, w)];
  const pageNo = new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: w.font, size: spec.pageNumber.size * 2 })] });
  const empty = new Paragraph({ children: [] });
  const numbered = spec.pageNumber.position !== 'none';
  const skipFirst = numbered && spec.pageNumber.fromPage > 1;
  const bottom = spec.pageNumber.position === 'bottom';
  const region = (children: Paragraph[]) => (bottom ? new Footer({ children }) : new Header({ children }));
  const m = spec.page.margins;
  const document = new Document({
    creator: 'RõViệc',
    styles: { default: { document: { run: { font: w.font, size: spec.body.size * 2 } } } },
    sections: [
      {
        properties: {
          titlePage: skipFirst,
          page: {
            size: { width: convertMillimetersToTwip(210), height: convertMillimetersToTwip(297) },
            margin: { top: convertMillimetersToTwip(m.top), bottom: convertMillimetersToTwip(m.bottom), left: convertMillimetersToTwip(m.left), right: convertMillimetersToTwip(m.right), header: convertMillimetersToTwip(10), footer: convertMillimetersToTwip(10) },
          },
        },
        ...(numbered ? { [bottom ? 'footers' : 'headers']: { default: region([pageNo]), ...(skipFirst ? { first: region([empty]) } : {}) } } : {}),
        children,
      },
    ],
  });
  return Packer.toBuffer(document, false, [{ path: 'word/fontTable.xml', data: fontTable(spec.font) }]);
}


/**
 * The font table: the profile's font with its fallback as `w:altName` (Times New Roman →
 * Liberation Serif, metric-compatible), so a machine without the first knows what stands in.
 */
function fontTable(font: OfficialSpec['font']): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    `<w:font w:name="${xmlEscape(font.family)}"><w:altName w:val="${xmlEscape(font.fallback)}"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
    '</w:fonts>'
  );
}
