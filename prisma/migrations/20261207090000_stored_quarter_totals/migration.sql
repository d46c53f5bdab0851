-- A rollup row's quarter-hour running totals (97 positions: position k + 1 holds the events of the
-- day's first k quarter-hours) are stored as the part of them that changes: an array with explicit
-- bounds, `[lo:hi]={…}`. Before position lo every total is 0; after hi every total is the one at hi
-- (the day's count). A row of one quarter-hour's events holds one number instead of 97, and most
-- rows of a wide deployment (many problems, districts and clients) hold a few events: the rollups
-- are several times smaller, and the fold writes and reads back that much less.
-- A full 97-element array is the same form with lo = 1 and hi = 97: rows written before this
-- migration stay as they are and read the same (`npm run rollups -- rebuild` rewrites them).
-- The fold (lib/ledger/upsert-folded.ts) writes the form lib/trends/quarter-hours.ts makes. Sums
-- (the route-change trigger, a live row with pending counts) are whole arrays: also that form.
-- UPGRADE: stop every server process of an older version before starting this one. An older
-- process reads a bounded array by position (its reads undercount) and its fold fails on one (it
-- is logged and retried, and its counts stay pending: nothing is lost or counted twice).

-- The total at a position (1..97) of either form (an empty array: 0; NULL: NULL); a plain
-- expression, inlined into the query.
CREATE FUNCTION quarter_total(totals INTEGER[], pos INTEGER) RETURNS INTEGER
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT CASE WHEN totals IS NOT NULL
                    THEN coalesce(totals[pos], CASE WHEN pos < array_lower(totals, 1) THEN 0 ELSE totals[array_upper(totals, 1)] END, 0) END $$;

-- The 97 totals of either form (for code that indexes them, and to compare two forms).
CREATE FUNCTION quarter_totals_full(totals INTEGER[]) RETURNS INTEGER[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT CASE WHEN array_lower(totals, 1) = 1 AND array_upper(totals, 1) = 97 THEN totals
                    ELSE ARRAY(SELECT quarter_total(totals, k) FROM generate_series(1, 97) AS k ORDER BY k) END $$;

-- A day's running totals from its events' quarter-hours (0..95) and counts, in the stored form:
-- only the positions from the first quarter-hour with events to the last (for events' counts,
-- the same bounds as the fold's form). No quarter-hours: every total 0.
CREATE OR REPLACE FUNCTION quarter_hour_totals(slots INTEGER[], counts INTEGER[]) RETURNS INTEGER[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(('[' || (b.lo + 1) || ':' || (b.hi + 1) || ']='
                || ARRAY(SELECT (SELECT coalesce(sum(c), 0)::int FROM unnest(slots, counts) AS u(s, c) WHERE s < k)
                           FROM generate_series(b.lo, b.hi) AS k ORDER BY k)::text)::int[], '[97:97]={0}'::int[])
          FROM (SELECT min(s) + 1 AS lo, max(s) + 1 AS hi FROM unnest(slots) AS s) b $$;

-- Sums and negations of running totals (the route-change trigger, the live definitions' sums)
-- take either form and give the full one.
CREATE OR REPLACE FUNCTION int_array_add(a INTEGER[], b INTEGER[]) RETURNS INTEGER[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT ARRAY(SELECT quarter_total(a, k) + quarter_total(b, k) FROM generate_series(1, 97) AS k ORDER BY k) $$;

CREATE OR REPLACE FUNCTION int_array_negate(a INTEGER[]) RETURNS INTEGER[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ SELECT ARRAY(SELECT -quarter_total(a, k) FROM generate_series(1, 97) AS k ORDER BY k) $$;
