public indirect enum Inline: Hashable, Sendable, ExpressibleByStringLiteral {
    case text(String)
    case code(String)
    case emphasis([Inline])
    case strong([Inline])
    case link(url: String, [Inline])
    /// A link to another page of the guide (and optionally one of its sections).
    case pageRef(page: String, section: String?, [Inline])

    public init(stringLiteral value: String) { self = .text(value) }

    /// The text without markup, for tables of contents and `alt` text.
    public var plainText: String {
        switch self {
        case .text(let s), .code(let s): return s
        case .emphasis(let c), .strong(let c), .link(_, let c), .pageRef(_, _, let c): return c.map(\.plainText).joined()
        }
    }
}
