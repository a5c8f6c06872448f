import KeylessSyntax
import Yams

/// Builds the `WorkflowCredentials` of a workflow from its node tree: every place a credential enters
/// each job and every role it assumes, following local actions and local reusable workflows.
///
/// Use one analyzer for a set of files, so a reusable workflow called from several files is read once.
public final class CredentialsAnalyzer {
    public let files: LocalFiles
    let nodeBudget: Int
    var callees: [String: [JobCredentials]] = [:]
    var visiting: Set<String> = []

    public init(files: LocalFiles = LocalFiles(), nodeBudget: Int = 200_000) {
        self.files = files
        self.nodeBudget = nodeBudget
    }

    static let credentialsAction = "aws-actions/configure-aws-credentials"
    static let keyInputs = ["aws-access-key-id", "aws-secret-access-key", "aws-session-token"]

    /// The credentials of every job of a workflow (`root` is its node tree, `text` the file as read).
    /// A list of steps (a fragment) is one job with the id `fragment`.
    public func analyze(path: String, text: String, root: Node) -> WorkflowCredentials {
        analyze(path: path, text: text, root: root, inputs: [:])
    }

    /// `inputs`: the literal `with:` values of a caller, for a reusable workflow.
    func analyze(path: String, text: String, root: Node, inputs: [String: String]) -> WorkflowCredentials {
        let file = FileText(text)
        if case .sequence(let steps) = root {
            var job = JobWalk(id: "fragment", location: file.location(of: root), idToken: false)
            walkSteps(Array(steps), scope: Scope(path: path, file: file), &job)
            return WorkflowCredentials(path: path, jobs: [job.result])
        }
        let workflow = Fields(root)
        let workflowEnv = envVars(workflow.env, file: file)
        let workflowIDToken = Self.grantsIDToken(workflow.permissions)
        var jobs: [JobCredentials] = []
        for (key, jobNode) in MappingPairs(workflow.jobs) {
            let f = Fields(jobNode)
            guard let id = key.text, !Self.skipped(f.condition?.text, inputs) else { continue }
            let idToken = f.permissions != nil ? Self.grantsIDToken(f.permissions) : workflowIDToken
            var job = JobWalk(id: id, location: file.location(of: key), idToken: idToken)
            var scope = Scope(path: path, file: file)
            if let uses = f.uses?.text {
                walkCall(uses, f, scope: scope, &job)
            } else {
                scope.workflowEnv = workflowEnv
                scope.jobEnv = envVars(f.env, file: file)
                addEnvEntries(workflow.env, level: .workflow, scope: scope, &job)
                addEnvEntries(f.env, level: .job, scope: scope, &job)
                if case .mapping? = f.container { addEnvEntries(f.container?[field: "env"], level: .container, scope: scope, &job) }
                for (name, service) in MappingPairs(f.services) {
                    addEnvEntries(service[field: "env"], level: .service(name.text ?? ""), scope: scope, &job)
                }
                walkSteps(f.steps?.sequence.map(Array.init) ?? [], scope: scope, &job)
            }
            jobs.append(job.result)
        }
        return WorkflowCredentials(path: path, jobs: jobs)
    }

    /// Parses and analyses a workflow text (for callers that have no node tree).
    public func analyze(path: String, text: String) -> WorkflowCredentials? {
        let reader = YAMLReader(path: path, strict: false, rule: "workflow-shape", nodeBudget: nodeBudget)
        guard let root = reader.compose(text) else { return nil }
        return analyze(path: path, text: text, root: root)
    }

    // MARK: - Jobs

    /// What the walk of one job has found so far.
    struct JobWalk {
        var id: String
        var location: CredentialLocation
        var idToken: Bool
        var entries: [CredentialEntry] = []
        var roles: [RoleAssumption] = []
        var callee: CalleeCredentials?
        /// A step before this one produced session credentials (a credentials step, `aws sts …`).
        var sessionProduced = false
        /// Ids of steps whose outputs are session credentials.
        var sessionSteps: Set<String> = []
        /// The step being walked produces session credentials (so its id goes into `sessionSteps`).
        var sessionProducedByLastStep = false

        mutating func add(_ e: CredentialEntry) {
            if !entries.contains(e) { entries.append(e) }
        }

        var result: JobCredentials {
            JobCredentials(id: id, location: location, entries: entries, roles: roles, callee: callee)
        }
    }

    /// A job that calls a reusable workflow: its `with:` and `secrets:`, and the callee when it is local.
    func walkCall(_ uses: String, _ jobNode: Fields, scope: Scope, _ job: inout JobWalk) {
        for (k, v) in MappingPairs(jobNode.with) {
            guard let name = k.text else { continue }
            record(.actionInput(action: uses, input: name), v, slot: name, at: k, scope: scope, &job)
        }
        let inherits = jobNode.secrets?.text == "inherit"
        for (k, v) in MappingPairs(jobNode.secrets) {
            guard let name = k.text else { continue }
            record(.reusableSecret(callee: uses, name: name), v, slot: name, at: k, scope: scope, &job)
        }
        guard uses.hasPrefix("./"), let (path, text) = files.workflow(uses, from: scope.path) else { return }
        // The callee's jobs depend on the literal inputs the caller passes (`if: inputs.run_canary`).
        let literals = Dictionary(MappingPairs(jobNode.with).compactMap { k, v -> (String, String)? in
            guard let name = k.text, let value = v.text, !ASCIILine.containsBytes(value, "${{") else { return nil }
            return (name, value)
        }, uniquingKeysWith: { a, _ in a })
        let cacheKey = path + "|" + literals.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
        if callees[cacheKey] == nil, visiting.insert(path).inserted {
            defer { visiting.remove(path) }
            let reader = YAMLReader(path: path, strict: false, rule: "workflow-shape", nodeBudget: nodeBudget)
            callees[cacheKey] = reader.compose(text).map { analyze(path: path, text: text, root: $0, inputs: literals).jobs } ?? []
        }
        let passed = Set(MappingPairs(jobNode.secrets).compactMap { $0.0.text?.uppercased() })
        job.callee = CalleeCredentials(uses: uses, path: path, inheritsSecrets: inherits, passedSecrets: passed, jobs: callees[cacheKey] ?? [])
    }

    // MARK: - Steps

    func walkSteps(_ steps: [Node], scope: Scope, _ job: inout JobWalk) {
        for step in steps {
            let f = Fields(step)
            var s = scope
            s.stepEnv = envVars(f.env, file: scope.file)
            s.otherService = scope.otherService || KeyValueRules.mentionsOtherService(f.name?.text ?? "")
            addEnvEntries(f.env, level: .step, scope: s, &job)
            let uses = f.uses?.text
            if let uses, Self.isCredentialsAction(uses) {
                credentialsStep(f, scope: s, &job)
            } else if let uses {
                for (k, v) in MappingPairs(f.with) {
                    guard let name = k.text else { continue }
                    // A multi-line input is a script for the action to run (`command: |`): read it line by line.
                    if (v.text ?? "").utf8.contains(10) { script(k, v, scope: s, &job, roles: false); continue }
                    record(.actionInput(action: uses, input: name), v, slot: name, at: k, scope: s, &job)
                }
                if uses.hasPrefix("./") { localAction(uses, step, f, scope: s, &job) }
            }
            if let (key, run) = f.run { script(key, run, scope: s, &job) }
            if let id = f.id?.text, job.sessionProducedByLastStep { job.sessionSteps.insert(id) }
            job.sessionProducedByLastStep = false
        }
    }

    /// `aws-actions/configure-aws-credentials`: its key inputs and the role it assumes.
    func credentialsStep(_ step: Fields, scope: Scope, _ job: inout JobWalk) {
        var stored = false
        var given = false
        // The inputs read here, in one pass over `with:` (the first of equal keys).
        var found: [String: (Node, Node)] = [:]
        for (k, v) in MappingPairs(step.with) {
            guard let name = k.text, Self.keyInputs.contains(name) || name == "role-to-assume", found[name] == nil else { continue }
            found[name] = (k, v)
        }
        for input in Self.keyInputs {
            guard let (k, v) = found[input] else { continue }
            given = true
            let value = record(.credentialsInput(input), v, slot: input, at: k, scope: scope, &job)
            if value.isStoredKey { stored = true }
        }
        if let (k, v) = found["role-to-assume"] {
            let with = step.with
            let method: RoleAssumption.Method
            if with?[field: "role-chaining"]?.text == "true" { method = given && stored ? .onStoredKeys : .chained }
            else if with?[field: "web-identity-token-file"] != nil { method = .webIdentityFile }
            else if given { method = stored ? .onStoredKeys : .chained }
            else if !job.idToken && job.entries.contains(where: { $0.value.isStoredKey }) { method = .onStoredKeys }
            else { method = .oidc }
            let at = scope.callerLocation ?? scope.file.location(of: k)
            job.roles.append(RoleAssumption(method: method, role: v.text ?? "", location: at, via: scope.via))
        }
        job.sessionProduced = true
        job.sessionProducedByLastStep = true
    }

    /// `uses: ./path`: a local action; a composite one is followed with its inputs bound to the caller's values.
    func localAction(_ uses: String, _ step: Node, _ f: Fields, scope: Scope, _ job: inout JobWalk) {
        guard scope.depth < 4, let (path, text) = files.action(uses),
              let root = YAMLReader(path: path, strict: false, rule: "workflow-shape", nodeBudget: nodeBudget).compose(text),
              root[field: "runs"]?[field: "using"]?.text == "composite"
        else { return }
        let here = scope.callerLocation ?? scope.file.location(of: f.uses ?? step)
        var inputs: [String: Binding] = [:]
        for (k, v) in MappingPairs(f.with) {
            guard let name = k.text else { continue }
            let (value, origin) = classify(v.text ?? "", slot: name, scope: scope, job)
            inputs[name] = Binding(value: value, location: origin ?? scope.callerLocation ?? scope.file.location(of: k), text: v.text ?? "", scope: scope)
        }
        for (k, declared) in MappingPairs(root[field: "inputs"]) {
            guard let name = k.text, inputs[name] == nil, let d = declared[field: "default"]?.text else { continue }
            let (value, origin) = classify(d, slot: name, scope: scope, job)
            inputs[name] = Binding(value: value, location: origin ?? here, text: d, scope: nil)
        }
        var inner = Scope(path: scope.path, file: FileText(text))
        inner.workflowEnv = scope.workflowEnv
        inner.jobEnv = scope.jobEnv.merging(scope.stepEnv) { _, step in step }
        inner.inputs = inputs
        inner.callerLocation = here
        inner.via = scope.via ?? uses
        inner.depth = scope.depth + 1
        walkSteps(root[field: "runs"]?[field: "steps"]?.sequence.map(Array.init) ?? [], scope: inner, &job)
    }

    // MARK: - Scripts

    /// A `run:` script, line by line: keys written by `aws configure set`, into `$GITHUB_ENV` or a
    /// credentials file, and roles assumed with `aws sts`.
    func script(_ key: Node, _ run: Node, scope: Scope, _ job: inout JobWalk, roles: Bool = true) {
        let lines: [(Substring, CredentialLocation)]
        if let caller = scope.callerLocation {
            lines = (run.text ?? "").split(separator: "\n", omittingEmptySubsequences: false).map { ($0, caller) }
        } else {
            lines = scope.file.scriptLines(key: key, value: run)
        }
        for (raw, at) in lines {
            // A line with nothing the tests below look for (most lines) is passed over on its bytes.
            if ScriptGate.isQuiet(raw) { continue }
            let line = String(raw)
            // One lowering per line; ASCII lines (nearly all) are searched as bytes.
            let ascii = ASCIILine(line)
            let unicodeLower = ascii == nil ? line.lowercased() : ""
            func has(_ word: String) -> Bool { ascii?.contains(word) ?? unicodeLower.contains(word) }
            // Every word below contains one of these four; a line with none of them (most lines) skips the rest.
            let aws = has("aws"), githubEnv = has("github_env"), expression = has("${{")
            let sts = has("assume-role") || has("get-session-token")
            let mentionsKey = aws && ["aws_access_key_id", "aws_secret_access_key", "aws-access-key-id", "aws-secret-access-key"].contains(where: has)
            let use: CredentialEntry.ScriptUse = aws && has("aws configure set") ? .configureSet
                : githubEnv ? .githubEnv
                : aws && (has(".aws/credentials") || (mentionsKey && has("=") && !has("export"))) ? .credentialsFile : .other
            var value: CredentialValue = .unknown
            var origin: CredentialLocation?
            if expression {
                // `if [ -z "${{ secrets.KEY }}" ]` tests the value; it hands it to nothing.
                let trimmed = line.drop { $0 == " " || $0 == "\t" }
                let isTest = trimmed.hasPrefix("if [") || trimmed.hasPrefix("[ ") || trimmed.hasPrefix("[[") || trimmed.hasPrefix("elif [")
                if !isTest {
                    (value, origin) = classify(line, slot: mentionsKey ? "AWS_ACCESS_KEY_ID" : nil, scope: scope, job, expressionsOnly: true)
                }
            }
            if value == .unknown, Self.containsLiteralKey(line, mentionsKey: mentionsKey) { value = .storedKey(reference: "a literal key") }
            if scope.otherService, value.isStoredKey { value = .nonAWS }
            if value != .unknown, value != .nonAWS || mentionsKey {
                job.add(CredentialEntry(channel: .script(use), value: value, text: line.trimmingCharacters(in: [" ", "\t", "\r"]), location: origin ?? at, via: scope.via))
            }
            guard roles, sts else { continue }
            if has("assume-role-with-web-identity") {
                job.roles.append(RoleAssumption(method: .oidc, role: "", location: at, via: scope.via))
                job.sessionProduced = true
                job.sessionProducedByLastStep = true
            } else if has("sts assume-role") || has("sts get-session-token") {
                if has("sts assume-role") { job.roles.append(RoleAssumption(method: .chained, role: "", location: at, via: scope.via)) }
                job.sessionProduced = true
                job.sessionProducedByLastStep = true
            }
        }
    }

    /// A real-looking key id anywhere on the line, or a 40-character secret on a line that names a key.
    static func containsLiteralKey(_ line: String, mentionsKey: Bool) -> Bool {
        // ASCII lines split on bytes, keeping only tokens long enough to be a key id (20) or a secret (40).
        if let ascii = ASCIILine.tokens(line, minimumLength: ScriptGate.shortestKeyToken, isTokenByte: ScriptGate.isKeyByte) {
            return ascii.contains { KeyValueRules.isRealLookingKeyID($0) || (mentionsKey && KeyValueRules.isRealLookingSecret($0)) }
        }
        let tokens = line.split { !($0.isLetter || $0.isNumber || $0 == "/" || $0 == "+") }.map(String.init)
        return tokens.contains { KeyValueRules.isRealLookingKeyID($0) || (mentionsKey && KeyValueRules.isRealLookingSecret($0)) }
    }

    // MARK: - Values

    /// An `env:` variable with where it is set.
    struct EnvVar {
        var text: String
        var location: CredentialLocation
    }

    /// An input of a local action, bound to the caller's value.
    struct Binding {
        var value: CredentialValue
        var location: CredentialLocation
        var text: String
        /// The caller's scope, so the value is judged again by the slot it reaches inside the action.
        var scope: Scope?
    }

    /// What a value may refer to: the env chain, the inputs of a local action, where in which file.
    struct Scope {
        var path: String
        var file: FileText
        var workflowEnv: [String: EnvVar] = [:]
        var jobEnv: [String: EnvVar] = [:]
        var stepEnv: [String: EnvVar] = [:]
        var inputs: [String: Binding]?
        /// Inside a local action: the caller step's `uses:` line, where everything inside is reported.
        var callerLocation: CredentialLocation?
        var via: String?
        var depth = 0
        /// The step says it talks to a service that is not AWS (`name: Configure AWS CLI for R2`).
        var otherService = false

        init(path: String, file: FileText) {
            self.path = path
            self.file = file
        }

        /// `${{ env.NAME }}`: the step's env, then the job's, then the workflow's.
        func env(_ name: String) -> EnvVar? { stepEnv[name] ?? jobEnv[name] ?? workflowEnv[name] }
    }

    func envVars(_ node: Node?, file: FileText) -> [String: EnvVar] {
        var out: [String: EnvVar] = [:]
        for (k, v) in MappingPairs(node) {
            guard let name = k.text else { continue }
            out[name] = EnvVar(text: v.text ?? "", location: file.location(of: k))
        }
        return out
    }

    func addEnvEntries(_ node: Node?, level: CredentialEntry.EnvLevel, scope: Scope, _ job: inout JobWalk) {
        for (k, v) in MappingPairs(node) {
            guard let name = k.text else { continue }
            var s = scope
            // An env block's own expressions read the levels around it, not itself.
            switch level {
            case .workflow: s.workflowEnv = [:]; s.jobEnv = [:]; s.stepEnv = [:]
            case .job, .container, .service: s.jobEnv = [:]; s.stepEnv = [:]
            case .step: s.stepEnv = [:]
            }
            record(.env(level, name), v, slot: name, at: k, scope: s, &job)
        }
    }

    /// Classifies a value for a slot and records it as an entry when it is a credential at all.
    @discardableResult
    func record(_ channel: CredentialEntry.Channel, _ v: Node, slot: String, at key: Node, scope: Scope, _ job: inout JobWalk) -> CredentialValue {
        let text = v.text ?? ""
        var (value, origin) = classify(text, slot: slot, scope: scope, job)
        if scope.otherService, value.isStoredKey { value = .nonAWS }
        if value != .unknown {
            let at = origin ?? scope.callerLocation ?? scope.file.location(of: key)
            job.add(CredentialEntry(channel: channel, value: value, text: text, location: at, via: scope.via))
        }
        return value
    }

    /// What a value handed to `slot` is, and where a value read through `env.`/`inputs.` first entered.
    func classify(_ text: String, slot: String?, scope: Scope, _ job: JobWalk, expressionsOnly: Bool = false, depth: Int = 0) -> (CredentialValue, CredentialLocation?) {
        let refs = References.find(in: text)
        let keySlot = slot.map(KeyValueRules.isKeySlot) ?? false
        let awsSlot = slot.map { KeyValueRules.isKeySlot($0) || KeyValueRules.namesAWSKey($0) } ?? false
        if refs.isEmpty {
            if expressionsOnly || ASCIILine.containsBytes(text, "${{") { return (.unknown, nil) }
            if keySlot { return (KeyValueRules.classifyLiteral(text), nil) }
            if case .storedKey = KeyValueRules.classifyLiteral(text), awsSlot || KeyValueRules.isRealLookingKeyID(text.trimmingCharacters(in: [" ", "\"", "'"])) {
                return (.storedKey(reference: "a literal key"), nil)
            }
            return (.unknown, nil)
        }
        var results: [(CredentialValue, CredentialLocation?)] = []
        for ref in refs {
            switch ref {
            case .secret(let name), .variable(let name):
                let context = ref.isSecret ? "secrets" : "vars"
                if KeyValueRules.namesOtherService(name) { if awsSlot || KeyValueRules.isKeyShaped(name) { results.append((.nonAWS, nil)) } }
                else if awsSlot || KeyValueRules.namesAWSKey(name) { results.append((.storedKey(reference: "\(context).\(name)"), nil)) }
            case .env(let name):
                if let v = scope.env(name), depth < 4 {
                    var outer = scope
                    if scope.stepEnv[name] != nil { outer.stepEnv[name] = nil } else if scope.jobEnv[name] != nil { outer.jobEnv[name] = nil; outer.stepEnv = [:] } else { outer = Scope(path: scope.path, file: scope.file) }
                    var (value, origin) = classify(v.text, slot: slot.map { KeyValueRules.isKeySlot($0) ? $0 : name } ?? name, scope: outer, job, depth: depth + 1)
                    if case .storedKey(let r) = value, !ASCIILine.containsBytes(r, " through ") { value = .storedKey(reference: "\(r) through env.\(name)") }
                    // Only the workflow file's own lines can be an origin; inside an action the caller's line stands.
                    results.append((value, origin ?? (scope.callerLocation == nil || scope.workflowEnv[name] != nil || scope.jobEnv[name] != nil ? v.location : nil)))
                } else if job.sessionProduced && (KeyValueRules.isKeySlot(name) || name.uppercased() == "AWS_SESSION_TOKEN") {
                    results.append((.session, nil))
                }
            case .stepOutput(let step, let output):
                if job.sessionSteps.contains(step) { results.append((.session, nil)) }
                else if KeyValueRules.namesAWSKey(output) && !KeyValueRules.namesOtherService(output) {
                    results.append((.storedKey(reference: "steps.\(step).outputs.\(output)"), nil))
                }
            case .input(let name):
                guard let b = scope.inputs?[name] else { break }
                if let outer = b.scope, depth < 4 {
                    let (value, origin) = classify(b.text, slot: slot, scope: outer, job, depth: depth + 1)
                    results.append((value, value == .unknown ? nil : origin ?? b.location))
                } else {
                    results.append((b.value, b.value == .unknown ? nil : b.location))
                }
            }
        }
        for wanted in [0, 1, 2, 3] {
            if let r = results.first(where: { Self.rank($0.0) == wanted }) { return r }
        }
        return (.unknown, nil)
    }

    static func rank(_ v: CredentialValue) -> Int {
        switch v {
        case .storedKey: return 0
        case .session: return 1
        case .dummy: return 2
        case .nonAWS: return 3
        case .unknown: return 4
        }
    }


    /// A job behind `if: inputs.NAME` (or `inputs.NAME == true`) that the caller sets to `false` never runs.
    static func skipped(_ condition: String?, _ inputs: [String: String]) -> Bool {
        // Only a caller's literal inputs can skip a job: without them there is nothing to read.
        guard !inputs.isEmpty, var c = condition?.filter({ $0 != " " }) else { return false }
        if c.hasPrefix("${{"), c.hasSuffix("}}") { c = String(c.dropFirst(3).dropLast(2)) }
        if c.hasSuffix("==true") { c = String(c.dropLast("==true".count)) }
        guard c.hasPrefix("inputs."), let value = inputs[String(c.dropFirst("inputs.".count))] else { return false }
        return value == "false"
    }

    // MARK: - Nodes

    /// The keys of a workflow, a job or a step the walk reads, found in one pass over the mapping instead
    /// of one search per key (each search copies the pairs it passes).
    struct Fields {
        var env, permissions, jobs, condition, uses, with, secrets, container, services, steps, name, id: Node?
        /// `run:` with its key, whose position `scriptLines` needs.
        var run: (Node, Node)?

        init(_ node: Node) {
            for (k, v) in MappingPairs(node) {
                guard case .scalar(let key) = k else { continue }
                // Only keys whose first letter starts one of the names are compared in full.
                guard let first = key.string.utf8.first, Self.firstBytes.contains(first) else { continue }
                // The last of equal keys, as `node[field:]` finds it (Yams refuses duplicate keys anyway).
                switch key.string {
                case "env": env = v
                case "permissions": permissions = v
                case "jobs": jobs = v
                case "if": condition = v
                case "uses": uses = v
                case "with": with = v
                case "secrets": secrets = v
                case "container": container = v
                case "services": services = v
                case "steps": steps = v
                case "name": name = v
                case "id": id = v
                case "run": if run == nil { run = (k, v) }
                default: break
                }
            }
        }

        /// c(ontainer), e(nv), i(d, f), j(obs), n(ame), p(ermissions), r(un), s(ecrets, ervices, teps), u(ses), w(ith).
        static let firstBytes: Set<UInt8> = Set("ceijnprsuw".utf8)
    }

    /// `aws-actions/configure-aws-credentials` of `aws-actions/configure-aws-credentials@v4`.
    static func repository(of uses: String) -> String {
        let name = uses.split(separator: "@").first.map(String.init) ?? uses
        return name.split(separator: "/").prefix(2).joined(separator: "/").lowercased()
    }

    /// `repository(of: uses) == credentialsAction`, without splitting the `uses:` of every other step: an
    /// ASCII `uses:` that does not contain the action's name in any case cannot be it.
    static func isCredentialsAction(_ uses: String) -> Bool {
        if ASCIILine.containsIgnoringCase(uses, "configure-aws-credentials") == false { return false }
        // The usual spelling, `aws-actions/configure-aws-credentials@…` in any case, read on the bytes; an
        // empty path part (`//`) or a leading `/` or `@` is what `split` would drop, so those take the split.
        let fast = ASCIILine.withBytes(uses) { b -> Bool? in
            let name = Array("aws-actions/configure-aws-credentials".utf8)
            guard !b.contains(where: { $0 >= 0x80 }), let first = b.first, first != 47, first != 64 else { return nil }
            if b.count >= name.count, zip(b, name).allSatisfy({ ($0 >= 65 && $0 <= 90 ? $0 + 32 : $0) == $1 }) {
                // The next byte ends the repository: the end, a ref, or a path inside it.
                return b.count == name.count || b[name.count] == 64 || b[name.count] == 47
            }
            let atEnd = b.firstIndex(of: 64) ?? b.count
            for i in 1..<max(1, atEnd) where b[i] == 47 && b[i - 1] == 47 { return nil }
            return false
        }
        return fast ?? (repository(of: uses) == credentialsAction)
    }

    /// `permissions: write-all` or `id-token: write`.
    static func grantsIDToken(_ node: Node?) -> Bool {
        if node?.text == "write-all" { return true }
        return node?[field: "id-token"]?.text == "write"
    }
}
