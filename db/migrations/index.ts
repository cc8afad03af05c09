// The explicit, ordered list of migrations. A landed migration is never edited;
// a change to the schema is a new file added at the end of this list.
import type { Migration } from "kysely";
import * as m001 from "./001-foundation";
import * as m002 from "./002-email";
import * as m003 from "./003-access";
import * as m004 from "./004-accounts-and-roles";
import * as m005 from "./005-workspace-settings";
import * as m006 from "./006-account-lifecycle";
import * as m007 from "./007-journey-edits";
import * as m008 from "./008-account-import";
import * as m009 from "./009-playbook-versions";
import * as m010 from "./010-account-goals";
import * as m012 from "./012-milestone-comments";
import * as m013 from "./013-pulse-surveys";
import * as m014 from "./014-playbook-archive";
import * as m015 from "./015-milestone-fields-and-upgrades";
import * as m016 from "./016-stage-email-copy";
import * as m017 from "./017-reminders-and-goal-comments";
import * as m018 from "./018-insights-indexes";
import * as m019 from "./019-insights-key-index";
import * as m020 from "./020-insights-kept-rows";

export const migrations: Record<string, Migration> = {
  "001-foundation": m001,
  "002-email": m002,
  "003-access": m003,
  "004-accounts-and-roles": m004,
  "005-workspace-settings": m005,
  "006-account-lifecycle": m006,
  "007-journey-edits": m007,
  "008-account-import": m008,
  "009-playbook-versions": m009,
  "010-account-goals": m010,
  "012-milestone-comments": m012,
  "013-pulse-surveys": m013,
  "014-playbook-archive": m014,
  "015-milestone-fields-and-upgrades": m015,
  "016-stage-email-copy": m016,
  "017-reminders-and-goal-comments": m017,
  "018-insights-indexes": m018,
  "019-insights-key-index": m019,
  "020-insights-kept-rows": m020,
};
