#!/usr/bin/env python3
"""Writes a deterministic corpus of realistic GitHub workflows for the benchmarks.

Usage: corpus.py OUT_DIR [COUNT] [SEED]
Half the workflows sign in to AWS with long-lived keys, the rest with OIDC; they mix triggers,
matrices, reusable-workflow calls, services and long run scripts, 100 to 400 lines each.
"""
import os
import random
import sys

CHECKOUT = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1  # v7.0.1"
CREDS = "aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c  # v6.2.3"
ENVS = ["production", "staging", "testing", "nationwide"]


def script(rng, lines):
    cmds = ["make build", "pytest -q tests/unit", "aws s3 sync dist/ s3://bucket-$ENV/",
            "kubectl rollout status deploy/api", "helm upgrade --install api charts/api",
            "echo \"deploying $GITHUB_SHA\"", "terraform plan -input=false", "npm ci && npm test"]
    return "\n".join("          " + rng.choice(cmds) for _ in range(lines))


def job(rng, name, env, keys, pr):
    out = [f"  {name}:", f"    name: {name.replace('-', ' ').title()}", "    runs-on: ubuntu-latest",
           "    timeout-minutes: 30"]
    if rng.random() < 0.4:
        out += ["    strategy:", "      matrix:", "        python: ['3.10', '3.11', '3.12']",
                "        os: [ubuntu-latest, ubuntu-24.04]"]
    if rng.random() < 0.5:
        out += [f"    environment: {env}"]
    if not keys:
        out += ["    permissions:", "      contents: read", "      id-token: write"]
        if pr:
            out += ["    if: github.event.pull_request.head.repo.full_name == github.repository && github.actor != 'dependabot[bot]'"]
    out += ["    steps:", f"      - uses: {CHECKOUT}", "        with:", "          persist-credentials: false"]
    out += ["      - name: Configure AWS credentials", f"        uses: {CREDS}", "        with:"]
    if keys:
        up = env.upper()
        out += [f"          aws-access-key-id: ${{{{ secrets.HONEYHIVE_{up}_DEPLOYMENT_AWS_USER_KEY_ID }}}}",
                f"          aws-secret-access-key: ${{{{ secrets.HONEYHIVE_{up}_DEPLOYMENT_AWS_USER_KEY_SECRET }}}}"]
    else:
        out += [f"          role-to-assume: arn:aws:iam::111122223333:role/hive-kube-{env}-deploy",
                "          role-session-name: deploy-${{ github.run_id }}"]
    out += ["          aws-region: us-east-1"]
    for i in range(rng.randint(2, 5)):
        out += [f"      - name: Step {i}", "        env:", f"          ENV: {env}", "        run: |",
                script(rng, rng.randint(2, 6))]
    return out


def workflow(rng, index):
    env = ENVS[index % 4]
    keys = index % 2 == 0
    pr = rng.random() < 0.3
    lines = [f"name: {env}-service-{index}", "on:"]
    if pr:
        lines += ["  pull_request:", "    branches: [main]"]
    lines += ["  push:", "    branches: [main]", "    paths: ['src/**', 'charts/**']",
              "  workflow_dispatch:", "    inputs:", "      version:", "        type: string", "        required: false"]
    if rng.random() < 0.3:
        lines += ["  schedule:", "    - cron: '0 4 * * 1-5'"]
    lines += ["permissions: {}", "concurrency:", f"  group: {env}-{index}-${{{{ github.ref }}}}",
              "  cancel-in-progress: false", "jobs:"]
    target = rng.randint(140, 360)
    n = 0
    while len(lines) < target - 30 or n == 0:
        lines += job(rng, f"deploy-{n}", env, keys, pr)
        n += 1
    if rng.random() < 0.2:
        lines += ["  call-shared:", "    uses: ./.github/workflows/shared-deploy.yml", "    with:",
                  f"      environment: {env}", "    secrets: inherit"]
    return "\n".join(lines) + "\n"


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20261126
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    for i in range(count):
        env = ENVS[i % 4]
        with open(os.path.join(out, f"{env}-service-{i:04d}.yml"), "w") as f:
            f.write(workflow(rng, i))


if __name__ == "__main__":
    main()
