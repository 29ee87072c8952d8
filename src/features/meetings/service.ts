// The public face of the meetings room, re-exported from its parts:
// - meeting.ts     lifecycle (create, edit/move, convene, held, approve minutes, cancel, carry-over);
// - record.ts      agenda and attendance;
// - proceedings.ts reports, directives, numbered conclusions;
// - tasks.ts       conclusions turned into six-clear tasks;
// - article.ts     the portal article drafted from the record;
// - kinds.ts       meeting kinds as editable data;
// - load.ts        reads for pages, the API, documents (list, detail, counts, form options), and
//                  an organization's meetings and conclusions over a period for its reports;
// - visibility.ts  who sees which meeting.
export { approveMinutes, cancelMeeting, conveneMeeting, createMeeting, markHeld, mayApproveMinutes, updateMeeting } from './meeting.ts';
export { addAgendaItem, addAttendee, attachFiles, moveAgendaItem, removeAgendaItem, removeAttendee, setAttendance } from './record.ts';
export { addConclusion, addDirective, addReport, removeConclusion, removeProceeding, updateConclusion } from './proceedings.ts';
export { turnIntoTasks } from './tasks.ts';
export { composeArticle, draftArticle } from './article.ts';
export { addKind, listKinds, setKindActive } from './kinds.ts';
export { attendanceCounts, conclusionMeeting, getMeeting, listMeetings, meetingDay, meetingFormOptions, orgMeetingRecord, type AttendeeView, type MeetingDetail, type OrgConclusion } from './load.ts';
export { meetingScope, inScope } from './visibility.ts';
export type { MeetingRow } from './repo.ts';
export { minutesAwaitingMe, upcomingMeetings, type MeetingLine } from './home.ts';
