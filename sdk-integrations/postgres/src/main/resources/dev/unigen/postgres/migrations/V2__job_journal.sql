-- Version 2: the job journal shared by many instances, the leases by which each instance holds its
-- jobs, and the webhook deliveries any of them received. Applied once, in one transaction, by
-- PostgresDatabase (see docs/fleet.md). Every object is prefixed unigen_.

-- One row per journaled call: the entry in the journal's JSON format (version 2, as
-- JournalEntry.toJson writes it) and, copied out of it, what the queries select on. An unfinished
-- job (SUBMITTING or ACCEPTED) is held by one instance, which follows it; a finished one by none.
CREATE TABLE unigen_job (
  job_id           text PRIMARY KEY,
  journal          text NOT NULL,
  state            text NOT NULL CHECK (state IN ('SUBMITTING', 'ACCEPTED', 'SUCCEEDED', 'FAILED', 'CANCELED',
                                                  'OUTCOME_UNKNOWN')),
  provider         text NOT NULL,
  provider_job_id  text,
  entry            jsonb NOT NULL,
  holder           text,
  -- How many times an instance took the job over from another one.
  takeovers        integer NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  CHECK ((state IN ('SUBMITTING', 'ACCEPTED')) = (holder IS NOT NULL))
);
CREATE INDEX unigen_job_list ON unigen_job (journal, created_at, job_id);
CREATE INDEX unigen_job_held ON unigen_job (journal, holder) WHERE state IN ('SUBMITTING', 'ACCEPTED');
CREATE INDEX unigen_job_provider_job ON unigen_job (journal, provider, provider_job_id)
  WHERE state IN ('SUBMITTING', 'ACCEPTED');

-- One row per live (or lately live) instance of a journal: its lease, renewed by its heartbeat.
-- An instance whose lease ran out, or that has no row, holds nothing: any other may claim its
-- unfinished jobs. A lease is one row per instance, not one per job, so a heartbeat is one update
-- however many jobs the instance follows.
CREATE TABLE unigen_job_instance (
  journal      text NOT NULL,
  instance     text NOT NULL,
  lease_until  timestamptz NOT NULL,
  started_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (journal, instance)
);

-- Webhook deliveries received by any instance, by the provider's delivery id: the primary key
-- makes the second copy of a delivery a duplicate wherever it arrives.
CREATE TABLE unigen_webhook_delivery (
  journal      text NOT NULL,
  provider     text NOT NULL,
  delivery_id  text NOT NULL,
  instance     text NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (journal, provider, delivery_id)
);
CREATE INDEX unigen_webhook_delivery_received ON unigen_webhook_delivery (received_at);
