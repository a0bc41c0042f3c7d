#!/bin/sh
# Runs once, when the postgres image initialises an empty data volume: the service's group
# role, which the migrations grant what the service needs, and the login that the web and
# projections containers use. The migrate job logs in as POSTGRES_USER, the tables' owner.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    --set password="$SERVICE_DB_PASSWORD" <<'SQL'
CREATE ROLE builder_service NOLOGIN;
CREATE ROLE builder_app LOGIN PASSWORD :'password' IN ROLE builder_service;
SQL
