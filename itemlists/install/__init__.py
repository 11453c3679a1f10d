"""Installing and checking list versions.

The store of bundled and user-imported versions, imports, the build of the bundled data from
../shared (``python -m itemlists.install.build``), validation and version diffs.
"""
