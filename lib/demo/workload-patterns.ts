import { z } from "zod";
import { pgNumber } from "../db/columns";
import { djangoIndexName } from "./django-names";
import { DEMO_SEED_INDEX_NAMES } from "./schema";
import {
  chance,
  type DemoIdRanges,
  invitationSlug,
  pick,
  randomGuestPhone,
  randomInt,
  randomInvitationId,
  randomIp,
  randomOtpCode,
  userPhone,
} from "./workload-random";

/**
 * The query patterns of the seed report's performance table ("User's orders by status",
 * "Active invitations", "Guest duplicate check", …) plus the writes the app makes, as
 * the demo workload runs them against the demo database.
 *
 * Each pattern lists the seed indexes (see seed-indexes.ts) the PostgreSQL planner
 * really picks for it on the demo data, checked with EXPLAIN and pg_stat_user_indexes.
 * Several report indexes are picked by no pattern: most lookups by a foreign key are
 * served by the index Django already creates for that key, boolean and tiny-table
 * indexes lose to sequential scans, and some features (IP tracking, premium or
 * animation filters, the approval timeline, OTP cleanup) were never built.
 */

/** What a pattern can do inside its transaction. */
export interface PatternContext {
  ranges: DemoIdRanges;
  /** Runs a statement and parses its rows. */
  rows<T>(schema: z.ZodType<T>, sql: string, values: readonly unknown[]): Promise<T[]>;
  /** Runs a statement whose rows are not needed. */
  exec(sql: string, values: readonly unknown[]): Promise<void>;
}

export interface WorkloadPatternDoc {
  name: string;
  description: string;
  /** Statements in the order the pattern runs them (some only on some runs). */
  sql: readonly string[];
  /**
   * Indexes the planner picks for this pattern on the demo data: seed-report indexes and
   * Django's automatic foreign-key indexes. Primary keys and unique lookups (slug,
   * phone) are left out.
   */
  usesIndexes: readonly string[];
}

interface WorkloadPattern extends WorkloadPatternDoc {
  /** How many times the pattern appears in each shuffled round of the workload. */
  weight: number;
  run(ctx: PatternContext): Promise<void>;
}

/** Name of the index Django created for a ForeignKey column (see schema.ts). */
function fkIndex(table: string, column: string): string {
  return djangoIndexName(table, [column]);
}

const idRow = z.object({ id: z.coerce.number() });

const SQL = {
  ordersByStatus: `SELECT id, order_number, plan_id, status, amount, created_at
FROM invitations_order
WHERE user_id = $1 AND status = $2
ORDER BY created_at DESC`,
  orderHistory: `SELECT id, order_number, plan_id, status, amount, created_at
FROM invitations_order
WHERE user_id = $1
ORDER BY created_at DESC
LIMIT 20`,
  approvalQueue: `SELECT id, order_number, user_id, plan_id, amount, payment_method, receipt_image, created_at
FROM invitations_order
WHERE status = 'PENDING_APPROVAL'
ORDER BY created_at
LIMIT 50`,
  decideOrder: `UPDATE invitations_order
SET status = $2, approved_at = CASE WHEN $4::boolean THEN now() END, approved_by_id = $3, updated_at = now()
WHERE id = $1 AND status = 'PENDING_APPROVAL'`,
  planByCode: `SELECT id, price FROM plans_plan WHERE code = $1 AND is_active`,
  insertOrder: `INSERT INTO invitations_order (order_number, status, amount, payment_method, payment_reference,
  receipt_image, admin_notes, approved_at, created_at, updated_at, approved_by_id, plan_id, user_id)
VALUES ('ORD-' || to_char(now(), 'YYYYMMDD') || '-' || upper(substr(md5(random()::text), 1, 10)), 'PENDING_APPROVAL',
  $3, $4, upper(substr(md5(random()::text), 1, 14)), '', '', NULL, now(), now(), NULL, $2, $1)
RETURNING id`,
  logActivity: `INSERT INTO accounts_useractivitylog (activity_type, description, ip_address, user_agent, metadata,
  created_at, user_id)
VALUES ($2, $3, $4, 'Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile', '{}', now(), $1)`,
  activeInvitations: `SELECT id, title, slug, event_date, link_expires_at, view_count
FROM invitations_invitation
WHERE user_id = $1 AND is_active = true`,
  invitationHistory: `SELECT id, title, slug, event_date, is_active, created_at
FROM invitations_invitation
WHERE user_id = $1
ORDER BY created_at DESC
LIMIT 20`,
  invitationBySlug: `SELECT id, title, host_names, event_date, venue_name, venue_address, message, template_id
FROM invitations_invitation
WHERE slug = $1 AND is_active = true`,
  templateById: `SELECT html_content, config, animation_type FROM plans_template WHERE id = $1`,
  insertView: `INSERT INTO invitations_invitationviewlog (ip_address, user_agent, referrer, viewed_at, invitation_id)
VALUES ($2, 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Mobile/15E148', $3, now(), $1)`,
  countView: `UPDATE invitations_invitation SET view_count = view_count + 1 WHERE id = $1`,
  guestExists: `SELECT EXISTS (
  SELECT 1 FROM invitations_guest WHERE invitation_id = $1 AND phone = $2
) AS exists`,
  insertGuest: `INSERT INTO invitations_guest (name, phone, attending, guests_count, message, viewed_at, responded_at,
  created_at, updated_at, invitation_id)
VALUES ($2, $3, NULL, 0, '', NULL, NULL, now(), now(), $1)`,
  rsvp: `UPDATE invitations_guest
SET attending = $2, guests_count = $3, viewed_at = coalesce(viewed_at, now()), responded_at = now(), updated_at = now()
WHERE id = $1`,
  guestList: `SELECT id, name, phone, attending, guests_count, viewed_at
FROM invitations_guest
WHERE invitation_id = $1
ORDER BY viewed_at DESC`,
  attendingGuests: `SELECT id, name, guests_count
FROM invitations_guest
WHERE invitation_id = $1 AND attending = true`,
  invitationAnalytics: `SELECT date_trunc('day', viewed_at) AS day, count(*) AS views
FROM invitations_invitationviewlog
WHERE invitation_id = $1 AND viewed_at >= now() - interval '30 days'
GROUP BY 1
ORDER BY 1`,
  viewsLastHour: `SELECT count(*) AS views
FROM invitations_invitationviewlog
WHERE viewed_at >= now() - interval '1 hour'`,
  activePlans: `SELECT id, code, name, price, features FROM plans_plan WHERE is_active = true ORDER BY sort_order`,
  activeCategories: `SELECT id, code, name, icon FROM plans_invitationcategory WHERE is_active = true ORDER BY sort_order`,
  templateSearch: `SELECT id, name, preview_image, is_premium, use_count
FROM plans_template
WHERE plan_id = $1 AND category_id = $2 AND is_active = true
ORDER BY use_count DESC
LIMIT 24`,
  categoryTemplates: `SELECT id, name, preview_image, is_premium, use_count
FROM plans_template
WHERE category_id = $1 AND is_active = true
ORDER BY use_count DESC
LIMIT 24`,
  popularTemplates: `SELECT id, name, preview_image, use_count
FROM plans_template
WHERE is_active = true
ORDER BY use_count DESC
LIMIT 12`,
  activityHistory: `SELECT id, activity_type, description, ip_address, created_at
FROM accounts_useractivitylog
WHERE user_id = $1
ORDER BY created_at DESC
LIMIT 20`,
  activityCount: `SELECT count(*) AS n FROM accounts_useractivitylog WHERE user_id = $1 AND activity_type = $2`,
  activityFeed: `SELECT id, user_id, activity_type, description, created_at
FROM accounts_useractivitylog
ORDER BY created_at DESC
LIMIT 50`,
  userByPhone: `SELECT id, is_active, is_blocked FROM accounts_user WHERE phone = $1`,
  recentOtpCount: `SELECT count(*) AS n
FROM accounts_phoneverification
WHERE user_id = $1 AND created_at >= now() - interval '1 hour'`,
  insertOtp: `INSERT INTO accounts_phoneverification (phone, otp_code, is_used, attempts, created_at, expires_at, user_id)
VALUES ($2, $3, false, 0, now(), now() + interval '5 minutes', $1)`,
  findOtp: `SELECT id, expires_at
FROM accounts_phoneverification
WHERE user_id = $1 AND is_used = false AND otp_code = $2`,
  useOtp: `UPDATE accounts_phoneverification SET is_used = true, attempts = attempts + 1 WHERE id = $1`,
  markVerified: `UPDATE accounts_user SET is_phone_verified = true, last_login = now(), updated_at = now() WHERE id = $1`,
  recentRegistrations: `SELECT id, username, phone, is_phone_verified, created_at
FROM accounts_user
ORDER BY created_at DESC
LIMIT 20`,
  // No seed index leads with phone (they lead with user_id): the demo's true missing index.
  otpCodesByPhone: `SELECT id, otp_code, is_used, created_at
FROM accounts_phoneverification
WHERE phone = $1
ORDER BY created_at DESC
LIMIT 5`,
  expiringLinks: `SELECT id, user_id, slug, title, link_expires_at
FROM invitations_invitation
WHERE is_active = true AND link_expires_at >= now() AND link_expires_at < now() + interval '1 day'`,
} as const;

const ORDER_STATUSES = ["PENDING_APPROVAL", "APPROVED", "REJECTED", "CANCELLED"] as const;
const PAID_PLAN_CODES = ["BASIC", "STANDARD", "PREMIUM", "BUSINESS"] as const;
const ACTIVITY_TYPES = [
  "LOGIN",
  "VIEW_TEMPLATE",
  "SHARE_INVITATION",
  "ORDER_CREATED",
  "OTP_REQUESTED",
] as const;
const GUEST_NAMES = [
  "Sara Ahmadi",
  "Liam Smith",
  "Zahra Karimi",
  "Noah Brown",
  "Leila Moradi",
  "Emma Davis",
] as const;
const REFERRERS = ["", "https://wa.me/", "https://t.me/", "https://www.instagram.com/"] as const;
/** Users 1-5 are the staff who approve orders (see INSERT_USERS_SQL). */
const STAFF_USER_IDS = [1, 2, 3, 4, 5] as const;

const PATTERNS: readonly WorkloadPattern[] = [
  {
    name: "orders_by_status",
    description: "User's orders by status (the My orders tabs)",
    sql: [SQL.ordersByStatus],
    usesIndexes: ["order_user_status_idx", fkIndex("invitations_order", "user_id")],
    weight: 3,
    async run(ctx) {
      await ctx.exec(SQL.ordersByStatus, [randomInt(1, ctx.ranges.users), pick(ORDER_STATUSES)]);
    },
  },
  {
    name: "order_history",
    description: "User's order history, newest first",
    sql: [SQL.orderHistory],
    usesIndexes: [fkIndex("invitations_order", "user_id")],
    weight: 2,
    async run(ctx) {
      await ctx.exec(SQL.orderHistory, [randomInt(1, ctx.ranges.users)]);
    },
  },
  {
    name: "approval_queue",
    description: "Staff open the queue of orders waiting for approval and decide the oldest one",
    sql: [SQL.approvalQueue, SQL.decideOrder],
    usesIndexes: ["order_status_created_idx"],
    weight: 1,
    async run(ctx) {
      const queue = await ctx.rows(idRow, SQL.approvalQueue, []);
      const oldest = queue[0];
      // One decision per visit, like one new order per place_order: the queue stays the same size.
      if (oldest) {
        const decision = chance(0.9) ? "APPROVED" : "REJECTED";
        await ctx.exec(SQL.decideOrder, [oldest.id, decision, pick(STAFF_USER_IDS), decision === "APPROVED"]);
      }
    },
  },
  {
    name: "place_order",
    description: "A user buys a plan: plan lookup, new pending order, activity log entry",
    sql: [SQL.planByCode, SQL.insertOrder, SQL.logActivity],
    usesIndexes: [],
    weight: 1,
    async run(ctx) {
      const userId = randomInt(1, ctx.ranges.users);
      const plan = (
        await ctx.rows(z.object({ id: z.coerce.number(), price: pgNumber }), SQL.planByCode, [
          pick(PAID_PLAN_CODES),
        ])
      )[0];
      if (!plan) return;
      const method = pick(["CARD", "CARD", "BANK_TRANSFER", "WALLET"] as const);
      await ctx.exec(SQL.insertOrder, [userId, plan.id, plan.price, method]);
      await ctx.exec(SQL.logActivity, [userId, "ORDER_CREATED", "Placed an order", randomIp()]);
    },
  },
  {
    name: "active_invitations",
    description: "User's active invitations (dashboard home)",
    sql: [SQL.activeInvitations],
    usesIndexes: ["invitation_user_active_idx"],
    weight: 3,
    async run(ctx) {
      await ctx.exec(SQL.activeInvitations, [randomInt(1, ctx.ranges.users)]);
    },
  },
  {
    name: "invitation_history",
    description: "User's invitations, newest first",
    sql: [SQL.invitationHistory],
    usesIndexes: [fkIndex("invitations_invitation", "user_id")],
    weight: 1,
    async run(ctx) {
      await ctx.exec(SQL.invitationHistory, [randomInt(1, ctx.ranges.users)]);
    },
  },
  {
    name: "view_invitation",
    description: "A guest opens an invitation link: invitation by slug, its template, view log, view counter",
    sql: [SQL.invitationBySlug, SQL.templateById, SQL.insertView, SQL.countView],
    usesIndexes: [],
    weight: 3,
    async run(ctx) {
      const slug = invitationSlug(randomInvitationId(ctx.ranges));
      const schema = z.object({ id: z.coerce.number(), template_id: z.coerce.number() });
      const invitation = (await ctx.rows(schema, SQL.invitationBySlug, [slug]))[0];
      if (!invitation) return; // expired link: the page says so
      await ctx.exec(SQL.templateById, [invitation.template_id]);
      await ctx.exec(SQL.insertView, [invitation.id, randomIp(), pick(REFERRERS)]);
      await ctx.exec(SQL.countView, [invitation.id]);
    },
  },
  {
    name: "guest_duplicate_check",
    description: "A host adds a guest: duplicate check on invitation + phone, then the insert",
    sql: [SQL.guestExists, SQL.insertGuest],
    usesIndexes: [fkIndex("invitations_guest", "invitation_id")],
    weight: 2,
    async run(ctx) {
      const invitationId = randomInvitationId(ctx.ranges);
      const phone = randomGuestPhone();
      const found = await ctx.rows(z.object({ exists: z.boolean() }), SQL.guestExists, [invitationId, phone]);
      if (found[0]?.exists === false)
        await ctx.exec(SQL.insertGuest, [invitationId, pick(GUEST_NAMES), phone]);
    },
  },
  {
    name: "guest_rsvp",
    description: "A guest answers the invitation (RSVP)",
    sql: [SQL.rsvp],
    usesIndexes: [],
    weight: 2,
    async run(ctx) {
      const attending = chance(0.75);
      await ctx.exec(SQL.rsvp, [randomInt(1, ctx.ranges.guests), attending, attending ? randomInt(1, 4) : 0]);
    },
  },
  {
    name: "guest_list",
    description: "Host's guest list, most recently viewed first",
    sql: [SQL.guestList],
    usesIndexes: [fkIndex("invitations_guest", "invitation_id")],
    weight: 2,
    async run(ctx) {
      await ctx.exec(SQL.guestList, [randomInvitationId(ctx.ranges)]);
    },
  },
  {
    name: "attending_guests",
    description: "Host's list of guests who said yes",
    sql: [SQL.attendingGuests],
    usesIndexes: [fkIndex("invitations_guest", "invitation_id")],
    weight: 1,
    async run(ctx) {
      await ctx.exec(SQL.attendingGuests, [randomInvitationId(ctx.ranges)]);
    },
  },
  {
    name: "invitation_analytics",
    description: "Views per day of one invitation over the last 30 days",
    sql: [SQL.invitationAnalytics],
    usesIndexes: ["viewlog_invitation_viewed_idx"],
    weight: 1,
    async run(ctx) {
      await ctx.exec(SQL.invitationAnalytics, [randomInvitationId(ctx.ranges)]);
    },
  },
  {
    name: "views_last_hour",
    description: "Admin dashboard: invitation views in the last hour",
    sql: [SQL.viewsLastHour],
    usesIndexes: ["viewlog_viewed_at_idx"],
    weight: 1,
    async run(ctx) {
      await ctx.exec(SQL.viewsLastHour, []);
    },
  },
  {
    name: "template_search",
    description: "Template gallery filtered by plan and category, most used first",
    sql: [SQL.activePlans, SQL.activeCategories, SQL.templateSearch],
    usesIndexes: ["template_plan_cat_active_idx"],
    weight: 2,
    async run(ctx) {
      await ctx.exec(SQL.activePlans, []);
      await ctx.exec(SQL.activeCategories, []);
      await ctx.exec(SQL.templateSearch, [randomInt(1, 5), randomInt(1, 20)]);
    },
  },
  {
    name: "category_templates",
    description: "Template gallery of one category",
    sql: [SQL.categoryTemplates],
    usesIndexes: ["template_cat_active_idx"],
    weight: 1,
    async run(ctx) {
      await ctx.exec(SQL.categoryTemplates, [randomInt(1, 20)]);
    },
  },
  {
    name: "popular_templates",
    description: "Popular templates on the home page",
    sql: [SQL.popularTemplates],
    usesIndexes: ["template_active_use_count_idx"],
    weight: 2,
    async run(ctx) {
      await ctx.exec(SQL.popularTemplates, []);
    },
  },
  {
    name: "activity_history",
    description: "User's activity log, newest first",
    sql: [SQL.activityHistory],
    usesIndexes: ["activity_user_created_idx"],
    weight: 2,
    async run(ctx) {
      await ctx.exec(SQL.activityHistory, [randomInt(1, ctx.ranges.users)]);
    },
  },
  {
    name: "activity_count_by_type",
    description: "How often a user did one kind of thing (logins, shares, …)",
    sql: [SQL.activityCount],
    usesIndexes: ["activity_user_type_idx"],
    weight: 1,
    async run(ctx) {
      await ctx.exec(SQL.activityCount, [randomInt(1, ctx.ranges.users), pick(ACTIVITY_TYPES)]);
    },
  },
  {
    name: "activity_feed",
    description: "Admin dashboard: latest activity of all users",
    sql: [SQL.activityFeed],
    usesIndexes: ["activity_created_idx"],
    weight: 1,
    async run(ctx) {
      await ctx.exec(SQL.activityFeed, []);
    },
  },
  {
    name: "phone_otp_login",
    description:
      "Phone login: user by phone, OTP rate limit, new OTP, verification of the unused code (user + is_used), activity log",
    sql: [
      SQL.userByPhone,
      SQL.recentOtpCount,
      SQL.insertOtp,
      SQL.findOtp,
      SQL.useOtp,
      SQL.markVerified,
      SQL.logActivity,
    ],
    usesIndexes: ["phoneverif_user_created_idx", "phoneverif_user_used_idx"],
    weight: 2,
    async run(ctx) {
      const phone = userPhone(randomInt(1, ctx.ranges.users));
      const userSchema = z.object({ id: z.coerce.number(), is_active: z.boolean(), is_blocked: z.boolean() });
      const user = (await ctx.rows(userSchema, SQL.userByPhone, [phone]))[0];
      if (!user?.is_active || user.is_blocked) return;
      const recent = await ctx.rows(z.object({ n: z.coerce.number() }), SQL.recentOtpCount, [user.id]);
      if ((recent[0]?.n ?? 0) >= 5) return; // rate limited
      const code = randomOtpCode();
      await ctx.exec(SQL.insertOtp, [user.id, phone, code]);
      // Most users type the code they got; some mistype it.
      const typed = chance(0.85) ? code : randomOtpCode();
      const otp = (await ctx.rows(idRow, SQL.findOtp, [user.id, typed]))[0];
      if (!otp) return;
      await ctx.exec(SQL.useOtp, [otp.id]);
      await ctx.exec(SQL.markVerified, [user.id]);
      await ctx.exec(SQL.logActivity, [user.id, "LOGIN", "Logged in with phone OTP", randomIp()]);
    },
  },
  {
    name: "otp_codes_by_phone",
    description:
      "Support desk: the last codes sent to a phone number. The seed indexes codes by user, not by phone, so this reads the whole table: the missing index the Findings page suggests",
    sql: [SQL.otpCodesByPhone],
    usesIndexes: [],
    weight: 1,
    async run(ctx) {
      await ctx.exec(SQL.otpCodesByPhone, [userPhone(randomInt(1, ctx.ranges.users))]);
    },
  },
  {
    name: "recent_registrations",
    description: "Admin dashboard: newest users",
    sql: [SQL.recentRegistrations],
    usesIndexes: ["user_created_idx"],
    weight: 1,
    async run(ctx) {
      await ctx.exec(SQL.recentRegistrations, []);
    },
  },
  {
    name: "expiring_links",
    description: "Reminder job: active invitation links that expire within a day",
    sql: [SQL.expiringLinks],
    usesIndexes: ["invitation_active_expires_idx"],
    weight: 1,
    async run(ctx) {
      await ctx.exec(SQL.expiringLinks, []);
    },
  },
];

/** The patterns without their code, for documentation and the UI. */
export const WORKLOAD_PATTERNS: readonly WorkloadPatternDoc[] = PATTERNS.map(
  ({ name, description, sql, usesIndexes }) => ({ name, description, sql, usesIndexes }),
);

/** Seed-report indexes the workload makes the planner use. */
export const WORKLOAD_USED_SEED_INDEXES: readonly string[] = DEMO_SEED_INDEX_NAMES.filter((name) =>
  PATTERNS.some((pattern) => pattern.usesIndexes.includes(name)),
);

/** Seed-report indexes no workload query ever touches: the demo's unused indexes. */
export const WORKLOAD_UNUSED_SEED_INDEXES: readonly string[] = DEMO_SEED_INDEX_NAMES.filter(
  (name) => !WORKLOAD_USED_SEED_INDEXES.includes(name),
);

/**
 * A shuffled round of patterns, each present `weight` times. The workload plays rounds
 * one after the other, so every pattern runs within a few seconds yet order stays random.
 */
export function shuffledRound(): WorkloadPattern[] {
  const round = PATTERNS.flatMap((pattern) => Array.from({ length: pattern.weight }, () => pattern));
  for (let i = round.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [round[i], round[j]] = [round[j] as WorkloadPattern, round[i] as WorkloadPattern];
  }
  return round;
}

export type { WorkloadPattern };
