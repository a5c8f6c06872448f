#!/usr/bin/env python3
"""Measures `keyless migrate` on ../shared/corpus/realworld against Tests/KeylessRealWorldTests/Expected.

Usage (from the repository root, after `make bootstrap`):
    python3 scripts/bench/migrate_realworld.py PATH/TO/keyless [--list]
Runs the given binary (any build, so an older one gives the baseline) on every workflow file of the
corpus, one at a time (it finds the siblings itself), and classifies each file as the Swift test
MigrateRealWorldTests does: clean (no change for `nothing`; for `edit` a diff whose result, in a copy
of the repository's .github, has no new actionlint finding, passes GitHub's schema or fails it as the
original does, and keeps every role ARN and role-to-assume line, with keyless check finding no
long-lived-aws-keys / missing-id-token), broken, missed (nothing to change on a file with keys),
refused-with-reason (a `refuse` file refused naming a consumer its migrate-why names) or
refused-wrongly. Prints the counts, by expected outcome, then (with --list) every file not as judged.
The corpus is read in place; copies go to a temporary folder only.
"""
import collections, os, re, shutil, subprocess, sys, tempfile
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
K = os.path.abspath(sys.argv[1])
LIST = "--list" in sys.argv
CORPUS = os.path.join(os.path.dirname(ROOT), "shared/corpus/realworld")
EXP = os.path.join(ROOT, "Tests/KeylessRealWorldTests/Expected")
VENV = os.path.join(ROOT, ".venv/bin")
ROLE = "arn:aws:iam::123456789012:role/keyless-test"
# The consumers a judgement (1) or a refusal (2) names, as in MigrateRealWorldTests.swift.
CONSUMERS = [("composite", ["composite action"], ["local composite action"]),
             ("reusable", ["reusable workflow"], ["reusable workflow"]),
             ("script", ["script", "env", "test binaries", "test code", "sed", "terraform", "aws s3", "written"], ["script", "env:"]),
             ("action", ["docker/login-action"], ["inputs of", "docker/login-action"]),
             ("nonaws", ["not aws", "non-aws"], ["not AWS"])]


def named(text, side):
    t = text.lower()
    return {c[0] for c in CONSUMERS if any(w.lower() in t for w in c[side])}


def tool(name):
    p = os.path.join(VENV, name)
    return p if os.path.exists(p) else shutil.which(name)


def arns(t):
    return collections.Counter(re.findall(r"arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+", t))


def validate(repo, p):
    tmp = tempfile.mkdtemp()
    try:
        for side in ["before", "after"]:
            shutil.copytree(f"{CORPUS}/{repo}/.github", f"{tmp}/{side}/.github")
        subprocess.run(["chmod", "-R", "u+w", tmp])
        w = subprocess.run([K, "migrate", f"{tmp}/after/{p}", "--role", ROLE, "--write"], capture_output=True, text=True)
        if w.returncode != 0:
            return [f"--write failed: {w.stderr[-300:]}"]
        problems = []
        def lint(side):
            x = subprocess.run([tool("actionlint"), "-no-color", "-oneline", p], cwd=f"{tmp}/{side}", capture_output=True, text=True).stdout
            return sorted(l.split(":", 3)[3].strip() if l.count(":") >= 3 else l for l in x.splitlines())
        b, a = lint("before"), lint("after")
        for f in b:
            if f in a:
                a.remove(f)
        if a:
            problems.append(f"actionlint: {a}")
        def schema(side):
            s = subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", f"{tmp}/{side}/{p}"], capture_output=True, text=True)
            return s.returncode, (s.stdout + s.stderr).replace(f"{tmp}/{side}", "ROOT")
        sb, sa = schema("before"), schema("after")
        if sa[0] != 0 and sa != sb:
            problems.append("schema: " + sa[1][-300:])
        c = subprocess.run([K, "check", f"{tmp}/after/{p}"], capture_output=True, text=True)
        if "[long-lived-aws-keys]" in c.stdout + c.stderr or "[missing-id-token]" in c.stdout + c.stderr:
            problems.append("check: " + (c.stdout + c.stderr)[-400:])
        before_t, after_t = open(f"{tmp}/before/{p}").read(), open(f"{tmp}/after/{p}").read()
        rb = [l.strip() for l in before_t.splitlines() if "role-to-assume:" in l]
        ra = [l.strip() for l in after_t.splitlines() if "role-to-assume:" in l]
        if any(arns(after_t)[k] < v for k, v in arns(before_t).items()) or not all(x in ra for x in rb):
            problems.append("a role ARN or role-to-assume changed")
        return problems
    finally:
        shutil.rmtree(tmp)


rows = []
for repo in sorted(d for d in os.listdir(CORPUS) if "+" in d):
    e = yaml.safe_load(open(f"{EXP}/{repo}.yml"))
    judged = {f["path"]: (f.get("migrate", "nothing"), f.get("migrate-why", "")) for f in e.get("files") or []}
    wf = f"{CORPUS}/{repo}/.github/workflows"
    for n in sorted(os.listdir(wf)):
        if not (n.endswith(".yml") or n.endswith(".yaml")) or not os.path.isfile(f"{wf}/{n}"):
            continue
        p = f".github/workflows/{n}"
        exp, why = judged.get(p, ("nothing", ""))
        r = subprocess.run([K, "migrate", f"{wf}/{n}", "--role", ROLE], capture_output=True, text=True)
        detail = (r.stderr.strip().splitlines() or [""])[-1]
        if r.returncode != 0:
            ok = exp == "refuse" and "migrate-refused" in r.stderr and named(r.stderr, 2) & named(why, 1)
            o = "refused-with-reason" if ok else "refused-wrongly"
        elif not r.stdout:
            o = "clean" if exp == "nothing" else "missed"
        elif exp != "edit":
            o, detail = "broken", "changed a file judged " + exp
        else:
            problems = validate(repo, p)
            o, detail = ("broken", "; ".join(problems)) if problems else ("clean", "")
        rows.append((exp, o, f"{repo}/{p}", detail))

order = ["clean", "broken", "missed", "refused-with-reason", "refused-wrongly"]
total = collections.Counter(o for _, o, _, _ in rows)
print(f"{len(rows)} files: " + ", ".join(f"{o} {total[o]}" for o in order))
for exp in ["nothing", "edit", "refuse"]:
    c = collections.Counter(o for e, o, _, _ in rows if e == exp)
    print(f"  judged {exp} ({sum(c.values())}): " + ", ".join(f"{o} {c[o]}" for o in order if c[o]))
if LIST:
    for exp, o, f, d in rows:
        if o not in ("clean", "refused-with-reason"):
            print(f"{exp:8} {o:20} {f}: {d[:300]}")
