import KeylessModel
import Yams

/// Workflow ⇄ YAML. The encoder fixes key order; the decoder is the same reader `check` and `audit` use.
public enum WorkflowCodec {
    // MARK: Encode

    /// The workflow as an ordered YAML tree. `pins` supplies the `# vX.Y.Z` comment beside a pinned SHA.
    public static func encode(_ w: Workflow, pins: ActionPins = .empty) -> YAMLValue {
        var e: [YAMLEntry] = []
        if let name = w.name { e.append(YAMLEntry("name", .string(name))) }
        e.append(YAMLEntry("on", .mapping(w.triggers.map(encode))))
        if let p = w.permissions { e.append(YAMLEntry("permissions", encode(p))) }
        if !w.env.isEmpty { e.append(YAMLEntry("env", encode(w.env))) }
        if let c = w.concurrency { e.append(YAMLEntry("concurrency", encode(c))) }
        e.append(YAMLEntry("jobs", .mapping(w.jobs.map { YAMLEntry($0.id, encode($0, pins: pins)) })))
        return .mapping(e)
    }

    public static func encode(_ t: Trigger) -> YAMLEntry {
        switch t {
        case .push(let f), .pullRequest(let f), .pullRequestTarget(let f), .other(_, let f):
            return YAMLEntry(t.eventName, f.isEmpty ? .null : encode(f))
        case .schedule(let crons):
            return YAMLEntry(t.eventName, .sequence(crons.map { .mapping([YAMLEntry("cron", .string($0))]) }))
        case .workflowDispatch(let inputs):
            return YAMLEntry(t.eventName, inputs.isEmpty ? .null : .mapping([YAMLEntry("inputs", encode(inputs))]))
        case .workflowCall(let inputs, let secrets):
            var m: [YAMLEntry] = []
            if !inputs.isEmpty { m.append(YAMLEntry("inputs", encode(inputs))) }
            if !secrets.isEmpty {
                m.append(YAMLEntry("secrets", .mapping(secrets.map { s in
                    var f: [YAMLEntry] = []
                    if let d = s.description { f.append(YAMLEntry("description", .string(d))) }
                    if let r = s.required { f.append(YAMLEntry("required", .bool(r))) }
                    return YAMLEntry(s.id, f.isEmpty ? .null : .mapping(f))
                })))
            }
            return YAMLEntry(t.eventName, m.isEmpty ? .null : .mapping(m))
        }
    }

    public static func encode(_ f: EventFilter) -> YAMLValue {
        var m: [YAMLEntry] = []
        for (key, values) in [
            ("workflows", f.workflows), ("types", f.types), ("branches", f.branches), ("branches-ignore", f.branchesIgnore),
            ("tags", f.tags), ("tags-ignore", f.tagsIgnore), ("paths", f.paths), ("paths-ignore", f.pathsIgnore),
        ] where !values.isEmpty {
            m.append(YAMLEntry(key, .sequence(values.map(YAMLValue.string))))
        }
        return .mapping(m)
    }

    public static func encode(_ inputs: [WorkflowInput]) -> YAMLValue {
        .mapping(inputs.map { i in
            var f: [YAMLEntry] = []
            if let d = i.description { f.append(YAMLEntry("description", .string(d))) }
            if let r = i.required { f.append(YAMLEntry("required", .bool(r))) }
            if let t = i.type { f.append(YAMLEntry("type", .string(t.rawValue))) }
            if let d = i.defaultValue { f.append(YAMLEntry("default", encode(d))) }
            if !i.options.isEmpty { f.append(YAMLEntry("options", .sequence(i.options.map(YAMLValue.string)))) }
            return YAMLEntry(i.id, f.isEmpty ? .null : .mapping(f))
        })
    }

    public static func encode(_ p: Permissions) -> YAMLValue {
        switch p {
        case .readAll: return .string("read-all")
        case .writeAll: return .string("write-all")
        case .scopes(let grants): return .mapping(grants.map { YAMLEntry($0.scope.rawValue, .string($0.access.rawValue)) })
        }
    }

    public static func encode(_ kv: [KeyValue]) -> YAMLValue {
        .mapping(kv.map { YAMLEntry($0.key, encode($0.value)) })
    }

    public static func encode(_ v: ScalarValue) -> YAMLValue {
        switch v {
        case .string(let s): return .string(s)
        case .int(let i): return .int(i)
        case .bool(let b): return .bool(b)
        case .expression(let e): return .string(e.wrapped)
        }
    }

    public static func encode(_ c: Concurrency) -> YAMLValue {
        var m = [YAMLEntry("group", .string(c.group))]
        if let cancel = c.cancelInProgress { m.append(YAMLEntry("cancel-in-progress", .bool(cancel))) }
        return .mapping(m)
    }

    public static func encode(_ j: Job, pins: ActionPins) -> YAMLValue {
        var m: [YAMLEntry] = []
        if let n = j.name { m.append(YAMLEntry("name", .string(n))) }
        if !j.needs.isEmpty { m.append(YAMLEntry("needs", .sequence(j.needs.map(YAMLValue.string)))) }
        if let c = j.condition { m.append(YAMLEntry("if", .string(c.source))) }
        if let r = j.runsOn { m.append(YAMLEntry("runs-on", .string(r))) }
        if let env = j.environment {
            if env.isShortForm, env.url == nil {
                m.append(YAMLEntry("environment", encode(env.name)))
            } else {
                var f = [YAMLEntry("name", encode(env.name))]
                if let u = env.url { f.append(YAMLEntry("url", .string(u))) }
                m.append(YAMLEntry("environment", .mapping(f)))
            }
        }
        if let p = j.permissions { m.append(YAMLEntry("permissions", encode(p))) }
        if let t = j.timeoutMinutes { m.append(YAMLEntry("timeout-minutes", .int(t))) }
        if let c = j.concurrency { m.append(YAMLEntry("concurrency", encode(c))) }
        if !j.env.isEmpty { m.append(YAMLEntry("env", encode(j.env))) }
        if let u = j.uses { m.append(YAMLEntry("uses", .string(u))) }
        if !j.with.isEmpty { m.append(YAMLEntry("with", encode(j.with))) }
        switch j.secrets {
        case .inherit?: m.append(YAMLEntry("secrets", .string("inherit")))
        case .explicit(let kv)?: m.append(YAMLEntry("secrets", encode(kv)))
        case nil: break
        }
        if !j.steps.isEmpty { m.append(YAMLEntry("steps", .sequence(j.steps.map { encode($0, pins: pins) }))) }
        return .mapping(m)
    }

    public static func encode(_ s: Step, pins: ActionPins) -> YAMLValue {
        var m: [YAMLEntry] = []
        if let i = s.id { m.append(YAMLEntry("id", .string(i))) }
        if let n = s.name { m.append(YAMLEntry("name", .string(n))) }
        if let c = s.condition { m.append(YAMLEntry("if", .string(c.source))) }
        if let u = s.uses {
            m.append(YAMLEntry("uses", .string(u.description), comment: pins.version(of: u)))
        }
        if !s.with.isEmpty { m.append(YAMLEntry("with", encode(s.with))) }
        if !s.env.isEmpty { m.append(YAMLEntry("env", encode(s.env))) }
        if let sh = s.shell { m.append(YAMLEntry("shell", .string(sh))) }
        if let wd = s.workingDirectory { m.append(YAMLEntry("working-directory", .string(wd))) }
        if let r = s.run { m.append(YAMLEntry("run", .string(r))) }
        return .mapping(m)
    }

    // MARK: Decode

    /// Reads a workflow from YAML text. Problems are collected in `reader.diagnostics`.
    public static func decode(_ text: String, reader: YAMLReader) -> Workflow? {
        guard let root = reader.compose(text) else { return nil }
        return decode(root, reader: reader)
    }

    public static func decode(_ root: Node, reader r: YAMLReader) -> Workflow? {
        let keys = ["name", "run-name", "on", "permissions", "env", "defaults", "concurrency", "jobs"]
        guard let f = r.fields(root, "the workflow", allowed: keys) else { return nil }
        let before = r.diagnostics.count
        var w = Workflow(triggers: [], jobs: [])
        if let n = f["name"] { w.name = r.string(n.value, "name") }
        if let on = f["on"] { w.triggers = decodeTriggers(on.value, r) } else { r.error(at: root, "the workflow has no 'on:'") }
        if let p = f["permissions"] { w.permissions = decodePermissions(p.value, r) }
        if let e = f["env"] { w.env = decodeKeyValues(e.value, "env", r) }
        if let c = f["concurrency"] { w.concurrency = decodeConcurrency(c.value, r) }
        if let j = f["jobs"], let jobs = r.mapping(j.value, "jobs") {
            w.jobs = jobs.compactMap { decodeJob(id: $0.key, $0.value, r) }
        } else if f["jobs"] == nil {
            r.error(at: root, "the workflow has no 'jobs:'")
        }
        return r.diagnostics.count == before ? w : nil
    }

    public static func decodeTriggers(_ node: Node, _ r: YAMLReader) -> [Trigger] {
        // `on: push` and `on: [push, pull_request]` are shorthands for filters that match everything.
        if case .scalar = node { return r.string(node, "on").flatMap { trigger($0, nil, r) }.map { [$0] } ?? [] }
        if case .sequence = node {
            return (r.strings(node, "on") ?? []).compactMap { trigger($0, nil, r) }
        }
        return (r.mapping(node, "on") ?? []).compactMap { trigger($0.key, $0.value, r) }
    }

    public static func trigger(_ name: String, _ node: Node?, _ r: YAMLReader) -> Trigger? {
        let body = node.flatMap { r.isNull($0) ? nil : $0 }
        switch name {
        case "push", "pull_request", "pull_request_target":
            let filter = decodeFilter(name, body, r)
            return name == "push" ? .push(filter) : name == "pull_request" ? .pullRequest(filter) : .pullRequestTarget(filter)
        case "schedule":
            guard let body, let items = r.sequence(body, "schedule") else { return .schedule([]) }
            return .schedule(items.compactMap { item in
                r.fields(item, "a schedule entry", allowed: ["cron"])?["cron"].flatMap { r.string($0.value, "cron") }
            })
        case "workflow_dispatch":
            let f = body.flatMap { r.fields($0, name, allowed: ["inputs"]) }
            return .workflowDispatch(inputs: f?["inputs"].map { decodeInputs($0.value, r) } ?? [])
        case "workflow_call":
            let f = body.flatMap { r.fields($0, name, allowed: ["inputs", "secrets", "outputs"]) }
            let secrets = f?["secrets"].flatMap { r.mapping($0.value, "workflow_call.secrets") }?.map { (id, _, v) -> WorkflowSecret in
                var s = WorkflowSecret(id: id)
                if !r.isNull(v), let sf = r.fields(v, "secret \(id)", allowed: ["description", "required"]) {
                    s.description = sf["description"].flatMap { r.string($0.value, "description") }
                    s.required = sf["required"].flatMap { r.bool($0.value, "required") }
                }
                return s
            }
            return .workflowCall(inputs: f?["inputs"].map { decodeInputs($0.value, r) } ?? [], secrets: secrets ?? [])
        default:
            // Other events (release, workflow_run, merge_group, …) keep their name and filters, so that what
            // reasons about runs can say where they happen; a name GitHub does not document is a strict error.
            if r.strict, GitHubEvent.runRef(of: name) == nil {
                r.error(at: node, "event '\(name)' is not one GitHub documents", rule: "unknown-key")
                return nil
            }
            // `on: {release: [published]}` is not GitHub syntax, but a lenient reader keeps the event.
            if let body, case .mapping = body { return .other(name: name, filter: decodeFilter(name, body, r)) }
            return .other(name: name, filter: EventFilter())
        }
    }

    /// `branches`, `branches-ignore`, `tags`, `tags-ignore`, `paths`, `paths-ignore`, `types` (and `workflows`
    /// of workflow_run), each kept apart: an `-ignore` list excludes refs, it never names one.
    static func decodeFilter(_ name: String, _ body: Node?, _ r: YAMLReader) -> EventFilter {
        var filter = EventFilter()
        guard let body, let f = r.mapping(body, name) else { return filter }
        for (k, kn, v) in f {
            let values = { r.strings(v, "\(name).\(k)") ?? [] }
            switch k {
            case "branches": filter.branches = values()
            case "branches-ignore": filter.branchesIgnore = values()
            case "tags": filter.tags = values()
            case "tags-ignore": filter.tagsIgnore = values()
            case "paths": filter.paths = values()
            case "paths-ignore": filter.pathsIgnore = values()
            case "types": filter.types = values()
            case "workflows" where name == "workflow_run": filter.workflows = values()
            default: if r.strict { r.error(at: kn, "unknown key '\(k)' in \(name)", rule: "unknown-key") }
            }
        }
        return filter
    }

    public static func decodeInputs(_ node: Node, _ r: YAMLReader) -> [WorkflowInput] {
        (r.mapping(node, "inputs") ?? []).map { id, _, v in
            var input = WorkflowInput(id: id)
            guard !r.isNull(v),
                let f = r.fields(v, "input \(id)", allowed: ["description", "required", "type", "default", "options"])
            else { return input }
            input.description = f["description"].flatMap { r.string($0.value, "description") }
            input.required = f["required"].flatMap { r.bool($0.value, "required") }
            if let t = f["type"], let s = r.string(t.value, "type") {
                input.type = WorkflowInput.Kind(rawValue: s)
                if input.type == nil { r.error(at: t.value, "input type '\(s)' is not one of string, boolean, number, choice, environment") }
            }
            input.defaultValue = f["default"].flatMap { r.scalarValue($0.value, "default") }
            input.options = f["options"].flatMap { r.strings($0.value, "options") } ?? []
            return input
        }
    }

    public static func decodePermissions(_ node: Node, _ r: YAMLReader) -> Permissions? {
        if case .scalar = node, !r.isNull(node) {
            switch r.string(node, "permissions") {
            case "read-all": return .readAll
            case "write-all": return .writeAll
            case let other?:
                r.error(at: node, "permissions must be read-all, write-all or a mapping, found '\(other)'")
                return nil
            case nil: return nil
            }
        }
        if r.isNull(node) { return .scopes([]) }
        guard let entries = r.mapping(node, "permissions") else { return nil }
        var grants: [PermissionGrant] = []
        for (k, kn, v) in entries {
            guard let scope = PermissionScope(rawValue: k) else {
                r.error(at: kn, "unknown permission scope '\(k)'", rule: "unknown-key")
                continue
            }
            guard let s = r.string(v, k), let access = Access(rawValue: s) else {
                r.error(at: v, "permission '\(k)' must be read, write or none")
                continue
            }
            grants.append(PermissionGrant(scope, access))
        }
        return .scopes(grants)
    }

    public static func decodeKeyValues(_ node: Node, _ what: String, _ r: YAMLReader) -> [KeyValue] {
        guard let f = r.read(node, what) else { return [] }
        return zip(f.keys, f.values).compactMap { k, v in r.scalarValue(v.value, "\(what).\(k)").map { KeyValue(k, $0) } }
    }

    public static func decodeConcurrency(_ node: Node, _ r: YAMLReader) -> Concurrency? {
        if case .scalar = node { return r.string(node, "concurrency").map { Concurrency(group: $0) } }
        guard let f = r.fields(node, "concurrency", allowed: ["group", "cancel-in-progress"]),
            let g = f["group"], let group = r.string(g.value, "concurrency.group")
        else { return nil }
        // `cancel-in-progress: ${{ … }}` is valid GitHub; the model keeps only a literal true or false.
        let cancel = f["cancel-in-progress"].flatMap { c -> Bool? in
            if case .scalar(let s) = c.value, s.string.contains("${{") { return nil }
            return r.bool(c.value, "cancel-in-progress")
        }
        return Concurrency(group: group, cancelInProgress: cancel)
    }

    static let jobKeys = [
        "name", "needs", "if", "runs-on", "environment", "permissions", "timeout-minutes", "concurrency", "env",
        "uses", "with", "secrets", "steps", "strategy", "outputs", "defaults", "container", "services",
        "continue-on-error",
    ]

    public static func decodeJob(id: String, _ node: Node, _ r: YAMLReader) -> Job? {
        guard let f = r.fields(node, "job '\(id)'", allowed: jobKeys) else { return nil }
        var j = Job(id: id)
        j.name = f["name"].flatMap { r.string($0.value, "name") }
        j.needs = f["needs"].flatMap { r.strings($0.value, "needs") } ?? []
        j.condition = f["if"].flatMap { r.string($0.value, "if") }.map(condition)
        if let ro = f["runs-on"] {
            // `runs-on: [self-hosted, linux]` and group mappings exist; Keyless keeps the label text only.
            if case .scalar = ro.value { j.runsOn = r.string(ro.value, "runs-on") }
            else if !r.strict { j.runsOn = "" }
            else { r.error(at: ro.value, "runs-on must be a label string") }
        }
        if let e = f["environment"] {
            if case .scalar = e.value {
                j.environment = r.scalarValue(e.value, "environment").map { JobEnvironment(name: $0, isShortForm: true) }
            } else if let ef = r.fields(e.value, "environment", allowed: ["name", "url", "deployment"]), let n = ef["name"] {
                j.environment = r.scalarValue(n.value, "environment.name").map {
                    JobEnvironment(name: $0, url: ef["url"].flatMap { r.string($0.value, "environment.url") }, isShortForm: false)
                }
            }
        }
        j.permissions = f["permissions"].flatMap { decodePermissions($0.value, r) }
        j.timeoutMinutes = f["timeout-minutes"].flatMap { tm -> Int? in
            if !r.strict, case .scalar(let s) = tm.value, Expression(wrapped: s.string) != nil { return nil }
            return r.int(tm.value, "timeout-minutes")
        }
        j.concurrency = f["concurrency"].flatMap { decodeConcurrency($0.value, r) }
        j.env = f["env"].map { decodeKeyValues($0.value, "env", r) } ?? []
        j.uses = f["uses"].flatMap { r.string($0.value, "uses") }
        j.with = f["with"].map { decodeKeyValues($0.value, "with", r) } ?? []
        if let s = f["secrets"] {
            if case .scalar = s.value {
                if r.string(s.value, "secrets") == "inherit" { j.secrets = .inherit }
                else { r.error(at: s.value, "secrets must be 'inherit' or a mapping") }
            } else {
                j.secrets = .explicit(decodeKeyValues(s.value, "secrets", r))
            }
        }
        if let s = f["steps"], let items = r.sequence(s.value, "steps") {
            j.steps = items.enumerated().compactMap { decodeStep($0.element, index: $0.offset, job: id, r) }
        }
        return j
    }

    static let stepKeys = [
        "id", "name", "if", "uses", "with", "run", "shell", "working-directory", "env", "continue-on-error",
        "timeout-minutes",
    ]

    /// One step (also used for documentation fragments that are a bare list of steps).
    public static func decodeStep(_ node: Node, index: Int, job: String, _ r: YAMLReader) -> Step? {
        guard let f = r.fields(node, "step \(index + 1) of job '\(job)'", allowed: stepKeys) else { return nil }
        var s = Step()
        s.id = f["id"].flatMap { r.string($0.value, "id") }
        s.name = f["name"].flatMap { r.string($0.value, "name") }
        s.condition = f["if"].flatMap { r.string($0.value, "if") }.map(condition)
        if let u = f["uses"], let text = r.string(u.value, "uses") {
            s.uses = ActionRef(parsing: text)
            if s.uses == nil, r.strict { r.error(at: u.value, "uses must be OWNER/REPO[/PATH]@REF, found '\(text)'") }
        }
        s.with = f["with"].map { decodeKeyValues($0.value, "with", r) } ?? []
        s.run = f["run"].flatMap { r.string($0.value, "run") }
        s.shell = f["shell"].flatMap { r.string($0.value, "shell") }
        s.workingDirectory = f["working-directory"].flatMap { r.string($0.value, "working-directory") }
        s.env = f["env"].map { decodeKeyValues($0.value, "env", r) } ?? []
        return s
    }

    /// `if:` may be written with or without `${{ }}`; both mean the same expression.
    public static func condition(_ text: String) -> Expression {
        Expression(wrapped: text) ?? Expression(text)
    }
}
