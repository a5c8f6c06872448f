import Foundation
import KeylessAudit
import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

/// "hive-kube migration reference": from an audit of the workflows `hive-kube.workflows-dir` names
/// (Keyless ships a 22-workflow fixture modelled on the status analysis of 2025-11-12), or from that analysis's inventory when the
/// configuration gives counts only.
enum HiveKubePage {
    static func page(_ ref: Reference, _ lib: SnippetLibrary, _ analysis: RepositoryAnalysis?) throws(DiagnosticError) -> Page {
        let hive = ref.config.hiveKube
        guard let analysis else { return try inventoryPage(ref, lib) }
        let snippets = HiveKubeSnippets(ref)
        let envs = hive.environments
        let report = analysis.report
        let summary = report.summary

        func migration(_ w: WorkflowAudit, env: String) -> [Block] {
            guard w.auth != .none, let outcome = analysis.migrations[w.path] else { return [] }
            let role = outcome.options.role
            let session = outcome.options.sessionName ?? ""
            // The trust policy admits `environment:ENV`; a job without one presents a ref-based `sub`.
            let bare = w.jobs.filter { $0.auth != .none && $0.environment == nil && $0.calls == nil }
            let subNote = bare.isEmpty ? "" : " " + bare.map { "Job `\($0.id)`" }.joined(separator: ", ")
                + " declares no `environment:`, so its token's `sub` names the ref, not `environment:\(env)`: add `environment: \(env)` or admit that ref in the role's trust policy."
            let heading = Prose.blocks("**`\(w.path)`**: \(jobsText(w)).\(subNote)")
            switch outcome {
            case .migrated(let m, _):
                guard m.changed else { return heading + Prose.blocks("Nothing to change: it already assumes a role with OIDC.") }
                // Blank context lines lose their one-space prefix: no page line ends in a space.
                // and the block ends in exactly one newline (RST drops trailing blank lines of a literal block).
                var lines = m.diff.split(separator: "\n", omittingEmptySubsequences: false).map { $0 == " " ? "" : String($0) }
                while lines.last == "" { lines.removeLast() }
                let diff = lines.joined(separator: "\n") + "\n"
                return heading + [.code(CodeSample(
                    language: "diff", text: diff,
                    caption: "keyless migrate \(w.path) --role \(role) --session-name '\(session)'"))]
                    + m.notes.flatMap { Prose.blocks("Note: \(escape($0)).") }
            case .refused(let reasons, _):
                return heading + Prose.blocks("`keyless migrate` refuses this file: \(escape(reasons)).")
            }
        }

        var plan: [Section] = []
        for env in envs {
            let ws = report.workflows(in: env)
            let counts = AuthPattern.allCases.map { p in "\(ws.filter { $0.auth == p }.count) \(p.rawValue)" }.joined(separator: ", ")
            plan.append(Section(id: "plan-\(env)", title: env, blocks: Prose.blocks("""
                \(ws.count) workflows (\(counts)). Role `\(snippets.roleName(env))`, assumed only by jobs \
                that declare `environment: \(env)`. Protect the `\(env)` environment in the repository \
                settings (required reviewers, deployment branches), because the trust policy admits whatever \
                job reaches it.
                """) + [try lib.block("trust-hive-kube-\(env)"), try truthTable(env, ref, lib)] + Prose.blocks("""
                The permissions policy is not in the repository: grant the role what the deployment user's \
                policy grants today (read it in IAM), then narrow it. A new workflow for this environment \
                looks like this:
                """) + [try lib.block("hive-kube-\(env)-workflow")] + Prose.blocks("""
                Each workflow's change, as `keyless migrate` makes it (every other line stays as it is):
                """) + ws.flatMap { migration($0, env: env) } + Prose.blocks("""
                When the environment's workflows run on the role, delete the secrets \
                `\(snippets.secret(env, suffix: "_KEY_ID"))` and `\(snippets.secret(env, suffix: "_KEY_SECRET"))`, \
                and the IAM user's access key.
                """)))
        }
        let unassigned = report.workflows.filter { $0.environment == nil }
        if !unassigned.isEmpty {
            plan.append(Section(id: "plan-other", title: "Workflows without an environment", blocks: Prose.blocks(
                unassigned.map { "- `\($0.path)`: \(jobsText($0))" }.joined(separator: "\n"))))
        }

        let keysLeft = report.hasLongLivedKeys
        let secretsLeft = Set(report.workflows.flatMap { $0.jobs.flatMap(\.keySecrets) })
        var checklist: [ChecklistItem] = [
            ChecklistItem(["Create the GitHub OIDC identity provider in IAM (not visible from the repository: check IAM)"]),
        ]
        for env in envs {
            let ws = report.workflows(in: env)
            let done = !ws.isEmpty && ws.allSatisfy { $0.auth == .oidc || $0.auth == .none }
            checklist.append(ChecklistItem([.text("Create role "), .code(snippets.roleName(env)), .text(" with its trust policy (check IAM)")]))
            checklist.append(ChecklistItem([.code(env), .text(": every workflow assumes the role with OIDC")], done: done))
        }
        checklist += [
            ChecklistItem([.text("Every job that reaches AWS has "), .code("id-token: write"), .text(" in its effective permissions")], done: summary.lacksIDToken == 0),
            ChecklistItem([.text("Every credentials step passes "), .code("role-to-assume"), .text(" and no key")], done: summary.lacksRole == 0 && !keysLeft),
            ChecklistItem([.text("No workflow reads the "), .code(snippets.secret(envs.first ?? "production", suffix: "_KEY_ID").replacingOccurrences(of: (envs.first ?? "production").uppercased(), with: "<ENV>")), .text(" / "), .code("_KEY_SECRET"), .text(" secrets any more; delete them")],
                          done: !secretsLeft.contains { $0.hasPrefix("HONEYHIVE_") }),
        ]

        let envList = envs.map { "`\($0)-*`" }.joined(separator: ", ")
        return Page(
            id: "hive-kube-migration", title: "hive-kube migration reference",
            summary: "Where hive-kube's deployment workflows stand, from an audit, and how to move each environment to OIDC.",
            intro: Prose.blocks("""
                This page is generated by `keyless audit` and `keyless migrate` from the \(summary.workflows) workflows \
                in `\(hive.workflowsDir ?? "")` (\(envList)). hive-kube is private, so Keyless ships a fixture modelled \
                on the status analysis of 2025-11-12; point `hive-kube.workflows-dir` in `docs-src/keyless.yml` at a \
                checkout of `\(ref.org)/\(hive.repository)` to regenerate it from the real workflows. \
                \(summary.jobs) jobs: \(summary.longLivedKeys) on long-lived keys, \(summary.oidc) on OIDC, \
                \(summary.mixed) mixed, \(summary.none) without AWS.
                """),
            sections: [
                Section(id: "status", title: "Status", blocks: [
                    .table(Table(header: [["Environment"], ["Workflows"], ["Long-lived keys"], ["OIDC"], ["Mixed"], ["Key secrets"]], rows: envs.map { env in
                        let ws = report.workflows(in: env)
                        return [[.code("\(env)-*")], [.text("\(ws.count)")], [.text("\(ws.filter { $0.auth == .longLivedKeys }.count)")],
                                [.text("\(ws.filter { $0.auth == .oidc }.count)")], [.text("\(ws.filter { $0.auth == .mixed }.count)")],
                                [.code(snippets.secret(env, suffix: "_KEY_ID"))]]
                    }))
                ] + Prose.blocks("Counts are workflows; a workflow is *mixed* when some of its jobs assume a role and others still use a key.")),
                Section(id: "old-pattern", title: "The pattern the audit finds", blocks: [try lib.block("hive-kube-keys-step")] + Prose.blocks("""
                    The same step with the environment's name in the secrets (the reusable workflow takes the pair \
                    as `workflow_call` secrets). The key belongs to an IAM user, never expires, and works from anywhere.
                    """)),
                Section(id: "missing", title: "What is missing", blocks: Prose.blocks("""
                    1. **`id-token: write`.** \(summary.lacksIDToken) jobs do not have it in their effective \
                    permissions; without it a job cannot request a token. Jobs with a `permissions` block keep \
                    what it grants; `contents: read` is kept or added so checkout still works.
                    2. **`role-to-assume`.** \(summary.lacksRole) jobs pass `aws-access-key-id` and \
                    `aws-secret-access-key` (or pass the key pair to the reusable workflow) and no role.
                    3. **The OIDC provider and roles.** The AWS account needs the GitHub identity provider and \
                    one role per environment, with a trust policy per role. The repository cannot show whether \
                    they exist: check IAM.
                    """)),
                Section(id: "plan", title: "Plan per environment", blocks: Prose.blocks("""
                    Migrate `testing` first and `production` last. For each environment: create the role, \
                    apply that environment's changes, run one workflow, then remove the keys.
                    """), subsections: plan),
                Section(id: "checklist", title: "Checklist", blocks: Prose.blocks("Ticked from the audit; IAM items stay open because the repository cannot show them.") + [.checklist(Checklist(items: checklist))]),
                Section(id: "lessons", title: "What python-sdk's migration gives hive-kube", blocks: Prose.blocks("""
                    The python-sdk Lambda tests move first (see [OIDC for the Lambda tests](page:lambda-oidc)). \
                    hive-kube then reuses working examples, the trust-policy patterns, and the \
                    [troubleshooting](page:troubleshooting) entries collected on the way.
                    """)),
                Section(id: "educational-value", title: "Educational value", blocks: Prose.blocks("""
                    python-sdk becomes the reference implementation for:

                    1. current GitHub Actions security practice (no stored cloud keys, least-privilege tokens),
                    2. AWS OIDC integration patterns (provider, per-environment roles, scoped trust policies),
                    3. zero-trust CI/CD workflows.

                    When hive-kube migrates it has working examples, lessons learned, reusable IAM role \
                    configurations and troubleshooting knowledge, and this page regenerates from its workflows.
                    """)),
                Section(id: "next-steps", title: "Next steps", blocks: Prose.blocks("""
                    1. **Decide** when each environment moves: the status analysis of 2025-11-12 kept secrets for python-sdk's first \
                    release and planned OIDC after it.
                    2. **Create the IAM pieces**: the identity provider, then one role per environment with the \
                    trust policies above.
                    3. **Apply the changes** environment by environment with `keyless migrate`, run one workflow, \
                    and rerun `keyless audit` until it reports no long-lived keys.
                    4. **Remove the keys**: delete the secrets and the IAM users' access keys.
                    """)),
            ])
    }

    static func jobsText(_ w: WorkflowAudit) -> String {
        w.jobs.map { "job `\($0.id)` \($0.auth.rawValue)" }.joined(separator: ", ")
    }

    /// Diagnostic text inside prose: backquotes would open code spans.
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "*", with: "\\*").replacingOccurrences(of: "_", with: "\\_")
    }

    /// The inventory of the status analysis of 2025-11-12 (counts only), used when no workflows folder is configured.
    static func inventoryPage(_ ref: Reference, _ lib: SnippetLibrary) throws(DiagnosticError) -> Page {
        let hive = ref.config.hiveKube
        let snippets = HiveKubeSnippets(ref)
        let envs = hive.environments
        var plan: [Section] = []
        for env in envs {
            plan.append(Section(id: "plan-\(env)", title: env, blocks: Prose.blocks("""
                Role `\(snippets.roleName(env))`, assumed only by jobs that declare `environment: \(env)`. \
                Protect the `\(env)` environment in the repository settings (required reviewers, deployment \
                branches), because the trust policy admits whatever job reaches it.
                """) + [try lib.block("trust-hive-kube-\(env)"), try lib.block("hive-kube-\(env)-workflow")] + Prose.blocks("""
                Then delete the secrets `\(snippets.secret(env, suffix: "_KEY_ID"))` and \
                `\(snippets.secret(env, suffix: "_KEY_SECRET"))`, and the IAM user's access key.
                """)))
        }
        return Page(
            id: "hive-kube-migration", title: "hive-kube migration reference",
            summary: "Where hive-kube's deployment workflows stand and how to move each environment to OIDC.",
            intro: Prose.blocks("""
                An analysis on 2025-11-12 read \(hive.workflowCount) workflows of `\(ref.org)/\(hive.repository)` \
                across \(envs.count) environments (\(envs.map { "`\($0)-*`" }.joined(separator: ", "))). \
                Every one signs in to AWS with a long-lived access key. This page is the plan to change that, \
                one environment at a time.
                """),
            sections: [
                Section(id: "status", title: "Status", blocks: [
                    .table(Table(header: [["Environment"], ["Key secrets"], ["Authentication"]], rows: envs.map { env in
                        [[.code("\(env)-*")], [.code(snippets.secret(env, suffix: "_KEY_ID"))], ["long-lived keys"]]
                    }))
                ]),
                Section(id: "old-pattern", title: "The pattern in every workflow", blocks: [try lib.block("hive-kube-keys-step")] + Prose.blocks("""
                    The same step with the environment's name in the secrets. The key belongs to an IAM user, \
                    never expires, and works from anywhere.
                    """)),
                Section(id: "missing", title: "What is missing", blocks: Prose.blocks("""
                    1. **`id-token: write`.** No workflow grants it; only package-release workflows set \
                    `permissions`, with `contents: write`. Without it the job cannot request a token.
                    2. **`role-to-assume`.** Every credentials step passes `aws-access-key-id` and \
                    `aws-secret-access-key`; no role ARN is configured anywhere.
                    3. **The OIDC provider and roles.** The AWS account needs the GitHub identity provider and \
                    one role per environment, with a trust policy per role. The repository cannot show whether \
                    they exist: check IAM.
                    """)),
                Section(id: "plan", title: "Plan per environment", blocks: Prose.blocks("""
                    Migrate `testing` first and `production` last. For each environment: create the role, \
                    change that environment's workflows, run one, then remove the keys.
                    """), subsections: plan),
                Section(id: "lessons", title: "What python-sdk's migration gives hive-kube", blocks: Prose.blocks("""
                    The python-sdk Lambda tests move first (see [OIDC for the Lambda tests](page:lambda-oidc)). \
                    hive-kube then reuses working examples, the trust-policy patterns, and the \
                    [troubleshooting](page:troubleshooting) entries collected on the way.
                    """)),
            ])
    }

    /// Who the environment's role admits, computed by the simulator from the checked snippet's text.
    static func truthTable(_ env: String, _ ref: Reference, _ lib: SnippetLibrary) throws(DiagnosticError) -> Block {
        let id = "trust-hive-kube-\(env)"
        guard let text = lib[id]?.text, let policy = try? PolicyCodec.decode(text) else {
            throw DiagnosticError([Diagnostic(at: SourceLocation(path: "page:hive-kube-migration"), "snippet '\(id)' does not read back as a policy", rule: "truth-table")])
        }
        let hive = ref.config.hiveKube
        var truth = TruthTable(ref: ref)
        truth.repositoryName = hive.repository
        truth.environments = [env] + hive.environments.filter { $0 != env }.prefix(1)
        truth.sibling = ref.repository("python-sdk").name
        return .table(truth.table(for: policy))
    }
}
