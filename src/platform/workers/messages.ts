// Messages of the worker pool (platform/workers): Vietnamese first, English with the same keys.
import { registerMessages } from '../i18n/registry.ts';

const vi = {
  'workers.busy': 'Hệ thống đang bận xử lý nhiều yêu cầu in và xuất tệp. Vui lòng thử lại sau ít phút.',
} as const;

const en: Record<keyof typeof vi, string> = {
  'workers.busy': 'The system is busy with many print and export requests. Please try again in a few minutes.',
};

registerMessages(vi, en);

declare module '../i18n/registry.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
  interface Messages extends Record<keyof typeof vi, string> {}
}
