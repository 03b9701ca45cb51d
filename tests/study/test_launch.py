"""launch: what the study does with the signals that stop it (the whole path, with
a real trainer: tests/tools/test_study_tools.py)."""
import signal

from posseg.study.launch import _stopped_together


def test_the_handlers_are_the_studys_only_while_a_run_trains_and_nohup_stays():
    term, hup = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGHUP)
    try:
        signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as under nohup
        with _stopped_together(proc=None, run=None, log=print):
            assert callable(signal.getsignal(signal.SIGTERM))
            assert signal.getsignal(signal.SIGTERM) is not term
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
        assert signal.getsignal(signal.SIGTERM) is term
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, hup)
