# Production image for Hecht Bestuur (web, Celery worker and beat share it).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH
# WeasyPrint needs pango and harfbuzz-subset; gettext is not needed (the .mo files are committed).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && pip install --no-cache-dir uv==0.13.8 \
 && useradd --system --home /app hecht

WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
RUN DEBUG=0 SECRET_KEY=build-only-build-only-build-only-build-only-build-only \
    ALLOWED_HOSTS=build python manage.py collectstatic --no-input \
 && mkdir -p /app/media && chown hecht /app/media
USER hecht
EXPOSE 8000
CMD ["gunicorn", "hecht.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]
