import Foundation
import KeylessLint
import KeylessModel
import KeylessSyntax
import Yams

/// The migrator's proof of its own edit: the result is read back (Yams) and compared with the
/// original, so an edit that touched more than it meant to is refused instead of written.
///
/// - the result parses as a workflow;
/// - every line outside the changed ones is there, byte for byte and in order (line ends included),
///   and the only other lines are the ones the edit wrote, with the file's line end;
/// - every role ARN and every `role-to-assume` of the original is still there, unchanged;
/// - every job and step the edit did not mean to change is unchanged, by decoded model and by node text;
///   an edited step differs only in its key inputs and the role inputs the edit wrote, an edited job only
///   in its permissions, its key env entries, its edited steps and the key secrets it passed;
/// - `keyless check` finds no `long-lived-aws-keys` / `missing-id-token` that the original did not have
///   on an unchanged line outside the edited steps;
/// - no AWS key secret the edit removed is still read anywhere.
struct MigrationProof {
    let path: String
    let original: String
    let originalWorkflow: Workflow
    let originalRoot: Node
    let edits: TextEdits
    let editedJobs: [String: Set<Int>]
    let editedTriggers: Bool
    let removedSecrets: Set<String>
    let keys: StoredKeys

    struct Failure: Error {
        var line: Int
        var message: String
    }

    static let roleARN = try! NSRegularExpression(pattern: #"arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+"#)

    static func roleARNs(_ text: String) -> [String: Int] {
        let ns = text as NSString
        var out: [String: Int] = [:]
        for m in roleARN.matches(in: text, range: NSRange(location: 0, length: ns.length)) { out[ns.substring(with: m.range), default: 0] += 1 }
        return out
    }

    func verify(_ result: String) throws(Failure) {
        let reader = YAMLReader(path: path, strict: false, rule: "workflow-shape", nodeBudget: 200_000)
        guard let root = reader.compose(result), let w = WorkflowCodec.decode(root, reader: reader) else {
            let d = reader.diagnostics.first
            throw Failure(line: d?.location.line ?? 1, message: "the edited file would not parse: \(d?.message ?? "not a workflow")")
        }
        try roles(result, w)
        try model(w)
        try nodeText(root, result)
        try lines(result)
        try lint(result)
        try secretsGone(result)
    }

    // MARK: Lines

    func lines(_ result: String) throws(Failure) {
        let old = edits.lines
        let new = TextEdits.split(result)
        let origins = edits.origins()
        guard new.count == origins.count else { throw Failure(line: 1, message: "the edited file has \(new.count) lines where the edit wrote \(origins.count)") }
        var last = -1
        let crlf = edits.carriageReturn
        for (i, o) in origins.enumerated() {
            if let o {
                guard o > last, old[o] == new[i] else { throw Failure(line: o + 1, message: "line \(o + 1) changed or moved although the edit did not mean to touch it") }
                last = o
            } else if crlf && i < new.count - 1 && !new[i].hasSuffix("\r") {
                throw Failure(line: i + 1, message: "a new line lacks the file's CRLF line end")
            }
        }
        let kept = Set(origins.compactMap { $0 })
        let changed = Set(edits.changedLines.map { $0 - 1 })
        for i in old.indices where !kept.contains(i) && !changed.contains(i) {
            throw Failure(line: i + 1, message: "line \(i + 1) disappeared although the edit did not mean to touch it")
        }
    }

    // MARK: Roles

    func roles(_ result: String, _ w: Workflow) throws(Failure) {
        let after = Self.roleARNs(result)
        for (arn, n) in Self.roleARNs(original) where (after[arn] ?? 0) < n {
            throw Failure(line: 1, message: "the role ARN \(arn) is gone or changed")
        }
        for job in originalWorkflow.jobs {
            guard let j = w.jobs.first(where: { $0.id == job.id }), j.steps.count == job.steps.count else { continue }
            for (i, s) in job.steps.enumerated() {
                if let r = s.input("role-to-assume"), j.steps[i].input("role-to-assume") != r {
                    throw Failure(line: 1, message: "job '\(job.id)' step \(i + 1): role-to-assume \(r.text) changed")
                }
            }
        }
    }

    // MARK: Model

    static let roleInputs: Set<String> = ["role-to-assume", "role-session-name", "aws-region"]

    func model(_ w: Workflow) throws(Failure) {
        guard w.name == originalWorkflow.name, w.env == originalWorkflow.env, w.concurrency == originalWorkflow.concurrency,
            w.permissions == originalWorkflow.permissions
        else { throw Failure(line: 1, message: "the workflow's name, env, concurrency or permissions changed") }
        if !editedTriggers && w.triggers != originalWorkflow.triggers { throw Failure(line: 1, message: "the workflow's triggers changed") }
        guard w.jobs.map(\.id) == originalWorkflow.jobs.map(\.id) else { throw Failure(line: 1, message: "the jobs changed") }
        for (job, after) in zip(originalWorkflow.jobs, w.jobs) {
            guard let touched = editedJobs[job.id] else {
                guard job == after else { throw Failure(line: 1, message: "job '\(job.id)' changed although the edit did not mean to touch it") }
                continue
            }
            var a = after, b = job
            a.permissions = nil; b.permissions = nil
            a.env = a.env.filter { !keys.isStoredKeyEnv($0) }; b.env = b.env.filter { !keys.isStoredKeyEnv($0) }
            if case .explicit(let s)? = b.secrets {
                var t: [KeyValue] = []
                if case .explicit(let x)? = a.secrets { t = x }
                guard t.allSatisfy(s.contains), a.secrets != .inherit else { throw Failure(line: 1, message: "job '\(job.id)' passes a secret it did not pass") }
                a.secrets = nil; b.secrets = nil
            }
            guard a.steps.count == b.steps.count else { throw Failure(line: 1, message: "job '\(job.id)' gained or lost a step") }
            for i in b.steps.indices {
                if touched.contains(i) {
                    a.steps[i] = normalized(a.steps[i], like: b.steps[i])
                    b.steps[i] = normalized(b.steps[i], like: b.steps[i])
                }
                guard a.steps[i] == b.steps[i] else {
                    throw Failure(line: 1, message: "step \(i + 1) of job '\(job.id)' changed \(touched.contains(i) ? "beyond its keys and role inputs" : "although the edit did not mean to touch it")")
                }
            }
            a.steps = []; b.steps = []
            guard a == b else { throw Failure(line: 1, message: "job '\(job.id)' changed beyond its permissions, key env and credentials steps") }
            for s in after.steps where keys.holdsStoredKeys(s, in: after) {
                throw Failure(line: 1, message: "job '\(job.id)' still signs in with stored keys")
            }
        }
    }

    /// A step without its key inputs and key env entries, and without the role inputs the edit may
    /// write: all three when the step had no role (the edit wrote them), only a new aws-region when it had one.
    func normalized(_ s: Step, like original: Step) -> Step {
        var s = s
        let hadRole = original.input("role-to-assume") != nil
        s.with = s.with.filter { kv in
            if StoredKeys.keyInputs.contains(kv.key) { return false }
            if !hadRole { return !Self.roleInputs.contains(kv.key) }
            return kv.key != "aws-region" || original.input("aws-region") != nil
        }
        s.env = s.env.filter { !keys.isStoredKeyEnv($0) }
        return s
    }

    // MARK: Node text

    /// The text of each job (jobs not edited) and each step (of edited jobs) that the edit did not
    /// mean to change, compared line for line between the original and the result.
    func nodeText(_ root: Node, _ result: String) throws(Failure) {
        let before = TextEdits(original), after = TextEdits(result)
        let a = Self.pieces(originalRoot, before), b = Self.pieces(root, after)
        for (key, text) in a {
            let (job, step) = key
            if let touched = editedJobs[job] {
                guard let step, !touched.contains(step) else { continue }
            } else if step != nil { continue }
            guard b.first(where: { $0.0 == key })?.1 == text else {
                throw Failure(line: 1, message: step.map { "the text of step \($0 + 1) of job '\(job)' changed although the edit did not mean to touch it" } ?? "the text of job '\(job)' changed although the edit did not mean to touch it")
            }
        }
    }

    /// (job, nil) → the job's lines; (job, i) → step i's lines; trailing blank and comment lines dropped.
    static func pieces(_ root: Node, _ t: TextEdits) -> [((String, Int?), [String])] {
        guard case .mapping(let top) = root, let jobs = top.first(where: { $0.key.string == "jobs" })?.value,
            case .mapping(let jm) = jobs else { return [] }
        func trimmed(_ r: ClosedRange<Int>) -> [String] {
            var end = r.upperBound
            while end > r.lowerBound && t.isBlankOrComment(end) { end -= 1 }
            return (r.lowerBound...end).map { t.lines[$0] }
        }
        var out: [((String, Int?), [String])] = []
        for (k, v) in jm {
            guard let id = k.string, let mark = k.mark else { continue }
            let start = mark.line - 1
            let end = t.entryEnd(start, indent: mark.column - 1)
            out.append(((id, nil), trimmed(start...end)))
            guard case .mapping(let fields) = v, let steps = fields.first(where: { $0.key.string == "steps" })?.value,
                case .sequence(let seq) = steps else { continue }
            let starts = seq.map { ($0.mark?.line ?? 1) - 1 }
            for (i, s) in starts.enumerated() {
                let stop = i + 1 < starts.count ? starts[i + 1] - 1 : end
                guard s <= stop else { continue }
                out.append(((id, i), trimmed(s...stop)))
            }
        }
        return out
    }

    // MARK: keyless check

    static let rules: Set<String> = ["long-lived-aws-keys", "missing-id-token"]

    func lint(_ result: String) throws(Failure) {
        let linter = Linter(pins: .empty)
        let before = Set(linter.lint(original, path: path).diagnostics.filter { Self.rules.contains($0.rule) }.map { "\($0.rule)@\($0.location.line)" })
        let origins = edits.origins()
        let editedLines = editedStepLines()
        for d in linter.lint(result, path: path).diagnostics where Self.rules.contains(d.rule) {
            let o = d.location.line - 1 < origins.count && d.location.line >= 1 ? origins[d.location.line - 1] : nil
            // Kept only when the original had it on the same, unchanged line outside the edited steps:
            // something migrate leaves on purpose (a session passed on, another provider's key).
            if let o, before.contains("\(d.rule)@\(o + 1)"), !editedLines.contains(o) { continue }
            throw Failure(line: originalLine(d.location.line), message: "after the edit, keyless check still reports: \(d.message) [\(d.rule)]")
        }
    }

    func editedStepLines() -> Set<Int> {
        var out = Set<Int>()
        for ((job, step), _) in Self.pieces(originalRoot, edits) {
            guard let touched = editedJobs[job] else { continue }
            if step == nil && touched.isEmpty { continue }
            guard let step, touched.contains(step) else { continue }
            if let range = stepRange(job, step) { out.formUnion(range) }
        }
        return out
    }

    func stepRange(_ job: String, _ step: Int) -> ClosedRange<Int>? {
        guard case .mapping(let top) = originalRoot, let jobs = top.first(where: { $0.key.string == "jobs" })?.value,
            case .mapping(let jm) = jobs, let pair = jm.first(where: { $0.key.string == job }), let mark = pair.key.mark,
            case .mapping(let fields) = pair.value, let steps = fields.first(where: { $0.key.string == "steps" })?.value,
            case .sequence(let seq) = steps, step < seq.count
        else { return nil }
        let starts = seq.map { ($0.mark?.line ?? 1) - 1 }
        let end = step + 1 < starts.count ? starts[step + 1] - 1 : edits.entryEnd(mark.line - 1, indent: mark.column - 1)
        return starts[step] <= end ? starts[step]...end : nil
    }

    /// The original line (1-based) a result line keeps, or the original line the new one follows:
    /// a refusal points into the file as it is on disk.
    func originalLine(_ resultLine: Int) -> Int {
        let origins = edits.origins()
        var i = min(max(resultLine - 1, 0), origins.count - 1)
        while i >= 0 { if let o = origins[i] { return o + 1 }; i -= 1 }
        return 1
    }

    // MARK: Secrets

    func secretsGone(_ result: String) throws(Failure) {
        let lines = TextEdits.split(result)
        for name in removedSecrets.sorted() {
            let pattern = "secrets.\(name)"
            guard let i = lines.firstIndex(where: { l in
                guard let r = l.range(of: pattern) else { return false }
                let after = l[r.upperBound...].first
                return after.map { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") } ?? true
            }) else { continue }
            let at = originalLine(i + 1)
            throw Failure(line: at, message: "secrets.\(name) is still read at line \(at), outside the steps this edit replaces (a script, an action's inputs or another job); that consumer needs the key itself")
        }
    }
}
