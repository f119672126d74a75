"""Sending the same request from several clients at the same moment (double-submit tests)."""

import threading

from django.db import connection
from django.test import Client


def post_in_parallel(user, url, data, times=8):
    """POST ``data`` to ``url`` as ``user`` from ``times`` clients released together by a
    barrier; returns the status codes. Errors in a thread are raised here, not swallowed."""
    clients = []
    for _ in range(times):
        client = Client()
        client.force_login(user)
        clients.append(client)
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []
    errors: list[BaseException] = []

    def send(client):
        try:
            barrier.wait()
            statuses.append(client.post(url, data).status_code)
        except BaseException as exc:  # noqa: BLE001 - raised below in the test's thread
            errors.append(exc)
        finally:
            connection.close()  # each thread has its own database connection

    workers = [threading.Thread(target=send, args=(client,)) for client in clients]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if errors:
        raise errors[0]
    return statuses
