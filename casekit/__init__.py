"""casekit: critique Chinese customer-complaint case studies against rule files.

The library returns data (casekit.engine.Reviewer -> casekit.model.CaseResult); the CLI in
casekit.cli only parses arguments and picks a reporter.
"""

__version__ = "0.1.0"
