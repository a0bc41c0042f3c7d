# syntax=docker/dockerfile:1
# Build stage: install the locked runtime dependencies (requirements/production.txt, every
# package with its hashes: `make lock`) into a virtual environment, then the project without
# resolving anything more. The development tools and the embedded PostgreSQL are not in it.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN python -m venv /venv
COPY requirements/production.txt ./requirements/
RUN /venv/bin/pip install --require-hashes --no-deps -r requirements/production.txt
COPY pyproject.toml ./
COPY builder ./builder
COPY eventstore ./eventstore
COPY projections ./projections
RUN /venv/bin/pip install --no-deps . && /venv/bin/pip check

# Run stage: the application, its virtual environment and the collected static files, run by
# an unprivileged user.
FROM python:3.11-slim
ENV PATH=/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_ENV=production DJANGO_STATIC_ROOT=/app/staticfiles
RUN useradd --system --uid 10001 --home-dir /app builder
WORKDIR /app
COPY --from=build /venv /venv
COPY manage.py ./
COPY builder ./builder
COPY eventstore ./eventstore
COPY projections ./projections
COPY locale ./locale
# collectstatic needs settings but no database or real secret.
RUN DJANGO_SECRET_KEY=collectstatic-only DATABASE_URL=postgres://unused@localhost/unused \
    EVENTSTORE_MASTER_KEY=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= \
    python manage.py collectstatic --noinput
USER builder
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"
# Workers, threads, shared metrics and the JSON access log: builder/gunicorn.py.
CMD ["gunicorn", "--config", "python:builder.gunicorn"]
