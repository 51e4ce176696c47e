"""The HTTP service: the FastAPI application (:mod:`service.http.app`), its routes
(:mod:`service.http.api`), request and answer models, problem+json, the scheduler that
keeps work off the event loop (:mod:`service.http.work`) and the OpenAPI contract."""
