import Foundation
import KeylessModel
import KeylessAnalysis

/// What the user passed besides the log: the job's workflow and the role's trust policy.
public struct ExplainEvidenceInput: Sendable {
    public var workflow: Workflow
    /// `.github/workflows/NAME.yml`, for `job_workflow_ref`.
    public var workflowPath: String?
    public var job: String
    public var policy: PolicyDocument?
    public var repository: RepositoryName?
    public var defaultBranch: String

    public init(workflow: Workflow, workflowPath: String? = nil, job: String, policy: PolicyDocument? = nil,
                repository: RepositoryName? = nil, defaultBranch: String = "main") {
        self.workflow = workflow
        self.workflowPath = workflowPath
        self.job = job
        self.policy = policy
        self.repository = repository
        self.defaultBranch = defaultBranch
    }
}

/// One piece of evidence about one candidate.
public struct EvidenceVerdict: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable { case ruledIn = "ruled-in", ruledOut = "ruled-out" }
    public var entry: String
    public var kind: Kind
    /// Which evidence: `permissions`, `role-to-assume`, `credentials-inputs`, `trust-policy`, `action-version`.
    public var source: String
    public var reason: String
}

/// One log line that fits one of an entry's symptoms.
public struct SymptomMatch: Hashable, Sendable {
    public var line: Int
    public var logText: String
    public var symptom: ExplainEntry.Symptom
    public var fit: SymptomPattern.Fit
    /// Nil when the release is unknown or the symptom's range is not machine-readable.
    public var versionFits: Bool?
}

public struct Candidate: Hashable, Sendable {
    public var entry: ExplainEntry
    public var matches: [SymptomMatch]
    public var evidence: [EvidenceVerdict]
    /// Sum over the log lines matched of the best fit on each (exact 3, full 2, core 1); lines printed by other
    /// releases than the log's are not counted.
    public var score: Int
    /// The part of `score` from error lines (`##[error]`, `::error::`, `Error: `), which ranks first.
    public var errorScore: Int

    public var ruledOut: Bool { evidence.contains { $0.kind == .ruledOut } && !ruledIn }
    public var ruledIn: Bool { evidence.contains { $0.kind == .ruledIn } }
    /// Evidence first (ruled in 2, undecided 1, ruled out 0), then the error lines' score, then the score.
    var rank: [Int] { [ruledIn ? 2 : ruledOut ? 0 : 1, errorScore, score] }
}

public struct Explanation: Sendable {
    public var log: JobLog
    /// Best first; ruled-out candidates last.
    public var candidates: [Candidate]
    /// The error lines no entry explains.
    public var unexplained: [JobLog.Line]
    /// Facts read from the workflow and policy, for the report.
    public var facts: [String]
    public var evidenceGiven: (workflow: Bool, policy: Bool)

    /// Candidates evidence has not ruled out.
    public var fitting: [Candidate] { candidates.filter { !$0.ruledOut } }
    /// The candidates tied for first place.
    public var best: [Candidate] {
        guard let first = fitting.first else { return [] }
        return fitting.filter { $0.rank == first.rank }
    }
    public var explained: Bool { !fitting.isEmpty }
}

/// Joins a job log with the troubleshooting entries, and narrows them with the workflow and trust policy.
public struct Explainer: Sendable {
    public var entries: [ExplainEntry]

    public init(entries: [ExplainEntry]) { self.entries = entries }

    public func explain(_ log: JobLog, evidence input: ExplainEvidenceInput? = nil) -> Explanation {
        let patterns = entries.map { e in e.symptoms.map { ($0, $0.pattern) } }
        var candidates: [Candidate] = []
        var explainedLines = Set<Int>()
        for (index, entry) in entries.enumerated() {
            var matches: [SymptomMatch] = []
            for (symptom, pattern) in patterns[index] {
                // Each symptom counts once: its best-fitting line (an error line before an info line).
                var best: SymptomMatch?
                for line in log.lines {
                    guard let fit = pattern.fit(line.text) else { continue }
                    let versionFits = log.actionVersion.flatMap { ActionTag.overlaps($0.tag, from: symptom.from, through: symptom.through) }
                    let m = SymptomMatch(line: line.number, logText: line.text, symptom: symptom, fit: fit, versionFits: versionFits)
                    if best == nil || fit > best!.fit { best = m }
                }
                if let best { matches.append(best) }
            }
            let errorLines = Set(log.errors.map(\.number))
            let counted = matches.filter { $0.versionFits != false }
            guard !counted.isEmpty else { continue }
            for m in counted where errorLines.contains(m.line) { explainedLines.insert(m.line) }
            // Each log line counts once, with its best fit: an entry that lists more wordings of the same
            // message does not outrank one that lists fewer. Error lines count first.
            var perLine: [Int: Int] = [:]
            for m in counted { perLine[m.line] = max(perLine[m.line] ?? 0, m.fit.rawValue) }
            let score = perLine.values.reduce(0, +)
            let errorScore = perLine.filter { errorLines.contains($0.key) }.values.reduce(0, +)
            candidates.append(Candidate(entry: entry, matches: matches, evidence: [], score: score, errorScore: errorScore))
        }
        var facts: [String] = []
        if let input {
            let verdicts = Self.evidence(input, facts: &facts)
            for i in candidates.indices {
                candidates[i].evidence = verdicts.filter { $0.entry == candidates[i].entry.id }
            }
        }
        // Stable: the catalog's order breaks ties.
        let order = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($1.id, $0) })
        candidates.sort { a, b in
            if a.rank != b.rank { return b.rank.lexicographicallyPrecedes(a.rank) }
            return order[a.entry.id]! < order[b.entry.id]!
        }
        return Explanation(log: log, candidates: candidates, unexplained: log.errors.filter { !explainedLines.contains($0.number) },
                           facts: facts, evidenceGiven: (input != nil, input?.policy != nil))
    }

    // MARK: Evidence

    /// Entries the trust-policy simulation speaks to: refused on `sub` or `aud`, or no statement applies.
    public static let trustEntries = Doctor.troubleshootingIDs + [
        "sub-case-mismatch", "stringequals-with-wildcard", "sub-colon-encoding", "trust-wrong-action-or-principal",
    ]

    /// Every entry id the evidence rules speak about (a test checks each exists in the catalog).
    public static let evidenceEntries = trustEntries + [
        "missing-id-token-permission", "long-lived-keys-still-used", "empty-role-to-assume", "role-arn-invalid",
        "bare-role-name-without-account",
    ]

    static func evidence(_ input: ExplainEvidenceInput, facts: inout [String]) -> [EvidenceVerdict] {
        var out: [EvidenceVerdict] = []
        guard let job = input.workflow.jobs.first(where: { $0.id == input.job }) else { return out }
        // Permissions: the job's own block, else the workflow's (GitHub's default without either is
        // the repository setting, which the file cannot show).
        let permissions = job.permissions ?? input.workflow.permissions
        if let permissions {
            let idToken = permissions.access(.idToken)
            let where_ = job.permissions != nil ? "job '\(job.id)'" : "the workflow"
            facts.append("\(where_) grants `id-token: \(idToken.rawValue)`")
            if idToken == .write {
                out.append(EvidenceVerdict(entry: "missing-id-token-permission", kind: .ruledOut, source: "permissions",
                                           reason: "\(where_) grants `id-token: write`, so the job can request a token"))
            } else {
                out.append(EvidenceVerdict(entry: "missing-id-token-permission", kind: .ruledIn, source: "permissions",
                                           reason: "\(where_) grants `id-token: \(idToken.rawValue)`: the job cannot request an OIDC token"))
                for id in trustEntries {
                    out.append(EvidenceVerdict(entry: id, kind: .ruledOut, source: "permissions",
                                               reason: "without `id-token: write` the job presents no token for a trust policy to refuse"))
                }
            }
        } else {
            facts.append("neither job '\(job.id)' nor the workflow sets `permissions:` (the repository's default applies, which never grants `id-token: write`)")
            out.append(EvidenceVerdict(entry: "missing-id-token-permission", kind: .ruledIn, source: "permissions",
                                       reason: "no `permissions:` block grants `id-token: write`; the default token permissions do not include it"))
        }
        guard let step = job.steps.first(where: { $0.uses?.repository == "aws-actions/configure-aws-credentials" && $0.input("role-to-assume") != nil })
            ?? job.steps.first(where: { $0.uses?.repository == "aws-actions/configure-aws-credentials" }) else {
            facts.append("job '\(job.id)' has no aws-actions/configure-aws-credentials step")
            return out
        }
        if step.input("aws-access-key-id") != nil {
            facts.append("the credentials step sets `aws-access-key-id`")
            out.append(EvidenceVerdict(entry: "long-lived-keys-still-used", kind: .ruledIn, source: "credentials-inputs",
                                       reason: "the credentials step still passes `aws-access-key-id`"))
        } else {
            out.append(EvidenceVerdict(entry: "long-lived-keys-still-used", kind: .ruledOut, source: "credentials-inputs",
                                       reason: "the credentials step passes no access keys"))
        }
        out += roleShape(step.input("role-to-assume"), facts: &facts)
        if let policy = input.policy, let repository = input.repository {
            out += trust(input, job: job, policy: policy, repository: repository, facts: &facts)
        }
        return out
    }

    /// The role ARN's shape: a literal role ARN, another ARN, a bare name, or an expression.
    static func roleShape(_ value: ScalarValue?, facts: inout [String]) -> [EvidenceVerdict] {
        let source = "role-to-assume"
        switch value {
        case .expression(let e)?:
            facts.append("`role-to-assume` is `\(e.wrapped)`, which the log masks")
            if e.source.contains("secrets.") {
                return [EvidenceVerdict(entry: "empty-role-to-assume", kind: .ruledIn, source: source,
                                        reason: "`role-to-assume` comes from `\(e.wrapped)`, which is empty in runs that cannot read the secret")]
            }
            return []
        case .string(let s)?:
            facts.append("`role-to-assume` is `\(s)`")
            let parts = s.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            let isRoleARN = parts.count == 6 && parts[0] == "arn" && parts[2] == "iam" && parts[4].count == 12
                && parts[4].allSatisfy(\.isNumber) && parts[5].hasPrefix("role/") && s == s.trimmingCharacters(in: .whitespaces)
            var out = [EvidenceVerdict(entry: "empty-role-to-assume", kind: .ruledOut, source: source, reason: "`role-to-assume` is a literal, never empty")]
            if isRoleARN {
                out.append(EvidenceVerdict(entry: "role-arn-invalid", kind: .ruledOut, source: source, reason: "`\(s)` has a role ARN's shape"))
                out.append(EvidenceVerdict(entry: "bare-role-name-without-account", kind: .ruledOut, source: source, reason: "`\(s)` is a full ARN"))
            } else if s.hasPrefix("arn:") {
                out.append(EvidenceVerdict(entry: "role-arn-invalid", kind: .ruledIn, source: source,
                                           reason: "`\(s)` is not of the form arn:PARTITION:iam::ACCOUNT:role/NAME"))
            } else {
                out.append(EvidenceVerdict(entry: "bare-role-name-without-account", kind: .ruledIn, source: source,
                                           reason: "`\(s)` is a role name without an account"))
            }
            return out
        default:
            return []
        }
    }

    /// Doctor's verdict for the job on each event its triggers allow.
    static func trust(_ input: ExplainEvidenceInput, job: Job, policy: PolicyDocument, repository: RepositoryName,
                      facts: inout [String]) -> [EvidenceVerdict] {
        let doctor = Doctor(predictor: ClaimPredictor(repository: repository, defaultBranch: input.defaultBranch, workflowPath: input.workflowPath))
        // With no --event, examine never reports an untriggered event; an empty report is the same answer.
        let findings = ((try? doctor.examine(input.workflow, policy: policy))?.findings ?? []).filter { $0.prediction.job == job.id }
        guard !findings.isEmpty else {
            facts.append("job '\(job.id)' assumes no role through OIDC, so the trust policy was not simulated")
            return []
        }
        var out: [EvidenceVerdict] = []
        let source = "trust-policy"
        for f in findings {
            facts.append("on \(f.prediction.eventName) job '\(job.id)' presents sub \(f.prediction.sub.value.map { "`\($0)`" } ?? "unknown"): \(f.kind.rawValue)")
        }
        let refused = findings.filter { $0.kind == .refused }
        if refused.isEmpty {
            if findings.contains(where: { $0.kind == .admitted }) {
                let subs = findings.compactMap { $0.kind == .admitted ? $0.prediction.sub.value : nil }
                for id in trustEntries {
                    out.append(EvidenceVerdict(entry: id, kind: .ruledOut, source: source,
                                               reason: "the trust policy admits every predicted token (\(subs.map { "`\($0)`" }.joined(separator: ", "))), so its conditions are not what refused the job"))
                }
            }
            return out
        }
        for f in refused {
            guard let result = f.result else { continue }
            let applies = result.statements.contains { $0.effect == .allow && $0.applies }
            var entry = f.troubleshooting
            if !applies { entry = "trust-wrong-action-or-principal" }
            if let failed = result.statements.first(where: { $0.effect == .allow && $0.applies })?.failedCondition,
               failed.key.lowercased().hasSuffix(":sub"), let sub = f.prediction.sub.value {
                let like = failed.op.description.contains("Like")
                // The same subject in another letter case: IAM compares case-sensitively, GitHub keeps the case.
                if failed.values.contains(where: { like ? Wildcard.matches(sub, pattern: $0, ignoringCase: true) : $0.lowercased() == sub.lowercased() }) {
                    entry = "sub-case-mismatch"
                }
                else if failed.op.description.hasPrefix("StringEquals"), failed.values.contains(where: { $0.contains("*") }) {
                    entry = "stringequals-with-wildcard"
                }
            }
            guard let entry else { continue }
            out.append(EvidenceVerdict(entry: entry, kind: .ruledIn, source: source, reason: f.message))
        }
        return out
    }
}
