#!/usr/bin/env python3
"""Benchmarks keyless side by side with zizmor and actionlint, and generation scaling.

Run from the repository root after `make bootstrap` (tools in .venv/bin):
    python3 scripts/bench/run.py [--reps 5] [--count 1000]
Builds keyless in release mode, writes a seeded corpus, then runs every tool on the same files,
alternating, --reps times; prints medians, ratios and peak RSS (from wait4's rusage of each child).
Exits 1 when a timed command fails (an exit code the tool does not document for a completed run),
so a table never shows the time of a run that did nothing. The numbers are for the closing note
and the README, not assertions.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VENV = os.path.join(ROOT, ".venv", "bin")


class TimedCommandFailed(Exception):
    pass


def tool(name):
    """A validator from the package's .venv, else from PATH; a missing one stops the benchmark."""
    venv = os.path.join(VENV, name)
    found = venv if os.access(venv, os.X_OK) else shutil.which(name)
    if not found:
        raise TimedCommandFailed(f"{name} not found in {VENV} or on PATH: run `make bootstrap`")
    return found


def measure(argv, cwd=None, env=None, ok=(0,)):
    """Wall seconds, peak RSS (MiB), exit code and CPU seconds (user + system) of one run of argv;
    raises when the exit code is not in `ok`."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        with open(os.devnull, "wb") as devnull:
            proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=devnull, stderr=err)
            _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code not in ok:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace")[-2000:]
            raise TimedCommandFailed(f"timed command failed (exit {code}, expected {list(ok)}): {' '.join(argv)}\n{tail}")
    return wall, usage.ru_maxrss / 1024.0, code, usage.ru_utime + usage.ru_stime


def table(rows, header):
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    line = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |"
    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--skip-build", action="store_true")
    args = ap.parse_args()

    if not args.skip_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "keyless"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    keyless = os.path.join(ROOT, ".build", "release", "keyless")
    work = tempfile.mkdtemp(prefix="keyless-bench-")
    corpus = os.path.join(work, "repo", ".github", "workflows")
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "bench", "corpus.py"), corpus, str(args.count)], check=True)
    files = sorted(os.path.join(corpus, f) for f in os.listdir(corpus))
    lines = sum(1 for f in files for _ in open(f))
    print(f"date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; command: python3 scripts/bench/run.py "
          + " ".join(sys.argv[1:]))
    print(f"machine: {os.cpu_count()} cores, load average at start {os.getloadavg()[0]:.2f}; "
          f"corpus: {len(files)} workflows, {lines} lines; {args.reps} repetitions, alternating\n")

    env = dict(os.environ)
    env.pop("GH_TOKEN", None)
    env.pop("GITHUB_TOKEN", None)
    # (name, argv, exit codes that mean "ran to completion": findings are expected on this corpus)
    tools = [
        ("keyless check", [keyless, "check", corpus], (0, 1)),
        ("keyless check --jobs 1", [keyless, "check", "--jobs", "1", corpus], (0, 1)),
        ("zizmor --offline", [tool("zizmor"), "--offline", "--no-progress", "--no-exit-codes", corpus], (0,)),
        # actionlint's own rules: keyless does not lint run: scripts, so shellcheck and pyflakes are off
        # (with them actionlint starts one shellcheck process per script: minutes on this corpus).
        ("actionlint", [tool("actionlint"), "-no-color", "-shellcheck=", "-pyflakes="] + files, (0, 1)),
    ]
    # `generate` is the default subcommand, so `keyless audit --help` alone would not tell.
    audit = "audit" in subprocess.run([keyless, "--help"], capture_output=True, text=True).stdout
    if audit:
        tools.insert(2, ("keyless audit", [keyless, "audit", os.path.join(work, "repo")], (0, 1)))
        tools.insert(3, ("keyless audit --jobs 1", [keyless, "audit", "--jobs", "1", os.path.join(work, "repo")], (0, 1)))
    results = {name: [] for name, _, _ in tools}
    for _ in range(args.reps):
        for name, argv, ok in tools:
            results[name].append(measure(argv, env=env, ok=ok))
    med = {n: statistics.median(r[0] for r in rs) for n, rs in results.items()}
    cpu = {n: statistics.median(r[3] for r in rs) for n, rs in results.items()}
    rss = {n: max(r[1] for r in rs) for n, rs in results.items()}
    rows = []
    for name, _, _ in tools:
        rows.append([name, f"{med[name]:.3f}", f"{cpu[name]:.3f}", f"{rss[name]:.1f}",
                     f"{med[name] / med['actionlint']:.2f}", f"{cpu[name] / cpu['actionlint']:.2f}",
                     f"{rss[name] / rss['actionlint']:.2f}",
                     f"{med[name] / med['zizmor --offline']:.2f}", f"{cpu[name] / cpu['zizmor --offline']:.2f}",
                     f"{min(r[0] for r in results[name]):.3f}–{max(r[0] for r in results[name]):.3f}"])
    print("## Audit and check throughput (medians; peak RSS is the largest of the runs)")
    table(rows, ["tool", "wall s", "cpu s", "peak RSS MiB", "wall ÷ actionlint", "cpu ÷ actionlint",
                 "RSS ÷ actionlint", "wall ÷ zizmor", "cpu ÷ zizmor", "wall range s"])

    # Where check's time goes, one worker: the Yams parse is what no change to Keyless's own code removes.
    t = subprocess.run([keyless, "check", "--jobs", "1", "--timings", corpus], capture_output=True, text=True, env=env)
    if t.returncode not in (0, 1):
        raise TimedCommandFailed(f"check --timings failed (exit {t.returncode}):\n{t.stderr[-2000:]}")
    stages_check = parse_timings(t.stderr)
    summed = sum(stages_check.values())
    print(f"\n`keyless check --jobs 1 --timings` (stage seconds, one worker; actionlint's CPU median {cpu['actionlint']:.3f} s):")
    for name, secs in stages_check.items():
        print(f"    {name}: {secs:.3f} s ({secs / summed:.0%})")

    print("\n## Generation scaling (release)")
    base = open(os.path.join(ROOT, "docs-src", "keyless.yml")).read()
    rows = []
    stages = {}
    for n in (10, 100, 1000):
        cfg = scaled_config(base, n)
        cdir = os.path.join(work, f"gen-{n}")
        os.makedirs(cdir)
        # Paths in the configuration are relative to it: the audited workflows go beside the copy.
        shutil.copytree(os.path.join(ROOT, "docs-src", "hive-kube-fixture"), os.path.join(cdir, "hive-kube-fixture"))
        path = os.path.join(cdir, "keyless.yml")
        open(path, "w").write(cfg)
        out = os.path.join(cdir, "out")
        walls, cpus, rss_v = [], [], []
        for _ in range(max(1, args.reps // 2)):
            shutil.rmtree(out, ignore_errors=True)
            w, m, _, c = measure([keyless, "generate", "--config", path, "--output", out])
            if not os.path.isdir(out) or not any(fs for _, _, fs in os.walk(out)):
                raise TimedCommandFailed(f"generate with {n} roles wrote no file")
            walls.append(w)
            cpus.append(c)
            rss_v.append(m)
        # A second run over the same output writes nothing: how much of a full run it still costs.
        noop = [measure([keyless, "generate", "--config", path, "--output", out]) for _ in range(max(1, args.reps // 2))]
        t = subprocess.run([keyless, "generate", "--config", path, "--output", os.path.join(cdir, "timed"), "--timings"],
                           capture_output=True, text=True)
        if t.returncode != 0:
            raise TimedCommandFailed(f"generate --timings with {n} roles failed (exit {t.returncode}):\n{t.stderr[-2000:]}")
        timings = parse_timings(t.stderr)
        # The floor: time inside libcmark and the parse-back readers, summed over every page and snippet
        # (summed over the workers when stages run on both cores).
        floor = timings.get("render (libcmark)", 0) + timings.get("parse-back (Yams, JSON)", 0)
        total = timings.get("total", 0)
        files_out = sum(len(fs) for _, _, fs in os.walk(out))
        wall, cpu_s, noop_wall = statistics.median(walls), statistics.median(cpus), statistics.median(r[0] for r in noop)
        rows.append([n, files_out, f"{wall:.3f}", f"{cpu_s:.3f}", f"{max(rss_v):.1f}", f"{floor:.3f}", f"{total:.3f}",
                     f"{(total - floor) / floor:.2f}" if floor else "n/a",
                     f"{(cpu_s - floor) / floor:.2f}" if floor else "n/a",
                     f"{noop_wall:.3f} ({noop_wall / wall:.0%})"])
        stages[n] = timings
    table(rows, ["roles+envs", "files", "wall s", "cpu s", "peak RSS MiB", "floor s", "in-process wall s",
                 "(wall − floor) ÷ floor", "(cpu − floor) ÷ floor", "no-op run s (of full)"])
    print("\n`keyless generate --timings` at 1,000 roles (stage times summed over workers; `(wall)` lines end to end):")
    for name, secs in stages.get(1000, {}).items():
        print(f"    {name}: {secs:.3f} s")

    print("\n## No-op and check")
    cdir = os.path.join(work, "gen-100")
    r = subprocess.run([keyless, "generate", "--config", os.path.join(cdir, "keyless.yml"), "--output", os.path.join(cdir, "out")],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise TimedCommandFailed(f"second generate failed (exit {r.returncode}):\n{r.stderr[-2000:]}")
    print(f"second generate at 100 roles: {r.stdout.strip()}")
    w, _, code, _ = measure(["swift", "package", "--allow-writing-to-package-directory", "generate-docs", "--check"], cwd=ROOT, ok=(0, 1))
    print(f"generate-docs --check through the plugin, warm: {w:.2f} s (exit {code})")
    shutil.rmtree(work, ignore_errors=True)


def scaled_config(base, n):
    """The shipped configuration with n more roles and n hive-kube environments, each environment's role
    among them (a repository's environments need their roles)."""
    roles = "".join(
        f"  - id: bench-{i}\n    name: bench-role-{i}\n    repository: hive-kube\n    subjects: [\"environment:env{i}\"]\n"
        f"    session-name: bench-{i}\n    max-session-duration: 3600\n" for i in range(n))
    cfg = base.replace("roles:\n", "roles:\n" + roles, 1)
    envs = ", ".join(f"env{i}" for i in range(n))
    import re
    return re.sub(r"environments: \[production, staging, testing, nationwide\]", f"environments: [{envs}]", cfg)


def parse_timings(text):
    out = {}
    for line in text.splitlines():
        if line.startswith("timing: "):
            name, _, secs = line[8:].rpartition(" ")
            try:
                out[name.strip()] = float(secs.rstrip("s"))
            except ValueError:
                pass
    return out


if __name__ == "__main__":
    try:
        main()
    except TimedCommandFailed as e:
        print(f"bench: {e}", file=sys.stderr)
        sys.exit(1)
