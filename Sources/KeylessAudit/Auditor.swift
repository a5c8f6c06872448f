import Foundation
import KeylessSyntax
import KeylessLint
import KeylessModel
import Yams

/// `keyless audit`: classifies each job's authentication to AWS, with evidence lines and gaps.
public struct Auditor: Sendable {
    /// Environment names to group workflows by, matched in file-name prefixes, `environment:` values
    /// and secret names (`HONEYHIVE_PRODUCTION_…`).
    public var environments: [String]
    /// Node budget per file, so alias expansion cannot run away.
    public var nodeBudget: Int

    public static let defaultEnvironments = ["production", "staging", "testing", "nationwide"]
    static let credentialsAction = "aws-actions/configure-aws-credentials"
    static let keyInputs = ["aws-access-key-id", "aws-secret-access-key", "aws-session-token"]
    static let keyEnv = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]

    public init(environments: [String] = Auditor.defaultEnvironments, nodeBudget: Int = 200_000) {
        self.environments = environments
        self.nodeBudget = nodeBudget
    }

    /// A parsed workflow: the model for reasoning, the node tree for line numbers.
    struct Parsed {
        var source: WorkflowSource
        var root: Node
        var workflow: Workflow
    }

    /// Audits the given files together, so calls to `./.github/workflows/x.yml` resolve within the set.
    public func audit(_ sources: [WorkflowSource]) -> AuditReport {
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
        let byPath = Dictionary(parsed.map { ($0.source.path, $0) }, uniquingKeysWith: { a, _ in a })
        var context = Context(files: byPath)
        let workflows = parsed.map { audit($0, &context) }
        return AuditReport(workflows: workflows, problems: problems.sorted { $0.location < $1.location }, environments: environments)
    }

    /// What a reusable workflow does with keys, cached across callers.
    struct CalleeFacts {
        var usesKeys: Bool
        var keySecrets: [String]
        var oidc: Bool
        var hasRole: Bool
    }

    struct Context {
        var files: [String: Parsed]
        var callee: [String: CalleeFacts] = [:]
        var visiting: Set<String> = []
    }

    /// The audited file a local `uses: ./.github/workflows/x.yml` names: the file of that name in the
    /// caller's folder (GitHub keeps reusable workflows directly in `.github/workflows`).
    static func resolve(_ uses: String, from caller: String, in files: [String: Parsed]) -> String? {
        guard uses.hasPrefix("./") else { return nil }
        let name = uses.split(separator: "/").last.map(String.init) ?? uses
        let dir = caller.contains("/") ? String(caller[..<caller.lastIndex(of: "/")!]) : ""
        let candidate = dir.isEmpty ? name : dir + "/" + name
        return files[candidate] != nil ? candidate : nil
    }

    func facts(_ path: String, _ ctx: inout Context) -> CalleeFacts? {
        if let f = ctx.callee[path] { return f }
        guard let p = ctx.files[path], ctx.visiting.insert(path).inserted else { return nil }
        defer { ctx.visiting.remove(path) }
        let w = audit(p, &ctx)
        let declared = Self.declaredKeySecrets(p.workflow).map(\.id)
        let keys = w.jobs.contains { $0.auth == .longLivedKeys || $0.auth == .mixed } || !declared.isEmpty
        let f = CalleeFacts(
            usesKeys: keys, keySecrets: Array(Set(declared + w.jobs.flatMap(\.keySecrets))).sorted(),
            oidc: w.jobs.contains { $0.auth == .oidc || $0.auth == .mixed }, hasRole: w.jobs.contains { !$0.roles.isEmpty })
        ctx.callee[path] = f
        return f
    }

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

    func audit(_ p: Parsed, _ ctx: inout Context) -> WorkflowAudit {
        let w = p.workflow
        let root = p.root
        func line(_ path: [PathItem]) -> (Int, Int) {
            let n = root.locate(path)
            return (n.mark?.line ?? 1, n.mark?.column ?? 1)
        }
        let declared = Self.declaredKeySecrets(w)
        var jobs: [JobAudit] = []
        var declarationsAttached = false
        for job in w.jobs {
            let base: [PathItem] = [.key("jobs"), .key(job.id)]
            var findings: [AuditFinding] = []
            var keys = false
            var oidc = false
            var roles: [String] = []
            var secrets: [String] = []
            var calleeRole = true
            var calleePath: String?
            func evidence(_ at: [PathItem], _ message: String) {
                let (l, c) = line(at)
                findings.append(AuditFinding(AuditRules.longLivedKeys, line: l, column: c, message))
                keys = true
            }
            func envKeys(_ env: [KeyValue], _ at: [PathItem], _ level: String) {
                for kv in env where Self.keyEnv.contains(kv.key) && kv.value.text.contains("secrets.") {
                    evidence(at + [.key(kv.key)], "\(kv.key) is set from \(kv.value.text) in the env of \(level)")
                    secrets += Self.secretNames(in: kv.value.text)
                }
            }
            if !job.steps.isEmpty { envKeys(w.env, [.key("env")], "the workflow") }
            envKeys(job.env, base + [.key("env")], "the job")
            for (i, step) in job.steps.enumerated() {
                let at = base + [.key("steps"), .index(i)]
                let stepName = step.name.map { "'\($0)'" } ?? "\(i + 1)"
                envKeys(step.env, at + [.key("env")], "the step \(stepName)")
                if let run = step.run {
                    let runNode = root.locate(at + [.key("run")])
                    let lines = run.split(separator: "\n", omittingEmptySubsequences: false)
                    for (n, l) in lines.enumerated() where l.contains("aws configure set") {
                        let lower = l.lowercased()
                        guard ["aws_access_key_id", "aws_secret_access_key", "aws_session_token"].contains(where: lower.contains) else { continue }
                        // A block scalar's text starts on the line after `run: |`.
                        let start = (runNode.mark?.line ?? 1) + 1
                        findings.append(AuditFinding(AuditRules.longLivedKeys, line: start + n, "step \(stepName) runs `\(l.trimmingCharacters(in: .whitespaces))`"))
                        keys = true
                        secrets += Self.secretNames(in: String(l))
                    }
                }
                guard let ref = step.uses, ref.repository == Self.credentialsAction else { continue }
                let stepKeys = Self.keyInputs.filter { step.input($0) != nil }
                for k in stepKeys {
                    let v = step.input(k)!.text
                    evidence(at + [.key("with"), .key(k)], "step \(stepName) passes \(k): \(v) to \(ref.repository)")
                    secrets += Self.secretNames(in: v)
                }
                if let role = step.input("role-to-assume") {
                    roles.append(role.text)
                    if stepKeys.isEmpty && step.input("web-identity-token-file") == nil {
                        let (l, c) = line(at + [.key("with"), .key("role-to-assume")])
                        findings.append(AuditFinding(AuditRules.oidcRole, line: l, column: c, "step \(stepName) assumes \(role.text) with OIDC"))
                        oidc = true
                    }
                }
            }
            if let uses = job.uses {
                let target = Self.resolve(uses, from: p.source.path, in: ctx.files)
                calleePath = target
                let callee = target.flatMap { facts($0, &ctx) }
                switch job.secrets {
                case .inherit?:
                    if let callee, callee.usesKeys {
                        let names = callee.keySecrets.isEmpty ? "" : " (\(callee.keySecrets.joined(separator: ", ")))"
                        evidence(base + [.key("secrets")], "passes every secret (secrets: inherit) to \(uses), which declares or uses AWS keys\(names)")
                        secrets += callee.keySecrets
                    }
                case .explicit(let kvs)?:
                    for kv in kvs where LongLivedAWSKeys.looksLikeAWSKey(kv.key) || Self.secretNames(in: kv.value.text).contains(where: LongLivedAWSKeys.looksLikeAWSKey) {
                        evidence(base + [.key("secrets"), .key(kv.key)], "passes \(kv.value.text) as secret \(kv.key) to \(uses)")
                        secrets += Self.secretNames(in: kv.value.text)
                    }
                case nil: break
                }
                if let callee {
                    if callee.oidc {
                        let (l, c) = line(base + [.key("uses")])
                        findings.append(AuditFinding(AuditRules.oidcRole, line: l, column: c, "calls \(uses), which assumes a role with OIDC"))
                        oidc = true
                    }
                    calleeRole = callee.hasRole
                }
            }
            // Key secrets the workflow declares for its callers: evidence for the jobs that read them.
            let reads = Set(secrets + job.steps.flatMap { s in (s.with + s.env).flatMap { Self.secretNames(in: $0.value.text) } + Self.secretNames(in: s.run ?? "") })
            let mine = declared.filter { reads.contains($0.id) }
            for s in mine {
                evidence([.key("on"), .key("workflow_call"), .key("secrets"), .key(s.id)], "declares \(s.id) as a workflow_call secret: callers pass a long-lived key")
            }
            if !mine.isEmpty { declarationsAttached = true }
            let auth = AuthPattern.combine(keys: keys, oidc: oidc)
            if auth != .none {
                let effective = job.permissions ?? w.permissions
                if (effective ?? .scopes([])).access(.idToken) != .write {
                    let (source, at): (String, [PathItem]) = job.permissions != nil
                        ? ("the job's permissions", base + [.key("permissions")])
                        : w.permissions != nil ? ("the workflow's permissions", [.key("permissions")]) : ("the default token permissions", base)
                    let (l, c) = line(at)
                    findings.append(AuditFinding(AuditRules.missingIDToken, line: l, column: c, "\(source) do not grant id-token: write, so the job cannot request an OIDC token"))
                }
                if job.uses != nil {
                    if !calleeRole {
                        let (l, c) = line(base + [.key("uses")])
                        findings.append(AuditFinding(AuditRules.missingRoleToAssume, line: l, column: c, "\(job.uses!) has no role-to-assume\(calleePath == nil ? " (not among the audited files)" : "")"))
                    }
                } else if roles.isEmpty || keys {
                    let (l, c) = line(base)
                    findings.append(AuditFinding(AuditRules.missingRoleToAssume, line: l, column: c, roles.isEmpty
                        ? "no credentials step passes role-to-assume" : "role-to-assume is given, but long-lived keys are still passed"))
                }
                let (l, c) = line(base)
                findings.append(AuditFinding(AuditRules.iamNotVisible, line: l, column: c,
                    "whether IAM has the identity provider token.actions.githubusercontent.com\(roles.isEmpty ? " and a role for this job" : " and the role \(roles.joined(separator: ", "))"), and what its trust policy admits, cannot be seen from the repository: check IAM"))
            }
            let (jl, _) = line(base)
            jobs.append(JobAudit(
                id: job.id, auth: auth, line: jl, findings: findings.sorted { ($0.line, $0.column) < ($1.line, $1.column) },
                environment: job.environment?.name.text, roles: roles, keySecrets: Array(Set(secrets)).sorted()))
        }
        // Declared key secrets no job reads are still a key path for callers: report them on the first job.
        if !declarationsAttached, !declared.isEmpty, !jobs.isEmpty {
            for s in declared {
                let (l, c) = line([.key("on"), .key("workflow_call"), .key("secrets"), .key(s.id)])
                jobs[0].findings.append(AuditFinding(AuditRules.longLivedKeys, line: l, column: c, "declares \(s.id) as a workflow_call secret (no job reads it)"))
            }
            jobs[0].findings.sort { ($0.line, $0.column) < ($1.line, $1.column) }
        }
        let isReusable = w.triggers.contains { if case .workflowCall = $0 { return true }; return false }
        return WorkflowAudit(path: p.source.path, environment: environment(p, jobs), jobs: jobs, isReusable: isReusable)
    }

    /// The environment: a file-name prefix, else an `environment:` value, else a secret name.
    func environment(_ p: Parsed, _ jobs: [JobAudit]) -> String? {
        let file = (p.source.path.split(separator: "/").last.map(String.init) ?? p.source.path).lowercased()
        if let e = environments.first(where: { file.hasPrefix($0.lowercased() + "-") || file.hasPrefix($0.lowercased() + "_") || file.hasPrefix($0.lowercased() + ".") }) {
            return e
        }
        let declared = jobs.compactMap(\.environment).map { $0.lowercased() }
        if let e = environments.first(where: { env in declared.contains { $0 == env.lowercased() || $0.hasPrefix(env.lowercased() + "-") } }) {
            return e
        }
        let names = Self.secretNames(in: p.source.text).map { "_" + $0.uppercased() + "_" }
        return environments.first { env in names.contains { $0.contains("_" + env.uppercased() + "_") } }
    }

    /// The walker for `keyless audit`: `.yml` and `.yaml` files.
    public static let walker = FileWalker(extensions: [".yml", ".yaml"])

    /// Workflow files under the given paths: a repository root means its `.github/workflows`;
    /// folders are walked recursively in name order for `.yml` and `.yaml`.
    public static func files(under paths: [String]) -> FileWalker.Result {
        let fm = FileManager.default
        let roots = paths.map { p -> String in
            let base = p.hasSuffix("/") ? String(p.dropLast()) : p
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: base + "/.github/workflows", isDirectory: &isDir) && isDir.boolValue ? base + "/.github/workflows" : p
        }
        return walker.files(under: roots)
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
