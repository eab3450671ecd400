"""pytest setup: the tests import the package from the build tree (PYTHONPATH=build/python, as
scripts/test.sh sets it), so they test what was just built."""

import os

import minima


def pytest_report_header(config):
    return f"minima package: {os.path.dirname(minima.__file__)}"
