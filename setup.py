import warnings

from setuptools import find_namespace_packages, setup

# `pip install -e .` maps the packages through a finder and setuptools then prints a note, filed as a warning, that
# folders named like a package in the working directory may shadow it. Here they are those packages.
warnings.filterwarnings("ignore", message=r"\s*Editable installation\.")

# The add-on alone: centers and blocks. Namespace discovery lists the data folders too (templates/, static/, locale/):
# setuptools installs their files from package-data and warns about any folder of installed files that is not a
# listed package. The municipal site (site/, imported as `portal`) is built by site/pyproject.toml.
PYCACHE = ["*__pycache__", "*__pycache__.*"]

setup(
    packages=find_namespace_packages(include=["centers", "centers.*", "blocks", "blocks.*"], exclude=PYCACHE),
)
