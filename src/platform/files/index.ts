// Files, one platform service (docs/DESIGN.md D12): read uploads from a request, check them
// (size, count, kind sniffed from the bytes), store them before the caller's transaction and
// remove them if it fails, send them back. Features keep their own rows and links.
export { FILE_KINDS, sniffKind, type FileKind, type FileKindId } from './kinds.ts';
export { acceptOf, checkFiles, formAndFiles, IMAGE_LIMITS, safeFileName, withinImageLimits, type CheckedFile, type FilePolicy, type Upload } from './upload.ts';
export { keepIfRecorded, removeStored, stageFiles, storedPath, type FilePlace, type FileToStore, type Staged, type StoredBytes } from './store.ts';
export { contentDisposition, INLINE_TYPES, sendStoredFile, servedName, type SendOptions } from './serve.ts';
export { hasPreview, openWorkFile, previewName, sendWorkFile, storeWorkFiles, wantsOriginal, WORK_FILES, type StagedWorkFiles } from './work-files.ts';
export { HEIC_MAX_PIXELS, isHeif, PHOTO_MESSAGES, photoJpegs, type PhotoJpegs, type PhotoMessages } from './images.ts';
