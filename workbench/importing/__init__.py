"""Customer extracts from head office into the database: `workbench import customers FILE`."""

from workbench.importing.model import ImportOptions, ImportSummary
from workbench.importing.run import import_customers

__all__ = ["ImportOptions", "ImportSummary", "import_customers"]
