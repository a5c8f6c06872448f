import Foundation
import KeylessCredentials
import KeylessSyntax
import KeylessLint
import KeylessModel
import Yams

/// `keyless audit`: classifies each job's authentication to AWS, with evidence lines and gaps.
///
/// What a job's credentials are comes from `KeylessCredentials` (the model `check` uses too); the
/// audit adds what the job lacks for OIDC and groups workflows by environment.
public struct Auditor: Sendable {
    /// Environment names to group workflows by, matched in file-name prefixes, `environment:` values and
    /// secret names. Empty: the names the workflows' `environment:` values declare.
    public var environments: [String]
    /// Node budget per file, so alias expansion cannot run away.
    public var nodeBudget: Int
    /// The repository root, so local actions (`uses: ./path`) and reusable workflows can be read.
    public var repositoryRoot: String?

    static let credentialsAction = "aws-actions/configure-aws-credentials"

    public init(environments: [String] = [], nodeBudget: Int = 200_000, repositoryRoot: String? = nil) {
        self.environments = environments
        self.nodeBudget = nodeBudget
        self.repositoryRoot = repositoryRoot
    }

    /// A parsed workflow: the model for reasoning, the node tree for line numbers.
    struct Parsed {
        var source: WorkflowSource
        var root: Node
        var workflow: Workflow
    }

    /// Audits the given files together, so calls to `./.github/workflows/x.yml` resolve within the set.
    public func audit(_ sources: [WorkflowSource]) -> AuditReport {
        let (parsed, problems) = parse(sources)
        let analyzer = CredentialsAnalyzer(
            files: LocalFiles(repositoryRoot: repositoryRoot, workflows: Dictionary(sources.map { ($0.path, $0.text) }, uniquingKeysWith: { a, _ in a })),
            nodeBudget: nodeBudget)
        var workflows = parsed.map { p in auditWorkflow(p, analyzer.analyze(path: p.source.path, text: p.source.text, root: p.root)) }
        let names = environmentNames(workflows)
        for i in workflows.indices { workflows[i].environment = environment(parsed[i], workflows[i].jobs, names) }
        return AuditReport(workflows: workflows, problems: problems.sorted { $0.location < $1.location }, environments: names)
    }

    /// Step 1: parse and decode each file; the ones that are not workflows become problems.
    func parse(_ sources: [WorkflowSource]) -> ([Parsed], [Diagnostic]) {
        var problems: [Diagnostic] = []
        var parsed: [Parsed] = []
        for s in sources {
            let reader = YAMLReader(path: s.path, strict: false, rule: "workflow-shape", nodeBudget: nodeBudget)
            guard let root = reader.compose(s.text), let w = WorkflowCodec.decode(root, reader: reader) else {
                problems += reader.diagnostics.isEmpty
                    ? [Diagnostic(at: SourceLocation(path: s.path), "not a workflow", rule: "workflow-shape")] : reader.diagnostics
                continue
            }
            parsed.append(Parsed(source: s, root: root, workflow: w))
        }
        return (parsed, problems)
    }

    /// Step 2: one workflow's jobs, each from its credentials.
    func auditWorkflow(_ p: Parsed, _ credentials: WorkflowCredentials) -> WorkflowAudit {
        let jobs = p.workflow.jobs.map { job in
            auditJob(job, credentials.job(job.id) ?? JobCredentials(id: job.id, location: CredentialLocation(line: 1, column: 1), entries: [], roles: []), p)
        }
        let isReusable = p.workflow.triggers.contains { if case .workflowCall = $0 { return true }; return false }
        return WorkflowAudit(path: p.source.path, environment: nil, jobs: jobs, isReusable: isReusable)
    }

    /// Step 3: one job: its evidence (keys, roles), its gaps for OIDC, and the IAM note.
    func auditJob(_ job: Job, _ c: JobCredentials, _ p: Parsed) -> JobAudit {
        let base: [PathItem] = [.key("jobs"), .key(job.id)]
        var findings = evidence(c, p, base)
        let auth = AuthPattern(c.auth)
        if auth != .none { findings += gaps(job, c, p, base) }
        let secrets = keySecretNames(c)
        return JobAudit(
            id: job.id, auth: auth, line: c.location.line, findings: findings.sorted { ($0.line, $0.column) < ($1.line, $1.column) },
            environment: job.environment?.name.text, roles: c.roles.map(\.role).filter { !$0.isEmpty }, keySecrets: secrets,
            calls: job.uses)
    }

    /// The key entries and role assumptions of the model, as findings.
    func evidence(_ c: JobCredentials, _ p: Parsed, _ base: [PathItem]) -> [AuditFinding] {
        var out = c.storedKeys.map { e in
            AuditFinding(AuditRules.longLivedKeys, line: e.location.line, column: e.location.column, Self.describe(e) + (e.via.map { " (inside \($0))" } ?? ""))
        }
        for r in c.roles {
            let what = r.role.isEmpty ? "a role" : r.role
            let how: String
            switch r.method {
            case .oidc: how = "assumes \(what) with OIDC"
            case .chained: how = "assumes \(what) on top of an earlier session (role chaining)"
            case .onStoredKeys: how = "assumes \(what) with long-lived keys"
            case .webIdentityFile: how = "assumes \(what) with a web identity token file"
            }
            out.append(AuditFinding(AuditRules.oidcRole, line: r.location.line, column: r.location.column, (r.via.map { "\($0) " } ?? "") + how))
        }
        if let callee = c.callee {
            let (l, col) = line(p, base + [.key(callee.inheritsSecrets ? "secrets" : "uses")])
            if callee.inheritsSecrets && callee.usesStoredKeys {
                let names = Set(callee.jobs.flatMap(keySecretNames)).sorted()
                out.append(AuditFinding(AuditRules.longLivedKeys, line: l, column: col,
                    "passes every secret (secrets: inherit) to \(callee.uses), which uses AWS keys\(names.isEmpty ? "" : " (\(names.joined(separator: ", ")))")"))
            } else if callee.usesStoredKeys {
                let (ul, uc) = line(p, base + [.key("uses")])
                out.append(AuditFinding(AuditRules.longLivedKeys, line: ul, column: uc, "calls \(callee.uses), which uses long-lived AWS keys"))
            }
            if callee.assumesRole {
                let (ul, uc) = line(p, base + [.key("uses")])
                out.append(AuditFinding(AuditRules.oidcRole, line: ul, column: uc, "calls \(callee.uses), which assumes a role with OIDC"))
            }
        }
        return out
    }

    /// What the job lacks for OIDC: `id-token: write` in its effective permissions, and a role.
    func gaps(_ job: Job, _ c: JobCredentials, _ p: Parsed, _ base: [PathItem]) -> [AuditFinding] {
        var out: [AuditFinding] = []
        let w = p.workflow
        if ((job.permissions ?? w.permissions) ?? .scopes([])).access(.idToken) != .write {
            let (source, at): (String, [PathItem]) = job.permissions != nil
                ? ("the job's permissions", base + [.key("permissions")])
                : w.permissions != nil ? ("the workflow's permissions", [.key("permissions")]) : ("the default token permissions", base)
            let (l, col) = line(p, at)
            out.append(AuditFinding(AuditRules.missingIDToken, line: l, column: col, "\(source) do not grant id-token: write, so the job cannot request an OIDC token"))
        }
        let roles = c.roles.map(\.role).filter { !$0.isEmpty }
        if let uses = job.uses {
            if !(c.callee?.assumesRole ?? false) && c.roles.isEmpty {
                let (l, col) = line(p, base + [.key("uses")])
                out.append(AuditFinding(AuditRules.missingRoleToAssume, line: l, column: col, "\(uses) has no role-to-assume\(c.callee == nil ? " (not among the audited files)" : "")"))
            }
        } else if c.roles.isEmpty || !c.storedKeys.isEmpty {
            let (l, col) = line(p, base)
            out.append(AuditFinding(AuditRules.missingRoleToAssume, line: l, column: col, c.roles.isEmpty
                ? "no credentials step passes role-to-assume" : "role-to-assume is given, but long-lived keys are still passed"))
        }
        let (l, col) = line(p, base)
        out.append(AuditFinding(AuditRules.iamNotVisible, line: l, column: col,
            "whether IAM has the identity provider token.actions.githubusercontent.com\(roles.isEmpty ? " and a role for this job" : " and the role \(roles.joined(separator: ", "))"), and what its trust policy admits, cannot be seen from the repository: check IAM"))
        return out
    }

    /// A stored-key entry as the audit words it.
    static func describe(_ e: CredentialEntry) -> String {
        let from: String
        if case .storedKey(let reference) = e.value { from = reference } else { from = e.text }
        switch e.channel {
        // "passes …" is kept for jobs that hand keys to a callee (the hive-kube page tells callers by it).
        case .credentialsInput(let input): return "a step passes \(input): \(from) to \(credentialsAction)"
        case .env(let level, let name):
            let where_: String
            switch level {
            case .workflow: where_ = "the workflow"
            case .job: where_ = "the job"
            case .step: where_ = "a step"
            case .container: where_ = "the job's container"
            case .service(let s): where_ = "the service \(s)"
            }
            return "\(name) is set from \(from) in the env of \(where_)"
        case .actionInput(let action, let input):
            return "\(action.contains(".github/workflows/") ? "passes" : "a step passes") \(from) as input \(input) to \(action)"
        case .reusableSecret(let callee, let name): return "passes \(from) as secret \(name) to \(callee)"
        case .script(let use): return "a script hands \(from) to \(use.rawValue): `\(e.text)`"
        }
    }

    /// The `secrets.NAME` the job's stored keys come from.
    func keySecretNames(_ c: JobCredentials) -> [String] {
        let own = c.storedKeys.compactMap { e -> String? in
            guard case .storedKey(let r) = e.value, r.hasPrefix("secrets.") else { return nil }
            return String(r.dropFirst("secrets.".count))
        }
        let callee = (c.callee?.jobs ?? []).flatMap(keySecretNames)
        return Array(Set(own + callee)).sorted()
    }

    func line(_ p: Parsed, _ path: [PathItem]) -> (Int, Int) {
        let n = p.root.locate(path)
        return (n.mark?.line ?? 1, n.mark?.column ?? 1)
    }

    // MARK: - Environments

    /// Step 4: the names to group by: those asked for, else the literal `environment:` names the jobs
    /// declare, in name order. Never a built-in list.
    func environmentNames(_ workflows: [WorkflowAudit]) -> [String] {
        if !environments.isEmpty { return environments }
        let declared = workflows.flatMap { $0.jobs.compactMap(\.environment) }.filter { !$0.contains("${{") }
        return Array(Set(declared)).sorted()
    }

    /// A workflow's environment: a file-name prefix, else an `environment:` value, else a secret name.
    func environment(_ p: Parsed, _ jobs: [JobAudit], _ names: [String]) -> String? {
        environment(path: p.source.path, jobs, names) { Self.secretMarkers(p.source.text) }
    }

    /// The same from what a file leaves behind: its path, its jobs and (only asked for when the rest
    /// decides nothing) its `_SECRET_NAME_` markers.
    func environment(path: String, _ jobs: [JobAudit], _ names: [String], secrets: () -> Set<String>) -> String? {
        if names.isEmpty { return nil }
        let file = (path.split(separator: "/").last.map(String.init) ?? path).lowercased()
        if let e = names.first(where: { file.hasPrefix($0.lowercased() + "-") || file.hasPrefix($0.lowercased() + "_") || file.hasPrefix($0.lowercased() + ".") }) {
            return e
        }
        let declared = jobs.compactMap(\.environment).map { $0.lowercased() }
        if let e = names.first(where: { env in declared.contains { $0 == env.lowercased() || $0.hasPrefix(env.lowercased() + "-") } }) {
            return e
        }
        let markers = secrets()
        return names.first { env in markers.contains { $0.contains("_" + env.uppercased() + "_") } }
    }

    // MARK: - Shared with migrate (kept until it adopts the credentials model)

    static func declaredKeySecrets(_ w: Workflow) -> [WorkflowSecret] {
        w.triggers.flatMap { t -> [WorkflowSecret] in
            if case .workflowCall(_, let s) = t { return s.filter { LongLivedAWSKeys.looksLikeAWSKey($0.id) } }
            return []
        }
    }

    /// `secrets.NAME` references in a text.
    static func secretNames(in text: String) -> [String] {
        var out: [String] = []
        var rest = Substring(text)
        while let r = rest.range(of: "secrets.") {
            let name = rest[r.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
            if !name.isEmpty { out.append(String(name)) }
            rest = rest[r.upperBound...]
        }
        return out
    }

    // MARK: - Files

    /// The walker for `keyless audit`: `.yml` and `.yaml` files.
    public static let walker = FileWalker(extensions: [".yml", ".yaml"])

    /// The files directly in a repository's `.github/workflows`: GitHub runs no workflow from a subfolder
    /// of it (https://github.com/community/community/discussions/18055, a request to allow them), and
    /// repositories keep composite actions there (`.github/workflows/build_wheel/action.yml`).
    public static let repositoryWalker = FileWalker(extensions: [".yml", ".yaml"], recursive: false)

    /// Workflow files under the given paths: a repository root means the files directly in its
    /// `.github/workflows`; other folders are walked recursively in name order for `.yml` and `.yaml`.
    public static func files(under paths: [String]) -> FileWalker.Result {
        var result = FileWalker.Result(files: [], problems: [])
        for p in paths {
            let walked = workflowsFolder(of: p).map { repositoryWalker.files(under: [$0]) } ?? walker.files(under: [p])
            result.files += walked.files
            result.problems += walked.problems
        }
        return result
    }

    /// `ROOT/.github/workflows` when `path` is a repository root.
    static func workflowsFolder(of path: String) -> String? {
        let base = path.hasSuffix("/") ? String(path.dropLast()) : path
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: base + "/.github/workflows", isDirectory: &isDir) && isDir.boolValue ? base + "/.github/workflows" : nil
    }

    /// The repository root of the audited paths, for local actions: the first that is a repository
    /// root, or the folder above a `.github/workflows/` path.
    public static func repositoryRoot(of paths: [String]) -> String? {
        for p in paths {
            if workflowsFolder(of: p) != nil { return p.hasSuffix("/") ? String(p.dropLast()) : p }
            if let r = p.range(of: ".github/workflows", options: .backwards) {
                let root = String(p[..<r.lowerBound])
                return root.isEmpty ? "." : String(root.dropLast(root.hasSuffix("/") ? 1 : 0))
            }
        }
        return nil
    }

    /// Reads files for the audit; unreadable ones become diagnostics.
    public static func read(_ paths: [String], maxBytes: Int = 5 * 1024 * 1024) -> (sources: [WorkflowSource], problems: [Diagnostic]) {
        var sources: [WorkflowSource] = []
        var problems: [Diagnostic] = []
        for f in paths {
            switch InputFile.read(f, maxBytes: maxBytes) {
            case .success(let text): sources.append(WorkflowSource(path: f, text: text))
            case .failure(let d): problems.append(d)
            }
        }
        return (sources, problems)
    }
}

extension AuthPattern {
    init(_ auth: CredentialAuth) {
        switch auth {
        case .longLivedKeys: self = .longLivedKeys
        case .oidc: self = .oidc
        case .mixed: self = .mixed
        case .none: self = .none
        }
    }
}
