-- Axon Framework's JDBC tables (event store, snapshots, tracking tokens, sagas, dead letters).
-- Axon writes the names unquoted, so Postgres folds them to lower case. Serialized data is bytea.

CREATE TABLE domainevententry (
  globalindex         BIGSERIAL    NOT NULL PRIMARY KEY,
  aggregateidentifier VARCHAR(255) NOT NULL,
  sequencenumber      BIGINT       NOT NULL,
  type                VARCHAR(255),
  eventidentifier     VARCHAR(255) NOT NULL UNIQUE,
  metadata            BYTEA,
  payload             BYTEA        NOT NULL,
  payloadrevision     VARCHAR(255),
  payloadtype         VARCHAR(255) NOT NULL,
  timestamp           VARCHAR(255) NOT NULL,
  UNIQUE (aggregateidentifier, sequencenumber)
);

CREATE TABLE snapshotevententry (
  aggregateidentifier VARCHAR(255) NOT NULL,
  sequencenumber      BIGINT       NOT NULL,
  type                VARCHAR(255) NOT NULL,
  eventidentifier     VARCHAR(255) NOT NULL UNIQUE,
  metadata            BYTEA,
  payload             BYTEA        NOT NULL,
  payloadrevision     VARCHAR(255),
  payloadtype         VARCHAR(255) NOT NULL,
  timestamp           VARCHAR(255) NOT NULL,
  PRIMARY KEY (aggregateidentifier, sequencenumber)
);

CREATE TABLE tokenentry (
  processorname VARCHAR(255) NOT NULL,
  segment       INTEGER      NOT NULL,
  token         BYTEA,
  tokentype     VARCHAR(255),
  timestamp     VARCHAR(255),
  owner         VARCHAR(255),
  PRIMARY KEY (processorname, segment)
);

CREATE TABLE sagaentry (
  sagaid         VARCHAR(255) NOT NULL PRIMARY KEY,
  revision       VARCHAR(255),
  sagatype       VARCHAR(255),
  serializedsaga BYTEA
);

CREATE TABLE associationvalueentry (
  id               BIGSERIAL    NOT NULL PRIMARY KEY,
  associationkey   VARCHAR(255) NOT NULL,
  associationvalue VARCHAR(255),
  sagatype         VARCHAR(255),
  sagaid           VARCHAR(255) NOT NULL
);
CREATE INDEX associationvalueentry_sagatype_key_value ON associationvalueentry (sagatype, associationkey, associationvalue);
CREATE INDEX associationvalueentry_sagaid_sagatype ON associationvalueentry (sagaid, sagatype);

CREATE TABLE deadletterentry (
  deadletteridentifier VARCHAR(255) NOT NULL PRIMARY KEY,
  processinggroup      VARCHAR(255) NOT NULL,
  sequenceidentifier   VARCHAR(255) NOT NULL,
  sequenceindex        BIGINT       NOT NULL,
  messagetype          VARCHAR(255) NOT NULL,
  eventidentifier      VARCHAR(255) NOT NULL,
  timestamp            VARCHAR(255) NOT NULL,
  payloadtype          VARCHAR(255) NOT NULL,
  payloadrevision      VARCHAR(255),
  payload              BYTEA        NOT NULL,
  metadata             BYTEA,
  type                 VARCHAR(255),
  aggregateidentifier  VARCHAR(255),
  sequencenumber       BIGINT,
  tokentype            VARCHAR(255),
  token                BYTEA,
  enqueuedat           VARCHAR(255) NOT NULL,
  lasttouched          VARCHAR(255),
  processingstarted    VARCHAR(255),
  causetype            VARCHAR(255),
  causemessage         VARCHAR(1023),
  diagnostics          BYTEA,
  UNIQUE (processinggroup, sequenceidentifier, sequenceindex)
);
CREATE INDEX deadletterentry_processinggroup ON deadletterentry (processinggroup);
CREATE INDEX deadletterentry_sequenceidentifier ON deadletterentry (processinggroup, sequenceidentifier);
