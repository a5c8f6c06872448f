/// A guide page: a title, an introduction and nested sections. Heading levels come from nesting,
/// so RST adornments and Markdown `#` counts can never disagree with the structure.
public struct Page: Hashable, Sendable {
    /// Kebab-case; the file name and the cross-reference label derive from it.
    public var id: String
    public var title: String
    /// One sentence for the index and the HTML `<meta name="description">`.
    public var summary: String
    public var intro: [Block]
    public var sections: [Section]

    public init(id: String, title: String, summary: String, intro: [Block] = [], sections: [Section] = []) {
        self.id = id
        self.title = title
        self.summary = summary
        self.intro = intro
        self.sections = sections
    }
}

public struct Section: Hashable, Sendable {
    /// Kebab-case, unique within its page: the anchor of the heading.
    public var id: String
    public var title: String
    public var blocks: [Block]
    public var subsections: [Section]

    public init(id: String, title: String, blocks: [Block] = [], subsections: [Section] = []) {
        self.id = id
        self.title = title
        self.blocks = blocks
        self.subsections = subsections
    }
}

public indirect enum Block: Hashable, Sendable {
    case paragraph([Inline])
    case code(CodeSample)
    case list(ordered: Bool, items: [[Block]])
    case checklist(Checklist)
    case table(Table)
    case admonition(AdmonitionKind, [Block])
    /// A diagram or figure given as raw text per format (for example a mermaid block); `alt` is its text alternative.
    case diagram(Diagram)
    /// Alternatives a reader picks one of (Console, CLI, Terraform, …): sphinx-tabs in RST, labelled
    /// sections in Markdown and HTML.
    case tabs([Tab])
}

public struct Tab: Hashable, Sendable {
    public var title: String
    public var blocks: [Block]

    public init(_ title: String, _ blocks: [Block]) {
        self.title = title
        self.blocks = blocks
    }
}

public enum AdmonitionKind: String, Hashable, Sendable {
    case note, tip, warning, important, caution
}

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

/// A code block. When `snippet` is set, the text is that snippet file's bytes, proven equal in every format.
public struct CodeSample: Hashable, Sendable {
    public var language: String
    public var text: String
    public var snippet: String?
    public var caption: String?

    public init(language: String, text: String, snippet: String? = nil, caption: String? = nil) {
        self.language = language
        self.text = text
        self.snippet = snippet
        self.caption = caption
    }
}

public struct Table: Hashable, Sendable {
    public var header: [[Inline]]
    public var rows: [[[Inline]]]

    public init(header: [[Inline]], rows: [[[Inline]]]) {
        self.header = header
        self.rows = rows
    }
}

public struct Checklist: Hashable, Sendable {
    public var items: [ChecklistItem]
    public init(items: [ChecklistItem]) { self.items = items }
}

public struct ChecklistItem: Hashable, Sendable {
    public var text: [Inline]
    public var done: Bool

    public init(_ text: [Inline], done: Bool = false) {
        self.text = text
        self.done = done
    }
}

public struct Diagram: Hashable, Sendable {
    public var mermaid: String
    public var svg: String
    public var alt: String

    public init(mermaid: String, svg: String, alt: String) {
        self.mermaid = mermaid
        self.svg = svg
        self.alt = alt
    }
}

/// One failure mode: what users see, why, how to confirm it, how to fix it, and what catches it early.
public struct TroubleshootingEntry: Hashable, Sendable {
    public var id: String
    public var title: String
    /// Grouping on the index page (for example "Not authorized to perform sts:AssumeRoleWithWebIdentity").
    public var symptomGroup: String
    /// Verbatim log lines, each with where the text comes from.
    public var symptoms: [LogLine]
    public var cause: [Block]
    public var confirm: [Block]
    public var fix: [Block]
    /// The `keyless` rule that reports this before a push, if any.
    public var rule: String?
    public var sources: [Reference]

    public init(
        id: String, title: String, symptomGroup: String, symptoms: [LogLine], cause: [Block], confirm: [Block],
        fix: [Block], rule: String? = nil, sources: [Reference]
    ) {
        self.id = id
        self.title = title
        self.symptomGroup = symptomGroup
        self.symptoms = symptoms
        self.cause = cause
        self.confirm = confirm
        self.fix = fix
        self.rule = rule
        self.sources = sources
    }
}

public struct LogLine: Hashable, Sendable {
    public var text: String
    /// Which tool or version prints it, for example `configure-aws-credentials v4 and later`.
    public var printedBy: String
    public var source: Reference

    public init(_ text: String, printedBy: String, source: Reference) {
        self.text = text
        self.printedBy = printedBy
        self.source = source
    }
}

public struct Reference: Hashable, Sendable {
    public var title: String
    public var url: String

    public init(_ title: String, _ url: String) {
        self.title = title
        self.url = url
    }
}
