"""The options an import ran with, so the same file may be imported again with other ones.

A file already imported was skipped whatever the options: a partial import could not be followed by
the same file with --full, nor a missed column be mapped. The import log now keeps the options
(JSON: full, map, encoding, delimiter); only the same file with the same options is skipped. Rows
from before keep NULL, read as the defaults with their full_extract flag.
"""

SQL = """
ALTER TABLE import_log ADD COLUMN options TEXT;
"""
