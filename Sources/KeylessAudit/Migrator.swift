import Foundation
import KeylessSyntax
import KeylessLint
import KeylessModel
import Yams

/// What `keyless migrate` puts in: the role, and optionally region and session name.
public struct MigrateOptions: Sendable {
    /// A role ARN or a `${{ }}` expression choosing one (per-branch roles).
    public var role: String
    public var region: String?
    public var sessionName: String?

    public init(role: String, region: String? = nil, sessionName: String? = nil) {
        self.role = role
        self.region = region
        self.sessionName = sessionName
    }

    public static let defaultSessionName = "github-actions-${{ github.run_id }}"

    /// Problems with the values themselves (exit 2 before any file is read).
    public func problems() -> [String] {
        var out: [String] = []
        let isExpression = role.contains("${{") && role.contains("}}")
        if !isExpression && !(role.hasPrefix("arn:") && role.contains(":role/")) {
            out.append("--role '\(role)' is neither a role ARN (arn:PARTITION:iam::ACCOUNT:role/NAME) nor a ${{ }} expression")
        }
        if let r = region, !Validate.isRegion(r), !r.contains("${{") { out.append("--region '\(r)' is not an AWS region name such as us-east-1") }
        if let s = sessionName, let p = Validate.sessionNameProblem(s) { out.append("--session-name '\(s)' \(p)") }
        return out
    }
}

/// The result for one file: its text before and after, and what the reader must do elsewhere.
public struct Migration: Sendable {
    public var path: String
    public var original: String
    public var migrated: String
    /// Things outside this file: callers to migrate too, callees left alone.
    public var notes: [String]
    /// Original line numbers (1-based) replaced or deleted.
    public var changedLines: [Int]
    /// Lines written that were not in the file.
    public var newLines: [String]

    public var changed: Bool { original != migrated }

    public var diff: String {
        changed ? UnifiedDiff.make(old: original, new: migrated, oldName: "a/\(path)", newName: "b/\(path)") : ""
    }
}

/// `keyless migrate`: the smallest text edit that moves a workflow from long-lived keys to OIDC.
/// It edits lines located through Yams node marks, never re-emits the document, and refuses shapes
/// it cannot edit safely (flow mappings, aliases, multi-line key values, keys without a credentials step).
public enum Migrator {
    static let credentialsAction = Auditor.credentialsAction

    public static func migrate(_ source: WorkflowSource, options: MigrateOptions, siblings: [WorkflowSource] = []) throws(DiagnosticError) -> Migration {
        try migrate(source, options: options, siblings: siblings, depth: 0)
    }

    static func migrate(_ source: WorkflowSource, options: MigrateOptions, siblings: [WorkflowSource], depth: Int) throws(DiagnosticError) -> Migration {
        var m = try Edit(source, options: options, siblings: siblings, depth: depth)
        try m.run()
        return try m.finish()
    }

    struct Edit {
        let source: WorkflowSource
        let options: MigrateOptions
        let siblings: [WorkflowSource]
        let depth: Int
        let root: Node
        let workflow: Workflow
        let keys: StoredKeys
        var edits: TextEdits
        var notes: [String] = []
        /// Jobs the edit touches, and within them the steps (by index) it changes.
        var editedJobs: [String: Set<Int>] = [:]
        /// AWS key secrets the edited steps and env entries read: none may be left in the result.
        var removedSecrets: Set<String> = []
        var editedTriggers = false
        let sharedLines: Set<Int>
        let sharedLinesOverBudget: Bool

        init(_ source: WorkflowSource, options: MigrateOptions, siblings: [WorkflowSource], depth: Int = 0) throws(DiagnosticError) {
            self.source = source
            self.options = options
            self.siblings = siblings
            self.depth = depth
            let reader = YAMLReader(path: source.path, strict: false, rule: "workflow-shape", nodeBudget: 200_000)
            guard let root = reader.compose(source.text), let w = WorkflowCodec.decode(root, reader: reader) else {
                throw DiagnosticError(reader.diagnostics.isEmpty ? [Diagnostic(at: SourceLocation(path: source.path), "not a workflow", rule: "workflow-shape")] : reader.diagnostics)
            }
            self.root = root
            self.workflow = w
            self.keys = StoredKeys(w)
            self.edits = TextEdits(source.text)
            (self.sharedLines, self.sharedLinesOverBudget) = Self.sharedLines(root)
        }

        /// 0-based lines of the nodes the document reaches more than once (an anchor and its aliases).
        static func sharedLines(_ root: Node) -> (Set<Int>, Bool) {
            var seen = Set<String>()
            var shared = Set<Int>()
            var budget = 200_000
            func walk(_ n: Node) {
                guard budget > 0 else { return }
                budget -= 1
                let kind: String = { switch n { case .mapping: return "m"; case .sequence: return "s"; case .scalar: return "k"; case .alias: return "a" } }()
                if let mark = n.mark, !seen.insert("\(kind):\(mark.line):\(mark.column)").inserted {
                    shared.insert(mark.line - 1)
                    return
                }
                switch n {
                case .mapping(let m): for (k, v) in m { walk(k); walk(v) }
                case .sequence(let s): s.forEach(walk)
                case .scalar, .alias: break
                }
            }
            walk(root)
            return (shared, budget <= 0)
        }

        func refuse(_ node: Node?, _ message: String) -> DiagnosticError {
            DiagnosticError([Diagnostic(at: SourceLocation(path: source.path, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1),
                                        "cannot migrate safely: \(message); edit this by hand", rule: "migrate-refused")])
        }

        /// An alias shares its node with the anchor, so the same mark appears twice, and a node reached
        /// through an alias has its mark outside the entry that uses it; an edit there would change
        /// every place that shares it. Merge keys (`<<`) hide where values come from. Only the entries
        /// the edit touches are checked: an anchor elsewhere in the file does not matter.
        func refuseAliases(in e: MappingEntry, _ what: String) throws(DiagnosticError) {
            let lines = range(e)
            var seen = Set<String>()
            var budget = 200_000
            var found: Node?
            func walk(_ n: Node) {
                guard found == nil, budget > 0 else { return }
                budget -= 1
                // A mapping starts where its first key does: the kind is part of the identity.
                let kind: String = { switch n { case .mapping: return "m"; case .sequence: return "s"; case .scalar: return "k"; case .alias: return "a" } }()
                if let mark = n.mark {
                    if !lines.contains(mark.line - 1) || !seen.insert("\(kind):\(mark.line):\(mark.column)").inserted { found = n; return }
                }
                switch n {
                case .mapping(let m):
                    for (k, v) in m {
                        if k.string == "<<" { found = k; return }
                        walk(k)
                        walk(v)
                    }
                case .sequence(let s): s.forEach(walk)
                case .scalar: break
                case .alias: found = n
                }
            }
            walk(e.value)
            // An anchor inside the entry that an alias elsewhere repeats.
            let anchored = sharedLines.first { lines.contains($0) }
            if anchored != nil && found == nil { found = e.keyNode }
            if budget <= 0 || found != nil || sharedLinesOverBudget {
                throw refuse(found ?? e.keyNode, "\(what) uses YAML aliases, anchors or merge keys (the edit would change several places)")
            }
        }

        // MARK: Node helpers

        /// The entries of a block mapping, or a refusal naming `what`.
        func block(_ node: Node, _ what: String) throws(DiagnosticError) -> [MappingEntry] {
            guard case .mapping(let m) = node else { throw refuse(node, "\(what) is not a mapping") }
            guard !isFlow(node) else { throw refuse(node, "\(what) is a flow mapping ({ … })") }
            return m.map { MappingEntry(key: $0.key.string ?? "", keyNode: $0.key, value: $0.value) }
        }

        func entry(_ entries: [MappingEntry], _ key: String) -> MappingEntry? {
            entries.first { $0.key == key }
        }

        /// Whether a collection is written in flow style: its mark sits on the `{` or `[` (the parsed
        /// style is not reliable for block collections, so the text decides).
        func isFlow(_ n: Node) -> Bool {
            guard let mark = n.mark, mark.line - 1 < edits.lines.count else { return false }
            let scalars = Array(edits.line(mark.line - 1).unicodeScalars)
            guard mark.column - 1 < scalars.count else { return false }
            return scalars[mark.column - 1] == "{" || scalars[mark.column - 1] == "["
        }

        func lineIndex(_ n: Node) -> Int { (n.mark?.line ?? 1) - 1 }
        func column(_ n: Node) -> Int { (n.mark?.column ?? 1) - 1 }

        /// The 0-based line range of a mapping entry.
        func range(_ e: MappingEntry) -> ClosedRange<Int> {
            let start = lineIndex(e.keyNode)
            return start...edits.entryEnd(start, indent: column(e.keyNode))
        }

        /// A `key: value` entry that sits on one line, so replacing or deleting that line is exact.
        func requireOneLine(_ e: MappingEntry, _ what: String) throws(DiagnosticError) {
            guard case .scalar(let s) = e.value, s.style != .literal, s.style != .folded,
                lineIndex(e.value) == lineIndex(e.keyNode), range(e).count == 1
            else { throw refuse(e.keyNode, "\(what) '\(e.key)' spans several lines") }
        }

        func pad(_ n: Int) -> String { String(repeating: " ", count: n) }

        static func line(_ key: String, _ value: String) -> String { "\(key): \(YAMLScalar.quoted(value))" }

        mutating func replace(_ i: Int, _ new: [String]) throws(DiagnosticError) {
            do { try edits.replace(i, with: new) } catch { throw refuse(nil, "two edits meet at line \(error.line)") }
        }

        mutating func delete(_ r: ClosedRange<Int>) throws(DiagnosticError) {
            do { try edits.delete(r) } catch { throw refuse(nil, "two edits meet at line \(error.line)") }
        }

        // MARK: The migration

        func jobNode(_ job: Job) -> Node { root.locate([.key("jobs"), .key(job.id)]) }

        func stepName(_ step: Step, _ i: Int) -> String {
            step.name.map { "'\($0)'" } ?? step.id.map { "'\($0)'" } ?? "\(i + 1)"
        }

        func list(_ names: some Sequence<String>) -> String {
            Array(Set(names)).sorted().map { "secrets.\($0)" }.joined(separator: ", ")
        }

        mutating func run() throws(DiagnosticError) {
            let top = try block(root, "the workflow")
            for kv in workflow.env where keys.isStoredKeyEnv(kv) || keys.isRenamedKeyEnv(kv) {
                throw refuse(root.locate([.key("env"), .key(kv.key)]),
                             "\(kv.key) is set from a stored key in the workflow's env: every job's scripts and actions read it, not only a credentials step; move it to the job that needs it first")
            }
            guard let jobsEntry = entry(top, "jobs") else { return }
            let jobs = try block(jobsEntry.value, "jobs")
            for job in workflow.jobs {
                guard let je = jobs.first(where: { $0.key == job.id }) else { continue }
                if let uses = job.uses {
                    try migrateCaller(job, je, uses: uses)
                } else {
                    try migrateSteps(job, je)
                }
            }
            if !edits.isEmpty { try removeDeclaredKeySecrets(top) }
        }

        /// Why the job's stored keys cannot be replaced by a role: something other than a credentials
        /// step reads them (a script, an action's other inputs, env under another name), or nil.
        func consumer(_ job: Job, known: Set<String>, targets: [Int]) -> (Node, String)? {
            for kv in job.env where keys.isRenamedKeyEnv(kv) {
                return (root.locate([.key("jobs"), .key(job.id), .key("env"), .key(kv.key)]),
                        "job '\(job.id)' hands \(list(keys.awsKeyReferences(in: kv.value.text))) to its scripts as env: \(kv.key); a role's session credentials would not reach that variable")
            }
            for (i, step) in job.steps.enumerated() {
                let path: [PathItem] = [.key("jobs"), .key(job.id), .key("steps"), .index(i)]
                for kv in step.env where keys.isRenamedKeyEnv(kv) {
                    return (root.locate(path + [.key("env"), .key(kv.key)]),
                            "step \(stepName(step, i)) of job '\(job.id)' hands \(list(keys.awsKeyReferences(in: kv.value.text))) to its script or action as env: \(kv.key); a role's session credentials would not reach that variable")
                }
                if let run = step.run {
                    let read = keys.awsKeyReferences(in: run, also: known)
                    if !read.isEmpty {
                        return (root.locate(path + [.key("run")]),
                                "step \(stepName(step, i)) of job '\(job.id)' reads \(list(read)) in its script (run:); the script consumes the key itself, so no credentials step can stand in for it")
                    }
                    let lower = run.lowercased()
                    let visibleKeyEnv = (step.env + job.env).contains(where: keys.isStoredKeyEnv)
                    if lower.contains("aws configure set"), ["aws_access_key_id", "aws_secret_access_key", "aws_session_token"].contains(where: lower.contains), visibleKeyEnv {
                        return (root.locate(path + [.key("run")]),
                                "step \(stepName(step, i)) of job '\(job.id)' writes the keys into a CLI profile with `aws configure set` (a script); replace that script with a configure-aws-credentials step")
                    }
                    if visibleKeyEnv, targets.allSatisfy({ $0 > i }) {
                        return (root.locate(path + [.key("run")]),
                                "step \(stepName(step, i)) of job '\(job.id)' runs a script with the AWS keys of env: before any credentials step; the script consumes the key itself")
                    }
                }
                if !StoredKeys.isCredentialsStep(step) {
                    for kv in step.with {
                        let read = keys.awsKeyReferences(in: kv.value.text, also: known)
                        guard !read.isEmpty else { continue }
                        let target = step.uses.map { "the action \($0.repository)" } ?? "the local composite action"
                        if ["command", "script", "run", "commands", "inline-script"].contains(kv.key) {
                            return (root.locate(path + [.key("with"), .key(kv.key)]),
                                    "step \(stepName(step, i)) of job '\(job.id)' reads \(list(read)) in the script it hands to \(target) (\(kv.key)); the script consumes the key itself, so no credentials step can stand in for it")
                        }
                        return (root.locate(path + [.key("with"), .key(kv.key)]),
                                "step \(stepName(step, i)) of job '\(job.id)' passes \(list(read)) to the inputs of \(target) (\(kv.key)); that action uses the key itself, so it must change (a role input) before this file can")
                    }
                }
            }
            return nil
        }

        /// Steps: the credentials steps that hold stored keys, key env entries, then the job's permissions.
        /// Every other step, and every existing role-to-assume, is left as it is.
        mutating func migrateSteps(_ job: Job, _ je: MappingEntry) throws(DiagnosticError) {
            let envKeys = (job.env + job.steps.flatMap(\.env)).filter(keys.isStoredKeyEnv)
            var targets = job.steps.indices.filter { keys.holdsStoredKeys(job.steps[$0], in: job) }
            // A credentials step without key inputs signs in with the stored keys of env: it sees.
            for (i, step) in job.steps.enumerated() where StoredKeys.isCredentialsStep(step) && !targets.contains(i) {
                let sees = (step.env + job.env).contains(where: keys.isStoredKeyEnv)
                let chained = step.input("role-chaining")?.text.lowercased() == "true"
                if sees && !chained && StoredKeys.keyInputs.allSatisfy({ step.input($0) == nil }) { targets.append(i) }
            }
            targets.sort()
            var known = Set<String>()
            for i in targets {
                for k in StoredKeys.keyInputs { if let v = job.steps[i].input(k) { known.formUnion(StoredKeys.references(in: v.text)) } }
            }
            for kv in envKeys { known.formUnion(StoredKeys.references(in: kv.value.text)) }
            let hasKeys = !targets.isEmpty || !envKeys.isEmpty || job.steps.contains { s in
                (s.run.map { !keys.awsKeyReferences(in: $0).isEmpty } ?? false) || s.with.contains { !keys.awsKeyReferences(in: $0.value.text).isEmpty }
            } || (job.env + job.steps.flatMap(\.env)).contains(where: keys.isRenamedKeyEnv)
            guard hasKeys else { return }
            if let (node, reason) = consumer(job, known: known, targets: targets) { throw refuse(node, reason) }
            guard !targets.isEmpty else {
                throw refuse(jobNode(job), "job '\(job.id)' sets AWS keys in env: without a configure-aws-credentials step (its scripts and actions read them); add one that assumes the role, then run keyless migrate again")
            }
            try refuseAliases(in: je, "job '\(job.id)'")
            let jobEntries = try block(je.value, "job '\(job.id)'")
            guard let stepsEntry = entry(jobEntries, "steps"), case .sequence(let seq) = stepsEntry.value else { return }
            if isFlow(stepsEntry.value) { throw refuse(stepsEntry.value, "the steps of job '\(job.id)' are a flow list") }
            let stepNodes = Array(seq)
            guard stepNodes.count == job.steps.count else { throw refuse(stepsEntry.value, "the steps of job '\(job.id)' do not read back one to one") }
            var touched = Set(targets)
            for i in targets {
                try migrateCredentials(job, step: job.steps[i], node: stepNodes[i], jobEntries: jobEntries)
            }
            // Key env entries anywhere in the job would override the role's credentials: remove them.
            try removeKeyEnv(jobEntries, "job '\(job.id)'")
            for (i, node) in stepNodes.enumerated() {
                if try removeKeyEnv(try block(node, "a step of job '\(job.id)'"), "a step of job '\(job.id)'") { touched.insert(i) }
            }
            try grantIDToken(job, je, jobEntries)
            editedJobs[job.id, default: []].formUnion(touched)
            removedSecrets.formUnion(known)
        }

        @discardableResult
        mutating func removeKeyEnv(_ entries: [MappingEntry], _ what: String) throws(DiagnosticError) -> Bool {
            guard let env = entry(entries, "env") else { return false }
            guard case .mapping = env.value else { return false }
            let items = try block(env.value, "env of \(what)")
            let found = items.filter { e in
                guard case .scalar(let s) = e.value else { return false }
                return keys.isStoredKeyEnv(KeyValue(e.key, ScalarValue(stringLiteral: s.string)))
            }
            guard !found.isEmpty else { return false }
            for k in found {
                try requireOneLine(k, "env entry")
                try delete(range(k))
            }
            if found.count == items.count {
                guard lineIndex(env.keyNode) != lineIndex(items[0].keyNode) else { throw refuse(env.keyNode, "env of \(what) starts on its key's line") }
                try delete(lineIndex(env.keyNode)...lineIndex(env.keyNode))
            }
            return true
        }

        mutating func migrateCredentials(_ job: Job, step: Step, node: Node, jobEntries: [MappingEntry]) throws(DiagnosticError) {
            let entries = try block(node, "the credentials step of job '\(job.id)'")
            func scalar(_ e: MappingEntry) -> String? { if case .scalar(let s) = e.value { return s.string }; return nil }
            guard let with = entry(entries, "with") else {
                // Keys from env: only; the step needs a with: block for the role.
                guard let last = entries.last else { throw refuse(node, "the credentials step of job '\(job.id)' is empty") }
                let indent = pad(column(entries[0].keyNode))
                var add = [indent + "with:", indent + "  " + Self.line("role-to-assume", options.role),
                           indent + "  " + Self.line("role-session-name", options.sessionName ?? MigrateOptions.defaultSessionName)]
                if let r = options.region { add.append(indent + "  " + Self.line("aws-region", r)) }
                else if !(step.env + job.env + workflow.env).contains(where: { $0.key == "AWS_REGION" || $0.key == "AWS_DEFAULT_REGION" }) {
                    throw refuse(node, "the credentials step of job '\(job.id)' has no aws-region; give --region")
                }
                edits.insert(after: range(last).upperBound, add)
                return
            }
            let inputs = try block(with.value, "with: of the credentials step of job '\(job.id)'")
            guard let first = inputs.first, lineIndex(first.keyNode) > lineIndex(with.keyNode) else {
                throw refuse(with.keyNode, "with: of the credentials step of job '\(job.id)' is empty or starts on its key's line")
            }
            let indent = pad(column(first.keyNode))
            let slots = inputs.filter { StoredKeys.keyInputs.contains($0.key) }
            for s in slots { try requireOneLine(s, "input") }
            var add: [String] = []
            if let r = entry(inputs, "role-to-assume") {
                // The step already assumes a role, on top of the keys: keep it as it is; only the keys go.
                notes.append("job '\(job.id)': the credentials step keeps its role-to-assume \(scalar(r) ?? "") (line \(lineIndex(r.keyNode) + 1)); that role's trust policy must now trust GitHub's OIDC provider instead of the IAM user")
                if entry(inputs, "aws-region") == nil {
                    if let want = options.region { add.append(indent + Self.line("aws-region", want)) }
                    else if !(step.env + job.env + workflow.env).contains(where: { $0.key == "AWS_REGION" || $0.key == "AWS_DEFAULT_REGION" }) {
                        throw refuse(with.keyNode, "the credentials step of job '\(job.id)' has no aws-region; give --region")
                    }
                }
            } else {
                add.append(indent + Self.line("role-to-assume", options.role))
                if let s = entry(inputs, "role-session-name") {
                    if let want = options.sessionName, scalar(s) != want {
                        try requireOneLine(s, "input")
                        try replace(lineIndex(s.keyNode), [indent + Self.line("role-session-name", want)])
                    }
                } else {
                    add.append(indent + Self.line("role-session-name", options.sessionName ?? MigrateOptions.defaultSessionName))
                }
                if let r = entry(inputs, "aws-region") {
                    if let want = options.region, scalar(r) != want {
                        try requireOneLine(r, "input")
                        try replace(lineIndex(r.keyNode), [indent + Self.line("aws-region", want)])
                    }
                } else if let want = options.region {
                    add.append(indent + Self.line("aws-region", want))
                } else {
                    let env = step.env + job.env + workflow.env
                    if !env.contains(where: { $0.key == "AWS_REGION" || $0.key == "AWS_DEFAULT_REGION" }) {
                        throw refuse(with.keyNode, "the credentials step of job '\(job.id)' has no aws-region; give --region")
                    }
                }
            }
            if slots.count == inputs.count && add.isEmpty {
                throw refuse(with.keyNode, "with: of the credentials step of job '\(job.id)' would be left empty")
            }
            // Key inputs make room for the new ones, in order; the rest go after the last of them.
            for (k, s) in slots.enumerated() {
                try replace(lineIndex(s.keyNode), k < add.count ? [add[k]] : [])
            }
            if add.count > slots.count {
                let after = slots.last.map { lineIndex($0.keyNode) } ?? range(inputs.last!).upperBound
                edits.insert(after: after, Array(add[slots.count...]))
            }
        }

        /// `id-token: write` in the job's permissions, merged with what is there; `contents: read` kept or added.
        mutating func grantIDToken(_ job: Job, _ je: MappingEntry, _ jobEntries: [MappingEntry]) throws(DiagnosticError) {
            let effective = job.permissions ?? workflow.permissions
            if (effective ?? .scopes([])).access(.idToken) == .write { return }
            let keyIndent = column(jobEntries.first?.keyNode ?? je.keyNode)
            let step = max(2, keyIndent - column(je.keyNode))
            let inner = pad(keyIndent + step)
            func grants(_ p: Permissions?) -> [String] {
                var out: [String] = []
                switch p {
                case .scopes(let g)?: out = g.filter { $0.scope != .idToken }.map { inner + "\($0.scope.rawValue): \($0.access.rawValue)" }
                case .readAll?: out = PermissionScope.allCases.filter { $0 != .idToken }.map { inner + "\($0.rawValue): read" }
                case .writeAll?: out = PermissionScope.allCases.filter { $0 != .idToken }.map { inner + "\($0.rawValue): write" }
                case nil: break
                }
                if p?.access(.contents) == Access.none || p == nil { out.append(inner + "contents: read") }
                return out + [inner + "id-token: write"]
            }
            if let pe = entry(jobEntries, "permissions") {
                if case .mapping(let m) = pe.value, !isFlow(pe.value), !m.isEmpty {
                    let items = try block(pe.value, "permissions of job '\(job.id)'")
                    let indent = pad(column(items[0].keyNode))
                    if let idt = entry(items, "id-token") {
                        try requireOneLine(idt, "permission")
                        try replace(lineIndex(idt.keyNode), [indent + "id-token: write"])
                    } else {
                        var add: [String] = []
                        if entry(items, "contents") == nil { add.append(indent + "contents: read") }
                        add.append(indent + "id-token: write")
                        edits.insert(after: range(items.last!).upperBound, add)
                    }
                    return
                }
                // `permissions: {}`, `permissions:`, `read-all`, `write-all` on one line: replace that line with a block.
                let emptyFlow: Bool = { if case .mapping(let m) = pe.value { return m.isEmpty }; return false }()
                guard emptyFlow || { if case .scalar = pe.value { return true }; return false }(),
                    range(pe).count == 1
                else { throw refuse(pe.keyNode, "the permissions of job '\(job.id)' are a flow mapping") }
                try replace(lineIndex(pe.keyNode), [pad(keyIndent) + "permissions:"] + grants(job.permissions))
                return
            }
            // No job-level block: the workflow's grants carry over (a job block replaces them), plus id-token.
            let anchorKey = jobEntries.firstIndex { $0.key == "steps" || $0.key == "uses" } ?? jobEntries.count
            let after = anchorKey == 0 ? lineIndex(je.keyNode) : range(jobEntries[anchorKey - 1]).upperBound
            edits.insert(after: after, [pad(keyIndent) + "permissions:"] + grants(workflow.permissions))
            if workflow.permissions == nil {
                notes.append("job '\(job.id)': the new permissions block grants only contents: read and id-token: write; add any other scope the job used from the default token")
            }
        }

        /// The AWS key secrets a calling job passes explicitly (`secrets: { AWS_ACCESS_KEY_ID: … }`).
        func passedKeySecrets(_ job: Job) -> [KeyValue] {
            guard case .explicit(let secrets)? = job.secrets else { return [] }
            return secrets.filter { kv in
                (keys.isAWSKeyName(kv.key) && keys.isStoredValue(kv.value.text)) || !keys.awsKeyReferences(in: kv.value.text).isEmpty
            }
        }

        /// A job calling a reusable workflow. A local one that assumes a role (or will, once migrated)
        /// gets id-token: write and stops passing keys; keys handed to a remote one, or to a local one that
        /// keyless migrate refuses, are a refusal.
        mutating func migrateCaller(_ job: Job, _ je: MappingEntry, uses: String) throws(DiagnosticError) {
            let passed = passedKeySecrets(job)
            let at = root.locate([.key("jobs"), .key(job.id), .key("secrets")])
            guard uses.hasPrefix("./") else {
                if !passed.isEmpty {
                    throw refuse(at, "job '\(job.id)' hands the AWS key secrets \(passed.map(\.key).sorted().joined(separator: ", ")) to the remote reusable workflow \(uses); that workflow must move to OIDC first, then this job stops passing them")
                }
                return
            }
            let name = uses.split(separator: "/").last.map(String.init) ?? uses
            guard let callee = siblings.first(where: { ($0.path.split(separator: "/").last.map(String.init) ?? $0.path) == name }) else {
                if !passed.isEmpty {
                    throw refuse(at, "job '\(job.id)' passes AWS key secrets to the reusable workflow \(uses), which is not beside this file; migrate it first")
                }
                notes.append("job '\(job.id)' calls \(uses), which is not beside this file; not changed")
                return
            }
            let reader = YAMLReader(path: callee.path, strict: false, rule: "workflow-shape", nodeBudget: 200_000)
            guard let w = WorkflowCodec.decode(callee.text, reader: reader) else {
                if !passed.isEmpty { throw refuse(at, "job '\(job.id)' passes AWS key secrets to the reusable workflow \(uses), which does not parse") }
                notes.append("job '\(job.id)' calls \(uses), which does not parse; not changed")
                return
            }
            // What keyless migrate makes of the callee decides the caller.
            var calleeRefusal: String?
            var calleeChanges = false
            if depth < 4 {
                do { calleeChanges = try Migrator.migrate(callee, options: options, siblings: siblings.filter { $0.path != callee.path }, depth: depth + 1).changed } catch {
                    calleeRefusal = error.diagnostics.first?.message
                }
            }
            let steps = w.jobs.flatMap(\.steps)
            let assumes = steps.contains { StoredKeys.isCredentialsStep($0) }
            if let why = calleeRefusal, !passed.isEmpty || job.secrets == .inherit {
                guard !passed.isEmpty else {
                    notes.append("job '\(job.id)' calls \(uses) with secrets: inherit, and keyless migrate refuses that workflow (\(why)); this job is not changed")
                    return
                }
                throw refuse(at, "job '\(job.id)' passes the AWS key secrets \(passed.map(\.key).sorted().joined(separator: ", ")) to the local reusable workflow \(uses), which cannot be migrated on its own (\(why.replacingOccurrences(of: "cannot migrate safely: ", with: "").replacingOccurrences(of: "; edit this by hand", with: ""))); the caller cannot be migrated without it")
            }
            guard assumes else {
                if !passed.isEmpty {
                    throw refuse(at, "job '\(job.id)' passes the AWS key secrets \(passed.map(\.key).sorted().joined(separator: ", ")) to the local reusable workflow \(uses), which uses them without a configure-aws-credentials step")
                }
                return
            }
            // Only a migration touches the caller: it passes key secrets, or the callee signs in with stored
            // keys that its own migration replaces. A caller of a callee already on OIDC is not migrate's business.
            guard !passed.isEmpty || calleeChanges else { return }
            let jobEntries = try block(je.value, "job '\(job.id)'")
            let before = edits
            try grantIDToken(job, je, jobEntries)
            if let se = entry(jobEntries, "secrets"), case .mapping = se.value, !passed.isEmpty {
                let items = try block(se.value, "secrets of job '\(job.id)'")
                let remove = items.filter { e in passed.contains { $0.key == e.key } }
                for k in remove {
                    try requireOneLine(k, "secret")
                    try delete(range(k))
                }
                if !remove.isEmpty && remove.count == items.count { try delete(lineIndex(se.keyNode)...lineIndex(se.keyNode)) }
                for kv in passed { removedSecrets.formUnion(StoredKeys.references(in: kv.value.text)) }
            }
            if edits.changedLines != before.changedLines || edits.insertedLines != before.insertedLines {
                try refuseAliases(in: je, "job '\(job.id)'")
                editedJobs[job.id, default: []] = []
                notes.append("job '\(job.id)' calls \(uses): migrate \(name) with the same role so it assumes it")
            }
        }

        /// Key secrets a reusable workflow declares and no longer reads.
        mutating func removeDeclaredKeySecrets(_ top: [MappingEntry]) throws(DiagnosticError) {
            let declared = Auditor.declaredKeySecrets(workflow)
            guard !declared.isEmpty, let on = top.first(where: { $0.key == "on" || $0.key == "true" }) else { return }
            let preview = edits.apply()
            let stillRead = declared.filter { preview.contains("secrets.\($0.id)") }
            let remove = declared.filter { d in !stillRead.contains { $0.id == d.id } }
            guard !remove.isEmpty else { return }
            let events = try block(on.value, "on:")
            guard let call = entry(events, "workflow_call") else { return }
            let callEntries = try block(call.value, "workflow_call")
            guard let se = entry(callEntries, "secrets") else { return }
            try refuseAliases(in: on, "on:")
            let items = try block(se.value, "workflow_call.secrets")
            for e in items where remove.contains(where: { $0.id == e.key }) { try delete(range(e)) }
            if remove.count == items.count { try delete(lineIndex(se.keyNode)...lineIndex(se.keyNode)) }
            editedTriggers = true
        }

        // MARK: Result

        /// What finish() checks the result against.
        func proof() -> MigrationProof {
            MigrationProof(path: source.path, original: source.text, originalWorkflow: workflow, originalRoot: root, edits: edits,
                           editedJobs: editedJobs, editedTriggers: editedTriggers, removedSecrets: removedSecrets, keys: keys)
        }

        func finish() throws(DiagnosticError) -> Migration {
            guard !edits.isEmpty else {
                return Migration(path: source.path, original: source.text, migrated: source.text, notes: notes, changedLines: [], newLines: [])
            }
            let out = edits.apply()
            do { try proof().verify(out) } catch {
                throw DiagnosticError([Diagnostic(at: SourceLocation(path: source.path, line: error.line, column: 1),
                                                  "cannot migrate safely: \(error.message); edit this by hand", rule: "migrate-refused")])
            }
            return Migration(path: source.path, original: source.text, migrated: out, notes: notes,
                             changedLines: edits.changedLines, newLines: edits.insertedLines)
        }
    }
}
