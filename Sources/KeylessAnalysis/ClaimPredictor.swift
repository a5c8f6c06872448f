import KeylessModel

/// Predicts the claims each job of a workflow would present, following GitHub's documented rules
/// (https://docs.github.com/en/actions/reference/security/oidc#example-subject-claims): the `sub` names the
/// environment if the job declares one, else `pull_request` for a pull_request run, else the ref; a `:`
/// inside a value is written `%3A`; a reusable workflow's jobs present the caller's claims and name the
/// callee only in `job_workflow_ref`. Where each event runs is `GitHubEvent.runRefs` (GitHub's table of
/// events). What depends on an expression is reported unknown, never guessed.
public struct ClaimPredictor: Sendable {
    /// `OWNER/REPO`, with ids for the immutable subject form.
    public var repository: RepositoryName
    public var defaultBranch: String
    /// `.github/workflows/NAME.yml`, for the `job_workflow_ref` of the workflow's own jobs.
    public var workflowPath: String?
    /// The local reusable workflows the jobs call, so a called job's environment decides the sub.
    public var callees: LocalWorkflows

    public init(repository: RepositoryName, defaultBranch: String = "main", workflowPath: String? = nil, callees: LocalWorkflows = .none) {
        self.repository = repository
        self.defaultBranch = defaultBranch
        self.workflowPath = workflowPath
        self.callees = callees
    }

    /// `--event` names an event the workflow's `on:` does not list: there is no run to predict.
    public struct EventNotTriggered: Error, Sendable, Equatable, CustomStringConvertible {
        public var event: String
        /// The events `on:` lists, in file order.
        public var triggers: [String]

        public init(event: String, triggers: [String]) {
            self.event = event
            self.triggers = triggers
        }

        public var description: String {
            "the workflow is not triggered by \(event) (its triggers: \(triggers.isEmpty ? "none" : triggers.joined(separator: ", ")))"
                + (triggers == ["workflow_call"] ? "; it is reusable: its jobs run with the event of the workflow that calls it" : "")
        }
    }

    /// The context an event gives every job of a run.
    struct EventContext {
        var name: String
        var ref: Predicted
        var pullRequest: Bool
        /// Set for `workflow_call`: the workflow is reusable, so its claims are its caller's.
        var callerUnknown: Bool = false
        /// Set when the ref is known but GitHub does not document which subject the event presents.
        var subUnknown: String?
        var notes: [String] = []
    }

    /// One prediction per job and event (and per called job of a local reusable workflow); with `event`
    /// only that event, with `ref` that ref for it.
    public func predict(_ workflow: Workflow, event: String? = nil, ref: String? = nil) throws(EventNotTriggered) -> [ClaimPrediction] {
        let overrideRef = ref.map(Self.fullRef)
        let triggers = event.map { e in workflow.triggers.filter { $0.eventName == e } } ?? workflow.triggers
        if let event, triggers.isEmpty {
            throw EventNotTriggered(event: event, triggers: workflow.triggers.map(\.eventName))
        }
        let contexts = triggers.flatMap { self.contexts($0, ref: overrideRef) }
        return workflow.jobs.flatMap { job in
            contexts.flatMap { predict(job, of: workflow, in: $0, path: workflowPath, visited: []) }
        }
    }

    /// `main` → `refs/heads/main`; a full `refs/…` stays as it is.
    static func fullRef(_ ref: String) -> String {
        ref.hasPrefix("refs/") ? ref : "refs/heads/\(ref)"
    }

    func contexts(_ trigger: Trigger, ref: String?) -> [EventContext] {
        let name = trigger.eventName
        let defaultRef = "refs/heads/\(defaultBranch)"
        switch trigger {
        case .push(let f):
            if let ref {
                let excluded = PushRefs.runs(for: ref, filter: f) ? [] : ["the push filter does not run this workflow for \(ref)"]
                return [EventContext(name: name, ref: .known(ref), pullRequest: false, notes: excluded)]
            }
            return PushRefs(filter: f, defaultBranch: defaultBranch).refs.map {
                EventContext(name: name, ref: $0.ref, pullRequest: false, notes: $0.notes)
            }
        case .pullRequest:
            // The run's ref is the merge ref of a pull request whose number the file cannot tell.
            return [EventContext(name: name, ref: ref.map(Predicted.known) ?? .unknown("refs/pull/NUMBER/merge"), pullRequest: true,
                                 notes: ["runs from forks get no OIDC token at all"])]
        case .pullRequestTarget:
            // github.com (and GHES 3.20+) run pull_request_target on the default branch of the base repository,
            // whatever the pull request's base; `branches:` only selects which pull requests trigger it.
            return [EventContext(name: name, ref: .known(ref ?? defaultRef), pullRequest: false,
                                 notes: ["pull_request_target runs on the default branch (on GitHub Enterprise Server before 3.20: on the pull request's base branch)"])]
        case .schedule:
            // Scheduled runs use the latest commit on the default branch.
            return [EventContext(name: name, ref: .known(ref ?? defaultRef), pullRequest: false)]
        case .workflowDispatch:
            return [EventContext(name: name, ref: .known(ref ?? defaultRef), pullRequest: false,
                                 notes: ref == nil ? ["workflow_dispatch runs on the branch chosen when dispatched; shown for the default branch"] : [])]
        case .workflowCall:
            return [EventContext(name: name, ref: ref.map(Predicted.known) ?? .unknown("the caller's ref"), pullRequest: false, callerUnknown: true)]
        case .other(let event, _):
            return [otherContext(event, ref: ref, defaultRef: defaultRef)]
        }
    }

    /// Events outside push, pull_request*, schedule, workflow_dispatch and workflow_call, from GitHub's table.
    func otherContext(_ event: String, ref: String?, defaultRef: String) -> EventContext {
        switch GitHubEvent.runRef(of: event) {
        case .defaultBranch?, .pushedRef?, .dispatchedRef?:
            return EventContext(name: event, ref: .known(ref ?? defaultRef), pullRequest: false,
                                notes: ref == nil ? ["\(event) runs on the default branch"] : [])
        case .eventRef(let which)?:
            if let ref { return EventContext(name: event, ref: .known(ref), pullRequest: false) }
            return EventContext(name: event, ref: .unknown(which), pullRequest: false,
                                notes: ["\(event) runs on \(which): pass --ref to predict one"])
        case .pullRequestReviewMerge?:
            return EventContext(
                name: event, ref: ref.map(Predicted.known) ?? .unknown("refs/pull/NUMBER/merge"), pullRequest: false,
                subUnknown: "\(event) runs on the pull request's merge ref, and GitHub's OIDC reference does not say whether its sub is `pull_request` or that ref",
                notes: ["runs from forks get no OIDC token at all"])
        case .pullRequestMerge?:
            return EventContext(name: event, ref: ref.map(Predicted.known) ?? .unknown("refs/pull/NUMBER/merge"), pullRequest: true)
        case .caller?:
            return EventContext(name: event, ref: ref.map(Predicted.known) ?? .unknown("the caller's ref"), pullRequest: false, callerUnknown: true)
        case nil:
            return EventContext(name: event, ref: ref.map(Predicted.known) ?? .unknown("`\(event)` is not an event GitHub documents"),
                                pullRequest: false, notes: ["`\(event)` is not an event GitHub documents: not predicted"])
        }
    }

    /// GitHub allows ten levels of nested reusable workflows; a cycle or a deeper chain stops here.
    static let maxCallDepth = 10

    /// The job's predictions in one context: one, or one per job of the local reusable workflow it calls.
    func predict(_ job: Job, of workflow: Workflow, in context: EventContext, path: String?, visited: [String]) -> [ClaimPrediction] {
        guard let uses = job.uses else { return [predictSteps(job, of: workflow, in: context, path: path)] }
        let workflowRef = calleeRef(uses, callerRef: context.ref)
        var call = ClaimPrediction(
            job: job.id, eventName: context.name, sub: sub(environment: nil, context), environment: nil, ref: context.ref,
            jobWorkflowRef: workflowRef, repository: repository.plain, calls: uses, notes: context.notes)
        let name = LocalWorkflows.fileName(ofLocalCall: uses)
        switch callees.callee(uses) {
        case .workflow(let callee)? where visited.count < Self.maxCallDepth && !visited.contains(name ?? ""):
            let calleePath = String(uses.dropFirst(2))
            let called = callee.jobs.flatMap { predict($0, of: callee, in: context, path: calleePath, visited: visited + [name ?? ""]) }
            if called.isEmpty {
                call.notes.append("`\(uses)` has no jobs")
                return [call]
            }
            return called.map { p in
                var p = p
                p.calledJob = "\(name ?? uses) job \(p.job)" + (p.calledJob.map { " → \($0)" } ?? "")
                p.job = job.id
                p.calls = uses
                return p
            }
        case .workflow?:
            call.notes.append("`\(uses)` calls back into a workflow already on the call chain (or nests deeper than \(Self.maxCallDepth)): not followed")
        case .unreadable(let why)?:
            call.notes.append("`\(uses)` was not read (\(why)): a called job that declares an environment presents `environment:NAME` instead")
        case nil:
            call.notes.append("a called job that declares an environment presents `environment:NAME` instead")
        }
        return [call]
    }

    /// A job that runs steps.
    func predictSteps(_ job: Job, of workflow: Workflow, in context: EventContext, path: String?) -> ClaimPrediction {
        var notes = context.notes
        let environment: Predicted? = job.environment.map { env in
            switch env.name {
            case .expression(let e): return .unknown("environment is \(e.wrapped)")
            case .string(let s) where s.contains("${{"): return .unknown("environment is \(s)")
            default: return .known(env.name.text)
            }
        }
        if context.callerUnknown, environment?.value != nil {
            notes.append("assuming a caller in \(repository.plain): the environment's sub names the caller's repository")
        }
        let workflowRef = path.map { p in context.ref.mapKnown { "\(repository.plain)/\(p)@\($0)" } }
        return ClaimPrediction(
            job: job.id, eventName: context.name, sub: sub(environment: environment, context), environment: environment,
            ref: context.ref, jobWorkflowRef: workflowRef, repository: repository.plain,
            assumesRole: Self.assumesRole(job, in: workflow), notes: notes)
    }

    /// Environment, then pull_request, then the ref, as GitHub builds the default subject.
    func sub(environment: Predicted?, _ context: EventContext) -> Predicted {
        switch environment {
        case .known(let name)?:
            // A reusable workflow's job with a literal environment presents it whoever calls (from this repository).
            return .known(SubjectClaim(repository: repository, context: .environment(name)).description)
        case .unknown(let why)?:
            return .unknown(why)
        case nil:
            break
        }
        if context.callerUnknown { return .unknown("this workflow is reusable (workflow_call): the sub is its caller's") }
        if let why = context.subUnknown { return .unknown(why) }
        if context.pullRequest { return .known(SubjectClaim(repository: repository, context: .pullRequest).description) }
        switch context.ref {
        case .known(let r): return .known(subject(ref: r))
        case .unknown(let why): return .unknown("the ref is \(why)")
        }
    }

    /// The job assumes a role with its OIDC token: configure-aws-credentials with `role-to-assume` and no
    /// keys, or `aws sts assume-role-with-web-identity` in a script. Nil (cannot tell) when it does neither
    /// but runs an action Keyless does not read (a local `./` or a `docker://` action: the step model keeps
    /// neither `uses:` nor `run:` for it) and can request the token: `id-token: write` on the job, or on the
    /// workflow for a job without `permissions:`, or (in a reusable workflow) the caller's grant.
    public static func assumesRole(_ job: Job, in workflow: Workflow) -> Bool? {
        if Doctor.credentialsStep(job) != nil || job.steps.contains(where: { $0.run?.contains("assume-role-with-web-identity") == true }) {
            return true
        }
        guard job.steps.contains(where: { $0.uses == nil && $0.run == nil }) else { return false }
        let reusable = workflow.triggers.contains { $0.eventName == "workflow_call" }
        let grant = job.permissions ?? workflow.permissions
        if let grant { return grant.access(.idToken) == .write ? nil : false }
        return reusable ? nil : false
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
