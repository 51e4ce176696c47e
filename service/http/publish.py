"""``python -m service.http.publish [PATH]``: write the API contract (default
``service/http/openapi.json``) from the application, as ``make openapi`` does."""

from __future__ import annotations

import sys
from pathlib import Path

from service.http.app import create_app
from service.http.contract import dumps

__all__ = ["main"]


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else Path(__file__).with_name("openapi.json")
    path.write_bytes(dumps(create_app().openapi()))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
