#!/usr/bin/env bash
# Adds a migration named $1 for both providers (SQLite and PostgreSQL) and keeps each model snapshot beside its
# migrations. Run from anywhere: bash Migrations/add-migration.sh AddSomething
set -euo pipefail
name="${1:?usage: Migrations/add-migration.sh MigrationName}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ef="${DOTNET_EF:-dotnet-ef}"
if ! command -v "$ef" >/dev/null 2>&1; then
    ef="$HOME/.dotnet/tools/dotnet-ef"
fi
cd "$root"
for provider in Sqlite Postgres; do
    "$ef" migrations add "$name" \
        --project BreakoutBot.Infrastructure \
        --startup-project BreakoutBot.Infrastructure \
        --context "${provider}BreakoutBotDbContext" \
        --output-dir "../Migrations/$provider" \
        --namespace "BreakoutBot.Infrastructure.Migrations.$provider"
    # EF writes the snapshot under the project, in a folder named after the namespace, because it only looks for
    # an existing snapshot inside the project folder; move it next to the migrations (replacing the old one).
    generated="BreakoutBot.Infrastructure/BreakoutBot/Infrastructure/Migrations/$provider/${provider}BreakoutBotDbContextModelSnapshot.cs"
    mv -f "$generated" "Migrations/$provider/"
    rm -rf BreakoutBot.Infrastructure/BreakoutBot
done
echo "Added migration $name for Sqlite and Postgres."
