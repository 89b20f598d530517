"""Rescoring: recompute the stored score columns of the customers table, vectorised.

The customers' inputs are read a chunk at a time in rowid order (dates as whole days before
today), so memory stays flat however large the table; each branch's BG/NBD fit is made first,
from an evenly spread sample. The dormancy rules, p_alive, tiers, segments and priority are
computed with numpy (workbench.scoring.model), and only the rows whose scores changed are written
back, all in one transaction. Every stored score is quantised (p_alive to 0.01, the dormancy
scores to whole points, priority to 0.01) and digested into score_digest, so a row is rewritten
only when a stored value really changes; scored_on is the day a row's scores were last written, and
scores_due_on the first day they will change with nothing but time passing, so the morning run
looks only at the customers due (see workbench.scoring.run). An import into an empty table scores
its customers while they are staged, before they are inserted (rescore_staged).
"""

from workbench.scoring.run import (BranchRun, RescoreResult, StagedRun, needs_rescore, plan_staged, record_staged,
                                   rescore, rescore_staged, score_staged)

__all__ = ["BranchRun", "RescoreResult", "StagedRun", "needs_rescore", "plan_staged", "record_staged", "rescore",
           "rescore_staged", "score_staged"]
