.PHONY: run test lint typecheck messages mutation

# Serve the app on http://127.0.0.1:$(PORT) with SQLite, eager tasks and demo data
# (`make run PORT=8001` for another port).
PORT ?= 8000
run:
	scripts/run.sh "127.0.0.1:$(PORT)"

# Lint, type, migration and deploy checks, then the whole test suite (PostgreSQL/Redis when available).
test:
	scripts/test.sh

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

# mypy with django-stubs (configured in pyproject.toml; strict for services, access and rules).
typecheck:
	.venv/bin/mypy

# Refresh the Dutch message catalogue after changing UI strings (then translate and run again).
messages:
	.venv/bin/python manage.py makemessages -l nl --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=scripts --ignore=media --no-obsolete --no-location
	.venv/bin/python manage.py compilemessages --ignore=.venv

# Mutation testing of the pure rule modules (mutmut, a few minutes; not part of `make test`).
# Fails when a mutant survives that docs/mutation.md does not list as equivalent.
mutation:
	.venv/bin/python scripts/mutation.py
