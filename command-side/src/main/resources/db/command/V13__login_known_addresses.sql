-- Where each account last logged in successfully, by address block (an IPv4 address or an IPv6
-- /64). Failures from a block an account is known from are throttled per (account, block) only,
-- so a scanner behind the same NAT cannot lock the account's owner out (docs/adr/0012).
CREATE TABLE login_known_address (
  user_id          UUID         NOT NULL REFERENCES account_credentials (user_id) ON DELETE CASCADE,
  address_block    VARCHAR(64)  NOT NULL,
  last_success_at  TIMESTAMPTZ  NOT NULL,
  PRIMARY KEY (user_id, address_block)
);
CREATE INDEX login_known_address_last ON login_known_address (last_success_at);
