import KeylessCredentials
import KeylessModel
import Yams

/// What the workflow rules read, computed once per file: the decoded workflow, its node tree, each job
/// with its effective permissions, each step and `env:` block with its path, and the pull-request triggers.
package struct WorkflowContext {
    package static let credentialsAction = "aws-actions/configure-aws-credentials"

    package let path: String
    package let root: Node
    /// Nil for a fragment (a list of steps): job and workflow context is unknown there.
    package let workflow: Workflow?
    /// Action majors and their runtimes.
    package let pins: ActionPins
    package let jobs: [JobContext]
    /// Every step, in document order (for a fragment, its steps).
    package let steps: [StepContext]
    /// Every `env:` block: the workflow's, then per job its own and its steps'.
    package let envBlocks: [EnvBlock]
    /// The `pull_request` and `pull_request_target` triggers.
    package let pullRequestTriggers: [Trigger]

    /// The `aws-actions/configure-aws-credentials` steps among `steps`.
    package let credentialSteps: [StepContext]
    /// How each job gets AWS credentials (the model `audit` uses too).
    package let credentials: WorkflowCredentials

    /// A whole workflow.
    init(path: String, root: Node, workflow w: Workflow, pins: ActionPins, credentials: WorkflowCredentials) {
        self.path = path
        self.credentials = credentials
        self.root = root
        self.workflow = w
        self.pins = pins
        var jobs: [JobContext] = []
        var steps: [StepContext] = []
        var env = [EnvBlock(env: w.env, path: [.key("env")])]
        for job in w.jobs {
            let base: [PathItem] = [.key("jobs"), .key(job.id)]
            let source = job.permissions != nil ? "the job's permissions" : w.permissions != nil ? "the workflow's permissions" : "the default token permissions"
            let jc = JobContext(job: job, path: base, effectivePermissions: job.permissions ?? w.permissions, permissionsSource: source)
            jobs.append(jc)
            env.append(EnvBlock(env: job.env, path: base + [.key("env")]))
            for (i, step) in job.steps.enumerated() {
                let at = base + [.key("steps"), .index(i)]
                steps.append(StepContext(step: step, path: at, job: jc))
                env.append(EnvBlock(env: step.env, path: at + [.key("env")]))
            }
        }
        self.jobs = jobs
        self.steps = steps
        self.credentialSteps = steps.filter(\.isCredentials)
        self.envBlocks = env
        self.pullRequestTriggers = w.triggers.filter {
            if case .pullRequest = $0 { return true }
            if case .pullRequestTarget = $0 { return true }
            return false
        }
    }

    /// A fragment: a list of steps with no job or workflow around it.
    init(path: String, root: Node, fragment: [Step], pins: ActionPins, credentials: WorkflowCredentials) {
        self.path = path
        self.credentials = credentials
        self.root = root
        self.workflow = nil
        self.pins = pins
        self.jobs = []
        self.steps = fragment.enumerated().map { StepContext(step: $0.element, path: [.index($0.offset)], job: nil) }
        self.credentialSteps = steps.filter(\.isCredentials)
        self.envBlocks = fragment.enumerated().map { EnvBlock(env: $0.element.env, path: [.index($0.offset), .key("env")]) }
        self.pullRequestTriggers = []
    }
}
