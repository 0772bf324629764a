import os

from django.core.wsgi import get_wsgi_application

from config.afstelling import werkproces_afstellen

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# Everything loaded so far lives as long as the worker: out of the garbage collector's sight, and fewer full
# collections during requests (config/afstelling.py says why, with the figures).
werkproces_afstellen()
