import KeylessCore
import KeylessModel
import Yams

/// The workflow rules, run over the decoded model; each finding points at the node that causes it.
package struct WorkflowRules {
    let linter: Linter
    let path: String
    var findings: [Diagnostic] = []
    var root: Node = .scalar(.init(""))
    /// The decoded workflow, kept for the cross-file rules.
    var workflow: Workflow?

    init(linter: Linter, path: String) {
        self.linter = linter
        self.path = path
    }

    static let credentialsAction = "aws-actions/configure-aws-credentials"

    mutating func report(_ rule: String, _ at: [PathItem], _ message: String) {
        findings.append(Rules.finding(rule, path: path, root: root, at: at, message))
    }

    mutating func run(_ text: String) -> ([Diagnostic], Bool) {
        let reader = YAMLReader(path: path, strict: false, rule: "workflow-shape", nodeBudget: 2_000_000)
        guard let root = Timings.shared.measure("parse (Yams)", { reader.compose(text) }) else { return (reader.diagnostics, false) }
        self.root = root
        if case .sequence(let items) = root {
            // A fragment of steps: the step rules apply; job and workflow context is unknown.
            let steps = items.enumerated().compactMap { WorkflowCodec.decodeStep($0.element, index: $0.offset, job: "fragment", reader) }
            guard reader.diagnostics.isEmpty else { return (reader.diagnostics, false) }
            for (i, step) in steps.enumerated() {
                checkEnv(step.env, at: [.index(i), .key("env")])
                guard let ref = step.uses else { continue }
                checkPinning(ref, at: [.index(i), .key("uses")])
                if ref.repository == Self.credentialsAction {
                    checkCredentials(step, at: [.index(i)], job: nil, workflow: nil, effective: nil, pullRequest: false)
                }
            }
            return (findings, true)
        }
        guard let w = Timings.shared.measure("decode", { WorkflowCodec.decode(root, reader: reader) }) else { return (reader.diagnostics, false) }
        workflow = w
        Timings.shared.measure("rules") { check(w) }
        return (findings, true)
    }

    mutating func check(_ w: Workflow) {
        if w.permissions?.access(.idToken) == .write {
            report("id-token-at-workflow-level", [.key("permissions"), .key("id-token")],
                   "id-token: write is granted to every job of the workflow; grant it on the job that assumes a role")
        }
        checkEnv(w.env, at: [.key("env")])
        for trigger in w.triggers {
            guard case .workflowCall(_, let secrets) = trigger else { continue }
            for s in secrets where Self.looksLikeAWSKey(s.id) {
                report("long-lived-aws-keys", [.key("on"), .key("workflow_call"), .key("secrets"), .key(s.id)],
                       "reusable workflow declares the AWS key secret '\(s.id)'; callers pass a long-lived key")
            }
        }
        let pullRequest = w.triggers.contains { if case .pullRequest = $0 { return true }; if case .pullRequestTarget = $0 { return true }; return false }
        for job in w.jobs {
            let base: [PathItem] = [.key("jobs"), .key(job.id)]
            checkEnv(job.env, at: base + [.key("env")])
            if let uses = job.uses {
                if !uses.hasPrefix("./"), let at = uses.lastIndex(of: "@"), !ActionRef.isCommitSHA(String(uses[uses.index(after: at)...])) {
                    report("unpinned-action", base + [.key("uses")], "reusable workflow '\(uses)' is not pinned to a full commit SHA")
                }
                if case .explicit(let secrets)? = job.secrets {
                    for kv in secrets where Self.looksLikeAWSKey(kv.key) || Self.looksLikeAWSKey(kv.value.text) {
                        report("long-lived-aws-keys", base + [.key("secrets"), .key(kv.key)], "the job passes the AWS key secret '\(kv.key)' to a reusable workflow")
                    }
                }
            }
            let effective = job.permissions ?? w.permissions
            for (i, step) in job.steps.enumerated() {
                let at = base + [.key("steps"), .index(i)]
                checkEnv(step.env, at: at + [.key("env")])
                guard let ref = step.uses else { continue }
                checkPinning(ref, at: at + [.key("uses")])
                guard ref.repository == Self.credentialsAction else { continue }
                checkCredentials(step, at: at, job: job, workflow: w, effective: effective, pullRequest: pullRequest)
            }
        }
    }

    mutating func checkPinning(_ ref: ActionRef, at: [PathItem]) {
        if !ref.isPinnedToSHA {
            report("unpinned-action", at, "\(ref.repository) is used at '\(ref.ref)', not pinned to a full commit SHA")
        }
        let runtime: String?
        if ref.isPinnedToSHA {
            runtime = linter.pins.pins.first { $0.repository == ref.repository && $0.sha == ref.ref }?.runtime
        } else {
            let major = "v" + ref.ref.dropFirst(ref.ref.hasPrefix("v") ? 1 : 0).prefix { $0.isNumber }
            runtime = linter.pins.majors.first { $0.repository == ref.repository && $0.major == major }?.runtime
        }
        if let runtime, ["node12", "node16", "node20"].contains(runtime) {
            let current = linter.pins.pin(ref.repository).map { " (current: \($0.version), node24)" } ?? ""
            report("deprecated-action-runtime", at, "\(ref.repository)@\(ref.ref) runs on \(runtime), which GitHub deprecates\(current)")
        }
    }

    mutating func checkEnv(_ env: [KeyValue], at: [PathItem]) {
        for kv in env where ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"].contains(kv.key) && kv.value.text.contains("secrets.") {
            report("long-lived-aws-keys", at + [.key(kv.key)], "\(kv.key) is set from a secret: a long-lived access key")
        }
    }

    mutating func checkCredentials(_ step: Step, at: [PathItem], job: Job?, workflow w: Workflow?, effective: Permissions?, pullRequest: Bool) {
        let usesKeys = step.input("aws-access-key-id") != nil || step.input("aws-secret-access-key") != nil
        for key in ["aws-access-key-id", "aws-secret-access-key"] where step.input(key) != nil {
            report("long-lived-aws-keys", at + [.key("with"), .key(key)], "the step signs in with a long-lived access key ('\(key)'); assume a role with OIDC instead")
        }
        let oidc = step.input("role-to-assume") != nil && !usesKeys && step.input("web-identity-token-file") == nil
        if oidc, let job, let w {
            if (effective ?? .scopes([])).access(.idToken) != .write {
                let where_ = job.permissions != nil ? "the job's permissions" : w.permissions != nil ? "the workflow's permissions" : "the default token permissions"
                report("missing-id-token", at + [.key("uses")], "job '\(job.id)' assumes a role with OIDC but \(where_) do not grant id-token: write")
            }
            if case .string(let role)? = step.input("role-to-assume"), !role.hasPrefix("arn:"), !role.contains("${{") {
                report("role-to-assume-not-arn", at + [.key("with"), .key("role-to-assume")], "role-to-assume '\(role)' is not an ARN; with OIDC give the full role ARN")
            }
            if pullRequest {
                let guards = [job.condition?.source, step.condition?.source].compactMap { $0 }.joined(separator: " ")
                let forkGuard = guards.contains("head.repo") || guards.contains("fork")
                let botGuard = guards.contains("dependabot")
                if !(forkGuard && botGuard) {
                    report("pull-request-oidc-without-fork-guard", [.key("jobs"), .key(job.id)],
                           "job '\(job.id)' assumes a role on pull_request without excluding forks and Dependabot, which get no OIDC token")
                }
            }
        }
        if let name = step.input("role-session-name"), case .string(let s) = name, let problem = Validate.sessionNameProblem(s) {
            report("role-session-name-invalid", at + [.key("with"), .key("role-session-name")], "role-session-name '\(s)' \(problem)")
        }
        if let d = step.input("role-duration-seconds") {
            let seconds: Int? = { if case .int(let i) = d { return i }; if case .string(let s) = d { return Int(s) }; return nil }()
            if let seconds, !(900...43200).contains(seconds) {
                report("role-duration-out-of-range", at + [.key("with"), .key("role-duration-seconds")], "role-duration-seconds \(seconds) is outside 900–43200")
            }
        }
        if oidc, case .string(let role)? = step.input("role-to-assume"), !role.hasPrefix("arn:"), !role.contains("${{"), job == nil {
            report("role-to-assume-not-arn", at + [.key("with"), .key("role-to-assume")], "role-to-assume '\(role)' is not an ARN; with OIDC give the full role ARN")
        }
        // Since v4.2.0 the action copies an `AWS_REGION` variable into the `aws-region` input
        // (translateEnvVariables); `AWS_DEFAULT_REGION` is not on its list, so it satisfies nothing.
        let regionEnv = (step.env + (job?.env ?? []) + (w?.env ?? [])).contains { $0.key == "AWS_REGION" }
        if step.input("aws-region") == nil && !regionEnv {
            report("missing-aws-region", at + [.key("uses")],
                   "the credentials step has no aws-region (nor AWS_REGION in env; AWS_DEFAULT_REGION does not count)")
        }
    }

    /// Secret names that hold AWS access keys: `AWS_ACCESS_KEY_ID`, `…_AWS_USER_KEY_ID`, `…_AWS_…_KEY_SECRET`.
    package static func looksLikeAWSKey(_ name: String) -> Bool {
        let u = name.uppercased()
        guard u.contains("AWS") || u.contains("ACCESS_KEY") else { return false }
        return u.contains("ACCESS_KEY") || u.contains("KEY_ID") || u.contains("KEY_SECRET") || u.contains("SECRET_KEY")
    }
}
