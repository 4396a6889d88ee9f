# The portal's image: gunicorn serves liaison_portal.wsgi; the same image runs the Celery worker and beat
# (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# gettext compiles the translations at build time (the interface is Chinese by default).
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# A throwaway key: collectstatic and compilemessages only need the settings to load. The real key comes from
# the environment at run time.
RUN export DJANGO_SECRET_KEY=build-only-not-a-secret DJANGO_DEBUG=false \
    && if ls locale/*/LC_MESSAGES/*.po >/dev/null 2>&1; then python manage.py compilemessages --ignore=.venv; fi \
    && python manage.py collectstatic --noinput

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin portal \
    && mkdir -p /app/media /app/private /app/beat \
    && chown -R portal:portal /app/media /app/private /app/beat /app/staticfiles

USER portal
EXPOSE 8000
CMD ["gunicorn", "liaison_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--timeout", "60", "--access-logfile", "-"]
