# Default settings of every service, sourced by scripts/run and scripts/test.
# Each variable keeps a value already set in the environment. The defaults run on a
# laptop with nothing installed: SQLite files under var/ and the in-memory lock store.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"

# App database (tickets, clinic, courses): any SQLAlchemy URL.
export SERVICEDESK_DATABASE_URL="${SERVICEDESK_DATABASE_URL:-sqlite:///$ROOT/var/servicedesk.db}"

# Rasa server and action server. Rasa listens on loopback unless RASA_INTERFACE is set
# to another address (0.0.0.0 to serve other hosts).
export RASA_INTERFACE="${RASA_INTERFACE:-127.0.0.1}"
export RASA_PORT="${RASA_PORT:-5005}"
export ACTION_PORT="${ACTION_PORT:-5055}"
export ACTION_ENDPOINT_URL="${ACTION_ENDPOINT_URL:-http://127.0.0.1:$ACTION_PORT/webhook}"

# Gateway: web widget, staff console and socket.io; Rasa's REST channel behind it.
export GATEWAY_HOST="${GATEWAY_HOST:-127.0.0.1}"
export GATEWAY_PORT="${GATEWAY_PORT:-8080}"
export RASA_URL="${RASA_URL:-http://127.0.0.1:$RASA_PORT}"

# Rasa's SQL tracker store: SQLite file by default; for PostgreSQL set the dialect to
# postgresql, the host, database name, user and password.
export TRACKER_DB_DIALECT="${TRACKER_DB_DIALECT:-sqlite}"
export TRACKER_DB_HOST="${TRACKER_DB_HOST:-}"
export TRACKER_DB_NAME="${TRACKER_DB_NAME:-$ROOT/var/tracker.db}"
export TRACKER_DB_USER="${TRACKER_DB_USER:-}"
export TRACKER_DB_PASSWORD="${TRACKER_DB_PASSWORD:-}"

# Rasa's lock store: in_memory for one Rasa process, redis (with host and port) for many.
export LOCK_STORE_TYPE="${LOCK_STORE_TYPE:-in_memory}"
export LOCK_STORE_HOST="${LOCK_STORE_HOST:-127.0.0.1}"
export LOCK_STORE_PORT="${LOCK_STORE_PORT:-6379}"

# Quieter TensorFlow and no Rasa telemetry: nothing may leave this machine.
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
export RASA_TELEMETRY_ENABLED=false
export SQLALCHEMY_WARN_20=0

mkdir -p "$ROOT/var"
