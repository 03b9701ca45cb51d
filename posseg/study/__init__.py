"""Studies: a base config x variants x seeds, run and reported as one table."""
from .launch import run_local, submit_slurm, train_command
from .plan import Run, StudyError, load_study, plan_runs, run_state
from .report import (collect_run, read_history, read_previous, summarize_study,
                     write_report)
from .run_definition import check_distinct, check_unchanged, definition_change
from .stats import paired_comparison, summarize

__all__ = [
    'Run', 'StudyError', 'check_distinct', 'check_unchanged', 'collect_run', 'definition_change',
    'load_study', 'paired_comparison', 'plan_runs', 'read_history', 'read_previous',
    'run_local', 'run_state', 'submit_slurm', 'summarize', 'summarize_study',
    'train_command', 'write_report'
]
