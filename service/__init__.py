"""eokjo's shell: the HTTP service and the command line, thin layers over :mod:`units`."""
