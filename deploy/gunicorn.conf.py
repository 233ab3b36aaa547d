"""gunicorn settings for Statewide's app servers (systemd unit and container image).

Workers and threads come from the environment (WEB_CONCURRENCY, GUNICORN_THREADS); the access log
carries the request id Statewide echoes in X-Request-ID, so it joins the application's JSON logs.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", str(min(2 * multiprocessing.cpu_count() + 1, 9))))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = 60
graceful_timeout = 30
max_requests, max_requests_jitter = 2000, 200  # recycle workers now and then
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
access_log_format = '{"time":"%(t)s","remote":"%(h)s","method":"%(m)s","path":"%(U)s","status":%(s)s,"bytes":"%(B)s","ms":%(M)s,"request_id":"%({x-request-id}o)s"}'
errorlog = "-"
