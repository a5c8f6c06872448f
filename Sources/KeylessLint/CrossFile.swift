import KeylessCore
import KeylessModel
import Yams

extension Linter {
    /// Rules that need more than one file: a job that calls a local reusable workflow
    /// (`uses: ./.github/workflows/x.yml`) caps that workflow's permissions, so when the callee
    /// assumes a role with OIDC the caller job must grant `id-token: write` too.
    public func crossFile(_ workflows: [(path: String, text: String)]) -> [Diagnostic] {
        var decoded: [(path: String, root: Node, workflow: Workflow)] = []
        for (path, text) in workflows {
            let reader = YAMLReader(path: path, strict: false, rule: "workflow-shape")
            guard let root = reader.compose(text), case .mapping = root, let w = WorkflowCodec.decode(root, reader: reader) else { continue }
            decoded.append((path, root, w))
        }
        func callee(_ uses: String) -> Workflow? {
            guard uses.hasPrefix("./") else { return nil }
            let suffix = String(uses.dropFirst(2))
            return decoded.first { $0.path == suffix || $0.path.hasSuffix("/" + suffix) }?.workflow
        }
        var out: [Diagnostic] = []
        for (path, root, w) in decoded {
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
}
