import Foundation
import KeylessAnalysis
import KeylessAudit
import KeylessGenerator
import KeylessModel
import KeylessSyntax

/// `keyless init`: a configuration for an organisation, drafted from its repositories' workflows. Each
/// repository is audited; every environment its AWS jobs declare gets a role admitting exactly
/// `environment:NAME`, and the AWS jobs that declare none share a role whose subjects are the ones
/// `keyless trust` derives from their triggers. What a human must decide is a `# decide:` comment.
/// The draft is decoded and resolved (its folders read) before it is returned: it is never invalid.
public struct ConfigDraft: Sendable {
    public struct Input: Sendable {
        /// The checkout, as given on the command line.
        public var path: String
        /// `workflows-dir` as the configuration will hold it (relative to the configuration's folder).
        public var relativePath: String
        public init(path: String, relativePath: String) {
            self.path = path
            self.relativePath = relativePath
        }
    }

    public var organization: String?
    public var account: String?
    public var region: String?
    public var providerURL = "https://token.actions.githubusercontent.com"

    public init(organization: String?, account: String?, region: String?) {
        self.organization = organization
        self.account = account
        self.region = region
    }

    /// A role name within IAM's 64 characters and character set.
    static func roleName(_ parts: [String]) -> String {
        let joined = parts.joined(separator: "-").filter { Validate.isIAMNameCharacter($0) }
        return String(joined.prefix(64))
    }

    struct Repo {
        var id: String
        var name: String
        var relativePath: String
        var environments: [String] = []
        var roles: [Role] = []
        var decisions: [String] = []
        var awsJobs = 0
        var keySecrets: [String] = []
    }

    struct Role {
        var id: String
        var name: String
        var subjects: [String]
        var session: String
        var comment: String
    }

    /// The configuration's text, or the diagnostics that stopped it (unreadable folders, an invalid draft).
    public func draft(_ inputs: [Input], configPath: String) -> Result<String, DiagnosticError> {
        var problems: [Diagnostic] = []
        var repos: [Repo] = []
        let org = organization ?? "my-organization"
        for input in inputs {
            let name = URL(fileURLWithPath: input.path).standardizedFileURL.lastPathComponent
            guard Validate.isRepositoryName(name) else {
                problems.append(Diagnostic(at: SourceLocation(path: input.path), "the folder name '\(name)' is not a GitHub repository name", rule: "init-input"))
                continue
            }
            var repo = Repo(id: Validate.slug(name), name: name, relativePath: input.relativePath)
            if repos.contains(where: { $0.id == repo.id }) { repo.id += "-\(repos.count + 1)" }
            let walked = Auditor.files(under: [input.path])
            let (sources, readProblems) = Auditor.read(walked.files)
            let report = Auditor(repositoryRoot: Auditor.repositoryRoot(of: [input.path])).audit(sources)
            let found = walked.problems + readProblems + report.problems
            guard found.isEmpty else { problems += found; continue }
            guard !sources.isEmpty else {
                problems.append(Diagnostic(at: SourceLocation(path: input.path), "no workflow (.yml, .yaml) in its .github/workflows", rule: "init-input"))
                continue
            }
            analyse(&repo, report: report, sources: sources, organization: org)
            repos.append(repo)
        }
        if !problems.isEmpty { return .failure(DiagnosticError(problems)) }
        guard repos.contains(where: { !$0.roles.isEmpty }) else {
            return .failure(DiagnosticError([Diagnostic(at: SourceLocation(path: inputs.first?.path ?? "."),
                "no job of these repositories reaches AWS (a credentials step, keys in env, or a call that does): nothing to configure", rule: "init-input")]))
        }
        let text = render(repos, organization: org)
        // Read back exactly as `keyless generate` will: decoded, and its folders read.
        do {
            let config = try ConfigDecoder.decode(text, path: configPath)
            _ = try ConfigLoader.resolve(config, configPath: configPath)
        } catch {
            return .failure(DiagnosticError(error.diagnostics.map { d in
                Diagnostic(at: d.location, "internal error: the drafted configuration does not read back: \(d.message)", rule: "init-internal")
            }))
        }
        return .success(text)
    }

    /// Environments and roles from the audit; subjects of the jobs without an environment from `TrustDeriver`.
    func analyse(_ repo: inout Repo, report: AuditReport, sources: [KeylessSyntax.WorkflowSource], organization: String) {
        var refJobs: [(path: String, job: String)] = []
        for w in report.workflows {
            for j in w.jobs where j.auth != .none {
                repo.awsJobs += 1
                for s in j.keySecrets where !repo.keySecrets.contains(s) { repo.keySecrets.append(s) }
                guard let env = j.environment else { refJobs.append((w.path, j.id)); continue }
                if env.contains("${{") {
                    repo.decisions.append("job \(j.id) of \(w.path) picks its environment with an expression (\(env)): add a role per value it takes")
                } else if !repo.environments.contains(env) {
                    repo.environments.append(env)
                }
            }
        }
        for env in repo.environments {
            let id = Validate.slug("\(repo.id)-\(env)")
            repo.roles.append(Role(
                id: id, name: Self.roleName([organization, repo.name, env]), subjects: ["environment:\(env)"],
                session: Self.sessionName(repo.name, env),
                comment: "jobs that declare environment: \(env)"))
        }
        guard !refJobs.isEmpty else { return }
        let parsed = sources.compactMap { try? KeylessAnalysis.WorkflowSource(text: $0.text, path: $0.path) }
        let deriver = TrustDeriver(predictor: ClaimPredictor(repository: RepositoryName(owner: organization, name: repo.name)))
        var subjects: [String] = []
        for path in Set(refJobs.map(\.path)).sorted() {
            let jobs = refJobs.filter { $0.path == path }.map(\.job)
            guard let d = try? deriver.derive(parsed, primary: [path], jobs: jobs) else {
                repo.decisions.append("the jobs \(jobs.joined(separator: ", ")) of \(path): their subjects could not be derived; run keyless trust \(path)")
                continue
            }
            for r in d.refusals { repo.decisions.append("job \(r.job) of \(path) (\(r.eventName)): \(r.reason)") }
            for run in d.runs {
                guard let s = Self.subject(run.sub) else { continue }
                if !subjects.contains(s) { subjects.append(s) }
            }
        }
        if subjects.isEmpty {
            subjects = ["branch:main"]
            repo.decisions.append("no subject of the jobs without an environment could be predicted: the ci role admits the default branch only")
        }
        repo.roles.append(Role(
            id: Validate.slug("\(repo.id)-ci"), name: Self.roleName([organization, repo.name, "ci"]), subjects: subjects,
            session: Self.sessionName(repo.name, "ci"),
            comment: "jobs without an environment: the subjects keyless trust derives from their triggers"))
    }

    /// `repo:ORG/REPO:ref:refs/heads/main` → `branch:main` (the configuration's subject form).
    static func subject(_ sub: String) -> String? {
        guard let r = sub.range(of: ":", options: [], range: sub.index(sub.startIndex, offsetBy: 5)..<sub.endIndex) else { return nil }
        let context = String(sub[r.upperBound...])
        if context.hasPrefix("ref:refs/heads/") { return "branch:" + context.dropFirst("ref:refs/heads/".count) }
        if context.hasPrefix("ref:refs/tags/") { return "tag:" + context.dropFirst("ref:refs/tags/".count) }
        if context == "pull_request" { return "pull_request" }
        if context.hasPrefix("environment:") { return context }
        return nil
    }

    static func sessionName(_ repo: String, _ suffix: String) -> String {
        let literal = "\(repo)-\(suffix)".filter { $0.isLetter || $0.isNumber || "+=,.@-_".contains($0) }
        return String(literal.prefix(40)) + "-${{ github.run_id }}"
    }

    func render(_ repos: [Repo], organization: String) -> String {
        let q: (String) -> String = { YAMLScalar.quoted($0) }
        var lines: [String] = [
            "# Drafted by keyless init from the workflows of \(repos.map(\.name).joined(separator: ", ")).",
            "# Review every `# decide:` comment, then run `make docs` (or `keyless generate`).",
            "",
        ]
        if organization == "my-organization" { lines.append("# decide: the GitHub organisation (or user) that owns the repositories (--organization).") }
        lines.append("organization: \(q(organization))")
        let account = self.account ?? "ACCOUNT_ID"
        if self.account == nil { lines.append("# decide: the 12-digit AWS account id of the roles (--account); the guide keeps the placeholder until then.") }
        lines.append("account: \(q(account))")
        lines.append(Validate.isPlaceholder(account) ? "placeholders: [\(account)]" : "placeholders: []")
        lines.append("partition: aws")
        lines.append("region: \(q(region ?? "us-east-1"))")
        lines += ["", "provider:", "  # github.com; for GHE.com use https://token.actions.SUBDOMAIN.ghe.com.", "  url: \(q(providerURL))", "  audiences: [sts.amazonaws.com]", "", "repositories:"]
        for r in repos {
            lines.append("  # \(r.awsJobs) job(s) reach AWS\(r.keySecrets.isEmpty ? "" : "; key secrets: \(r.keySecrets.joined(separator: ", "))").")
            lines += [
                "  - id: \(q(r.id))",
                "    name: \(q(r.name))",
                "    # decide: the default branch, if it is not main.",
                "    default-branch: main",
                "    workflows-dir: \(q(r.relativePath))",
            ]
            if !r.environments.isEmpty { lines.append("    environments: [\(r.environments.map(q).joined(separator: ", "))]") }
            var seen = Set<String>()
            for d in r.decisions where seen.insert(d).inserted { lines.append("    # decide: \(d)") }
        }
        lines += ["", "roles:"]
        for r in repos {
            for role in r.roles {
                lines += [
                    "  # \(role.comment).",
                    "  - id: \(q(role.id))",
                    "    name: \(q(role.name))",
                    "    repository: \(q(r.id))",
                    "    subjects: [\(role.subjects.map { q($0) }.joined(separator: ", "))]",
                    "    session-name: \(q(role.session))",
                    "    # decide: its permissions: {template: sam-lambda, resource-prefix: ...} or {file: policy.json}.",
                ]
            }
        }
        let envs = repos.flatMap(\.environments).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        if !envs.isEmpty {
            lines += ["", "environments:"]
            for e in envs {
                lines += ["  - id: \(q(Validate.slug(e)))", "    name: \(q(e))", "    # decide: the branch that deploys to it.", "    branch: main"]
            }
        }
        lines += ["", "pages:"]
        for r in repos { lines += ["  - kind: migration", "    repository: \(q(r.id))"] }
        if let first = repos.first(where: { !$0.roles.isEmpty }) {
            lines += ["", "examples:", "  repository: \(q(first.id))", "  role: \(q(first.roles[0].id))"]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
