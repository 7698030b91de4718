"""Counts the SQL queries each request makes, for the benchmark's table."""

import time

from django.db import connection, transaction


class QueryCountMiddleware:
    """Put the number of SQL queries a request made in the `X-Bench-Queries` header.

    First in MIDDLEWARE, so the queries of the session and authentication middleware count too.
    An execute wrapper counts without DEBUG's query log, which would change what is measured.

    The registration benchmark reads three more: `X-Bench-SQL-Ms`, the time spent in statements
    (COMMIT is not a statement and is not in it); `X-Bench-Lock-Ms`, the time of the
    `SELECT … FOR UPDATE` statements alone, which includes waiting for another request's lock;
    and `X-Bench-Lock-Held-Ms`, from each such statement's answer to the end of its COMMIT,
    the time nobody else could take that lock.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count, seconds, locking, held = 0, 0.0, 0.0, 0.0

        def counter(execute, sql, params, many, context):
            nonlocal count, seconds, locking
            count += 1
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                finished = time.perf_counter()
                seconds += finished - started
                if "FOR UPDATE" in sql:
                    locking += finished - started
                    # Registered now, so it runs right after the COMMIT that releases the lock,
                    # before the callbacks the request registers later.
                    transaction.on_commit(lambda: release(finished))

        def release(acquired):
            nonlocal held
            held += time.perf_counter() - acquired

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(count)
        response["X-Bench-SQL-Ms"] = f"{seconds * 1000:.2f}"
        response["X-Bench-Lock-Ms"] = f"{locking * 1000:.2f}"
        response["X-Bench-Lock-Held-Ms"] = f"{held * 1000:.2f}"
        return response
