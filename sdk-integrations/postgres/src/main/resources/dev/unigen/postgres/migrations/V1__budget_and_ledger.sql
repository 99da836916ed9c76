-- Version 1: budgets shared by many instances, and the cost ledger. Applied once, in one
-- transaction, by PostgresDatabase (see docs/fleet.md). Every object is prefixed unigen_.

-- One row per named budget: its currency, fixed when the budget is first used.
CREATE TABLE unigen_budget (
  name        text PRIMARY KEY,
  currency    char(3) NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Spend and open reservations of one scope in one period. The scope is the whole budget
-- (tag_key = '') or one tag value; the period is 'D2026-12-06', 'M2026-12' or 'T' (all time).
CREATE TABLE unigen_budget_window (
  budget     text NOT NULL REFERENCES unigen_budget (name),
  tag_key    text NOT NULL,
  tag_value  text NOT NULL,
  period     text NOT NULL,
  spent      numeric NOT NULL DEFAULT 0 CHECK (spent >= 0),
  reserved   numeric NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  PRIMARY KEY (budget, tag_key, tag_value, period)
);

-- One row per reservation. It names the windows it holds (three parallel arrays) and the caps
-- they had when it was made, so any instance can settle it. HELD until committed, released, or
-- expired by its lease (the instance that made it stopped renewing it). A commit first makes it
-- COMMITTING, durably, with its actual (and whether its estimate was still held); the windows are
-- then updated and it becomes COMMITTED (see unigen_budget_finish).
CREATE TABLE unigen_budget_reservation (
  id          text PRIMARY KEY,
  budget      text NOT NULL REFERENCES unigen_budget (name),
  instance    text NOT NULL,
  amount      numeric NOT NULL CHECK (amount >= 0),
  tag_keys    text[] NOT NULL,
  tag_values  text[] NOT NULL,
  periods     text[] NOT NULL,
  caps        numeric[] NOT NULL,
  state       text NOT NULL CHECK (state IN ('HELD', 'COMMITTING', 'COMMITTED', 'RELEASED', 'EXPIRED')),
  actual      numeric,
  held        boolean,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  settled_at  timestamptz
);
CREATE INDEX unigen_budget_reservation_held ON unigen_budget_reservation (budget, expires_at)
  WHERE state = 'HELD';
CREATE INDEX unigen_budget_reservation_instance ON unigen_budget_reservation (instance)
  WHERE state = 'HELD';
CREATE INDEX unigen_budget_reservation_committing ON unigen_budget_reservation (budget)
  WHERE state = 'COMMITTING';

-- Reserves p_amount against every window given, or nothing. Windows are locked in the order
-- given (the caller sorts them), so two reservations never wait on each other in a cycle.
-- Returns 0 when reserved, else the 1-based index of the first window whose cap refused, with
-- that window's spent and reserved amounts.
--
-- The reservation commits without waiting for its WAL flush (synchronous_commit off for this
-- transaction alone): the windows' row locks are then held for microseconds, not for a disk
-- flush, which is what lets many instances reserve against one cap quickly. A database crash can
-- lose the last fraction of a second of reservations; a commit of a lost reservation then counts
-- its spend directly (see PostgresBudget), so spend is never lost, and only the estimates in
-- flight at the crash go uncounted until their calls end. Commits and spend stay durable.
CREATE FUNCTION unigen_budget_reserve(p_budget text, p_id text, p_instance text, p_amount numeric,
    p_keys text[], p_values text[], p_periods text[], p_caps numeric[], p_lease interval,
    OUT refused integer, OUT spent numeric, OUT reserved numeric)
LANGUAGE plpgsql AS $$
DECLARE
  i integer;
  w record;
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  refused := 0;
  FOR i IN 1 .. array_length(p_keys, 1) LOOP
    SELECT x.spent, x.reserved INTO w FROM unigen_budget_window x
      WHERE x.budget = p_budget AND x.tag_key = p_keys[i] AND x.tag_value = p_values[i]
        AND x.period = p_periods[i]
      FOR UPDATE;
    IF NOT FOUND THEN
      -- The period's first request: the row is made here, then locked like any other.
      INSERT INTO unigen_budget_window (budget, tag_key, tag_value, period)
        VALUES (p_budget, p_keys[i], p_values[i], p_periods[i]) ON CONFLICT DO NOTHING;
      SELECT x.spent, x.reserved INTO w FROM unigen_budget_window x
        WHERE x.budget = p_budget AND x.tag_key = p_keys[i] AND x.tag_value = p_values[i]
          AND x.period = p_periods[i]
        FOR UPDATE;
    END IF;
    IF p_caps[i] IS NOT NULL AND w.spent + w.reserved + p_amount > p_caps[i] THEN
      refused := i;
      spent := w.spent;
      reserved := w.reserved;
      RETURN;
    END IF;
  END LOOP;
  FOR i IN 1 .. array_length(p_keys, 1) LOOP
    UPDATE unigen_budget_window x SET reserved = x.reserved + p_amount
      WHERE x.budget = p_budget AND x.tag_key = p_keys[i] AND x.tag_value = p_values[i]
        AND x.period = p_periods[i];
  END LOOP;
  INSERT INTO unigen_budget_reservation
      (id, budget, instance, amount, tag_keys, tag_values, periods, caps, state, expires_at)
    VALUES (p_id, p_budget, p_instance, p_amount, p_keys, p_values, p_periods, p_caps, 'HELD',
      now() + p_lease);
END;
$$;

-- Begins committing reservation p_id with p_actual spent: a short durable transaction that locks
-- only the reservation's own row. A HELD or EXPIRED reservation becomes COMMITTING (the first
-- commit wins); from then on the commit cannot be lost, and unigen_budget_finish applies it.
-- Returns NULL if there is no such reservation, 0 if it was already settled or being committed, 1
-- if this call began the commit.
CREATE FUNCTION unigen_budget_commit(p_id text, p_actual numeric)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  r unigen_budget_reservation%ROWTYPE;
BEGIN
  SELECT * INTO r FROM unigen_budget_reservation WHERE id = p_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF r.state NOT IN ('HELD', 'EXPIRED') THEN
    RETURN 0;
  END IF;
  UPDATE unigen_budget_reservation
    SET state = 'COMMITTING', actual = p_actual, held = (r.state = 'HELD')
    WHERE id = p_id;
  RETURN 1;
END;
$$;

-- Applies a COMMITTING reservation to its windows (the held estimate out, the actual in) and
-- makes it COMMITTED; or, with p_state RELEASED or EXPIRED, releases a HELD one. Either moves
-- the row out of its state once, so a second call does nothing.
--
-- Like a reservation, this commits without waiting for its flush: the windows' rows stay locked
-- for microseconds. Nothing is lost in a crash: a lost finish leaves the reservation COMMITTING
-- (durable since unigen_budget_commit), with its estimate still held, and any instance finishes it
-- again; a lost release leaves it HELD until released again or its lease runs out.
-- Returns NULL if there is no such reservation, 0 if it was not in the state this step needs, 1 if
-- done, 2 if done and the actual took a capped window over its cap.
CREATE FUNCTION unigen_budget_finish(p_id text, p_state text)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  r unigen_budget_reservation%ROWTYPE;
  release_amount numeric;
  spend_amount numeric;
  over boolean;
  i integer;
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  SELECT * INTO r FROM unigen_budget_reservation WHERE id = p_id FOR UPDATE;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF p_state = 'COMMITTED' AND r.state = 'COMMITTING' THEN
    release_amount := CASE WHEN r.held THEN r.amount ELSE 0 END;
    spend_amount := r.actual;
  ELSIF p_state IN ('RELEASED', 'EXPIRED') AND r.state = 'HELD' THEN
    release_amount := r.amount;
    spend_amount := 0;
  ELSE
    RETURN 0;
  END IF;
  FOR i IN 1 .. array_length(r.tag_keys, 1) LOOP
    UPDATE unigen_budget_window x
      SET reserved = x.reserved - release_amount, spent = x.spent + spend_amount
      WHERE x.budget = r.budget AND x.tag_key = r.tag_keys[i] AND x.tag_value = r.tag_values[i]
        AND x.period = r.periods[i];
  END LOOP;
  SELECT coalesce(bool_or(c.cap IS NOT NULL AND x.spent > c.cap), false) INTO over
    FROM unnest(r.tag_keys, r.tag_values, r.periods, r.caps) AS c(k, v, p, cap)
    JOIN unigen_budget_window x
      ON x.budget = r.budget AND x.tag_key = c.k AND x.tag_value = c.v AND x.period = c.p;
  UPDATE unigen_budget_reservation SET state = p_state, settled_at = now() WHERE id = p_id;
  RETURN CASE WHEN over AND spend_amount > 0 THEN 2 ELSE 1 END;
END;
$$;

-- Counts money already spent against every window given, whatever the caps say. Returns whether
-- it took a capped window over its cap.
CREATE FUNCTION unigen_budget_spend(p_budget text, p_amount numeric, p_keys text[],
    p_values text[], p_periods text[], p_caps numeric[])
RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  i integer;
  over boolean;
BEGIN
  INSERT INTO unigen_budget_window (budget, tag_key, tag_value, period)
    SELECT p_budget, k, v, p FROM unnest(p_keys, p_values, p_periods) AS t(k, v, p)
    ON CONFLICT DO NOTHING;
  FOR i IN 1 .. array_length(p_keys, 1) LOOP
    PERFORM 1 FROM unigen_budget_window x
      WHERE x.budget = p_budget AND x.tag_key = p_keys[i] AND x.tag_value = p_values[i]
        AND x.period = p_periods[i]
      FOR UPDATE;
  END LOOP;
  UPDATE unigen_budget_window x SET spent = x.spent + p_amount
    FROM unnest(p_keys, p_values, p_periods) AS t(k, v, p)
    WHERE x.budget = p_budget AND x.tag_key = t.k AND x.tag_value = t.v AND x.period = t.p;
  SELECT coalesce(bool_or(c.cap IS NOT NULL AND x.spent > c.cap), false) INTO over
    FROM unnest(p_keys, p_values, p_periods, p_caps) AS c(k, v, p, cap)
    JOIN unigen_budget_window x
      ON x.budget = p_budget AND x.tag_key = c.k AND x.tag_value = c.v AND x.period = c.p;
  RETURN over AND p_amount > 0;
END;
$$;

-- The cost ledger: one row per attempt, keyed by the attempt's id, never updated or deleted.
CREATE TABLE unigen_ledger_entry (
  seq                  bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  id                   text PRIMARY KEY,
  generation_id        text NOT NULL,
  ts                   timestamptz NOT NULL,
  provider             text NOT NULL,
  model                text NOT NULL,
  endpoint             text NOT NULL,
  task                 text NOT NULL,
  outcome              text NOT NULL,
  billed               boolean NOT NULL,
  currency             char(3) NOT NULL,
  estimate             numeric,
  actual               numeric,
  credited             numeric NOT NULL,
  basis                text NOT NULL,
  tags                 jsonb NOT NULL,
  provider_request_id  text,
  detail               text NOT NULL,
  recorded_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX unigen_ledger_entry_ts ON unigen_ledger_entry (ts);

CREATE FUNCTION unigen_ledger_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'unigen_ledger_entry is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER unigen_ledger_entry_append_only
  BEFORE UPDATE OR DELETE ON unigen_ledger_entry
  FOR EACH ROW EXECUTE FUNCTION unigen_ledger_append_only();
