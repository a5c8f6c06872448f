/// What `keyless explain` knows about one troubleshooting entry. The catalog builds these from its
/// entries (`TroubleshootingCatalog.explainable`), so the matching rules are the entries' own verbatim
/// symptom lines: a new entry is explainable without code here.
public struct ExplainEntry: Hashable, Sendable {
    public struct Symptom: Hashable, Sendable {
        /// The verbatim line the entry shows.
        public var text: String
        /// Reproduced by the harness (`true`) or quoted from a source.
        public var reproduced: Bool
        /// The release range, `from` through `through` (nil: and later), when it is machine-readable
        /// (reproduced symptoms); quoted ones say it in words only (`versions`).
        public var from: String?
        public var through: String?
        public var versions: String

        public init(text: String, reproduced: Bool, from: String? = nil, through: String? = nil, versions: String) {
            self.text = text
            self.reproduced = reproduced
            self.from = from
            self.through = through
            self.versions = versions
        }

        /// The pattern derived from the verbatim line (see `SymptomPattern`).
        public var pattern: SymptomPattern { SymptomPattern(text) }
    }

    public var id: String
    public var title: String
    public var group: String
    public var symptoms: [Symptom]
    /// CommonMark, as the page has it.
    public var cause: String
    public var confirm: String
    public var fix: String
    /// The `keyless check` rule that catches it, if any.
    public var rule: String?
    /// `docs/md/troubleshooting-ID.md`.
    public var page: String
    /// Section id (`symptom`, `cause`, `confirm`, `fix`) → the heading's anchor on the Markdown page.
    public var anchors: [String: String]

    public init(id: String, title: String, group: String, symptoms: [Symptom], cause: String, confirm: String, fix: String,
                rule: String?, page: String, anchors: [String: String]) {
        self.id = id
        self.title = title
        self.group = group
        self.symptoms = symptoms
        self.cause = cause
        self.confirm = confirm
        self.fix = fix
        self.rule = rule
        self.page = page
        self.anchors = anchors
    }

    /// `docs/md/troubleshooting-ID.md#anchor` for a section.
    public func link(_ section: String) -> String {
        page + (anchors[section].map { "#\($0)" } ?? "")
    }
}

/// A configure-aws-credentials release tag compared by its numbers; `v4` stands for every `v4.x.y`.
enum ActionTag {
    static func numbers(_ tag: String) -> [Int]? {
        guard tag.hasPrefix("v") else { return nil }
        let parts = tag.dropFirst().split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard (1...3).contains(parts.count), parts.allSatisfy({ $0 != nil }) else { return nil }
        return parts.map { $0! }
    }

    /// Whether some release the log's tag can name lies in `from`…`through`. Nil when it cannot tell.
    static func overlaps(_ tag: String, from: String?, through: String?) -> Bool? {
        guard let v = numbers(tag), let from, let lo = numbers(from) else { return nil }
        // The tag as the lowest and highest release it can stand for (`v4` is v4.0.0 … v4.∞.∞).
        let low = v + Array(repeating: 0, count: 3 - v.count), high = v + Array(repeating: Int.max, count: 3 - v.count)
        if high.lexicographicallyPrecedes(lo) { return false }
        if let through, let hi = numbers(through), hi.lexicographicallyPrecedes(low) { return false }
        return true
    }
}
