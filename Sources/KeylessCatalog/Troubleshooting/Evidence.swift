import KeylessModel

/// A range of aws-actions/configure-aws-credentials release tags, `from` through `through` (nil: and later).
struct ActionVersions: Hashable, Sendable, CustomStringConvertible {
    var from: String
    var through: String?

    init(_ from: String, through: String? = nil) {
        self.from = from
        self.through = through
    }

    static func from(_ tag: String) -> ActionVersions { ActionVersions(tag) }

    /// `v1.2.3` as numbers; nil for anything else, so a stray folder name never counts as a version.
    static func numbers(_ tag: String) -> [Int]? {
        guard tag.hasPrefix("v") else { return nil }
        let parts = tag.dropFirst().split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 3, parts.allSatisfy({ $0 != nil }) else { return nil }
        return parts.map { $0! }
    }

    func contains(_ tag: String) -> Bool {
        guard let v = Self.numbers(tag), let lo = Self.numbers(from) else { return false }
        if v.lexicographicallyPrecedes(lo) { return false }
        if let through, let hi = Self.numbers(through), hi.lexicographicallyPrecedes(v) { return false }
        return true
    }

    /// The configure-aws-credentials releases the harness runs (the bundles in `../shared/actions`); a
    /// test fails when that folder holds another set, so this list cannot drift from what is run.
    static let harness = ["v4.3.1", "v6.2.3"]

    var description: String {
        guard let through else { return "\(from) and later" }
        return through == from ? from : "\(from) to \(through)"
    }
}

/// How the text of a symptom is known.
enum Evidence: Hashable, Sendable {
    /// `Tests/KeylessTruthTests` runs harness scenario `scenario` with the real action on every version in
    /// `versions` that `../shared/actions` holds, and fails unless the line appears verbatim in its log.
    case reproduced(scenario: String, versions: ActionVersions)
    /// Quoted from documentation, source code at a tag, or an issue thread; `versions` says in words what it
    /// applies to (CommonMark).
    case quoted(Link, versions: String)
}

/// One verbatim log line of a failure mode and how it is known.
struct Symptom: Hashable, Sendable {
    var line: LogLine
    var known: Evidence

    /// A line the harness reproduces; `line.source` points at the code that builds the message.
    static func reproduced(_ line: LogLine, scenario: String, _ versions: ActionVersions) -> Symptom {
        Symptom(line: line, known: .reproduced(scenario: scenario, versions: versions))
    }

    /// A line quoted from `line.source`, for the versions (or products) named.
    static func quoted(_ line: LogLine, versions: String) -> Symptom {
        Symptom(line: line, known: .quoted(line.source, versions: versions))
    }

    /// The sentence under the log line on the page.
    var knownProse: String {
        switch known {
        case .reproduced(let scenario, let versions):
            let run = ActionVersions.harness.filter(versions.contains).joined(separator: " and ")
            return "How this is known: reproduced. The test harness (`Tests/KeylessTruthTests`, scenario `\(scenario)`) "
                + "runs the bundled `dist/index.js` of the real action (\(run)) with loopback endpoints only and asserts this exact "
                + "line; the line holds for \(versions) (the range beyond the versions run is read from the action's source)."
        case .quoted(let link, let versions):
            return "How this is known: quoted from [\(link.title)](\(link.url)); applies to \(versions)."
        }
    }
}
