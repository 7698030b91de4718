"""Counts the SQL queries each request makes, for the benchmark's table."""

from django.db import connection


class QueryCountMiddleware:
    """Put the number of SQL queries a request made in the `X-Bench-Queries` header.

    First in MIDDLEWARE, so the queries of the session and authentication middleware count too.
    An execute wrapper counts without DEBUG's query log, which would change what is measured.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(count)
        return response
