"""The cache backend: django-redis, with connection errors ignored (`IGNORE_EXCEPTIONS`).

The cache is an optimisation. With its Redis unreachable every read is a miss and every
write is dropped (logged), so pages are built without it and every form still saves.

One change to django-redis: `add` answers True when Redis cannot be reached, where django-redis
answers None. Callers that take a lock with `add` (allauth's rate limits, the page cache's
version tokens) would otherwise wait for a lock nobody holds and refuse the request: with the
cache down, limits let people through rather than lock them out.
"""

from django_redis.cache import RedisCache as DjangoRedisCache
from django_redis.cache import omit_exception


class RedisCache(DjangoRedisCache):
    @omit_exception(return_value=True)
    def add(self, *args, **kwargs):
        return self.client.add(*args, **kwargs)
