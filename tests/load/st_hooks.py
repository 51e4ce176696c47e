"""schemathesis CLI hooks (SCHEMATHESIS_HOOKS=tests.load.st_hooks): NDJSON batch bodies."""

import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def _ndjson(ctx, value) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else json.dumps(value).encode() + b"\n"
