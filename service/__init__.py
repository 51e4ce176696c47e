"""eokjo's shell: the HTTP service and the command line, thin layers over :mod:`units`."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("eokjo")
except PackageNotFoundError:  # run from a checkout that was never installed
    __version__ = "0+unknown"
