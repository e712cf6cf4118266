-- Releases are rows: the release itself as JSONB (validated by the bot on every read), with the columns that queries
-- and locks need beside it. An archived release keeps its row; reports read the archive in one pass by seq.
CREATE TABLE releases (
  id text PRIMARY KEY,
  seq integer NOT NULL UNIQUE,
  status text NOT NULL,
  archived boolean NOT NULL DEFAULT false,
  rev integer NOT NULL,
  data jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX releases_active_by_seq ON releases (seq) WHERE NOT archived;
CREATE INDEX releases_archived_by_seq ON releases (seq) WHERE archived;

-- R-numbers: a sequence never hands out a value twice, even when the transaction that took it rolls back.
CREATE SEQUENCE release_seq AS integer START 1;

-- Create dedupe keys (chat redeliveries, a pipeline's externalId); dropped with the release's archive.
CREATE TABLE release_create_keys (
  key text PRIMARY KEY,
  release_id text NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX release_create_keys_by_release ON release_create_keys (release_id);

-- Team roles and digest preferences, per place or person.
CREATE TABLE places (
  key text PRIMARY KEY,
  data jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- API answers kept under an Idempotency-Key ("<token>:<key>").
CREATE TABLE idempotency_keys (
  key text PRIMARY KEY,
  answer jsonb NOT NULL,
  stored_at timestamptz NOT NULL
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (stored_at);

-- Deliveries already handled (a Teams activity id, a Slack retry), so one redelivered to another instance is ignored.
CREATE TABLE delivery_keys (
  key text PRIMARY KEY,
  seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX delivery_keys_by_age ON delivery_keys (seen_at);

-- The revision each chat message was last drawn from: compare-and-set before every chat.update / updateActivity.
CREATE TABLE rendered_messages (
  key text PRIMARY KEY,
  rev integer NOT NULL,
  digest text NOT NULL,
  rendered_at timestamptz NOT NULL DEFAULT now()
);

-- API tokens: only their SHA-256 is kept. Last use is written by the bot, the rest by the token CLI.
CREATE TABLE api_tokens (
  name text PRIMARY KEY,
  hash text NOT NULL UNIQUE,
  scope jsonb,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  last_used_at timestamptz
);
