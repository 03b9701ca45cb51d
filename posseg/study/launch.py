"""Fan a study's runs out: one after another here, or as Slurm jobs."""
import contextlib
import os
import os.path as osp
import re
import shlex
import signal
import statistics
import subprocess
import sys
import threading
import time

from .plan import run_config_text, run_state
from .running import mark_running, running_pid

HEARTBEAT_S = 60
PROBE_PROGRESS = re.compile(r'^\s+\w+: epoch \d+/\d+')
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)  # passed on to the trainer


def _print(message):
    print(message, flush=True)  # progress must show when stdout is a file


def probe_command(root, run):
    """The command line of a probe run: tools/probe.py on the run's config (and the
    trained checkpoint), with the study's probe settings; it resumes by itself.

    Returns:
        list[str]
    """
    command = [sys.executable, osp.join(root, 'tools', 'probe.py'), run.config]
    command += [run.checkpoint] if run.checkpoint else []
    command += ['--work-dir', run.work_dir, '--seed', str(run.seed)]
    for key, value in run.probe.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        command += ['--' + key.replace('_', '-'), *map(str, values)]
    return command


def train_command(root, run, resume, gpus=0, launcher='local'):
    """The command line that trains one run with tools/train.py semantics (a probe
    run: :func:`probe_command`, on one device).

    Args:
        root (str): Repository root.
        run (Run): The run.
        resume (bool): Continue from the run's last checkpoint.
        gpus (int): >0: through tools/dist_train.sh with that many processes.
        launcher (str): ``local`` or ``slurm`` (inside an sbatch job).

    Returns:
        list[str]
    """
    if run.probe is not None:
        probe = probe_command(root, run)
        return ['srun', *probe] if launcher == 'slurm' else probe
    tail = ['--work-dir', run.work_dir] + (['--resume'] if resume else [])
    if launcher == 'slurm':
        return ['srun', sys.executable, '-u', osp.join(root, 'tools', 'train.py'),
                run.config, *tail, '--launcher', 'slurm']
    if gpus:
        return [osp.join(root, 'tools', 'dist_train.sh'), run.config, str(gpus),
                *tail]
    return [sys.executable, osp.join(root, 'tools', 'train.py'), run.config, *tail]


def write_run_config(study, run):
    """Write the run's config.py (kept as is when the text is unchanged)."""
    os.makedirs(run.work_dir, exist_ok=True)
    text = run_config_text(study, run)
    if not osp.isfile(run.config) or open(run.config).read() != text:
        with open(run.config, 'w') as f:
            f.write(text)


def sbatch_script(root, run, resume, slurm):
    """The sbatch script of one run.

    Args:
        slurm (dict): ``partition``, ``gpus``, ``gpus_per_node``,
            ``cpus_per_task``, ``job_name``; a probe run takes one GPU.
    """
    if run.probe is not None:
        slurm = dict(slurm, gpus=1, gpus_per_node=1)
    options = [f"--partition={slurm['partition']}",
               f"--job-name={slurm['job_name']}",
               f"--gres=gpu:{slurm['gpus_per_node']}",
               f"--ntasks={slurm['gpus']}",
               f"--ntasks-per-node={slurm['gpus_per_node']}",
               f"--cpus-per-task={slurm['cpus_per_task']}",
               f"--output={osp.join(run.work_dir, 'slurm-%j.log')}"]
    command = ' '.join(shlex.quote(c) for c in
                       train_command(root, run, resume, launcher='slurm'))
    return ('#!/usr/bin/env bash\n' + ''.join(f'#SBATCH {o}\n' for o in options)
            + f'{command}\n')


def _fmt_duration(seconds):
    return f'{seconds / 60:.1f} min'


def run_local(root, study, runs, gpus=0, dry_run=False, log=_print):
    """Train the runs one after another; skip finished ones and ones another study
    on this host is training, resume interrupted ones. ``dry_run``: write the run
    configs and print the commands, train nothing. A SIGTERM or SIGHUP stops the
    run being trained too and exits with 128 + the signal.

    Returns:
        list[tuple[Run, int | None]]: Runs that were started and their exit codes
        (None: not started, its checkpoint is missing).
    """
    todo = [run for run in runs if run_state(run) != 'finished']
    log(f'study {study.name}: {len(runs)} runs, {len(runs) - len(todo)} already '
        f'finished, {len(todo)} to run')
    durations, outcomes = [], []
    for i, run in enumerate(todo, 1):
        state = run_state(run)  # another study may have taken the run meanwhile
        if state in ('finished', 'running'):
            log(f'[{i}/{len(todo)}] {run.name}: skipped, ' + (
                'finished meanwhile' if state == 'finished' else
                f'being trained by pid {running_pid(run)}'))
            continue
        command = train_command(root, run, resume=state == 'interrupted', gpus=gpus)
        write_run_config(study, run)
        missing = run.missing_checkpoint()
        if missing:
            log(f'[{i}/{len(todo)}] {run.name}: skipped, {missing}')
            outcomes.append((run, None))
            continue
        if dry_run:
            log(' '.join(shlex.quote(c) for c in command))
            continue
        left = statistics.fmean(durations) * (len(todo) - i + 1) if durations else 0
        eta = f', ETA {_fmt_duration(left)}' if durations else ''
        log(f'[{i}/{len(todo)}] {run.name}: '
            f"{'resuming' if state == 'interrupted' else 'training'}{eta}")
        start = time.time()
        with open(osp.join(run.work_dir, 'train.log'), 'a') as out:
            proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
            with mark_running(run, proc.pid), _stopped_together(proc, run, log):
                beat = start + HEARTBEAT_S
                while proc.poll() is None:
                    time.sleep(1)
                    if time.time() >= beat:
                        beat += HEARTBEAT_S
                        log(f'  {run.name}: {_fmt_duration(time.time() - start)} '
                            f'{_last_progress(run)}')
        durations.append(time.time() - start)
        outcomes.append((run, proc.returncode))
        log(f'[{i}/{len(todo)}] {run.name}: '
            f"{'done' if proc.returncode == 0 else f'FAILED (exit {proc.returncode})'}"
            f' in {_fmt_duration(durations[-1])}')
    return outcomes


@contextlib.contextmanager
def _stopped_together(proc, run, log):
    """Pass a SIGTERM or SIGHUP sent to the study on to its trainer and end both: a
    killed study leaves no orphan training on, and the run resumes on the next call.
    A signal the study ignores (SIGHUP under nohup) stays ignored.

    Args:
        proc (subprocess.Popen): The trainer.
        run (Run): Its run.
        log (callable): Where the line saying so goes.
    """
    def stop(signum, frame):
        proc.send_signal(signum)
        proc.wait()
        log(f'{run.name}: stopped by {signal.Signals(signum).name} with its trainer; '
            'call the study again to resume it from its last checkpoint')
        raise SystemExit(128 + signum)

    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set in the main thread
        return
    previous = {sig: signal.signal(sig, stop) for sig in STOP_SIGNALS
                if signal.getsignal(sig) is not signal.SIG_IGN}  # nohup stays
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _last_progress(run):
    """The latest 'Epoch(train) [e][i/n]' (a probe's 'H: epoch e/n') of a running
    run's log, if any."""
    try:
        with open(osp.join(run.work_dir, 'train.log'), errors='replace') as f:
            lines = [line for line in f if 'Epoch(train)' in line
                     or 'Iter(train)' in line or PROBE_PROGRESS.match(line)]
    except OSError:
        return ''
    if not lines:
        return ''
    part = lines[-1].split('mmengine - INFO - ')[-1]
    return part.split('  lr:')[0].strip()


def submit_slurm(root, study, runs, slurm, dry_run=False, log=_print):
    """Submit every unfinished run as its own sbatch job (fan out, do not wait).
    ``dry_run``: write the run configs and sbatch scripts, print them, submit nothing.

    Returns:
        list[str]: The sbatch commands (run or printed).
    """
    commands = []
    for run in runs:
        state = run_state(run)
        if state == 'finished':
            continue
        if state == 'running':
            log(f'{run.name}: skipped, being trained here by pid {running_pid(run)}')
            continue
        if run.missing_checkpoint():
            log(f'{run.name}: skipped, {run.missing_checkpoint()}')
            continue
        script = osp.join(run.work_dir, 'sbatch.sh')
        command = ['sbatch', script]
        commands.append(' '.join(shlex.quote(c) for c in command))
        text = sbatch_script(root, run, state == 'interrupted',
                             dict(slurm, job_name=f'{study.name}-{run.variant}-'
                                  f'{run.seed}'))
        write_run_config(study, run)
        with open(script, 'w') as f:
            f.write(text)
        if dry_run:
            log(f'# {script}:\n{text}{commands[-1]}')
            continue
        subprocess.run(command, check=True)
        log(f'submitted {run.name}')
    return commands
