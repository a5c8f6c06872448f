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
        var m = try Edit(source, options: options, siblings: siblings)
        try m.run()
        return try m.finish()
    }

    struct Edit {
        let source: WorkflowSource
        let options: MigrateOptions
        let siblings: [WorkflowSource]
        let root: Node
        let workflow: Workflow
        var edits: TextEdits
        var notes: [String] = []

        init(_ source: WorkflowSource, options: MigrateOptions, siblings: [WorkflowSource]) throws(DiagnosticError) {
            self.source = source
            self.options = options
            self.siblings = siblings
            let reader = YAMLReader(path: source.path, strict: false, rule: "workflow-shape", nodeBudget: 200_000)
            guard let root = reader.compose(source.text), let w = WorkflowCodec.decode(root, reader: reader) else {
                throw DiagnosticError(reader.diagnostics.isEmpty ? [Diagnostic(at: SourceLocation(path: source.path), "not a workflow", rule: "workflow-shape")] : reader.diagnostics)
            }
            self.root = root
            self.workflow = w
            self.edits = TextEdits(source.text)
            try Self.refuseAliases(root, path: source.path)
        }

        func refuse(_ node: Node?, _ message: String) -> DiagnosticError {
            DiagnosticError([Diagnostic(at: SourceLocation(path: source.path, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1),
                                        "cannot migrate safely: \(message); edit this by hand", rule: "migrate-refused")])
        }

        /// An alias shares its node with the anchor, so the same mark appears twice; an edit at the
        /// anchor would change every alias. Merge keys (`<<`) hide where values come from.
        static func refuseAliases(_ root: Node, path: String) throws(DiagnosticError) {
            var seen = Set<String>()
            var budget = 200_000
            var found: Node?
            func walk(_ n: Node) {
                guard found == nil, budget > 0 else { return }
                budget -= 1
                // A mapping starts where its first key does: the kind is part of the identity.
                let kind: String = { switch n { case .mapping: return "m"; case .sequence: return "s"; case .scalar: return "k"; case .alias: return "a" } }()
                if let mark = n.mark, !seen.insert("\(kind):\(mark.line):\(mark.column)").inserted { found = n; return }
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
            walk(root)
            if budget <= 0 {
                throw DiagnosticError([Diagnostic(at: SourceLocation(path: path), "cannot migrate safely: the document expands to more than the node limit (aliases?)", rule: "migrate-refused")])
            }
            if let found {
                throw DiagnosticError([Diagnostic(at: SourceLocation(path: path, line: found.mark?.line ?? 1, column: found.mark?.column ?? 1),
                                                  "cannot migrate safely: YAML aliases or merge keys (the edit would change several places); edit this by hand", rule: "migrate-refused")])
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

        mutating func run() throws(DiagnosticError) {
            let top = try block(root, "the workflow")
            for kv in workflow.env where Auditor.keyEnv.contains(kv.key) && kv.value.text.contains("secrets.") {
                throw refuse(entry(top, "env").map { _ in root.locate([.key("env"), .key(kv.key)]) }, "\(kv.key) is set from a secret in the workflow's env: every job sees it; move it to the job that needs it first")
            }
            guard let jobsEntry = entry(top, "jobs") else { return }
            let jobs = try block(jobsEntry.value, "jobs")
            for (j, job) in workflow.jobs.enumerated() {
                guard let je = jobs.first(where: { $0.key == job.id }) else { continue }
                _ = j
                if let uses = job.uses {
                    try migrateCaller(job, je, uses: uses)
                } else {
                    try migrateSteps(job, je)
                }
            }
            try removeDeclaredKeySecrets(top)
        }

        /// Steps: the credentials steps' inputs, key env entries, then the job's permissions.
        mutating func migrateSteps(_ job: Job, _ je: MappingEntry) throws(DiagnosticError) {
            let credentials = job.steps.indices.filter { job.steps[$0].uses?.repository == Migrator.credentialsAction }
            let hasKeys = !job.steps.filter { s in Auditor.keyInputs.contains { s.input($0) != nil } }.isEmpty
            let envKeys = (job.env + job.steps.flatMap(\.env)).contains { Auditor.keyEnv.contains($0.key) && $0.value.text.contains("secrets.") }
            for s in job.steps {
                if let run = s.run, run.contains("aws configure set"), ["aws_access_key_id", "aws_secret_access_key", "aws_session_token"].contains(where: run.lowercased().contains) {
                    throw refuse(root.locate([.key("jobs"), .key(job.id)]), "job '\(job.id)' writes keys with `aws configure set`; replace that script with a configure-aws-credentials step")
                }
            }
            guard hasKeys || envKeys else { return }
            guard !credentials.isEmpty else {
                throw refuse(root.locate([.key("jobs"), .key(job.id)]), "job '\(job.id)' sets AWS keys in env: without a configure-aws-credentials step; add one that assumes the role, then run keyless migrate again")
            }
            let jobEntries = try block(je.value, "job '\(job.id)'")
            guard let stepsEntry = entry(jobEntries, "steps"), case .sequence(let seq) = stepsEntry.value else { return }
            if isFlow(stepsEntry.value) { throw refuse(stepsEntry.value, "the steps of job '\(job.id)' are a flow list") }
            let stepNodes = Array(seq)
            for i in credentials {
                try migrateCredentials(job, step: job.steps[i], node: stepNodes[i], jobEntries: jobEntries)
            }
            // Key env entries anywhere in the job would override the role's credentials: remove them.
            try removeKeyEnv(jobEntries, "job '\(job.id)'")
            for node in stepNodes { try removeKeyEnv(try block(node, "a step of job '\(job.id)'"), "a step of job '\(job.id)'") }
            try grantIDToken(job, je, jobEntries)
        }

        mutating func removeKeyEnv(_ entries: [MappingEntry], _ what: String) throws(DiagnosticError) {
            guard let env = entry(entries, "env") else { return }
            let items = try block(env.value, "env of \(what)")
            let keys = items.filter { e in
                Auditor.keyEnv.contains(e.key) && { if case .scalar(let s) = e.value { return s.string.contains("secrets.") }; return false }()
            }
            guard !keys.isEmpty else { return }
            for k in keys {
                try requireOneLine(k, "env entry")
                try delete(range(k))
            }
            if keys.count == items.count {
                guard lineIndex(env.keyNode) != lineIndex(items[0].keyNode) else { throw refuse(env.keyNode, "env of \(what) starts on its key's line") }
                try delete(lineIndex(env.keyNode)...lineIndex(env.keyNode))
            }
        }

        mutating func migrateCredentials(_ job: Job, step: Step, node: Node, jobEntries: [MappingEntry]) throws(DiagnosticError) {
            let entries = try block(node, "the credentials step of job '\(job.id)'")
            guard let with = entry(entries, "with") else {
                throw refuse(node, "the credentials step of job '\(job.id)' has no with: block")
            }
            let inputs = try block(with.value, "with: of the credentials step of job '\(job.id)'")
            guard let first = inputs.first, lineIndex(first.keyNode) > lineIndex(with.keyNode) else {
                throw refuse(with.keyNode, "with: of the credentials step of job '\(job.id)' is empty or starts on its key's line")
            }
            let indent = pad(column(first.keyNode))
            let slots = inputs.filter { Auditor.keyInputs.contains($0.key) }
            for s in slots { try requireOneLine(s, "input") }
            var add: [String] = []
            func scalar(_ e: MappingEntry) -> String? { if case .scalar(let s) = e.value { return s.string }; return nil }
            // role-to-assume: set, or corrected when it names another role.
            if let r = entry(inputs, "role-to-assume") {
                if scalar(r) != options.role {
                    try requireOneLine(r, "input")
                    try replace(lineIndex(r.keyNode), [indent + Self.line("role-to-assume", options.role)])
                }
            } else {
                add.append(indent + Self.line("role-to-assume", options.role))
            }
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

        /// A job calling a local reusable workflow that assumes a role (or will, once migrated).
        mutating func migrateCaller(_ job: Job, _ je: MappingEntry, uses: String) throws(DiagnosticError) {
            guard uses.hasPrefix("./") else { return }
            let name = uses.split(separator: "/").last.map(String.init) ?? uses
            guard let callee = siblings.first(where: { ($0.path.split(separator: "/").last.map(String.init) ?? $0.path) == name }) else {
                notes.append("job '\(job.id)' calls \(uses), which is not beside this file; not changed")
                return
            }
            let reader = YAMLReader(path: callee.path, strict: false, rule: "workflow-shape", nodeBudget: 200_000)
            guard let w = WorkflowCodec.decode(callee.text, reader: reader) else {
                notes.append("job '\(job.id)' calls \(uses), which does not parse; not changed")
                return
            }
            let steps = w.jobs.flatMap(\.steps)
            let assumes = steps.contains { $0.uses?.repository == Migrator.credentialsAction }
            let envKeys = (w.env + w.jobs.flatMap(\.env) + steps.flatMap(\.env)).contains { Auditor.keyEnv.contains($0.key) && $0.value.text.contains("secrets.") }
            guard assumes else {
                if envKeys || !Auditor.declaredKeySecrets(w).isEmpty {
                    notes.append("job '\(job.id)' calls \(uses), which uses AWS keys without a configure-aws-credentials step (keyless migrate refuses it); this job is not changed")
                }
                return
            }
            let jobEntries = try block(je.value, "job '\(job.id)'")
            try grantIDToken(job, je, jobEntries)
            if let se = entry(jobEntries, "secrets"), case .mapping = se.value {
                let items = try block(se.value, "secrets of job '\(job.id)'")
                let keys = items.filter { e in
                    LongLivedAWSKeys.looksLikeAWSKey(e.key) || { if case .scalar(let s) = e.value { return Auditor.secretNames(in: s.string).contains(where: LongLivedAWSKeys.looksLikeAWSKey) }; return false }()
                }
                for k in keys {
                    try requireOneLine(k, "secret")
                    try delete(range(k))
                }
                if !keys.isEmpty && keys.count == items.count { try delete(lineIndex(se.keyNode)...lineIndex(se.keyNode)) }
            }
            notes.append("job '\(job.id)' calls \(uses): migrate \(name) with the same role so it assumes it")
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
            let items = try block(se.value, "workflow_call.secrets")
            for e in items where remove.contains(where: { $0.id == e.key }) { try delete(range(e)) }
            if remove.count == items.count { try delete(lineIndex(se.keyNode)...lineIndex(se.keyNode)) }
        }

        // MARK: Result

        func finish() throws(DiagnosticError) -> Migration {
            let out = edits.apply()
            let reader = YAMLReader(path: source.path, strict: false, rule: "workflow-shape")
            guard WorkflowCodec.decode(out, reader: reader) != nil else {
                throw DiagnosticError(reader.diagnostics.map { d in var d = d; d.message = "the edited file would not parse: \(d.message)"; d.rule = "migrate-refused"; return d })
            }
            let left = Linter(pins: .empty).lint(out, path: source.path).diagnostics.filter { ["long-lived-aws-keys", "missing-id-token"].contains($0.rule) }
            guard left.isEmpty else {
                throw DiagnosticError(left.map { d in var d = d; d.message = "after the edit: \(d.message)"; d.rule = "migrate-refused"; return d })
            }
            return Migration(path: source.path, original: source.text, migrated: out, notes: notes,
                             changedLines: edits.changedLines, newLines: edits.insertedLines)
        }
    }
}
