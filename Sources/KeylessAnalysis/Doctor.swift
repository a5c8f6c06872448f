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
            /// The token depends on something the file does not say (an expression, a glob).
            case unpredictable
        }

        public var kind: Kind
        public var prediction: ClaimPrediction
        public var result: SimulationResult?
        /// For a refusal: the policy or workflow change that makes AWS admit the job.
        public var fix: String?
        /// The troubleshooting entry (page `troubleshooting-ID` of the guide) that explains this refusal.
        public var troubleshooting: String?
        /// The rule id diagnostics carry.
        public var rule: String { kind == .refused ? "doctor-refused" : "doctor-unpredictable" }

        /// One sentence for a diagnostic.
        public var message: String {
            let p = prediction
            let subText = p.sub.value.map { "`\($0)`" } ?? "an unknown sub"
            switch kind {
            case .admitted:
                return "job '\(p.job)' on \(p.eventName) presents \(subText): admitted"
            case .refused:
                return "job '\(p.job)' on \(p.eventName) presents \(subText) and the trust policy refuses it: "
                    + (result?.reason ?? "") + (fix.map { " Fix: \($0)" } ?? "")
                    + (troubleshooting.map { " See the guide's troubleshooting entry '\($0)'." } ?? "")
            case .unpredictable:
                let why: String
                if case .unknown(let w) = p.sub { why = w } else { why = "a claim is unknown" }
                return "job '\(p.job)' on \(p.eventName): cannot predict the sub (\(why)); check it with `keyless simulate`"
            }
        }
    }

    /// Every combination for the jobs that run aws-actions/configure-aws-credentials with `role-to-assume`.
    public func examine(_ workflow: Workflow, policy: PolicyDocument, event: String? = nil, ref: String? = nil) -> [Finding] {
        let assuming = Dictionary(uniqueKeysWithValues: workflow.jobs.compactMap { job in
            Self.credentialsStep(job).map { (job.id, $0) }
        })
        return predictor.predict(workflow, event: event, ref: ref).compactMap { p -> Finding? in
            guard let step = assuming[p.job] else { return nil }
            guard p.sub.value != nil else { return Finding(kind: .unpredictable, prediction: p) }
            let audience: String
            if case .string(let a)? = step.input("audience") { audience = a } else { audience = OIDCProvider.stsAudience }
            let result = simulator.evaluate(policy, claims: p.claims(audience: audience))
            if result.decision == .allow { return Finding(kind: .admitted, prediction: p, result: result) }
            return Finding(kind: .refused, prediction: p, result: result, fix: fix(p, workflow: workflow, policy: policy, result: result),
                           troubleshooting: Self.troubleshootingEntry(p, result: result))
        }
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
