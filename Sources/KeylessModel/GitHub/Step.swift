/// A step: an action (`uses:`) or a script (`run:`).
public struct Step: Hashable, Sendable, Codable {
    public var id: String?
    public var name: String?
    public var condition: Expression?
    public var uses: ActionRef?
    public var with: [KeyValue]
    public var run: String?
    public var shell: String?
    public var workingDirectory: String?
    public var env: [KeyValue]

    public init(
        id: String? = nil, name: String? = nil, condition: Expression? = nil, uses: ActionRef? = nil,
        with: [KeyValue] = [], run: String? = nil, shell: String? = nil, workingDirectory: String? = nil,
        env: [KeyValue] = []
    ) {
        self.id = id
        self.name = name
        self.condition = condition
        self.uses = uses
        self.with = with
        self.run = run
        self.shell = shell
        self.workingDirectory = workingDirectory
        self.env = env
    }

    /// The value of one `with:` input.
    public func input(_ key: String) -> ScalarValue? {
        with.first { $0.key == key }?.value
    }
}

/// `uses: owner/repo[/path]@ref`. The `# vX.Y.Z` comment beside a pinned SHA comes from the pin table,
/// not from the model, because a YAML reader cannot see comments.
public struct ActionRef: Hashable, Sendable, Codable, CustomStringConvertible {
    public var owner: String
    public var repo: String
    public var path: String?
    public var ref: String

    public init(owner: String, repo: String, path: String? = nil, ref: String) {
        self.owner = owner
        self.repo = repo
        self.path = path
        self.ref = ref
    }

    /// Parses `owner/repo[/path]@ref`; nil for local (`./…`) and `docker://` references.
    public init?(parsing text: String) {
        guard !text.hasPrefix("./"), !text.hasPrefix("docker://") else { return nil }
        // ASCII text (every `uses:` seen) is split on its bytes: the same parts, without a walk by Character.
        if !text.utf8.contains(where: { $0 >= 0x80 }) {
            let u = Array(text.utf8)
            guard let at = u.lastIndex(of: 64) else { return nil }
            let name = u[..<at].split(separator: 47, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            let ref = String(decoding: u[(at + 1)...], as: UTF8.self)
            self.init(parts: name, ref: ref)
            return
        }
        guard let at = text.lastIndex(of: "@") else { return nil }
        let name = text[..<at].split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        self.init(parts: name, ref: String(text[text.index(after: at)...]))
    }

    /// From the `/`-separated parts before the last `@` and the text after it.
    init?(parts name: [String], ref: String) {
        guard name.count >= 2, !name[0].isEmpty, !name[1].isEmpty, !ref.isEmpty else { return nil }
        self.init(
            owner: name[0], repo: name[1],
            path: name.count > 2 ? name[2...].joined(separator: "/") : nil, ref: ref)
    }

    /// `init(parsing:)` by Character, for any text (what the byte path must agree with).
    static func parsingCharacters(_ text: String) -> ActionRef? {
        guard !text.hasPrefix("./"), !text.hasPrefix("docker://"), let at = text.lastIndex(of: "@") else { return nil }
        let name = text[..<at].split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        return ActionRef(parts: name, ref: String(text[text.index(after: at)...]))
    }

    /// `owner/repo`, the key of the pin table.
    public var repository: String { "\(owner)/\(repo)" }

    /// True when `ref` is a full 40-hex commit SHA, the only immutable kind of reference.
    public var isPinnedToSHA: Bool { Self.isCommitSHA(ref) }

    /// A full 40-hex, lower-case commit SHA. Bytes, not Characters: this runs for every `uses:` checked.
    public static func isCommitSHA(_ s: String) -> Bool {
        s.utf8.count == 40 && s.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    public var description: String {
        "\(owner)/\(repo)\(path.map { "/\($0)" } ?? "")@\(ref)"
    }
}
