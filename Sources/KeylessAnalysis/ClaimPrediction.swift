import KeylessSyntax
import KeylessModel

/// A claim value the predictor either knows or cannot know from the workflow file alone.
public enum Predicted: Hashable, Sendable {
    case known(String)
    /// Why it cannot be known, for example "environment is ${{ inputs.env }}".
    case unknown(String)

    public var value: String? {
        if case .known(let v) = self { return v }
        return nil
    }
}

/// The claims one job's token would carry for one event.
public struct ClaimPrediction: Hashable, Sendable {
    /// The job id; a reusable-workflow call is the calling job's id.
    public var job: String
    public var eventName: String
    public var sub: Predicted
    /// Nil when the job declares no environment.
    public var environment: Predicted?
    public var ref: Predicted
    public var jobWorkflowRef: Predicted?
    /// `OWNER/REPO` (the `repository` claim).
    public var repository: String
    /// The reusable workflow this job calls, if it is a call.
    public var calls: String?
    /// For a call into a local reusable workflow Keyless read: the callee's job whose token this is
    /// (`deploy.yml job release`, with each level of a nested call).
    public var calledJob: String?
    /// Whether the job (for a call: the called job) assumes an AWS role with the token; nil when Keyless
    /// cannot see it (a remote or unreadable callee).
    public var assumesRole: Bool?
    /// Assumptions the prediction rests on (the default branch standing for "any branch", say).
    public var notes: [String]

    public init(
        job: String, eventName: String, sub: Predicted, environment: Predicted?, ref: Predicted,
        jobWorkflowRef: Predicted?, repository: String, calls: String? = nil, calledJob: String? = nil,
        assumesRole: Bool? = nil, notes: [String] = []
    ) {
        self.job = job
        self.eventName = eventName
        self.sub = sub
        self.environment = environment
        self.ref = ref
        self.jobWorkflowRef = jobWorkflowRef
        self.repository = repository
        self.calls = calls
        self.calledJob = calledJob
        self.assumesRole = assumesRole
        self.notes = notes
    }

    /// Claims STS would see, for the simulator: only the known ones, so an unknown claim stays absent.
    public func claims(issuer: String = OIDCProvider.githubActionsURL, audience: String = OIDCProvider.stsAudience) -> TokenClaims {
        var c: TokenClaims = [
            "iss": .string(issuer), "aud": .string(audience), "repository": .string(repository),
            "repository_owner": .string(String(repository.prefix { $0 != "/" })), "event_name": .string(eventName),
        ]
        if let s = sub.value { c["sub"] = .string(s) }
        if let e = environment?.value { c["environment"] = .string(e) }
        if let r = ref.value { c["ref"] = .string(r) }
        if let j = jobWorkflowRef?.value { c["job_workflow_ref"] = .string(j) }
        return c
    }

    /// Fixed key order; unknown values are null and explained under `unknown`.
    public var json: JSONValue {
        func field(_ p: Predicted?) -> JSONValue { p?.value.map(JSONValue.string) ?? .null }
        var unknown: [(String, JSONValue)] = []
        for (name, p) in [("sub", sub), ("environment", environment), ("ref", ref), ("job_workflow_ref", jobWorkflowRef)] {
            if case .unknown(let why)? = p { unknown.append((name, .string(why))) }
        }
        return .object([
            ("job", .string(job)),
            ("event_name", .string(eventName)),
            ("sub", field(sub)),
            ("environment", field(environment)),
            ("ref", field(ref)),
            ("job_workflow_ref", field(jobWorkflowRef)),
            ("repository", .string(repository)),
            ("calls", calls.map(JSONValue.string) ?? .null),
            ("called_job", calledJob.map(JSONValue.string) ?? .null),
            ("assumes_role", assumesRole.map(JSONValue.bool) ?? .null),
            ("unknown", .object(unknown)),
            ("notes", .array(notes.map(JSONValue.string))),
        ])
    }

    /// One block per prediction for a terminal.
    public var text: String {
        func show(_ p: Predicted?) -> String {
            switch p {
            case .known(let v)?: return v
            case .unknown(let why)?: return "unknown (\(why))"
            case nil: return "-"
            }
        }
        var lines = [
            "\(job) [\(eventName)]" + (calls.map { " calls \($0)" } ?? "") + (calledJob.map { ", \($0)" } ?? ""),
            "  sub: \(show(sub))",
            "  environment: \(show(environment))",
            "  ref: \(show(ref))",
            "  job_workflow_ref: \(show(jobWorkflowRef))",
            "  assumes a role: " + (assumesRole.map { $0 ? "yes" : "no" } ?? "cannot tell"),
        ]
        lines += notes.map { "  note: \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }
}
