# Shared by scripts/run.sh and scripts/test.sh: make sure uv and the locked virtualenv exist.
# Both sync the same way, with every dependency group (the app and the dev tools), so they share
# one .venv: `make run` does not remove what `make test` and `make lint` need, nor the reverse.
# shellcheck shell=bash
UV_VERSION=0.13.8
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v uv >/dev/null 2>&1 || [ "$(uv --version | awk '{print $2}')" != "$UV_VERSION" ]; then
    echo "==> Installing uv $UV_VERSION"
    python3 -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
    hash -r
fi

echo "==> Creating/updating .venv from uv.lock"
uv sync --frozen --quiet
export PATH="$PWD/.venv/bin:$PATH"
