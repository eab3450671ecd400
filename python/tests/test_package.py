"""minima.__version__ is the project's version (CMakeLists.txt project(VERSION)), through the
generated minima/version.hpp."""

import os
import re

import minima

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def test_version_is_the_projects():
    with open(os.path.join(ROOT, "CMakeLists.txt"), encoding="utf-8") as f:
        declared = re.search(r"project\(minima VERSION ([0-9.]+)", f.read()).group(1)
    assert minima.__version__ == declared
