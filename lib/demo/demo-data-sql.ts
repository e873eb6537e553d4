/**
 * Set-based INSERT … SELECT statements that fill the demo tables. Everything is generated
 * inside PostgreSQL from generate_series, so a million rows cost one round trip each.
 *
 * Shape of the data, chosen so the planner sees what it would see in production:
 * - the app grows over one year: the k-th of n rows of a table is created at
 *   now() - 365 days * (1 - sqrt(k / n)), i.e. activity grows linearly with time, and ids
 *   follow creation time like a real sequence;
 * - a row only points at parents that already existed then: with that curve, the users
 *   existing when the k-th of n rows is created are ids 1 .. 10000 * k / n;
 * - skewed enums and booleans (most orders APPROVED, is_blocked rare, …);
 * - a few big invitations (weddings) collect most guests and views.
 *
 * setseed() at the start of the load makes every run produce the same data.
 */

export const DEMO_ROW_COUNTS = {
  plans_plan: 6,
  plans_invitationcategory: 20,
  plans_template: 500,
  accounts_user: 10_000,
  accounts_phoneverification: 20_000,
  accounts_useractivitylog: 500_000,
  invitations_order: 50_000,
  invitations_invitation: 40_000,
  invitations_guest: 200_000,
  invitations_invitationviewlog: 300_000,
} as const;

const USERS = DEMO_ROW_COUNTS.accounts_user;

/** Creation time of the k-th of n rows on the one-year growth curve. */
function createdAt(k: string, n: number): string {
  return `now() - interval '365 days' * (1 - sqrt(${k}::float8 / ${n}))`;
}

/**
 * A user id that already existed when the k-th of n rows was created, biased towards
 * older users (they have had more time to order, log in, …).
 */
function existingUserId(k: string, n: number): string {
  return `(1 + floor(sqrt(random()) * greatest(1, floor(${USERS}.0 * ${k} / ${n}))))::bigint`;
}

const FIRST_NAMES = `(ARRAY['Sara','Ali','Maryam','Reza','Emma','Liam','Olivia','Noah','Zahra','Hossein','Ava','Lucas',
  'Fatemeh','Amir','Mia','Ethan','Nazanin','Omid','Sophia','Daniel','Leila','Arash','Chloe','Adam','Yasmin','Karim',
  'Hannah','David','Niloufar','Samuel'])`;
const LAST_NAMES = `(ARRAY['Ahmadi','Smith','Karimi','Johnson','Rezaei','Brown','Hosseini','Garcia','Moradi','Miller',
  'Jafari','Davis','Rahimi','Wilson','Mohammadi','Anderson','Kazemi','Taylor','Sadeghi','Thomas','Ebrahimi','Moore',
  'Hashemi','Martin','Ghorbani','Lee','Rostami','Clark','Nazari','Lewis'])`;
const USER_AGENTS = `(ARRAY[
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 13; Redmi Note 12) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'WhatsApp/2.24.12.78 A'])`;
/** A public-looking IPv4 address (1.0.0.0 .. 220.255.255.255). */
const RANDOM_IP = `('0.0.0.0'::inet + (16777216 + floor(random() * 3690987520))::bigint)`;

export const INSERT_PLANS_SQL = `
INSERT INTO plans_plan (id, code, name, description, price, duration_days, max_invitations, max_guests, features,
  is_active, sort_order, created_at, updated_at)
SELECT id, code, name, description, price, duration_days, max_invitations, max_guests, features::jsonb,
  is_active, id, now() - interval '400 days', now() - interval '30 days'
FROM (VALUES
  (1, 'FREE', 'Free', 'One simple invitation to try the app', 0.00, 30, 1, 30,
    '{"watermark": true, "rsvp": true}', true),
  (2, 'BASIC', 'Basic', 'Invitation with RSVP tracking', 9.99, 90, 3, 150,
    '{"watermark": false, "rsvp": true}', true),
  (3, 'STANDARD', 'Standard', 'Animated templates and guest reminders', 19.99, 180, 10, 400,
    '{"watermark": false, "rsvp": true, "reminders": true}', true),
  (4, 'PREMIUM', 'Premium', 'Premium templates, analytics and custom domain', 39.99, 365, 30, 1000,
    '{"watermark": false, "rsvp": true, "reminders": true, "analytics": true}', true),
  (5, 'BUSINESS', 'Business', 'Events for companies and venues', 99.00, 365, 200, 5000,
    '{"watermark": false, "rsvp": true, "reminders": true, "analytics": true, "team": true}', true),
  (6, 'GOLD_2024', 'Gold (2024)', 'Retired launch offer', 29.99, 365, 20, 800,
    '{"watermark": false, "rsvp": true, "analytics": true}', false)
) AS p (id, code, name, description, price, duration_days, max_invitations, max_guests, features, is_active)`;

export const INSERT_CATEGORIES_SQL = `
INSERT INTO plans_invitationcategory (id, code, name, description, icon, is_active, sort_order, created_at, updated_at)
SELECT n, code, initcap(replace(lower(code), '_', ' ')), 'Invitations for ' || replace(lower(code), '_', ' ') || ' events',
  lower(code), code NOT IN ('REUNION', 'CONCERT'), n, now() - interval '400 days', now() - interval '60 days'
FROM unnest(ARRAY['WEDDING', 'BIRTHDAY', 'ENGAGEMENT', 'BABY_SHOWER', 'ANNIVERSARY', 'GRADUATION', 'CORPORATE',
  'DINNER_PARTY', 'BRIDAL_SHOWER', 'HOUSEWARMING', 'KIDS_PARTY', 'CONFERENCE', 'RETIREMENT', 'RELIGIOUS', 'HOLIDAY',
  'MEMORIAL', 'CHARITY', 'REUNION', 'CONCERT', 'OTHER']) WITH ORDINALITY AS c (code, n)`;

// Rows of about 1.4 kB (templates carry their HTML), so the table spans ~100 pages like a
// real template table instead of fitting in two.
export const INSERT_TEMPLATES_SQL = `
INSERT INTO plans_template (id, name, description, preview_image, html_content, config, animation_type, is_premium,
  is_active, use_count, created_at, updated_at, category_id, plan_id)
SELECT g,
  c.name || ' ' || (ARRAY['Classic','Elegant','Floral','Minimal','Modern','Rustic','Golden','Pastel'])[1 + g % 8] || ' #' || g,
  'A ' || lower(c.name) || ' invitation template',
  'templates/previews/template_' || g || '.webp',
  '<section class="invitation">' || repeat(md5(g::text), 38) || '</section>',
  jsonb_build_object('primaryColor', '#' || substr(md5(g::text), 1, 6), 'font',
    (ARRAY['Playfair Display','Lora','Montserrat','Vazirmatn','Great Vibes'])[1 + g % 5], 'layout', 'card'),
  (ARRAY['NONE','NONE','FADE','SLIDE','PARALLAX','CONFETTI','PETALS','FLIP_3D'])[1 + floor(r_anim * 8)::int],
  t.plan_id IN (4, 5) OR r_premium < 0.05,
  t.plan_id <> 6 AND r_active < 0.9,
  0,
  t.created_at, t.created_at + (now() - t.created_at) * r_updated,
  t.category_id, t.plan_id
FROM (
  SELECT g,
    CASE WHEN r_plan < 0.25 THEN 1 WHEN r_plan < 0.5 THEN 2 WHEN r_plan < 0.72 THEN 3
      WHEN r_plan < 0.9 THEN 4 WHEN r_plan < 0.98 THEN 5 ELSE 6 END AS plan_id,
    1 + floor(power(r_category, 1.6) * 20)::bigint AS category_id,
    r_anim, r_premium, r_active, r_updated,
    now() - interval '400 days' + interval '370 days' * (g::float8 / 500) AS created_at
  FROM (
    SELECT g, random() AS r_plan, random() AS r_category, random() AS r_anim, random() AS r_premium,
      random() AS r_active, random() AS r_updated
    FROM generate_series(1, ${DEMO_ROW_COUNTS.plans_template}) AS g
  ) AS r
) AS t
JOIN plans_invitationcategory c ON c.id = t.category_id`;

// Users 1-5 are the founders and staff who approve orders.
export const INSERT_USERS_SQL = `
INSERT INTO accounts_user (id, password, last_login, is_superuser, username, first_name, last_name, email, is_staff,
  is_active, date_joined, phone, is_phone_verified, current_plan, is_blocked, blocked_reason, created_at, updated_at)
SELECT g,
  'pbkdf2_sha256$870000$' || substr(md5('salt' || g), 1, 22) || '$' || md5('hash' || g) || '=',
  created_at + (now() - created_at) * sqrt(r_login),
  g = 1,
  lower(first_name) || '.' || lower(last_name) || g,
  first_name, last_name,
  lower(first_name) || '.' || lower(last_name) || g || '@example.com',
  g <= 5,
  NOT blocked AND r_active < 0.97,
  created_at,
  '+1555' || lpad(g::text, 7, '0'),
  g <= 5 OR r_verified < 0.8,
  CASE WHEN r_plan < 0.55 THEN 'FREE' WHEN r_plan < 0.77 THEN 'BASIC' WHEN r_plan < 0.9 THEN 'STANDARD'
    WHEN r_plan < 0.97 THEN 'PREMIUM' ELSE 'BUSINESS' END,
  blocked,
  CASE WHEN blocked THEN 'Sent spam invitations' ELSE '' END,
  created_at,
  created_at + (now() - created_at) * r_login
FROM (
  SELECT g, ${createdAt("g", USERS)} AS created_at,
    ${FIRST_NAMES}[1 + floor(random() * 30)::int] AS first_name,
    ${LAST_NAMES}[1 + floor(random() * 30)::int] AS last_name,
    g > 5 AND random() < 0.004 AS blocked,
    random() AS r_login, random() AS r_active, random() AS r_verified, random() AS r_plan
  FROM generate_series(1, ${USERS}) AS g
) AS u`;

// Most orders are approved within hours; the ones of the last two days still wait.
export const INSERT_ORDERS_SQL = `
INSERT INTO invitations_order (id, order_number, status, amount, payment_method, payment_reference, receipt_image,
  admin_notes, approved_at, created_at, updated_at, approved_by_id, plan_id, user_id)
SELECT o.g,
  'ORD-' || to_char(o.created_at, 'YYYYMMDD') || '-' || lpad(o.g::text, 6, '0'),
  o.status, p.price, o.payment_method,
  upper(substr(md5('ref' || o.g), 1, 14)),
  CASE WHEN o.payment_method = 'BANK_TRANSFER'
    THEN 'receipts/' || to_char(o.created_at, 'YYYY/MM') || '/receipt_' || o.g || '.jpg' ELSE '' END,
  CASE WHEN o.status = 'REJECTED' THEN 'Receipt does not match the amount' ELSE '' END,
  CASE WHEN o.status = 'APPROVED' THEN o.approved_at END,
  o.created_at,
  CASE WHEN o.status = 'PENDING_APPROVAL' THEN o.created_at ELSE o.approved_at END,
  CASE WHEN o.status IN ('APPROVED', 'REJECTED') THEN 1 + floor(o.r_admin * 5)::bigint END,
  o.plan_id, o.user_id
FROM (
  SELECT g, created_at, user_id, r_admin,
    least(now(), created_at + interval '1 hour' * (0.1 + 30 * power(r_approve, 3))) AS approved_at,
    CASE WHEN r_plan < 0.45 THEN 2 WHEN r_plan < 0.75 THEN 3 WHEN r_plan < 0.93 THEN 4 WHEN r_plan < 0.98 THEN 5
      ELSE 6 END AS plan_id,
    CASE WHEN r_pay < 0.6 THEN 'CARD' WHEN r_pay < 0.9 THEN 'BANK_TRANSFER' ELSE 'WALLET' END AS payment_method,
    CASE
      WHEN created_at > now() - interval '2 days' THEN
        CASE WHEN r_status < 0.7 THEN 'PENDING_APPROVAL' WHEN r_status < 0.9 THEN 'APPROVED'
          WHEN r_status < 0.95 THEN 'REJECTED' ELSE 'CANCELLED' END
      ELSE
        CASE WHEN r_status < 0.9 THEN 'APPROVED' WHEN r_status < 0.94 THEN 'REJECTED'
          WHEN r_status < 0.995 THEN 'CANCELLED' ELSE 'PENDING_APPROVAL' END
    END AS status
  FROM (
    SELECT g, ${createdAt("g", DEMO_ROW_COUNTS.invitations_order)} AS created_at,
      ${existingUserId("g", DEMO_ROW_COUNTS.invitations_order)} AS user_id,
      random() AS r_plan, random() AS r_pay, random() AS r_status, random() AS r_approve, random() AS r_admin
    FROM generate_series(1, ${DEMO_ROW_COUNTS.invitations_order}) AS g
  ) AS r
) AS o
JOIN plans_plan p ON p.id = o.plan_id`;

// One invitation per approved order (for most of them), made shortly after the approval.
// Links expire a week after the event, so only recent invitations are still active.
export const INSERT_INVITATIONS_SQL = `
INSERT INTO invitations_invitation (id, title, slug, host_names, event_date, venue_name, venue_address, message,
  is_active, link_expires_at, view_count, created_at, updated_at, order_id, template_id, user_id)
SELECT id,
  (ARRAY['Our Wedding','Birthday Party','Engagement Celebration','Baby Shower','Anniversary Dinner','Graduation Party',
    'Company Gala','Housewarming','Dinner Party','Kids Party'])[1 + floor(r_title * 10)::int],
  substr(md5('invitation-' || id), 1, 12),
  host_first || ' & ' || partner_first,
  event_date,
  (ARRAY['Grand Hall','Rose Garden','Sky Lounge','Lakeside Pavilion','The Old Mill','Palace Hotel','Sunset Terrace',
    'City Club','Orchard Barn','Harbor View'])[1 + floor(r_venue * 10)::int],
  (1 + floor(r_venue * 900))::int || ' Main Street',
  'We would be delighted to celebrate this day with you.',
  (event_date + 7)::timestamptz > now() AND r_active < 0.93,
  (event_date + 7)::timestamptz,
  0,
  created_at,
  created_at,
  order_id, template_id, user_id
FROM (
  SELECT row_number() OVER (ORDER BY created_at) AS id, *,
    (created_at + interval '1 day' * (5 + 115 * r_event))::date AS event_date
  FROM (
    -- Random columns are computed here, above the LIMIT and not below a sort: PostgreSQL
    -- would otherwise evaluate identical random() calls once and share the value.
    SELECT picked.order_id, picked.user_id,
      least(now(), picked.approved_at + interval '1 minute' * (5 + 2880 * power(random(), 3))) AS created_at,
      (1 + floor(power(random(), 2.2) * ${DEMO_ROW_COUNTS.plans_template}))::bigint AS template_id,
      ${FIRST_NAMES}[1 + floor(random() * 30)::int] AS host_first,
      ${FIRST_NAMES}[1 + floor(random() * 30)::int] AS partner_first,
      random() AS r_title, random() AS r_venue, random() AS r_event, random() AS r_active
    FROM (
      SELECT o.id AS order_id, o.user_id, o.approved_at
      FROM invitations_order o
      WHERE o.status = 'APPROVED'
      ORDER BY md5(o.id::text)
      LIMIT ${DEMO_ROW_COUNTS.invitations_invitation}
    ) AS picked
  ) AS r
) AS i`;

/**
 * An invitation id for a guest or a view: 60 % go to the one invitation in ten that is a
 * big event, the rest spread over all invitations.
 */
const SKEWED_INVITATION_ID = `(CASE WHEN random() < 0.6
  THEN 10 * (1 + floor(random() * (${DEMO_ROW_COUNTS.invitations_invitation} / 10)))
  ELSE 1 + floor(random() * ${DEMO_ROW_COUNTS.invitations_invitation}) END)::bigint`;

// Guests are added soon after the invitation is made; most open their link, most of
// those answer.
export const INSERT_GUESTS_SQL = `
INSERT INTO invitations_guest (id, name, phone, attending, guests_count, message, viewed_at, responded_at, created_at,
  updated_at, invitation_id)
SELECT row_number() OVER (ORDER BY created_at), name, phone, attending,
  CASE WHEN attending THEN 1 + floor(power(r_count, 2) * 4)::int ELSE 0 END,
  CASE WHEN attending AND r_count < 0.3 THEN 'Congratulations! We will be there.' ELSE '' END,
  viewed_at, responded_at, created_at, coalesce(responded_at, viewed_at, created_at), invitation_id
FROM (
  SELECT *,
    CASE WHEN viewed_at IS NOT NULL THEN least(now(), viewed_at + interval '1 minute' * (1 + 2880 * power(r_time, 4))) END
      AS responded_at
  FROM (
    SELECT s.invitation_id, s.name, s.phone, s.r_count, s.r_time, t.created_at,
      CASE WHEN s.r_view < 0.8 THEN t.created_at + (least(i.link_expires_at, now()) - t.created_at) * power(s.r_time, 2)
        END AS viewed_at,
      CASE WHEN s.r_view < 0.8 AND s.r_rsvp < 0.62 THEN true WHEN s.r_view < 0.8 AND s.r_rsvp < 0.82 THEN false END
        AS attending
    FROM (
      SELECT ${SKEWED_INVITATION_ID} AS invitation_id,
        ${FIRST_NAMES}[1 + floor(random() * 30)::int] || ' ' || ${LAST_NAMES}[1 + floor(random() * 30)::int] AS name,
        '+1' || (2000000000 + floor(random() * 7999999999))::bigint AS phone,
        random() AS r_add, random() AS r_view, random() AS r_rsvp, random() AS r_count, random() AS r_time
      FROM generate_series(1, ${DEMO_ROW_COUNTS.invitations_guest})
    ) AS s
    JOIN invitations_invitation i ON i.id = s.invitation_id
    CROSS JOIN LATERAL (
      SELECT i.created_at + (least(i.link_expires_at, now()) - i.created_at) * power(s.r_add, 3) AS created_at
    ) AS t
  ) AS g
) AS guest`;

// Views cluster right after an invitation is sent.
export const INSERT_VIEW_LOGS_SQL = `
INSERT INTO invitations_invitationviewlog (id, ip_address, user_agent, referrer, viewed_at, invitation_id)
SELECT row_number() OVER (ORDER BY viewed_at), ip_address, user_agent, referrer, viewed_at, invitation_id
FROM (
  SELECT s.invitation_id, s.ip_address, s.user_agent, s.referrer,
    i.created_at + (least(i.link_expires_at, now()) - i.created_at) * power(s.r_time, 2) AS viewed_at
  FROM (
    SELECT ${SKEWED_INVITATION_ID} AS invitation_id, ${RANDOM_IP} AS ip_address,
      ${USER_AGENTS}[1 + floor(random() * 6)::int] AS user_agent,
      (ARRAY['','','https://wa.me/','https://t.me/','https://www.instagram.com/','https://www.facebook.com/'])
        [1 + floor(random() * 6)::int] AS referrer,
      random() AS r_time
    FROM generate_series(1, ${DEMO_ROW_COUNTS.invitations_invitationviewlog})
  ) AS s
  JOIN invitations_invitation i ON i.id = s.invitation_id
) AS v`;

export const INSERT_ACTIVITY_LOGS_SQL = `
INSERT INTO accounts_useractivitylog (id, activity_type, description, ip_address, user_agent, metadata, created_at,
  user_id)
SELECT g, activity_type,
  CASE activity_type
    WHEN 'LOGIN' THEN 'Logged in with phone OTP'
    WHEN 'VIEW_TEMPLATE' THEN 'Viewed a template'
    WHEN 'CREATE_INVITATION' THEN 'Created an invitation'
    WHEN 'UPDATE_INVITATION' THEN 'Edited an invitation'
    WHEN 'SHARE_INVITATION' THEN 'Shared an invitation link'
    WHEN 'ORDER_CREATED' THEN 'Placed an order'
    WHEN 'OTP_REQUESTED' THEN 'Requested a verification code'
    WHEN 'PROFILE_UPDATED' THEN 'Updated the profile'
    ELSE 'Logged out' END,
  ip_address, user_agent, '{}'::jsonb, created_at, user_id
FROM (
  SELECT g, ${createdAt("g", DEMO_ROW_COUNTS.accounts_useractivitylog)} AS created_at,
    ${existingUserId("g", DEMO_ROW_COUNTS.accounts_useractivitylog)} AS user_id,
    ${RANDOM_IP} AS ip_address,
    ${USER_AGENTS}[1 + floor(random() * 6)::int] AS user_agent,
    (ARRAY['LOGIN','LOGIN','LOGIN','VIEW_TEMPLATE','VIEW_TEMPLATE','UPDATE_INVITATION','SHARE_INVITATION',
      'ORDER_CREATED','CREATE_INVITATION','OTP_REQUESTED','PROFILE_UPDATED','LOGOUT'])
      [1 + floor(power(random(), 1.15) * 12)::int] AS activity_type
  FROM generate_series(1, ${DEMO_ROW_COUNTS.accounts_useractivitylog}) AS g
) AS a`;

// Codes live five minutes; most were used, the rest expired unused.
export const INSERT_PHONE_VERIFICATIONS_SQL = `
INSERT INTO accounts_phoneverification (id, phone, otp_code, is_used, attempts, created_at, expires_at, user_id)
SELECT g, '+1555' || lpad(user_id::text, 7, '0'), lpad(floor(random() * 1000000)::int::text, 6, '0'),
  used, CASE WHEN used THEN 1 + (random() < 0.1)::int ELSE floor(random() * 4)::int END,
  created_at, created_at + interval '5 minutes', user_id
FROM (
  SELECT g, ${createdAt("g", DEMO_ROW_COUNTS.accounts_phoneverification)} AS created_at,
    ${existingUserId("g", DEMO_ROW_COUNTS.accounts_phoneverification)} AS user_id,
    random() < 0.86 AS used
  FROM generate_series(1, ${DEMO_ROW_COUNTS.accounts_phoneverification}) AS g
) AS p`;

export const UPDATE_DENORMALIZED_COUNTS_SQL = [
  `UPDATE plans_template t SET use_count = c.n
   FROM (SELECT template_id, count(*) AS n FROM invitations_invitation GROUP BY template_id) AS c
   WHERE t.id = c.template_id`,
  `UPDATE invitations_invitation i SET view_count = c.n
   FROM (SELECT invitation_id, count(*) AS n FROM invitations_invitationviewlog GROUP BY invitation_id) AS c
   WHERE i.id = c.invitation_id`,
];
