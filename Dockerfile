# Regio production image: gunicorn (web) and celery (worker, beat) from one image.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings \
    REGIO_VAR_DIR=/var/lib/regio

# WeasyPrint's libraries (PDF export) and fonts. No browser: the PDFs' charts are drawn in Python (regio/grafiek_svg.py).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libffi8 libjpeg62-turbo \
        libopenjp2-7 shared-mime-info fonts-dejavu-core postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --create-home --home-dir /home/regio regio \
    && mkdir -p /var/lib/regio && chown regio:regio /var/lib/regio

WORKDIR /app
COPY requirements/prod.lock requirements/prod.lock
RUN pip install -r requirements/prod.lock
COPY . .
# collectstatic needs a key to import settings; the real one comes from the environment at run time.
RUN SECRET_KEY=build-only-not-secret python manage.py collectstatic --no-input -v0

USER regio
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
