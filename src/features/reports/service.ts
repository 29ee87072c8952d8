// The public face of the reports room, re-exported from its parts:
// - periods.ts     period ids ('2026', '2026S1', '2026Q1', '202603') and the cut-off calendar;
// - forms.ts       report forms as versioned data (sections, indicators);
// - requests.ts    requests for a period from chosen organizations;
// - submissions.ts each organization's report: draft, submit, accept, return, files;
// - prefill.ts     what the record already knows of an organization over a period;
// - board.ts       the completeness board and reporting rates;
// - rollup.ts      the ward roll-up from accepted reports;
// - load.ts        reads for pages and the API, with who sees what.
export { PERIOD_TYPES, parsePeriod, periodName, periodRange, periodsOfYear, periodOf, type Period, type PeriodType } from './periods.ts';
export { getForm, listForms, saveForm, setFormActive, versionSpec, type FormView } from './forms.ts';
export { addRequestOrgs, createRequest, setRequestOpen } from './requests.ts';
export { acceptReport, attachReportFiles, mayRead, removeReportFile, returnReport, saveDraft, submitReport } from './submissions.ts';
export { boardOf, ratesByOrg, type Board, type Rates } from './board.ts';
export { aggregate, getRollup, saveRollup, type RollupView } from './rollup.ts';
export { computedOf, getRequest, getSubmission, listRequests, readableOrgs, type RequestDetail, type RequestListItem, type SubmissionDetail } from './load.ts';
export { myReports, reportsAwaitingReview, type ReportLine } from './home.ts';
