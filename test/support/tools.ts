/**
 * External tools the tests use for real (LibreOffice for documents): on a developer's machine a
 * missing tool skips the test that needs it, saying so; in CI (`CI` set) or with
 * ROVIEC_REQUIRE_TOOLS=1 it fails instead, so a test can never pass there by not running
 * (issue 8 kind 18; docs/DESIGN.md D30). Every tool check of a test goes through here
 * (test/test-skips.test.ts enforces it).
 */
import { spawnSync } from 'node:child_process';
import { isPdfAvailable } from '../../src/export/pdf.ts';

/** Whether a missing tool fails the tests instead of skipping them. */
export const TOOLS_REQUIRED = Boolean(process.env.CI || process.env.ROVIEC_REQUIRE_TOOLS);

/** The path of `soffice` (LibreOffice), or '' when it is not installed. */
export const SOFFICE = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).stdout.trim();

/** Whether LibreOffice can turn a document into PDF here. */
export const PDF_AVAILABLE = isPdfAvailable();

/**
 * The `skip` option of a test that needs a tool: false when the tool is there or required (then
 * the test runs, and fails without it), else the reason it is skipped.
 */
export function skipWithout(present: boolean, reason: string): string | false {
  return present || TOOLS_REQUIRED ? false : reason;
}

/** For a step inside a test: true when it may be left out (tool missing, not required); throws when the tool is required but missing. */
export function leaveOutWithout(present: boolean, reason: string): boolean {
  if (present) return false;
  if (TOOLS_REQUIRED) throw new Error(`${reason} (required: CI or ROVIEC_REQUIRE_TOOLS is set)`);
  console.log(`# ${reason}: step left out`);
  return true;
}
