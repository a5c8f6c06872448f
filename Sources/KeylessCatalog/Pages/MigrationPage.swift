import Foundation
import KeylessAudit
import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

/// "REPOSITORY migration reference" (`pages: - kind: migration`): the repository's status from
/// `keyless audit` of its `workflows-dir`, each job's role and the subjects it presents (`keyless claims`),
/// the change `keyless migrate` makes to each workflow, and per environment the role's trust policy with
/// its truth table. With a `workflows` count and no folder, the plan without the audit.
struct MigrationPage {
    let ref: Reference
    let lib: SnippetLibrary
    let repo: RepositoryConfig

    static func id(_ repo: RepositoryConfig) -> String { "\(repo.id)-migration" }
    static func title(_ repo: RepositoryConfig) -> String { "\(repo.name) migration reference" }

    var snippets: RepositorySnippets { RepositorySnippets(ref, repo) }
    var envs: [String] { repo.environments }
    var pageID: String { Self.id(repo) }

    func page(_ analysis: RepositoryAnalysis?) throws(DiagnosticError) -> Page {
        guard let analysis else { return try inventoryPage() }
        let report = analysis.report
        let summary = report.summary

        var plan: [Section] = []
        for env in envs {
            let ws = report.workflows(in: env)
            let counts = AuthPattern.allCases.map { p in "\(ws.filter { $0.auth == p }.count) \(p.rawValue)" }.joined(separator: ", ")
            guard let role = snippets.role(env) else { continue }
            plan.append(Section(id: "plan-\(Validate.slug(env))", title: env, blocks: Prose.blocks("""
                \(ws.count) workflows (\(counts)). Role `\(role.name)`, assumed only by jobs \
                that declare `environment: \(env)`. Protect the `\(env)` environment in the repository \
                settings (required reviewers, deployment branches), because the trust policy admits whatever \
                job reaches it.
                """) + [try lib.block(RoleSnippets.trustID(role)), try truthTable(role, env: env)] + permissionsText(role)
                + [try lib.block(RepositorySnippets.workflowID(repo, env))]
                + jobsTable(ws, analysis)
                + Prose.blocks("Each workflow's change, as `keyless migrate` makes it (every other line stays as it is):")
                + ws.flatMap { migration($0, analysis, env: env) }
                + Prose.blocks(removeKeysText(env, ws))))
        }
        let unassigned = report.workflows.filter { $0.environment == nil && $0.auth != .none }
        if !unassigned.isEmpty {
            var blocks: [Block]
            if let role = ref.config.refRole(of: repo.id) {
                blocks = Prose.blocks("""
                    Their jobs declare no `environment:`, so their tokens' `sub` names the ref. They assume \
                    `\(role.name)`, which admits \(role.subjects.map { "`\(SubjectClaim(repository: ref.repoName(repo.name), context: $0))`" }.joined(separator: ", ")):
                    """) + [try lib.block(RoleSnippets.trustID(role)), try truthTable(role, env: nil)] + permissionsText(role)
            } else {
                blocks = Prose.blocks("""
                    Their jobs declare no `environment:` and no role of `\(repo.id)` admits a ref: add a role with \
                    the subjects the jobs below present (`keyless trust` writes its policy).
                    """)
            }
            blocks += jobsTable(unassigned, analysis) + unassigned.flatMap { migration($0, analysis, env: nil) }
            plan.append(Section(id: "plan-other", title: "Workflows without an environment", blocks: blocks))
        }

        let keysLeft = report.hasLongLivedKeys
        let secretsLeft = Self.keySecrets(report.workflows)
        var checklist: [ChecklistItem] = [
            ChecklistItem(["Create the GitHub OIDC identity provider in IAM (not visible from the repository: check IAM)"]),
        ]
        for env in envs {
            guard let role = snippets.role(env) else { continue }
            let ws = report.workflows(in: env)
            let done = !ws.isEmpty && ws.allSatisfy { $0.auth == .oidc || $0.auth == .none }
            checklist.append(ChecklistItem([.text("Create role "), .code(role.name), .text(" with its trust policy (check IAM)")]))
            checklist.append(ChecklistItem([.code(env), .text(": every workflow assumes the role with OIDC")], done: done))
        }
        checklist += [
            ChecklistItem([.text("Every job that reaches AWS has "), .code("id-token: write"), .text(" in its effective permissions")], done: summary.lacksIDToken == 0),
            ChecklistItem([.text("Every credentials step passes "), .code("role-to-assume"), .text(" and no key")], done: summary.lacksRole == 0 && !keysLeft),
            ChecklistItem(secretsItem(), done: secretsLeft.isEmpty),
        ]

        return Page(
            id: pageID, title: Self.title(repo),
            summary: "Where \(repo.name)'s workflows stand, from an audit, and how to move each of them to OIDC.",
            intro: (repo.intro.map { Prose.blocks($0) } ?? []) + Prose.blocks("""
                This page is generated by `keyless audit`, `keyless claims` and `keyless migrate` from the \
                \(summary.workflows) workflows in `\(repo.workflowsDir ?? "")`\(envs.isEmpty ? "" : " (\(envList))"). \
                \(summary.jobs) jobs: \(summary.longLivedKeys) on long-lived keys, \(summary.oidc) on OIDC, \
                \(summary.mixed) mixed, \(summary.none) without AWS.
                """),
            sections: [
                Section(id: "status", title: "Status", blocks: statusTable(report)
                    + Prose.blocks("Counts are workflows; a workflow is *mixed* when some of its jobs assume a role and others still use a key.")),
                Section(id: "old-pattern", title: "The pattern the audit finds", blocks: try oldPattern(report)),
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
                Section(id: "plan", title: envs.isEmpty ? "Plan" : "Plan per environment", blocks: Prose.blocks(envs.count > 1 ? """
                    Migrate one environment at a time, the one with the least at stake first. For each environment: \
                    create the role, apply that environment's changes, run one workflow, then remove the keys.
                    """ : """
                    Create the role, apply the changes, run one workflow, then remove the keys.
                    """), subsections: plan),
                Section(id: "checklist", title: "Checklist", blocks: Prose.blocks("Ticked from the audit; IAM items stay open because the repository cannot show them.") + [.checklist(Checklist(items: checklist))]),
            ] + lessons() + [
                Section(id: "next-steps", title: "Next steps", blocks: Prose.blocks("""
                    1. **Decide** when each environment moves, and who reviews the deployments to each.
                    2. **Create the IAM pieces**: the identity provider, then the roles with the trust policies \
                    above ([the IAM setup as code](page:\(ref.iamSetupPage.id)#iam-setup) covers every role of the configuration).
                    3. **Apply the changes** environment by environment with `keyless migrate`, run one workflow, \
                    and rerun `keyless audit` until it reports no long-lived keys.
                    4. **Remove the keys**: delete the secrets and the IAM users' access keys.
                    """)),
            ])
    }

    var envList: String { envs.map { "`\($0)`" }.joined(separator: ", ") }

    func statusTable(_ report: AuditReport) -> [Block] {
        guard !envs.isEmpty else { return [] }
        return [.table(Table(header: [["Environment"], ["Workflows"], ["Long-lived keys"], ["OIDC"], ["Mixed"], ["Key secrets"]], rows: envs.map { env in
            let ws = report.workflows(in: env)
            let secrets = repo.secret(env).map { [$0] } ?? Self.keySecrets(ws)
            return [[.code(env)], [.text("\(ws.count)")], [.text("\(ws.filter { $0.auth == .longLivedKeys }.count)")],
                    [.text("\(ws.filter { $0.auth == .oidc }.count)")], [.text("\(ws.filter { $0.auth == .mixed }.count)")],
                    secrets.isEmpty ? [.text("none")] : Array(secrets.map { [Inline.code($0)] }.joined(separator: [Inline.text(", ")]))]
        }))]
    }

    func oldPattern(_ report: AuditReport) throws(DiagnosticError) -> [Block] {
        if repo.secretPattern != nil {
            return [try lib.block(RepositorySnippets.keysStepID(repo))] + Prose.blocks("""
                The same step with the environment's name in the secrets (a reusable workflow takes the pair \
                as `workflow_call` secrets). The key belongs to an IAM user, never expires, and works from anywhere.
                """)
        }
        let secrets = Self.keySecrets(report.workflows)
        guard !secrets.isEmpty else { return Prose.blocks("No job reads a long-lived key.") }
        return Prose.blocks("""
            Jobs pass an IAM user's access key from these secrets to `aws-actions/configure-aws-credentials` or \
            to the AWS CLI: \(secrets.map { "`\($0)`" }.joined(separator: ", ")). The key never expires and works from anywhere.
            """)
    }

    func secretsItem() -> [Inline] {
        if let env = envs.first, let id = repo.secret(env) {
            return [.text("No workflow reads the "), .code(id.replacingOccurrences(of: env.uppercased(), with: "<ENV>")), .text(" / "),
                    .code("_KEY_SECRET"), .text(" secrets any more; delete them")]
        }
        return [.text("No workflow reads a long-lived key secret any more; delete the secrets")]
    }

    func removeKeysText(_ env: String, _ ws: [WorkflowAudit]) -> String {
        if let id = repo.secret(env), let key = repo.secret(env, suffix: "_KEY_SECRET") {
            return "When the environment's workflows run on the role, delete the secrets `\(id)` and `\(key)`, and the IAM user's access key."
        }
        let secrets = Self.keySecrets(ws)
        return secrets.isEmpty ? "When the environment's workflows run on the role, delete the IAM user's access key."
            : "When the environment's workflows run on the role, delete the secrets \(secrets.map { "`\($0)`" }.joined(separator: ", ")), and the IAM user's access key."
    }

    /// What the role may do: from the configuration's template or file, or the IAM user's policy today.
    func permissionsText(_ role: RoleConfig) -> [Block] {
        switch role.permissions {
        case .samLambda?: return Prose.blocks("Its permissions are the SAM Lambda policy (see the IAM setup as code).")
        case .file(let path, _, _)?: return Prose.blocks("Its permissions are the policy in `\(path)` (see the IAM setup as code).")
        case nil: return Prose.blocks("""
            The permissions policy is not in the repository: grant the role what the deployment user's \
            policy grants today (read it in IAM), then narrow it. A new workflow for this environment \
            looks like this:
            """)
        }
    }

    /// Each job that reaches AWS: how it signs in, the role it needs, and the `sub` of its tokens.
    func jobsTable(_ ws: [WorkflowAudit], _ analysis: RepositoryAnalysis) -> [Block] {
        var rows: [[[Inline]]] = []
        for w in ws {
            for j in w.jobs where j.auth != .none {
                let key = "\(w.path)#\(j.id)"
                var roleCell: [Inline]
                if let env = j.environment {
                    roleCell = ref.config.role(of: repo.id, environment: env).map { [.code($0.name)] } ?? [.text("none configured for "), .code(env)]
                } else if let env = w.environment, let role = ref.config.role(of: repo.id, environment: env) {
                    // Grouped into an environment by its file name or secrets, but the job declares none.
                    roleCell = [.code(role.name), .text(" once it declares "), .code("environment: \(env)")]
                } else {
                    roleCell = ref.config.refRole(of: repo.id).map { [.code($0.name)] } ?? [.text("none configured")]
                }
                let subs = analysis.subjects[key] ?? []
                let unknown = analysis.unknownSubjects[key] ?? []
                var subCell: [Inline] = Array(subs.map { [Inline.code($0)] }.joined(separator: [Inline.text(", ")]))
                if !unknown.isEmpty { subCell += [.text((subs.isEmpty ? "" : "; ") + "not known from the file: ")] + TruthTable.inlines(unknown.joined(separator: "; ")) }
                rows.append([[.code(w.path)], [.code(j.id)], [.text(j.auth.rawValue)], roleCell, subCell.isEmpty ? [.text("none")] : subCell])
            }
        }
        guard !rows.isEmpty else { return [] }
        return Prose.blocks("The jobs, the role each needs, and the `sub` its tokens carry (predicted over the events it runs on):")
            + [.table(Table(header: [["Workflow"], ["Job"], ["Signs in with"], ["Role"], ["Its tokens' ", .code("sub")]], rows: rows))]
    }

    func migration(_ w: WorkflowAudit, _ analysis: RepositoryAnalysis, env: String?) -> [Block] {
        guard w.auth != .none, let outcome = analysis.migrations[w.path] else { return [] }
        let role = outcome.options.role
        let session = outcome.options.sessionName ?? ""
        // The trust policy admits `environment:ENV`; a job without one presents a ref-based `sub`.
        let bare = env == nil ? [] : w.jobs.filter { $0.auth != .none && $0.environment == nil && $0.calls == nil }
        let subNote = bare.isEmpty ? "" : " " + bare.map { "Job `\($0.id)`" }.joined(separator: ", ")
            + " declares no `environment:`, so its token's `sub` names the ref, not `environment:\(env ?? "")`: add `environment: \(env ?? "")` or admit that ref in the role's trust policy."
        let heading = Prose.blocks("**`\(w.path)`**: \(Self.jobsText(w)).\(subNote)")
        switch outcome {
        case .migrated(let m, _):
            guard m.changed else { return heading + Prose.blocks("Nothing to change: it already assumes a role with OIDC.") }
            // Blank context lines lose their one-space prefix: no page line ends in a space,
            // and the block ends in exactly one newline (RST drops trailing blank lines of a literal block).
            var lines = m.diff.split(separator: "\n", omittingEmptySubsequences: false).map { $0 == " " ? "" : String($0) }
            while lines.last == "" { lines.removeLast() }
            let diff = lines.joined(separator: "\n") + "\n"
            return heading + [.code(CodeSample(
                language: "diff", text: diff,
                caption: "keyless migrate \(w.path) --role \(role) --session-name '\(session)'"))]
                + m.notes.flatMap { Prose.blocks("Note: \(Self.escape($0)).") }
        case .refused(let reasons, _):
            return heading + Prose.blocks("`keyless migrate` refuses this file: \(Self.escape(reasons)).")
        }
    }

    /// The repository this one follows (`follows:`), and the page that shows its migration.
    func lessons() -> [Section] {
        guard let id = repo.follows, let first = ref.config.repository(id) else { return [] }
        let target: (page: String, title: String)? = ref.config.lambdaPage?.repository == first.id
            ? (LambdaOIDCPage.id, LambdaOIDCPage.title)
            : ref.config.migrationRepositories.contains(where: { $0.id == first.id }) ? (Self.id(first), Self.title(first)) : nil
        let link = target.map { " (see [\($0.title)](page:\($0.page)))" } ?? ""
        return [Section(id: "lessons", title: "What \(first.name)'s migration gives \(repo.name)", blocks: Prose.blocks("""
            \(first.name) moves first\(link). \(repo.name) then reuses its working examples, the trust-policy \
            patterns, the IAM role configurations, and the [troubleshooting](page:troubleshooting) entries \
            collected on the way; and this page regenerates from \(repo.name)'s workflows as they change.
            """))]
    }

    /// The key secrets the workflows' jobs read, sorted, each once.
    static func keySecrets(_ ws: [WorkflowAudit]) -> [String] {
        Array(Set(ws.flatMap { $0.jobs.flatMap(\.keySecrets) })).sorted()
    }

    static func jobsText(_ w: WorkflowAudit) -> String {
        w.jobs.map { "job `\($0.id)` \($0.auth.rawValue)" }.joined(separator: ", ")
    }

    /// Diagnostic text inside prose: backquotes would open code spans.
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "`", with: "'").replacingOccurrences(of: "*", with: "\\*").replacingOccurrences(of: "_", with: "\\_")
    }

    /// The plan from a `workflows` count when the workflows cannot be read (an inventory, not an audit).
    func inventoryPage() throws(DiagnosticError) -> Page {
        var plan: [Section] = []
        for env in envs {
            guard let role = snippets.role(env) else { continue }
            plan.append(Section(id: "plan-\(Validate.slug(env))", title: env, blocks: Prose.blocks("""
                Role `\(role.name)`, assumed only by jobs that declare `environment: \(env)`. \
                Protect the `\(env)` environment in the repository settings (required reviewers, deployment \
                branches), because the trust policy admits whatever job reaches it.
                """) + [try lib.block(RoleSnippets.trustID(role)), try lib.block(RepositorySnippets.workflowID(repo, env))]
                + Prose.blocks(removeKeysText(env, []))))
        }
        return Page(
            id: pageID, title: Self.title(repo),
            summary: "Where \(repo.name)'s workflows stand and how to move each environment to OIDC.",
            intro: (repo.intro.map { Prose.blocks($0) } ?? []) + Prose.blocks("""
                \(repo.workflowCount ?? 0) workflows of `\(ref.org)/\(repo.name)`\(envs.isEmpty ? "" : " across \(envs.count) environments (\(envList))"). \
                The workflows are not read (the configuration gives a count only), so this page is the plan, \
                one environment at a time; give `workflows-dir` to generate it from an audit.
                """),
            sections: [
                Section(id: "status", title: "Status", blocks: envs.isEmpty ? [] : [
                    .table(Table(header: [["Environment"], ["Key secrets"]], rows: envs.map { env in
                        [[.code(env)], repo.secret(env).map { [.code($0)] } ?? [.text("see the workflows")]]
                    }))
                ]),
                Section(id: "plan", title: "Plan per environment", blocks: Prose.blocks("""
                    For each environment: create the role, change that environment's workflows, run one, then \
                    remove the keys.
                    """), subsections: plan),
            ] + lessons())
    }

    /// Who the role admits, computed by the simulator from the checked snippet's text.
    func truthTable(_ role: RoleConfig, env: String?) throws(DiagnosticError) -> Block {
        let id = RoleSnippets.trustID(role)
        func failure() -> DiagnosticError { DiagnosticError([Diagnostic(at: SourceLocation(path: "page:\(pageID)"), "snippet '\(id)' does not read back as a policy", rule: "truth-table")]) }
        guard let text = lib[id]?.text else { throw failure() }
        var truth = TruthTable(ref: ref, repository: repo)
        truth.environments = env.map { e in [e] + envs.filter { $0 != e }.prefix(1) } ?? Array(envs.prefix(2))
        return .table(try truth.table(policyText: text) { () throws(DiagnosticError) in
            guard let policy = try? PolicyCodec.decode(text) else { throw failure() }
            return policy
        })
    }
}
