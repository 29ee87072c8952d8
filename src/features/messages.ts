// Every feature's message catalogue, loaded for their side effect: registering into the one
// registry (platform/i18n/registry.ts). Imported by the composition roots (features/index.ts, main.ts).
import './account/messages.ts';
import './audit/messages.ts';
import './dashboard/messages.ts';
import './meetings/calendar/messages.ts';
import './documents/messages.ts';
import './portal/disclosures/messages.ts';
import './orgs/messages.ts';
import './people/messages.ts';
import './people/import-messages.ts';
import './portal/messages.ts';
import './programmes/messages.ts';
import './programmes/schedule-messages.ts';
import './sources/messages.ts';
import './units/messages.ts';
import './units/merge-messages.ts';
import './users/messages.ts';
import './users/invite-messages.ts';
import './meetings/messages.ts';
import './meetings/api-messages.ts';
import './reports/messages.ts';
import './reports/page-messages.ts';
import './reports/api-messages.ts';
import './setup/messages.ts';
