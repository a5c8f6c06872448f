import Foundation
import KeylessSyntax
import KeylessModel
import Yams

/// `keyless check`: finds which files are workflows or policies and runs the rules over them.
public struct Linter: Sendable {
    /// Action majors and their runtimes, for `deprecated-action-runtime`.
    public var pins: ActionPins
    /// Audiences accepted besides the standard STS ones (`--audience`).
    public var extraAudiences: [String]
    /// Largest file read; bigger ones are reported, not parsed.
    public static let maxFileBytes = 5 * 1024 * 1024

    public init(pins: ActionPins, extraAudiences: [String] = []) {
        self.pins = pins
        self.extraAudiences = extraAudiences
    }

    public enum Kind: String, Sendable { case workflow, policy, unknown }

    /// What a file looks like: a JSON object with `Statement`, YAML with `jobs:`, or a list of steps.
    /// Scans bytes, not Characters: this runs on every file of a repository.
    public static func kind(of text: String, path: String) -> Kind {
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count, [32, 9, 10, 13].contains(bytes[i]) { i += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: "{") { return contains(bytes, "\"Statement\"") ? .policy : .unknown }
        guard path.hasSuffix(".yml") || path.hasSuffix(".yaml") else { return .unknown }
        if contains(bytes, "jobs:") { return .workflow }
        // A fragment: the first line that is neither blank nor a comment starts with "- ".
        var lineStart = 0
        while lineStart < bytes.count {
            var end = lineStart
            while end < bytes.count, bytes[end] != 10 { end += 1 }
            var j = lineStart
            while j < end, bytes[j] == 32 { j += 1 }
            if j < end, bytes[j] != UInt8(ascii: "#"), bytes[j] != 13 {
                let startsList = end - lineStart >= 2 && bytes[lineStart] == UInt8(ascii: "-") && bytes[lineStart + 1] == 32
                return startsList && (contains(bytes, "uses:") || contains(bytes, "run:")) ? .workflow : .unknown
            }
            lineStart = end + 1
        }
        return .unknown
    }

    /// Byte substring search for the kind probe above (the needles are a few bytes long).
    static func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard let first = n.first, bytes.count >= n.count else { return false }
        var i = 0
        let last = bytes.count - n.count
        while i <= last {
            if bytes[i] == first {
                var k = 1
                while k < n.count && bytes[i + k] == n[k] { k += 1 }
                if k == n.count { return true }
            }
            i += 1
        }
        return false
    }

    /// Lints one file's text. Unparsable input is reported with the rule `yaml-syntax` / `json-syntax`.
    public func lint(_ text: String, path: String) -> (kind: Kind, diagnostics: [Diagnostic], parsed: Bool, decoded: DecodedWorkflow?) {
        switch Self.kind(of: text, path: path) {
        case .workflow:
            var rules = WorkflowRules(linter: self, path: path)
            let (d, ok) = rules.run(text)
            // Kept only for files that can take part in a reusable-workflow call (the cross-file rules).
            let decoded = rules.workflow.flatMap { Self.mayTakePartInACall(text) ? DecodedWorkflow(path: path, root: rules.root, workflow: $0) : nil }
            return (.workflow, d.sorted { $0.location < $1.location }, ok, decoded)
        case .policy:
            var rules = PolicyRules(linter: self, path: path)
            let (d, ok) = rules.run(text)
            return (.policy, d.sorted { $0.location < $1.location }, ok, nil)
        case .unknown:
            return (.unknown, [], true, nil)
        }
    }

    /// Files to check under the given paths: `.yml`, `.yaml` and `.json`, directories walked in
    /// name order, skipping build and VCS folders and following no symbolic link out of a loop.
    public static func files(under paths: [String]) -> (files: [String], problems: [Diagnostic]) {
        var out: [String] = []
        var problems: [Diagnostic] = []
        let fm = FileManager.default
        for p in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: p, isDirectory: &isDir) else {
                problems.append(Diagnostic(at: SourceLocation(path: p), "no such file or directory", rule: "read-error"))
                continue
            }
            if !isDir.boolValue { out.append(p); continue }
            var seen = Set<String>()
            func walk(_ dir: String) {
                let real = URL(fileURLWithPath: dir).resolvingSymlinksInPath().path
                guard seen.insert(real).inserted else { return }
                guard let names = try? fm.contentsOfDirectory(atPath: dir) else {
                    problems.append(Diagnostic(at: SourceLocation(path: dir), "cannot read the directory", rule: "read-error"))
                    return
                }
                for name in names.sorted() where ![".git", ".build", "node_modules", ".venv"].contains(name) && !name.hasPrefix(".build") {
                    let child = dir == "." ? name : (dir.hasSuffix("/") ? dir + name : dir + "/" + name)
                    var childIsDir: ObjCBool = false
                    guard fm.fileExists(atPath: child, isDirectory: &childIsDir) else {
                        // fileExists follows links: a loop or a dangling link lands here.
                        if (try? fm.destinationOfSymbolicLink(atPath: child)) != nil {
                            problems.append(Diagnostic(at: SourceLocation(path: child), "symbolic link loop or dangling link; not followed", rule: "read-error"))
                        }
                        continue
                    }
                    if childIsDir.boolValue { walk(child) } else if [".yml", ".yaml", ".json"].contains(where: child.hasSuffix) { out.append(child) }
                }
            }
            walk(p)
        }
        return (out, problems)
    }
}

/// Output formats of `keyless check`.
public enum LintFormat: String, CaseIterable, Sendable {
    case text, json, sarif, github

    public func render(_ diagnostics: [Diagnostic]) -> String {
        switch self {
        case .text:
            return diagnostics.map { $0.description + "\n" }.joined()
        case .github:
            // Workflow commands: https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
            return diagnostics.map { d in
                let level = d.severity == .error ? "error" : d.severity == .warning ? "warning" : "notice"
                return "::\(level) file=\(escapeProperty(d.location.path)),line=\(d.location.line),col=\(d.location.column),title=\(escapeProperty(d.rule))::\(escapeData(d.message))\n"
            }.joined()
        case .json:
            let items = diagnostics.map { d -> JSONValue in
                .object([("path", .string(d.location.path)), ("line", .int(d.location.line)), ("column", .int(d.location.column)),
                         ("severity", .string(d.severity.rawValue)), ("rule", .string(d.rule)), ("message", .string(d.message))])
            }
            return JSONEmitter.emit(.array(items))
        case .sarif:
            return Sarif.render(diagnostics)
        }
    }

    func escapeData(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    func escapeProperty(_ s: String) -> String {
        escapeData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}

/// SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), the form code scanning reads.
enum Sarif {
    static func render(_ diagnostics: [Diagnostic]) -> String {
        let rules = Rules.all.map { r -> JSONValue in
            .object([
                ("id", .string(r.id)),
                ("shortDescription", .object([("text", .string(r.title))])),
                ("fullDescription", .object([("text", .string(r.explanation))])),
                ("helpUri", .string(r.source.url)),
                ("defaultConfiguration", .object([("level", .string(level(r.severity)))])),
            ])
        }
        let results = diagnostics.map { d -> JSONValue in
            .object([
                ("ruleId", .string(d.rule)),
                ("level", .string(level(d.severity))),
                ("message", .object([("text", .string(d.message))])),
                ("locations", .array([.object([("physicalLocation", .object([
                    ("artifactLocation", .object([("uri", .string(d.location.path))])),
                    ("region", .object([("startLine", .int(d.location.line)), ("startColumn", .int(d.location.column))])),
                ]))])])),
            ])
        }
        let doc = JSONValue.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([
                    ("name", .string("keyless")),
                    ("informationUri", .string("https://github.com/honeyhiveai/keyless")),
                    ("rules", .array(rules)),
                ]))])),
                ("results", .array(results)),
            ])])),
        ])
        return JSONEmitter.emit(doc)
    }

    static func level(_ s: Diagnostic.Severity) -> String {
        switch s { case .error: return "error"; case .warning: return "warning"; case .note: return "note" }
    }
}
