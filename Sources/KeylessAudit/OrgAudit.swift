import Foundation
import KeylessLint
import KeylessSyntax

/// `keyless audit --merge`: many repositories' `keyless audit --format json` reports read back and
/// combined into one organisation report: totals per repository and per environment, and every
/// finding, the worst first. Each report is decoded, folded into the totals and dropped, so time and
/// memory grow with the reports' size (the findings are kept; sorting them is the only n log n step).
public struct OrgAudit: Sendable {
    /// Jobs by how they authenticate, plus the workflows they are in.
    public struct Totals: Hashable, Sendable {
        public var workflows = 0
        public var jobs = 0
        public var byAuth: [AuthPattern: Int] = [:]

        public init() {}

        public subscript(_ p: AuthPattern) -> Int { byAuth[p] ?? 0 }

        mutating func add(_ other: Totals) {
            workflows += other.workflows
            jobs += other.jobs
            for (k, v) in other.byAuth { byAuth[k, default: 0] += v }
        }
    }

    /// One finding of one job, with where it came from.
    public struct Finding: Hashable, Sendable {
        public var repository: String
        public var path: String
        public var environment: String?
        public var job: String
        public var auth: AuthPattern
        public var rule: String
        public var severity: Diagnostic.Severity
        public var line: Int
        public var message: String
    }

    public var repositories: [(name: String, totals: Totals)] = []
    public var environments: [(name: String?, totals: Totals)] = []
    public var totals = Totals()
    /// Worst first: errors before warnings before notes, then long-lived keys before mixed, none and oidc jobs.
    public var findings: [Finding] = []
    /// Reports that could not be read; the others are still merged.
    public var problems: [Diagnostic] = []

    public init() {}

    /// The repository a report belongs to: its `repository` field, else its file name without `.json`,
    /// `__` standing for the `/` of `OWNER/REPO` (artifact and file names cannot hold a slash).
    public static func repositoryName(path: String, field: String?) -> String {
        if let field, !field.isEmpty { return field }
        var name = (path as NSString).lastPathComponent
        if name.hasSuffix(".json") { name.removeLast(5) }
        return name.replacingOccurrences(of: "__", with: "/")
    }

    /// Merges the reports at these paths (each read with the bounded reader).
    public static func merge(paths: [String]) -> OrgAudit {
        var merger = Merger()
        for path in paths {
            switch InputFile.read(path, maxBytes: 64 * 1024 * 1024, rule: "audit-merge-read") {
            case .success(let text): merger.add(text, path: path)
            case .failure(let d): merger.problems.append(d)
            }
        }
        return merger.finish()
    }

    /// Merges reports given as text (`(path, JSON)`), for tests and callers that read them themselves.
    public static func merge(_ reports: [(path: String, json: String)]) -> OrgAudit {
        var merger = Merger()
        for r in reports { merger.add(r.json, path: r.path) }
        return merger.finish()
    }

    /// Whether any job still reaches AWS with a long-lived key.
    public var hasLongLivedKeys: Bool { totals[.longLivedKeys] + totals[.mixed] > 0 }
}

/// The audit JSON as `AuditJSON` writes it (plus the optional `repository` that `--repository` adds).
struct AuditReportFile: Decodable {
    struct Workflow: Decodable {
        var path: String
        var environment: String?
        var jobs: [Job]
    }
    struct Job: Decodable {
        var id: String
        var auth: String
        var line: Int
        var findings: [Finding]
    }
    struct Finding: Decodable {
        var rule: String
        var line: Int
        var message: String
    }
    var repository: String?
    var workflows: [Workflow]
}

/// Folds reports into totals one at a time.
struct Merger {
    var repositories: [String: OrgAudit.Totals] = [:]
    var environments: [String: OrgAudit.Totals] = [:]
    var noEnvironment = OrgAudit.Totals()
    var findings: [OrgAudit.Finding] = []
    var problems: [Diagnostic] = []

    mutating func add(_ text: String, path: String) {
        let file: AuditReportFile
        do {
            file = try JSONDecoder().decode(AuditReportFile.self, from: Data(text.utf8))
        } catch {
            problems.append(Diagnostic(at: SourceLocation(path: path), "not a keyless audit JSON report: \(Self.reason(error))", rule: "audit-merge-read"))
            return
        }
        let repo = OrgAudit.repositoryName(path: path, field: file.repository)
        var repoTotals = repositories[repo] ?? OrgAudit.Totals()
        for w in file.workflows {
            var t = OrgAudit.Totals()
            t.workflows = 1
            for j in w.jobs {
                guard let auth = AuthPattern(rawValue: j.auth) else {
                    problems.append(Diagnostic(at: SourceLocation(path: path), "job \(j.id) of \(w.path) has an unknown auth '\(j.auth)'", rule: "audit-merge-read"))
                    continue
                }
                t.jobs += 1
                t.byAuth[auth, default: 0] += 1
                for f in j.findings {
                    let severity = AuditRules.all.first { $0.id == f.rule }?.severity ?? .warning
                    findings.append(OrgAudit.Finding(repository: repo, path: w.path, environment: w.environment, job: j.id, auth: auth,
                                                     rule: f.rule, severity: severity, line: f.line, message: f.message))
                }
            }
            repoTotals.add(t)
            if let e = w.environment { environments[e, default: OrgAudit.Totals()].add(t) } else { noEnvironment.add(t) }
        }
        repositories[repo] = repoTotals
    }

    static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "no '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            return "wrong type at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        default: return "invalid JSON"
        }
    }

    static func rank(_ s: Diagnostic.Severity) -> Int {
        switch s { case .error: return 0; case .warning: return 1; case .note: return 2 }
    }

    static func rank(_ a: AuthPattern) -> Int {
        switch a { case .longLivedKeys: return 0; case .mixed: return 1; case .none: return 2; case .oidc: return 3 }
    }

    func finish() -> OrgAudit {
        var out = OrgAudit()
        // Repositories: the most jobs on long-lived keys (then mixed) first, then by name.
        out.repositories = repositories.map { ($0.key, $0.value) }.sorted {
            ($1.1[.longLivedKeys], $1.1[.mixed], $0.0) < ($0.1[.longLivedKeys], $0.1[.mixed], $1.0)
        }
        out.environments = environments.map { (Optional($0.key), $0.value) }.sorted { $0.0! < $1.0! }
        if noEnvironment.workflows > 0 { out.environments.append((nil, noEnvironment)) }
        for (_, t) in repositories { out.totals.add(t) }
        out.findings = findings.sorted { a, b in
            if (Self.rank(a.severity), Self.rank(a.auth)) != (Self.rank(b.severity), Self.rank(b.auth)) {
                return (Self.rank(a.severity), Self.rank(a.auth)) < (Self.rank(b.severity), Self.rank(b.auth))
            }
            return (a.repository, a.path, a.line, a.job, a.rule) < (b.repository, b.path, b.line, b.job, b.rule)
        }
        out.problems = problems
        return out
    }
}
