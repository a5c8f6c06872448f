import KeylessModel

/// Predicts the claims each job of a workflow would present, following GitHub's documented rules
/// (https://docs.github.com/en/actions/reference/security/oidc#example-subject-claims): the `sub` names the
/// environment if the job declares one, else `pull_request` for a pull_request run, else the ref; a `:`
/// inside a value is written `%3A`; a reusable workflow's jobs present the caller's claims and name the
/// callee only in `job_workflow_ref`. What depends on an expression is reported unknown, never guessed.
public struct ClaimPredictor: Sendable {
    /// `OWNER/REPO`, with ids for the immutable subject form.
    public var repository: RepositoryName
    public var defaultBranch: String
    /// `.github/workflows/NAME.yml`, for the `job_workflow_ref` of the workflow's own jobs.
    public var workflowPath: String?

    public init(repository: RepositoryName, defaultBranch: String = "main", workflowPath: String? = nil) {
        self.repository = repository
        self.defaultBranch = defaultBranch
        self.workflowPath = workflowPath
    }

    /// The context an event gives every job of a run.
    struct EventContext {
        var name: String
        var ref: Predicted
        var pullRequest: Bool
        /// Set for `workflow_call`: the workflow is reusable, so its claims are its caller's.
        var callerUnknown: Bool = false
        var notes: [String] = []
    }

    /// One prediction per job and event; with `event` only that event, with `ref` that ref for it.
    public func predict(_ workflow: Workflow, event: String? = nil, ref: String? = nil) -> [ClaimPrediction] {
        let overrideRef = ref.map(Self.fullRef)
        var contexts: [EventContext] = []
        if let event {
            if let t = workflow.triggers.first(where: { $0.eventName == event }) {
                contexts = self.contexts(t, ref: overrideRef)
            } else {
                contexts = self.contexts(Self.bareTrigger(event), ref: overrideRef)
                for i in contexts.indices { contexts[i].notes.append("the workflow's triggers do not include \(event)") }
            }
        } else {
            contexts = workflow.triggers.flatMap { self.contexts($0, ref: overrideRef) }
        }
        return workflow.jobs.flatMap { job in contexts.map { predict(job, in: $0) } }
    }

    /// `main` → `refs/heads/main`; a full `refs/…` stays as it is.
    static func fullRef(_ ref: String) -> String {
        ref.hasPrefix("refs/") ? ref : "refs/heads/\(ref)"
    }

    static func bareTrigger(_ event: String) -> Trigger {
        switch event {
        case "push": return .push(EventFilter())
        case "pull_request": return .pullRequest(EventFilter())
        case "pull_request_target": return .pullRequestTarget(EventFilter())
        case "schedule": return .schedule([])
        case "workflow_call": return .workflowCall(inputs: [], secrets: [])
        default: return .workflowDispatch(inputs: [])
        }
    }

    static func isPattern(_ s: String) -> Bool {
        s.contains { "*?[]!+".contains($0) }
    }

    /// Refs a filter names, one per entry; a glob stands for refs Keyless cannot list.
    static func refs(_ names: [String], prefix: String, kind: String) -> [Predicted] {
        names.map { isPattern($0) ? .unknown("a \(kind) matching `\($0)`") : .known(prefix + $0) }
    }

    func contexts(_ trigger: Trigger, ref: String?) -> [EventContext] {
        let name = trigger.eventName
        let defaultRef = "refs/heads/\(defaultBranch)"
        switch trigger {
        case .push(let f):
            if let ref { return [EventContext(name: name, ref: .known(ref), pullRequest: false)] }
            let refs = Self.refs(f.branches, prefix: "refs/heads/", kind: "branch") + Self.refs(f.tags, prefix: "refs/tags/", kind: "tag")
            if refs.isEmpty {
                return [EventContext(name: name, ref: .known(defaultRef), pullRequest: false,
                                     notes: ["push runs for any branch; shown for the default branch (pass --ref for another)"])]
            }
            return refs.map { EventContext(name: name, ref: $0, pullRequest: false) }
        case .pullRequest:
            // The run's ref is the merge ref of a pull request whose number the file cannot tell.
            return [EventContext(name: name, ref: ref.map(Predicted.known) ?? .unknown("refs/pull/NUMBER/merge"), pullRequest: true,
                                 notes: ["runs from forks get no OIDC token at all"])]
        case .pullRequestTarget(let f):
            // pull_request_target runs in the context of the base branch.
            if let ref { return [EventContext(name: name, ref: .known(ref), pullRequest: false)] }
            let bases = Self.refs(f.branches, prefix: "refs/heads/", kind: "base branch")
            return (bases.isEmpty ? [.known(defaultRef)] : bases).map { EventContext(name: name, ref: $0, pullRequest: false) }
        case .schedule:
            // Scheduled runs use the latest commit on the default branch.
            return [EventContext(name: name, ref: .known(ref ?? defaultRef), pullRequest: false)]
        case .workflowDispatch:
            return [EventContext(name: name, ref: .known(ref ?? defaultRef), pullRequest: false,
                                 notes: ref == nil ? ["workflow_dispatch runs on the branch chosen when dispatched; shown for the default branch"] : [])]
        case .workflowCall:
            return [EventContext(name: name, ref: ref.map(Predicted.known) ?? .unknown("the caller's ref"), pullRequest: false, callerUnknown: true)]
        }
    }

    func predict(_ job: Job, in context: EventContext) -> ClaimPrediction {
        var notes = context.notes
        let environment: Predicted? = job.environment.map { env in
            switch env.name {
            case .expression(let e): return .unknown("environment is \(e.wrapped)")
            case .string(let s) where s.contains("${{"): return .unknown("environment is \(s)")
            default: return .known(env.name.text)
            }
        }
        let sub: Predicted
        if context.callerUnknown {
            sub = .unknown("this workflow is reusable (workflow_call): the sub is its caller's")
        } else if let environment {
            switch environment {
            case .known(let name): sub = .known(SubjectClaim(repository: repository, context: .environment(name)).description)
            case .unknown(let why): sub = .unknown(why)
            }
        } else if context.pullRequest {
            sub = .known(SubjectClaim(repository: repository, context: .pullRequest).description)
        } else {
            switch context.ref {
            case .known(let r): sub = .known(subject(ref: r))
            case .unknown(let why): sub = .unknown("the ref is \(why)")
            }
        }

        var calls: String?
        let workflowRef: Predicted?
        if let uses = job.uses {
            calls = uses
            workflowRef = calleeRef(uses, callerRef: context.ref)
            notes.append("a called job that declares an environment presents `environment:NAME` instead")
        } else if let path = workflowPath {
            workflowRef = context.ref.mapKnown { "\(repository.plain)/\(path)@\($0)" }
        } else {
            workflowRef = nil
        }
        return ClaimPrediction(
            job: job.id, eventName: context.name, sub: sub, environment: environment, ref: context.ref,
            jobWorkflowRef: workflowRef, repository: repository.plain, calls: calls, notes: notes)
    }

    /// `ref:refs/heads/B` and `ref:refs/tags/T` through SubjectClaim (which escapes `:`); other refs as they are.
    func subject(ref: String) -> String {
        if ref.hasPrefix("refs/heads/") {
            return SubjectClaim(repository: repository, context: .branch(String(ref.dropFirst(11)))).description
        }
        if ref.hasPrefix("refs/tags/") {
            return SubjectClaim(repository: repository, context: .tag(String(ref.dropFirst(10)))).description
        }
        return SubjectClaim(repository: repository, context: .custom("ref:" + SubjectClaim.escape(ref))).description
    }

    /// `job_workflow_ref` of the jobs a call runs: the callee's path at the ref it was called with.
    func calleeRef(_ uses: String, callerRef: Predicted) -> Predicted {
        if uses.hasPrefix("./") {
            // A local reusable workflow runs at the caller's commit and ref.
            return callerRef.mapKnown { "\(repository.plain)/\(uses.dropFirst(2))@\($0)" }
        }
        guard let at = uses.lastIndex(of: "@") else { return .unknown("`\(uses)` has no @ref") }
        let path = uses[..<at], ref = String(uses[uses.index(after: at)...])
        let isSHA = ActionRef.isCommitSHA(ref)
        if isSHA || ref.hasPrefix("refs/") { return .known("\(path)@\(ref)") }
        return .unknown("`\(ref)` is a branch or a tag: \(path)@refs/heads/\(ref) or \(path)@refs/tags/\(ref)")
    }
}

extension Predicted {
    func mapKnown(_ f: (String) -> String) -> Predicted {
        switch self {
        case .known(let v): return .known(f(v))
        case .unknown: return self
        }
    }
}
