import KeylessSyntax
import KeylessModel

/// For every job that assumes a role and every event it runs for: predict the token, simulate the trust
/// policy, and report what AWS would refuse with the change that fixes it.
public struct Doctor: Sendable {
    public var predictor: ClaimPredictor
    public var simulator: TrustSimulator

    public init(predictor: ClaimPredictor, simulator: TrustSimulator = TrustSimulator()) {
        self.predictor = predictor
        self.simulator = simulator
    }

    /// One job × event combination and what the policy makes of it.
    public struct Finding: Hashable, Sendable {
        public enum Kind: String, Hashable, Sendable {
            case admitted, refused
            /// The token depends on something the file does not say (an expression, a glob, the caller).
            case unpredictable
        }

        public var kind: Kind
        public var prediction: ClaimPrediction
        public var result: SimulationResult?
        /// For a refusal: the policy or workflow change that makes AWS admit the job.
        public var fix: String?
        /// The troubleshooting entry (page `troubleshooting-ID` of the guide) that explains this refusal.
        public var troubleshooting: String?
        /// For an unpredictable combination: why it cannot be decided, when it is more than an unknown sub.
        public var reason: String?
        /// For a reusable workflow's job: the caller whose run this is (`release.yml job 'deploy'`).
        public var calledBy: String?
        /// The rule id diagnostics carry.
        public var rule: String { kind == .refused ? "doctor-refused" : "doctor-unpredictable" }

        public init(kind: Kind, prediction: ClaimPrediction, result: SimulationResult? = nil, fix: String? = nil,
                    troubleshooting: String? = nil, reason: String? = nil, calledBy: String? = nil) {
            self.kind = kind
            self.prediction = prediction
            self.result = result
            self.fix = fix
            self.troubleshooting = troubleshooting
            self.reason = reason
            self.calledBy = calledBy
        }

        /// One sentence for a diagnostic.
        public var message: String {
            let p = prediction
            let subText = p.sub.value.map { "`\($0)`" } ?? "an unknown sub"
            let who = "job '\(p.job)'" + (p.calledJob.map { " (through \($0))" } ?? "") + (calledBy.map { " (called by \($0))" } ?? "")
            switch kind {
            case .admitted:
                return "\(who) on \(p.eventName) presents \(subText): admitted"
            case .refused:
                return "\(who) on \(p.eventName) presents \(subText) and the trust policy refuses it: "
                    + (result?.reason ?? "") + (fix.map { " Fix: \($0)" } ?? "")
                    + (troubleshooting.map { " See the guide's troubleshooting entry '\($0)'." } ?? "")
            case .unpredictable:
                let why: String
                if let reason { why = reason } else if case .unknown(let w) = p.sub { why = w } else { why = "a claim is unknown" }
                return "\(who) on \(p.eventName): cannot predict the sub (\(why)); check it with `keyless simulate`"
            }
        }
    }

    /// A workflow of the same folder with a job that calls the examined (reusable) workflow.
    public struct Caller: Sendable {
        /// The caller's file name (`release.yml`).
        public var name: String
        public var workflow: Workflow

        public init(name: String, workflow: Workflow) {
            self.name = name
            self.workflow = workflow
        }
    }

    /// Every combination doctor looked at.
    public struct Report: Sendable {
        public var findings: [Finding]
        /// No job assumes a role with OIDC, directly or through a local reusable workflow Keyless read, and no
        /// call leaves it open.
        public var noRoleAssumingJob: Bool { findings.isEmpty }
    }

    /// Every combination for the jobs that assume a role: the workflow's own jobs, the jobs of the local
    /// reusable workflows they call, and, for a reusable workflow, its jobs as each caller runs them.
    /// `name` is this file's name; `callers` the folder's workflows that call it (nil: not looked for).
    public func examine(
        _ workflow: Workflow, policy: PolicyDocument, event: String? = nil, ref: String? = nil,
        name: String? = nil, callers: [Caller]? = nil
    ) throws(ClaimPredictor.EventNotTriggered) -> Report {
        var findings: [Finding] = []
        // A reusable workflow's own jobs are examined in examineCalled, as their callers run them.
        for p in try predictor.predict(workflow, event: event, ref: ref) where p.eventName != "workflow_call" {
            if let f = classify(p, workflow: workflow, policy: policy) { findings.append(f) }
        }
        if workflow.triggers.contains(where: { $0.eventName == "workflow_call" }), event == nil || event == "workflow_call" {
            findings += examineCalled(workflow, policy: policy, ref: ref, name: name, callers: callers)
        }
        return Report(findings: findings)
    }

    /// A role-assuming prediction is simulated; a call Keyless cannot read is not decidable; the rest
    /// (no AWS role) is nothing to check.
    func classify(_ p: ClaimPrediction, workflow: Workflow, policy: PolicyDocument, undecided: String? = nil) -> Finding? {
        switch p.assumesRole {
        case true?:
            if p.sub.value == nil, let undecided { return Finding(kind: .unpredictable, prediction: p, reason: undecided) }
            return evaluate(p, workflow: workflow, policy: policy)
        case nil where p.calls != nil && p.calledJob == nil:
            return Finding(kind: .unpredictable, prediction: p, reason:
                "it calls `\(p.calls ?? "")`, which Keyless cannot read: whether that assumes a role, and with which sub, is not decidable from this file")
        case nil:
            guard p.sub.value != nil else { return Finding(kind: .unpredictable, prediction: p) }
            return Finding(kind: .unpredictable, prediction: p, reason:
                "it runs a local or docker action Keyless does not read, so whether it assumes a role is not decidable; if it does, it presents `\(p.sub.value ?? "")`")
        default:
            return nil
        }
    }

    /// A reusable workflow's role-assuming jobs with each caller's events when callers are known; without
    /// one, a literal environment still fixes the sub (assuming a caller in this repository), else the
    /// combination is not decidable.
    func examineCalled(_ workflow: Workflow, policy: PolicyDocument, ref: String?, name: String?, callers: [Caller]?) -> [Finding] {
        let path = predictor.workflowPath
        let visited = name.map { [$0] } ?? []
        guard let callers, !callers.isEmpty, let name else {
            let called = ClaimPredictor.EventContext(name: "workflow_call", ref: ref.map { .known(ClaimPredictor.fullRef($0)) } ?? .unknown("the caller's ref"),
                                                     pullRequest: false, callerUnknown: true)
            let why = callers == nil || name == nil ? "its callers were not looked for" : "no workflow beside \(name ?? "it") calls it"
            return workflow.jobs.flatMap { predictor.predict($0, of: workflow, in: called, path: path, visited: visited) }.compactMap {
                classify($0, workflow: workflow, policy: policy, undecided:
                    "this workflow is reusable (workflow_call) and \(why): the sub is its caller's, so it cannot be decided")
            }
        }
        var findings: [Finding] = []
        let overrideRef = ref.map(ClaimPredictor.fullRef)
        for caller in callers {
            var callerPredictor = predictor
            callerPredictor.workflowPath = ".github/workflows/\(caller.name)"
            for job in caller.workflow.jobs where job.uses.flatMap(LocalWorkflows.fileName(ofLocalCall:)) == name {
                let contexts = caller.workflow.triggers.flatMap { callerPredictor.contexts($0, ref: overrideRef) }
                for context in contexts {
                    for p in workflow.jobs.flatMap({ predictor.predict($0, of: workflow, in: context, path: path, visited: visited) }) {
                        guard var f = classify(p, workflow: workflow, policy: policy, undecided: context.callerUnknown
                            ? "\(caller.name) is reusable too: the sub is its caller's" : nil) else { continue }
                        f.calledBy = "\(caller.name) job '\(job.id)'"
                        findings.append(f)
                    }
                }
            }
        }
        return findings
    }

    /// The simulation of one prediction, with the fix when AWS refuses it.
    func evaluate(_ p: ClaimPrediction, workflow: Workflow, policy: PolicyDocument) -> Finding {
        guard p.sub.value != nil else { return Finding(kind: .unpredictable, prediction: p) }
        let result = simulator.evaluate(policy, claims: p.claims(audience: Self.audience(p, in: workflow)))
        if result.decision == .allow { return Finding(kind: .admitted, prediction: p, result: result) }
        return Finding(kind: .refused, prediction: p, result: result, fix: fix(p, workflow: workflow, policy: policy, result: result),
                       troubleshooting: Self.troubleshootingEntry(p, result: result))
    }

    /// The credentials step's `audience` of the job (not of a called job, which Keyless reads only for its
    /// environment), or STS's default.
    static func audience(_ p: ClaimPrediction, in workflow: Workflow) -> String {
        if p.calledJob == nil, let job = workflow.jobs.first(where: { $0.id == p.job }), let step = credentialsStep(job),
            case .string(let a)? = step.input("audience")
        {
            return a
        }
        return OIDCProvider.stsAudience
    }

    /// Ids of the guide's entries for refusals (`Sources/KeylessCatalog/Troubleshooting`); a catalog test
    /// checks every id this can return exists.
    public static let troubleshootingIDs = [
        "sub-mismatch-environment", "sub-mismatch-pull-request", "sub-mismatch-tag-or-branch",
        "reusable-workflow-caller-sub", "trust-audience-condition-mismatch",
    ]

    static func troubleshootingEntry(_ p: ClaimPrediction, result: SimulationResult) -> String? {
        guard let failed = result.statements.first(where: { $0.effect == .allow && $0.applies })?.failedCondition else { return nil }
        let key = failed.key.lowercased()
        if key.hasSuffix(":aud") { return "trust-audience-condition-mismatch" }
        guard key.hasSuffix(":sub") else { return nil }
        if p.environment != nil { return "sub-mismatch-environment" }
        if p.eventName == "pull_request" { return "sub-mismatch-pull-request" }
        if p.calls != nil { return "reusable-workflow-caller-sub" }
        return "sub-mismatch-tag-or-branch"
    }

    /// The job's credentials step when it assumes a role through OIDC.
    static func credentialsStep(_ job: Job) -> Step? {
        job.steps.first { s in
            s.uses?.repository == "aws-actions/configure-aws-credentials" && s.input("role-to-assume") != nil
                && s.input("aws-access-key-id") == nil
        }
    }

    /// The exact subject to add to the failing condition, and the workflow change that avoids it when one exists.
    func fix(_ p: ClaimPrediction, workflow: Workflow, policy: PolicyDocument, result: SimulationResult) -> String {
        if let deny = result.statements.first(where: { $0.effect == .deny && $0.matched }) {
            return "\(deny.label) denies this token explicitly; narrow that Deny or do not assume the role from this job on \(p.eventName)."
        }
        guard let closest = result.statements.first(where: { $0.effect == .allow && $0.applies }) else {
            return "add an Allow statement for \(TrustSimulator.action) whose Federated principal is the provider of \(OIDCProvider.githubActionsURL)."
        }
        guard let failed = closest.failedCondition, let sub = p.sub.value else { return "change \(closest.label): \(closest.detail)." }
        if failed.key.lowercased().hasSuffix(":sub") {
            let add = "add \"\(sub)\" to \(failed.op) \"\(failed.key)\" in \(closest.label)"
            // The workflow-side alternative: run the job in an environment the policy already admits.
            let admitted = failed.values.compactMap { SubjectClaim(parsing: $0) }.compactMap { claim -> String? in
                if case .environment(let e) = claim.context, claim.repository.plain == p.repository { return e }
                return nil
            }
            if let env = p.environment?.value, !admitted.isEmpty, !admitted.contains(env) {
                return add + ", or run the job in an environment the policy admits (`environment: \(admitted[0])`)."
            }
            if p.environment == nil, !admitted.isEmpty {
                return add + ", or declare `environment: \(admitted[0])` on the job."
            }
            return add + "."
        }
        if failed.key.lowercased().hasSuffix(":aud") {
            return "set the credentials step's `audience` to \(failed.values.map { "`\($0)`" }.joined(separator: " or ")), or add the token's audience to \(failed.op) \"\(failed.key)\"."
        }
        return "the condition \(failed.op) \(failed.key) in \(closest.label) refuses this token; adjust it or the job."
    }
}
