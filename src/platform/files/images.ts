// Photos from phones, one function for every upload that takes images (portal images, evidence of
// progress, meeting and report files): decoded (HEIC/HEIF from iPhones with `heic-decode`, libheif
// in WebAssembly; everything else with sharp), turned upright, resized, flattened on white and
// re-encoded as JPEG with NO metadata (EXIF GPS, camera serials, XMP are dropped: sharp writes
// none unless asked). The caller keeps the original bytes if it wants them. docs/DESIGN.md D55.
import type SharpFn from 'sharp';
import type { Metadata, Sharp } from 'sharp';
import type DecodeHeic from 'heic-decode';
import { lazy } from '../../lib/lazy.ts';
import { ValidationError } from '../errors.ts';
import type { MessageKey } from '../i18n/index.ts';

const sharp = lazy<typeof SharpFn>('sharp');
const decodeHeic = lazy<typeof DecodeHeic>('heic-decode');

/**
 * Pixel limits of an image a browser will decode (D29): at most 100 million pixels and 30,000 on
 * a side (a 48-megapixel phone photo is 8,000 × 6,000; a 50,000 × 50,000 PNG of a few kilobytes
 * would take 10 GB to decode).
 */
export const IMAGE_LIMITS = { maxPixels: 100_000_000, maxSide: 30_000 } as const;

/** Whether an image of `width` × `height` pixels passes IMAGE_LIMITS (the one rule for every upload of images). */
export function withinImageLimits(width: number, height: number): boolean {
  return width <= IMAGE_LIMITS.maxSide && height <= IMAGE_LIMITS.maxSide && width * height <= IMAGE_LIMITS.maxPixels;
}

/**
 * Largest HEIC decoded, in pixels: libheif in WebAssembly holds the whole RGBA picture (4 bytes a
 * pixel) in its own memory and decodes synchronously, so a 48-megapixel iPhone photo (≈ 190 MB) is
 * the most; a file that says more is refused before a pixel is decoded.
 */
export const HEIC_MAX_PIXELS = 50_000_000;

/** Messages (i18n keys) a caller gives for a refusal: not an image, too many pixels, a HEIC that cannot be read. */
export interface PhotoMessages {
  notImage: MessageKey;
  pixels: MessageKey;
  heic: MessageKey;
}

export const PHOTO_MESSAGES: PhotoMessages = { notImage: 'file.err.type', pixels: 'file.err.pixels', heic: 'file.err.heic' };

/** The JPEGs made from one photo: size in pixels of the largest variant, and each variant by its width limit. */
export interface PhotoJpegs {
  width: number;
  height: number;
  variants: Map<number, Buffer>;
}

const RASTER = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'tiff']);

/** Whether `data` starts like an ISO-BMFF HEIF/HEIC file (`ftyp` with a HEIF brand). */
export function isHeif(data: Uint8Array): boolean {
  if (data.length < 12 || Buffer.from(data.subarray(4, 8)).toString('latin1') !== 'ftyp') return false;
  const brand = Buffer.from(data.subarray(8, 12)).toString('latin1');
  return ['heic', 'heix', 'hevc', 'hevx', 'mif1', 'msf1', 'heim', 'heis'].includes(brand);
}

/**
 * Decodes the first picture of a HEIC/HEIF file to raw RGBA, refusing (`messages.pixels`) one over
 * HEIC_MAX_PIXELS or IMAGE_LIMITS by the size its header declares, before decoding, and
 * (`messages.heic`) one libheif cannot read.
 */
async function heicToRaw(data: Buffer, refuse: (k: MessageKey) => ValidationError, messages: PhotoMessages) {
  let images: Awaited<ReturnType<typeof DecodeHeic.all>>;
  try {
    images = await decodeHeic().all({ buffer: data });
  } catch {
    throw refuse(messages.heic);
  }
  try {
    const first = images[0];
    if (!first || first.width < 1 || first.height < 1) throw refuse(messages.heic);
    if (!withinImageLimits(first.width, first.height) || first.width * first.height > HEIC_MAX_PIXELS) throw refuse(messages.pixels);
    try {
      const img = await first.decode();
      return { width: img.width, height: img.height, pixels: Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength) };
    } catch {
      throw refuse(messages.heic);
    }
  } finally {
    images.dispose();
  }
}

/**
 * Makes JPEG variants of the photo in `data`, one per entry of `widths` (each at most that many
 * pixels wide, never enlarged), upright (EXIF orientation applied), on white, quality 78, without
 * any metadata. Checks the size in pixels from the header first (IMAGE_LIMITS, D29).
 *
 * Throws `ValidationError({ [field]: key })`: `messages.notImage` when the bytes are no image sharp
 * or libheif reads, `messages.pixels` when too large, `messages.heic` for a HEIC that cannot be decoded.
 */
export async function photoJpegs(data: Buffer, widths: readonly number[], field: string, messages: PhotoMessages = PHOTO_MESSAGES): Promise<PhotoJpegs> {
  const refuse = (k: MessageKey) => new ValidationError({ [field]: k });
  let input: Sharp;
  const make = (): Sharp => input.clone();
  if (isHeif(data)) {
    const raw = await heicToRaw(data, refuse, messages);
    input = sharp()(raw.pixels, { raw: { width: raw.width, height: raw.height, channels: 4 }, limitInputPixels: IMAGE_LIMITS.maxPixels });
  } else {
    let meta: Metadata;
    try {
      // The header only (nothing decoded).
      meta = await sharp()(data, { limitInputPixels: false }).metadata();
    } catch {
      throw refuse(messages.notImage);
    }
    if (!meta.format || !RASTER.has(meta.format) || !meta.width || !meta.height) throw refuse(messages.notImage);
    if (!withinImageLimits(meta.width, meta.height)) throw refuse(messages.pixels);
    // Decoded as leniently as a browser shows it (a phone's slightly cut or mis-summed file still has its picture).
    input = sharp()(data, { limitInputPixels: IMAGE_LIMITS.maxPixels, failOn: 'none' }).rotate();
  }
  const variants = new Map<number, Buffer>();
  let size = { width: 0, height: 0 };
  try {
    for (const w of widths) {
      const { data: out, info } = await make()
        .resize({ width: w, withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 78, mozjpeg: true })
        .toBuffer({ resolveWithObject: true });
      variants.set(w, out);
      if (info.width >= size.width) size = { width: info.width, height: info.height };
    }
  } catch {
    throw refuse(messages.notImage);
  }
  return { ...size, variants };
}
