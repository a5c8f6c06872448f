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
        // In place: the text of a native string is contiguous, and a copy of every file cost more than the probe.
        ASCIILine.withBytes(text) { kind(of: $0, path: path) }
    }

    static func kind(of bytes: UnsafeBufferPointer<UInt8>, path: String) -> Kind {
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
    static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: String) -> Bool {
        ASCIILine.withBytes(needle) { ASCIILine.find($0, in: bytes, lowering: false) }
    }

    /// Lints one file's text. Unparsable input is reported with the rule `yaml-syntax` / `json-syntax`.
    public func lint(_ text: String, path: String) -> (kind: Kind, diagnostics: [Diagnostic], parsed: Bool, decoded: DecodedWorkflow?) {
        switch Self.kind(of: text, path: path) {
        case .workflow:
            let r = lintWorkflow(text, path: path)
            return (.workflow, r.diagnostics.sorted { $0.location < $1.location }, r.parsed, r.decoded)
        case .policy:
            let r = lintPolicy(text, path: path)
            return (.policy, r.diagnostics.sorted { $0.location < $1.location }, r.parsed, nil)
        case .unknown:
            return (.unknown, [], true, nil)
        }
    }

    /// The walker for `keyless check`: `.yml`, `.yaml` and `.json` files.
    public static let walker = FileWalker(extensions: [".yml", ".yaml", ".json"])

    /// Files to check under the given paths: `.yml`, `.yaml` and `.json`, directories walked in
    /// name order, skipping build and VCS folders and following no symbolic link out of a loop.
    public static func files(under paths: [String]) -> FileWalker.Result {
        walker.files(under: paths)
    }
}
