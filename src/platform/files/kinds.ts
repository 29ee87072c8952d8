// The kinds of file the house accepts, recognised from their bytes with `file-type` (never from the
// name or the type the browser declares). docs/DESIGN.md D6 "Uploads", D5 "Images and attachments", D12.
import { fileTypeFromBuffer } from 'file-type';

export type FileKindId = 'jpeg' | 'png' | 'webp' | 'heic' | 'pdf' | 'docx' | 'xlsx' | 'pptx' | 'odt' | 'ods' | 'office97';

export interface FileKind {
  id: FileKindId;
  /** The MIME type `file-type` reports for these bytes (stored as the content type of a work file). */
  mime: string;
  /** Extension of the stored name. */
  ext: string;
  /** Extensions a person's file name may carry for this kind, with the content type to serve it as. */
  names: Readonly<Record<string, string>>;
}

const OOXML = 'application/vnd.openxmlformats-officedocument';

/** Every kind, by id. `office97` is the OLE compound file of Word/Excel 97–2003 (`application/x-cfb`). */
export const FILE_KINDS: Readonly<Record<FileKindId, FileKind>> = {
  jpeg: { id: 'jpeg', mime: 'image/jpeg', ext: 'jpg', names: { jpg: 'image/jpeg', jpeg: 'image/jpeg' } },
  png: { id: 'png', mime: 'image/png', ext: 'png', names: { png: 'image/png' } },
  webp: { id: 'webp', mime: 'image/webp', ext: 'webp', names: { webp: 'image/webp' } },
  heic: { id: 'heic', mime: 'image/heic', ext: 'heic', names: { heic: 'image/heic', heif: 'image/heic' } },
  pdf: { id: 'pdf', mime: 'application/pdf', ext: 'pdf', names: { pdf: 'application/pdf' } },
  docx: { id: 'docx', mime: `${OOXML}.wordprocessingml.document`, ext: 'docx', names: { docx: `${OOXML}.wordprocessingml.document` } },
  xlsx: { id: 'xlsx', mime: `${OOXML}.spreadsheetml.sheet`, ext: 'xlsx', names: { xlsx: `${OOXML}.spreadsheetml.sheet` } },
  pptx: { id: 'pptx', mime: `${OOXML}.presentationml.presentation`, ext: 'pptx', names: { pptx: `${OOXML}.presentationml.presentation` } },
  odt: { id: 'odt', mime: 'application/vnd.oasis.opendocument.text', ext: 'odt', names: { odt: 'application/vnd.oasis.opendocument.text' } },
  ods: { id: 'ods', mime: 'application/vnd.oasis.opendocument.spreadsheet', ext: 'ods', names: { ods: 'application/vnd.oasis.opendocument.spreadsheet' } },
  office97: { id: 'office97', mime: 'application/x-cfb', ext: 'doc', names: { doc: 'application/msword', xls: 'application/vnd.ms-excel' } },
};

/**
 * The kind of `data` among `allowed`, recognised from its first bytes (`file-type`), or null when it
 * is none of them (unknown bytes, an executable, a plain ZIP, text…).
 */
export async function sniffKind(data: Uint8Array, allowed: readonly FileKindId[]): Promise<FileKind | null> {
  const sniffed = await fileTypeFromBuffer(data);
  if (!sniffed) return null;
  for (const id of allowed) if (FILE_KINDS[id].mime === sniffed.mime) return FILE_KINDS[id];
  return null;
}
