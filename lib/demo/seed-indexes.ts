/**
 * The indexes of the seed report (shared/seed/000_a0a86c36c62d319c.txt), "Database
 * Optimization - COMPLETE": three Django migrations (0002_add_database_indexes) that add
 * Meta.indexes to the invitations, accounts and plans apps.
 *
 * The report's headline says 43 indexes (and 20 for the invitations app), but its
 * per-model bullet lists add up to 42 (19 for invitations). The 43rd is the one its
 * "Covering Indexes" section writes out for Order: `Index(fields=['plan'])`, "Foreign key
 * index covers join" for `.select_related('plan')`: `order_plan_idx`, which sits beside
 * Django's automatic FK index on the same column, as the report's explicit FK indexes do.
 *
 * Names follow Django's rule for Meta.indexes names (at most 30 characters) and the
 * report's own example, `REINDEX INDEX order_user_status_idx`. A "-" before a field
 * (Django's Index(fields=["user", "-created_at"])) becomes DESC in PostgreSQL.
 */
export interface SeedIndex {
  name: string;
  table: string;
  /** Column list as it appears inside CREATE INDEX (…), DESC included. */
  columns: string;
  /** What the report says the index is for. */
  purpose: string;
}

export const DEMO_SEED_INDEXES: readonly SeedIndex[] = [
  // apps/invitations/migrations/0002_add_database_indexes.py
  {
    name: "order_user_status_idx",
    table: "invitations_order",
    columns: "user_id, status",
    purpose: "pending approvals by user",
  },
  {
    name: "order_status_created_idx",
    table: "invitations_order",
    columns: "status, created_at DESC",
    purpose: "recent orders by status",
  },
  {
    name: "order_user_created_idx",
    table: "invitations_order",
    columns: "user_id, created_at DESC",
    purpose: "user's order history",
  },
  {
    name: "order_status_idx",
    table: "invitations_order",
    columns: "status",
    purpose: "all orders by status",
  },
  {
    name: "order_created_idx",
    table: "invitations_order",
    columns: "created_at DESC",
    purpose: "recent orders",
  },
  {
    name: "order_approved_at_idx",
    table: "invitations_order",
    columns: "approved_at",
    purpose: "approval timeline",
  },
  {
    name: "order_user_status_created_idx",
    table: "invitations_order",
    columns: "user_id, status, created_at DESC",
    purpose: "comprehensive filtering",
  },
  {
    name: "order_plan_idx",
    table: "invitations_order",
    columns: "plan_id",
    purpose: "foreign key covers the plan join (the report's covering-index example)",
  },

  {
    name: "invitation_user_active_idx",
    table: "invitations_invitation",
    columns: "user_id, is_active",
    purpose: "user's active invitations",
  },
  {
    name: "invitation_user_created_idx",
    table: "invitations_invitation",
    columns: "user_id, created_at DESC",
    purpose: "user's invitation history",
  },
  {
    name: "invitation_active_expires_idx",
    table: "invitations_invitation",
    columns: "is_active, link_expires_at",
    purpose: "expiry checks",
  },
  {
    name: "invitation_event_date_idx",
    table: "invitations_invitation",
    columns: "event_date",
    purpose: "event timeline queries",
  },
  // These two repeat the indexes Django already creates for every ForeignKey.
  {
    name: "invitation_order_idx",
    table: "invitations_invitation",
    columns: "order_id",
    purpose: "foreign key optimization",
  },
  {
    name: "invitation_template_idx",
    table: "invitations_invitation",
    columns: "template_id",
    purpose: "foreign key optimization",
  },

  {
    name: "guest_invitation_viewed_idx",
    table: "invitations_guest",
    columns: "invitation_id, viewed_at DESC",
    purpose: "recent guests",
  },
  {
    name: "guest_invitation_attending_idx",
    table: "invitations_guest",
    columns: "invitation_id, attending",
    purpose: "RSVP filtering",
  },
  {
    name: "guest_attending_idx",
    table: "invitations_guest",
    columns: "attending",
    purpose: "global RSVP stats",
  },

  {
    name: "viewlog_invitation_viewed_idx",
    table: "invitations_invitationviewlog",
    columns: "invitation_id, viewed_at DESC",
    purpose: "invitation analytics",
  },
  {
    name: "viewlog_viewed_at_idx",
    table: "invitations_invitationviewlog",
    columns: "viewed_at DESC",
    purpose: "time-based analytics",
  },
  {
    name: "viewlog_ip_viewed_idx",
    table: "invitations_invitationviewlog",
    columns: "ip_address, viewed_at DESC",
    purpose: "IP tracking",
  },

  // apps/accounts/migrations/0002_add_database_indexes.py
  {
    name: "user_phone_verified_idx",
    table: "accounts_user",
    columns: "is_phone_verified",
    purpose: "verified users",
  },
  {
    name: "user_current_plan_idx",
    table: "accounts_user",
    columns: "current_plan",
    purpose: "plan-based filtering",
  },
  { name: "user_is_blocked_idx", table: "accounts_user", columns: "is_blocked", purpose: "blocked users" },
  { name: "user_created_idx", table: "accounts_user", columns: "created_at DESC", purpose: "recent signups" },
  {
    name: "user_active_verified_idx",
    table: "accounts_user",
    columns: "is_active, is_phone_verified",
    purpose: "active verified users",
  },

  {
    name: "phoneverif_user_created_idx",
    table: "accounts_phoneverification",
    columns: "user_id, created_at DESC",
    purpose: "recent OTPs",
  },
  {
    name: "phoneverif_user_used_idx",
    table: "accounts_phoneverification",
    columns: "user_id, is_used",
    purpose: "unused OTPs",
  },
  {
    name: "phoneverif_expires_idx",
    table: "accounts_phoneverification",
    columns: "expires_at",
    purpose: "expired OTP cleanup",
  },

  {
    name: "activity_user_created_idx",
    table: "accounts_useractivitylog",
    columns: "user_id, created_at DESC",
    purpose: "user activity history",
  },
  {
    name: "activity_user_type_idx",
    table: "accounts_useractivitylog",
    columns: "user_id, activity_type",
    purpose: "specific activity filtering",
  },
  {
    name: "activity_created_idx",
    table: "accounts_useractivitylog",
    columns: "created_at DESC",
    purpose: "global activity timeline",
  },
  {
    name: "activity_type_created_idx",
    table: "accounts_useractivitylog",
    columns: "activity_type, created_at DESC",
    purpose: "activity type timeline",
  },

  // apps/plans/migrations/0002_add_database_indexes.py
  {
    name: "template_plan_cat_active_idx",
    table: "plans_template",
    columns: "plan_id, category_id, is_active",
    purpose: "template search",
  },
  {
    name: "template_plan_active_idx",
    table: "plans_template",
    columns: "plan_id, is_active",
    purpose: "plan-based filtering",
  },
  {
    name: "template_cat_active_idx",
    table: "plans_template",
    columns: "category_id, is_active",
    purpose: "category filtering",
  },
  {
    name: "template_active_use_count_idx",
    table: "plans_template",
    columns: "is_active, use_count DESC",
    purpose: "popular templates",
  },
  {
    name: "template_premium_active_idx",
    table: "plans_template",
    columns: "is_premium, is_active",
    purpose: "premium templates",
  },
  {
    name: "template_anim_active_idx",
    table: "plans_template",
    columns: "animation_type, is_active",
    purpose: "animation filtering",
  },
  {
    name: "template_active_idx",
    table: "plans_template",
    columns: "is_active",
    purpose: "active template base filter",
  },

  {
    name: "plan_active_sort_idx",
    table: "plans_plan",
    columns: "is_active, sort_order",
    purpose: "plan listing",
  },
  { name: "plan_code_idx", table: "plans_plan", columns: "code", purpose: "plan lookup" },

  {
    name: "category_active_sort_idx",
    table: "plans_invitationcategory",
    columns: "is_active, sort_order",
    purpose: "category listing",
  },
  {
    name: "category_code_idx",
    table: "plans_invitationcategory",
    columns: "code",
    purpose: "category lookup",
  },
];
