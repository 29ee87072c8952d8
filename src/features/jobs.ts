// Every room's heavy jobs (docs/DESIGN.md D45), loaded for their side effect of registering into
// platform/workers/jobs.ts. The app passes this module's URL to its worker pool; each worker
// thread imports it (with every message catalogue, for the pages it renders).
import './messages.ts';
import './programmes/schedule-jobs.tsx';
import './people/export-jobs.ts';
import './reports/export-jobs.ts';
import './meetings/document-jobs.ts';
import './documents/sample-jobs.ts';
// The office lists (print view and Excel export of a whole list, D52): the jobs and every list's spec.
import '../platform/office-list/routes.tsx';
import './people/list.ts';
import './programmes/lists.ts';
import './audit/list.ts';
import './portal/staff-list.ts';
import './portal/disclosures/list.ts';
import './orgs/list.ts';

/** This module's URL, for the workers to import (the .ts under tsx, the .js in dist/). */
export const HEAVY_JOBS_MODULE: string = import.meta.url;
