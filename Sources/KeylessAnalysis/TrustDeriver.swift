import KeylessSyntax
import KeylessModel

/// `keyless trust`: the least-privilege trust policy for the role some jobs assume, from the subjects
/// `ClaimPredictor.predict` says they present, and a truth table, evaluated by `TrustSimulator`, proving
/// the policy admits those runs and refuses the others. A sub the file cannot tell exactly (an
/// expression, an unknown ref, a reusable workflow nobody in the folder calls) refuses that job: a
/// guessed subject would be either too broad or wrong.
public struct TrustDeriver: Sendable {
    public var predictor: ClaimPredictor
    /// The issuer host: `token.actions.githubusercontent.com` (the condition-key prefix and ARN suffix).
    public var providerHost: String
    public var account: AccountID
    public var partition: String

    public static let sid = "GitHubActionsOIDC"
    public static let ruleUnpredictable = "trust-unpredictable"
    public static let ruleUnknownJob = "trust-unknown-job"
    public static let ruleNoRole = "trust-no-role"

    public init(predictor: ClaimPredictor, providerHost: String = "token.actions.githubusercontent.com",
                account: AccountID = .placeholder("ACCOUNT_ID"), partition: String = "aws") {
        self.predictor = predictor
        self.providerHost = providerHost
        self.account = account
        self.partition = partition
    }

    /// One run the role must admit: a job on an event, possibly through a caller of its workflow.
    public struct Run: Hashable, Sendable {
        public var workflowPath: String
        public var job: String
        public var eventName: String
        public var sub: String
        /// `FILE job 'ID'` of the caller when the job runs inside a called reusable workflow.
        public var via: String?
        public var claims: TokenClaims

        public var label: String {
            "job '\(job)' on \(eventName)" + (via.map { " via \($0)" } ?? "")
        }
    }

    /// A job whose token cannot be trusted exactly, with why and what to change.
    public struct Refusal: Hashable, Sendable {
        public var location: SourceLocation
        public var job: String
        public var eventName: String
        public var reason: String
        public var fix: String

        public var diagnostic: Diagnostic {
            Diagnostic(at: location, "job '\(job)' on \(eventName): cannot trust its sub exactly: \(reason). Fix: \(fix)", rule: TrustDeriver.ruleUnpredictable)
        }
    }

    /// One token of the truth table and what the policy makes of it.
    public struct Row: Hashable, Sendable {
        public enum Expectation: String, Hashable, Sendable {
            /// A run of the selected jobs: must be admitted.
            case admit
            /// Anything else: must be refused.
            case refuse
            /// Another job whose token equals an admitted one: a trust policy sees only the claims.
            case indistinguishable
        }

        public var label: String
        public var sub: String
        public var eventName: String
        public var expectation: Expectation
        public var result: SimulationResult

        public var proved: Bool {
            switch expectation {
            case .admit, .indistinguishable: return result.decision == .allow
            case .refuse: return result.decision == .deny
            }
        }

        public var json: JSONValue {
            .object([
                ("token", .string(label)),
                ("sub", .string(sub)),
                ("event_name", .string(eventName)),
                ("expected", .string(expectation.rawValue)),
                ("decision", .string(result.decision.rawValue)),
                ("reason", .string(result.reason)),
            ])
        }

        public var text: String {
            let note = expectation == .indistinguishable
                ? " (same token as an admitted run: IAM sees only the claims; give the role's job an `environment:` to keep this one out)" : ""
            return "\(result.decision.rawValue.padding(5)) \(label): \(sub)\(note)\n      \(result.reason)"
        }
    }

    public struct Derivation: Sendable {
        public var runs: [Run]
        public var refusals: [Refusal]
        /// Nil when a job was refused or nothing needs the role.
        public var policy: PolicyDocument?
        public var rows: [Row]
        public var notes: [String]

        /// The truth table as text (stderr of `keyless trust`).
        public var text: String {
            var lines = ["truth table (TrustSimulator): \(rows.filter { $0.result.decision == .allow }.count) admitted, "
                + "\(rows.filter { $0.result.decision == .deny }.count) refused"]
            lines += rows.map(\.text)
            lines += notes.map { "note: \($0)" }
            return lines.joined(separator: "\n") + "\n"
        }

        /// `{"subjects", "rows", "refused", "notes"}`.
        public var json: JSONValue {
            var subjects: [String] = []
            for r in runs where !subjects.contains(r.sub) { subjects.append(r.sub) }
            return .object([
                ("subjects", .array(subjects.map(JSONValue.string))),
                ("rows", .array(rows.map(\.json))),
                ("refused", .array(refusals.map { r in
                    .object([("job", .string(r.job)), ("event_name", .string(r.eventName)), ("reason", .string(r.reason)),
                             ("fix", .string(r.fix)), ("location", .string("\(r.location.path):\(r.location.line):\(r.location.column)"))])
                })),
                ("notes", .array(notes.map(JSONValue.string))),
            ])
        }
    }

    public enum Problem: Error, Sendable {
        case diagnostics([Diagnostic])
    }

    // MARK: Selection

    /// The job runs aws-actions/configure-aws-credentials with `role-to-assume` (and no access key).
    public static func assumesRole(_ job: Job) -> Bool {
        job.steps.contains { s in
            s.uses?.repository == "aws-actions/configure-aws-credentials" && s.input("role-to-assume") != nil
                && s.input("aws-access-key-id") == nil
        }
    }

    /// The local reusable workflow a job calls (`uses: ./.github/workflows/X.yml`), if it is in `sources`.
    static func callee(_ job: Job, in sources: [WorkflowSource]) -> WorkflowSource? {
        guard let uses = job.uses, uses.hasPrefix("./") else { return nil }
        let path = String(uses.dropFirst(2))
        return sources.first { $0.workflowPath == path }
    }

    /// Derives the policy for the jobs of `primary` (paths of `sources`) named in `jobs`, or by default
    /// every job that assumes a role or calls a local reusable workflow that does. `sources` also holds
    /// the workflows around them (their folder), to resolve calls in both directions.
    public func derive(_ sources: [WorkflowSource], primary: [String], jobs: [String] = [], event: String? = nil, ref: String? = nil)
        throws(Problem) -> Derivation
    {
        let primarySources = sources.filter { primary.contains($0.path) }
        var selected: [(WorkflowSource, Job)] = []
        for s in primarySources {
            for j in s.workflow.jobs {
                let calleeAssumes = Self.callee(j, in: sources).map { $0.workflow.jobs.contains(where: Self.assumesRole) } ?? false
                if jobs.isEmpty ? (Self.assumesRole(j) || calleeAssumes) : jobs.contains(j.id) { selected.append((s, j)) }
            }
        }
        if !jobs.isEmpty {
            let known = Set(primarySources.flatMap { $0.workflow.jobs.map(\.id) })
            let missing = jobs.filter { !known.contains($0) }
            if !missing.isEmpty {
                let at = SourceLocation(path: primary.first ?? "")
                throw .diagnostics(missing.map { Diagnostic(at: at, "no job '\($0)' in \(primary.joined(separator: ", ")) (jobs: \(known.sorted().joined(separator: ", ")))", rule: Self.ruleUnknownJob) })
            }
        }
        if selected.isEmpty {
            let at = SourceLocation(path: primary.first ?? "")
            throw .diagnostics([Diagnostic(at: at, "no job runs aws-actions/configure-aws-credentials with `role-to-assume` or calls a local reusable workflow that does: name the jobs with --job", rule: Self.ruleNoRole)])
        }

        var runs: [Run] = []
        var refusals: [Refusal] = []
        var notes: [String] = []
        var usedCallers: Set<String> = []
        func add(_ r: Run) { if !runs.contains(r) { runs.append(r) } }

        for (source, job) in selected {
            if !Self.assumesRole(job), job.uses == nil {
                notes.append("job '\(job.id)' does not assume a role with `role-to-assume` yet (see `keyless migrate`): the policy is for the job once it does")
            }
            // One policy per role: a role chosen by an expression is several roles, one per branch of it.
            if let role = job.steps.lazy.compactMap({ $0.input("role-to-assume") }).first, role.text.contains("${{") {
                notes.append("job '\(job.id)' chooses its role with an expression (\(role.text)): this policy admits every event's token; for the role of one event, run with --event")
            }
            let predictions: [ClaimPrediction]
            do {
                predictions = try sourcePredictor(source).predict(source.workflow, event: event, ref: ref).filter { $0.job == job.id }
            } catch {
                throw .diagnostics([Diagnostic(at: SourceLocation(path: source.path), error.description, rule: "event-not-triggered")])
            }
            for p in predictions {
                if let callee = Self.callee(job, in: sources) {
                    // A caller: its token is what the callee's role-assuming jobs present.
                    usedCallers.insert("\(source.path)#\(job.id)")
                    let inner = callee.workflow.jobs.filter(Self.assumesRole)
                    for j in inner {
                        resolve(p, runner: j, calleePath: callee.workflowPath, caller: (source, job), add: add, refusals: &refusals, notes: &notes)
                    }
                    if inner.isEmpty { resolve(p, runner: nil, calleePath: nil, caller: (source, job), add: add, refusals: &refusals, notes: &notes) }
                    continue
                }
                if p.eventName == "workflow_call" {
                    // Called: the sub is each caller's, so predict the callers found beside the workflow.
                    let callers = sources.flatMap { s in s.workflow.jobs.filter { $0.uses == "./" + source.workflowPath }.map { (s, $0) } }
                    if callers.isEmpty {
                        refusals.append(Refusal(
                            location: source.location(ofJob: job.id), job: job.id, eventName: p.eventName,
                            reason: "\(source.workflowPath) is reusable and no workflow beside it calls it, so its sub is an unknown caller's",
                            fix: "give the folder that holds its callers, or --event for the events it runs on by itself"))
                    }
                    for (cs, cj) in callers {
                        usedCallers.insert("\(cs.path)#\(cj.id)")
                        for cp in (try? sourcePredictor(cs).predict(cs.workflow, event: nil, ref: ref)) ?? [] where cp.job == cj.id {
                            resolve(cp, runner: job, calleePath: source.workflowPath, caller: (cs, cj), add: add, refusals: &refusals, notes: &notes)
                        }
                    }
                    continue
                }
                resolve(p, runner: job, calleePath: nil, caller: nil, source: source, add: add, refusals: &refusals, notes: &notes)
            }
        }

        // Two refs of one event refused for the same reason (an environment expression) are one problem.
        var unique: [Refusal] = []
        for r in refusals where !unique.contains(r) { unique.append(r) }
        refusals = unique
        var subjects: [String] = []
        for r in runs where !subjects.contains(r.sub) { subjects.append(r.sub) }
        let policy = refusals.isEmpty && !subjects.isEmpty ? self.policy(subjects) : nil
        var rows: [Row] = []
        if let policy {
            rows = truthTable(policy, runs: runs, subjects: subjects, sources: primarySources, selected: selected, usedCallers: usedCallers)
        }
        return Derivation(runs: runs, refusals: refusals, policy: policy, rows: rows, notes: notes)
    }

    func sourcePredictor(_ source: WorkflowSource) -> ClaimPredictor {
        var p = predictor
        p.workflowPath = source.workflowPath
        return p
    }

    /// Turns one prediction into a run, a skip (the job's `if:` is false for it) or a refusal.
    /// `runner` is the job that assumes the role; `caller` the job whose run carries the token when
    /// `runner` is inside a called workflow.
    func resolve(
        _ p: ClaimPrediction, runner: Job?, calleePath: String?, caller: (WorkflowSource, Job)?, source: WorkflowSource? = nil,
        add: (Run) -> Void, refusals: inout [Refusal], notes: inout [String]
    ) {
        let home = caller?.0 ?? source!
        let jobID = caller?.1.id ?? runner?.id ?? p.job
        // A pull request's ref is refs/pull/NUMBER/merge; a filter glob's ref starts with its literal part.
        var refPrefix: String? = p.eventName == "pull_request" ? "refs/pull/" : nil
        if case .unknown(let why) = p.ref, let glob = Self.backquoted(why) {
            refPrefix = (why.contains(" tag ") ? "refs/tags/" : "refs/heads/") + String(glob.prefix { !"*?[]!+".contains($0) })
        }
        let condition = JobCondition(eventName: p.eventName, ref: p.ref.value, refPrefix: refPrefix)
        for (j, what) in [(caller?.1, "caller"), (runner, "job")] {
            guard let j, let c = j.condition else { continue }
            if condition.evaluate(c.source) == false {
                let name = what == "caller" ? "caller '\(j.id)'" : "job '\(j.id)'"
                let refText: String
                switch p.ref {
                case .known(let r): refText = " for \(r)"
                case .unknown(let why): refText = " for \(why)"
                }
                let note = "\(name) does not run on \(p.eventName)\(refText): its `if: \(c.source)` is false then"
                if !notes.contains(note) { notes.append(note) }
                return
            }
        }
        var sub = p.sub
        // A called job that declares an environment presents it instead of the caller's context.
        if caller != nil, let env = runner?.environment {
            switch env.name {
            case .expression(let e): sub = .unknown("environment is \(e.wrapped)")
            case .string(let s) where s.contains("${{"): sub = .unknown("environment is \(s)")
            default: sub = .known(SubjectClaim(repository: predictor.repository, context: .environment(env.name.text)).description)
            }
        }
        let via = caller.map { "\($0.0.workflowPath) job '\($0.1.id)'" }
        let runnerID = runner?.id ?? jobID
        let path = calleePath ?? home.workflowPath
        switch sub {
        case .known(let s):
            add(run(path: path, job: runnerID, p: p, sub: s, via: via))
            // The predictor's assumptions (the default branch standing for any branch, say) hold for the policy too.
            for n in p.notes where !n.hasPrefix("a called job that declares an environment") {
                let note = "job '\(jobID)' on \(p.eventName): \(n)"
                if !notes.contains(note) { notes.append(note) }
            }
        case .unknown(let why):
            // A glob only matters when the sub is the ref's (no environment on the job).
            if p.environment == nil, case .unknown(let refWhy) = p.ref, let pattern = globSubject(p, why: refWhy, source: home) {
                switch pattern {
                case .success(let s): add(run(path: path, job: runnerID, p: p, sub: s, via: via))
                case .failure(let reason):
                    refusals.append(Refusal(location: home.location(ofJob: jobID), job: jobID, eventName: p.eventName, reason: reason,
                                            fix: "list the branches or tags by name, or use a `**` pattern, or pass --event \(p.eventName) --ref REF"))
                }
                return
            }
            refusals.append(Refusal(
                location: home.location(ofJob: jobID), job: jobID, eventName: p.eventName, reason: why,
                fix: p.environment != nil || runner?.environment != nil
                    ? "give the job a fixed `environment:` name (its sub is then `environment:NAME`)"
                    : "pass --event \(p.eventName) --ref REF for the ref it runs on, or give the job a fixed `environment:` name"))
        }
    }

    func run(path: String, job: String, p: ClaimPrediction, sub: String, via: String?) -> Run {
        var claims = p.claims(issuer: "https://\(providerHost)")
        // A pattern is simulated with one ref it matches (the table shows the pattern).
        claims["sub"] = .string(sub.replacingAll("*", with: "example"))
        if sub.contains("*"), let ref = sub.split(separator: ":ref:", maxSplits: 1).last, ref.hasPrefix("refs/") {
            claims["ref"] = .string(String(ref).replacingAll("*", with: "example"))
        }
        return Run(workflowPath: path, job: job, eventName: p.eventName, sub: sub, via: via, claims: claims)
    }

    enum GlobResult { case success(String), failure(String) }

    /// A push (or pull_request_target) filter glob as a `StringLike` subject, only when IAM's pattern
    /// matches exactly the refs GitHub's does: `**` (any characters, `/` included) is IAM's `*`; GitHub's
    /// `*` stops at `/` while IAM's does not, and `?`, `+`, `[]`, `!` have no IAM equivalent.
    func globSubject(_ p: ClaimPrediction, why: String, source: WorkflowSource) -> GlobResult? {
        guard ["push", "pull_request_target"].contains(p.eventName), p.ref.value == nil else { return nil }
        guard let glob = Self.backquoted(why) else { return nil }
        let filters = source.workflow.triggers.flatMap { t -> [String] in
            switch t {
            case .push(let f) where p.eventName == "push": return f.branches + f.tags
            case .pullRequestTarget(let f) where p.eventName == "pull_request_target": return f.branches
            default: return []
            }
        }
        guard filters.contains(glob) else { return nil }
        let literal = glob.replacingAll("**", with: "")
        if literal.contains(where: { "*?[]!+".contains($0) }) {
            return .failure("`\(glob)` is a filter pattern IAM cannot express exactly (GitHub's `*` stops at `/`, IAM's does not; `?`, `+`, `[]` and `!` have no IAM equivalent), so StringLike would admit refs the filter excludes")
        }
        let sentinel = "KEYLESSGLOBSENTINEL"
        let prefix = why.contains(" tag ") ? "refs/tags/" : "refs/heads/"
        let probe = prefix + glob.replacingAll("**", with: sentinel)
        guard let q = (try? sourcePredictor(source).predict(source.workflow, event: p.eventName, ref: probe))?.first(where: { $0.job == p.job }),
              let s = q.sub.value, s.contains(sentinel) else { return nil }
        return .success(s.replacingAll(sentinel, with: "*"))
    }

    /// The one backquoted part of a reason ("a branch matching `release/**`").
    static func backquoted(_ text: String) -> String? {
        let parts = text.split(separator: "`", omittingEmptySubsequences: false)
        return parts.count == 3 ? String(parts[1]) : nil
    }

    // MARK: Policy

    public var providerARN: ARN { .oidcProvider(host: providerHost, account: account, partition: partition) }

    /// One statement: the provider, the action, `aud` and exactly the subjects (`StringLike` only when one is a pattern).
    public func policy(_ subjects: [String]) -> PolicyDocument {
        let pattern = subjects.contains { $0.contains("*") }
        return PolicyDocument(statements: [
            Statement(
                sid: Self.sid, effect: .allow, principal: .federated(providerARN),
                actions: .action([TrustSimulator.action]),
                conditions: [
                    Condition(.stringEquals, "\(providerHost):aud", [OIDCProvider.stsAudience]),
                    Condition(pattern ? .stringLike : .stringEquals, "\(providerHost):sub", subjects),
                ])
        ])
    }

    // MARK: Truth table

    func token(_ repo: RepositoryName, sub: String, ref: String, event: String) -> TokenClaims {
        [
            "iss": .string("https://\(providerHost)"), "aud": .string(OIDCProvider.stsAudience), "sub": .string(sub),
            "repository": .string(repo.plain), "repository_owner": .string(repo.owner), "ref": .string(ref),
            "event_name": .string(event),
        ]
    }

    func truthTable(
        _ policy: PolicyDocument, runs: [Run], subjects: [String], sources: [WorkflowSource],
        selected: [(WorkflowSource, Job)], usedCallers: Set<String>
    ) -> [Row] {
        let simulator = TrustSimulator()
        var rows: [Row] = runs.map { r in
            Row(label: r.label, sub: r.sub, eventName: r.eventName, expectation: .admit, result: simulator.evaluate(policy, claims: r.claims))
        }
        // The other jobs of the workflows, each distinct token once.
        var seen: Set<String> = []
        for s in sources {
            for j in s.workflow.jobs where !selected.contains(where: { $0.0.path == s.path && $0.1.id == j.id }) && !usedCallers.contains("\(s.path)#\(j.id)") {
                for p in (try? sourcePredictor(s).predict(s.workflow)) ?? [] where p.job == j.id {
                    guard let sub = p.sub.value, seen.insert("\(s.path)#\(j.id)#\(sub)").inserted else { continue }
                    let result = simulator.evaluate(policy, claims: p.claims(issuer: "https://\(providerHost)"))
                    rows.append(Row(label: "other job '\(j.id)' on \(p.eventName)", sub: sub, eventName: p.eventName,
                                    expectation: subjects.contains(sub) ? .indistinguishable : .refuse, result: result))
                }
            }
        }
        let repo = predictor.repository
        // Probes: the first exact subject in another repository, a fork, on another branch; a pull request.
        let exact = subjects.first { !$0.contains("*") } ?? subjects[0].replacingAll("*", with: "x")
        let context = SubjectClaim(parsing: exact)?.context ?? .branch(predictor.defaultBranch)
        let main = "refs/heads/\(predictor.defaultBranch)"
        let other = RepositoryName(owner: repo.owner, name: "another-repository", ownerID: repo.ownerID, repositoryID: repo.repositoryID.map { _ in "1" })
        let fork = RepositoryName(owner: "a-fork-owner", name: repo.name, ownerID: repo.ownerID.map { _ in "2" }, repositoryID: repo.repositoryID.map { _ in "3" })
        var probes: [(String, RepositoryName, SubjectClaim.Context, String, String)] = [
            ("another repository (\(other.plain))", other, context, main, "push"),
            ("a fork (\(fork.plain))", fork, context, main, "push"),
        ]
        // With a pattern subject another branch may be one the filter names: no fixed probe then.
        if !subjects.contains(where: { $0.contains("*") }) {
            probes.append(("another branch (untrusted-branch)", repo, .branch("untrusted-branch"), "refs/heads/untrusted-branch", "push"))
        }
        let pullRequest = SubjectClaim(repository: repo, context: .pullRequest).description
        if !subjects.contains(pullRequest) { probes.append(("a pull request", repo, .pullRequest, "refs/pull/1/merge", "pull_request")) }
        for (label, r, ctx, ref, event) in probes {
            let sub = SubjectClaim(repository: r, context: ctx).description
            rows.append(Row(label: label, sub: sub, eventName: event, expectation: .refuse,
                            result: simulator.evaluate(policy, claims: token(r, sub: sub, ref: ref, event: event))))
        }
        return rows
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
