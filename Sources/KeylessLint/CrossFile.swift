import KeylessSyntax
import KeylessModel
import Yams

/// A workflow as the first pass decoded it, with its node tree for positions.
public struct DecodedWorkflow {
    public var path: String
    public var root: Node
    public var workflow: Workflow
}

extension Linter {
    /// Rules that need more than one file: a job that calls a local reusable workflow
    /// (`uses: ./.github/workflows/x.yml`) caps that workflow's permissions, so when the callee
    /// assumes a role with OIDC the caller job must grant `id-token: write` too.
    public func crossFile(_ decoded: [DecodedWorkflow]) -> [Diagnostic] {
        func callee(_ uses: String) -> Workflow? {
            guard uses.hasPrefix("./") else { return nil }
            let suffix = String(uses.dropFirst(2))
            return decoded.first { $0.path == suffix || $0.path.hasSuffix("/" + suffix) }?.workflow
        }
        var out: [Diagnostic] = []
        for d in decoded {
            let (path, root, w) = (d.path, d.root, d.workflow)
            for job in w.jobs {
                guard let uses = job.uses, let target = callee(uses) else { continue }
                let oidcJobs = target.jobs.filter { j in
                    j.steps.contains { s in
                        s.uses?.repository == WorkflowRules.credentialsAction && s.input("role-to-assume") != nil
                            && s.input("aws-access-key-id") == nil
                    }
                }
                guard let first = oidcJobs.first else { continue }
                let effective = job.permissions ?? w.permissions ?? .scopes([])
                if effective.access(.idToken) != .write {
                    let node = root.locate([.key("jobs"), .key(job.id), .key("uses")])
                    out.append(Diagnostic(
                        .error, at: SourceLocation(path: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1),
                        "job '\(job.id)' calls \(uses), whose job '\(first.id)' assumes a role with OIDC, but does not grant id-token: write; a caller's permissions cap the called workflow's",
                        rule: "missing-id-token"))
                }
            }
        }
        return out
    }

    /// Only callers of local workflows and reusable workflows matter here; the rest are not read twice.
    public static func mayTakePartInACall(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return contains(bytes, "uses: ./") || contains(bytes, "workflow_call")
    }
}
