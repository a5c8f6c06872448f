import KeylessModel
import KeylessSyntax
import Ccmark
import Foundation

/// reStructuredText from a libcmark tree: one walk with `cmark_iter`, one switch on node type and
/// enter/exit, escaping in `RSTText`.
///
/// Custom blocks carry raw RST (labels, directives, tables); the children of a custom block are
/// indented three spaces under it, which is how directive bodies nest.
struct RSTWriter {
    /// Heading adornments by level. Level 1 also gets an overline. Sphinx infers levels from the order
    /// adornments first appear, and every page uses this order, so levels agree across the project.
    static let adornments: [Character] = ["=", "-", "~", "^", "\""]

    /// The adornment of each heading level: its character and whether it has an overline. The guide's
    /// own pages use `adornments`; text injected into another file uses that file's order.
    var styles: [RSTHeadingStyle] = RSTWriter.defaultStyles

    /// `adornments` as styles, made once (a writer is made for every table cell).
    static let defaultStyles: [RSTHeadingStyle] = adornments.enumerated().map { RSTHeadingStyle(character: $1, overline: $0 == 0) }

    private var lines: [String] = []
    private var indent: [String] = []
    /// The marker of a list item whose first line is not written yet ("- " or "1. ").
    private var pendingMarker: String?
    /// One entry per open list: the next number, or nil for a bullet list.
    private var counters: [Int?] = []
    /// Inline content of the paragraph or heading being read.
    private var pieces: [RSTText.Piece] = []

    static func render(_ tree: CMarkTree, styles: [RSTHeadingStyle]? = nil) -> String {
        var writer = RSTWriter()
        if let styles { writer.styles = styles }
        tree.walk { node, entering in writer.visit(node, entering: entering) }
        var out = writer.lines
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n") + "\n"
    }

    /// Handles one enter or exit event; returns true when it consumed the node's whole subtree.
    private mutating func visit(_ node: OpaquePointer, entering: Bool) -> Bool {
        switch CMarkNode.type(node) {
        case CMARK_NODE_PARAGRAPH:
            if entering { pieces = [] } else { emit([RSTText.line(pieces)]) }
        case CMARK_NODE_HEADING:
            if entering {
                pieces = []
            } else {
                let title = RSTText.line(pieces)
                let level = Int(cmark_node_get_heading_level(node))
                let style = styles[min(level, styles.count) - 1]
                let rule = String(repeating: style.character, count: RSTText.width(title))
                emit(style.overline ? [rule, title, rule] : [title, rule])
            }
        case CMARK_NODE_CODE_BLOCK:
            // Body lines keep their bytes: de-indenting by three spaces gives the sample back exactly.
            let info = CMarkNode.fenceInfo(node).split(separator: "\n").map(String.init)
            let body = CMarkNode.literal(node).droppingTrailingNewlines().byteLines()
            emit([".. code-block:: \(info.first ?? "text")"] + info.dropFirst().map { "   \($0)" } + [""]
                + body.map { $0.isEmpty ? "" : "   \($0)" })
        case CMARK_NODE_LIST:
            if entering {
                let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
                counters.append(ordered ? Int(cmark_node_get_list_start(node)) : nil)
            } else {
                counters.removeLast()
                blank()
            }
        case CMARK_NODE_ITEM:
            if entering {
                var marker = "- "
                if let n = counters[counters.count - 1] {
                    marker = "\(n). "
                    counters[counters.count - 1] = n + 1
                }
                // Continuation lines align with the text after the marker, whatever the marker's width.
                indent.append(String(repeating: " ", count: marker.count))
                pendingMarker = marker
            } else {
                if let marker = pendingMarker {  // an empty item: the bare marker
                    pendingMarker = nil
                    lines.append(String(prefix.dropLast(marker.count)) + marker.trimmingCharacters(in: .whitespaces))
                    blank()
                }
                indent.removeLast()
            }
        case CMARK_NODE_BLOCK_QUOTE:
            if entering { indent.append("   ") } else { indent.removeLast() }
        case CMARK_NODE_CUSTOM_BLOCK:
            let hasBody = cmark_node_first_child(node) != nil
            if !entering, hasBody { indent.removeLast() }
            let raw = entering ? CMarkNode.onEnter(node) : CMarkNode.onExit(node)
            if !raw.isEmpty { emit(raw.byteLines()) }
            if entering, hasBody { indent.append("   ") }
        case CMARK_NODE_TEXT:
            pieces.append(.text(RSTText.escape(CMarkNode.literal(node))))
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
            pieces.append(.text(" "))
        case CMARK_NODE_CODE:
            pieces += RSTText.literal(CMarkNode.literal(node))
        case CMARK_NODE_EMPH, CMARK_NODE_STRONG:
            // RST inline markup does not nest, so the content is taken as plain text and the subtree skipped.
            let delimiter = CMarkNode.type(node) == CMARK_NODE_EMPH ? "*" : "**"
            pieces += RSTText.wrap(CMarkNode.plainText(node), delimiter: delimiter)
            return true
        case CMARK_NODE_LINK:
            // Anonymous (`__`), so two links with the same text never clash as duplicate targets.
            let text = RSTText.interpreted(CMarkNode.plainText(node))
            pieces.append(.markup("`\(text.isEmpty ? "" : text + " ")<\(RSTText.uri(CMarkNode.url(node)))>`__"))
            return true
        case CMARK_NODE_CUSTOM_INLINE:
            let raw = entering ? CMarkNode.onEnter(node) : CMarkNode.onExit(node)
            if !raw.isEmpty { pieces.append(.markup(raw)) }
        default:
            // DOCUMENT needs nothing; the lowerings never produce raw HTML, images or thematic breaks.
            break
        }
        return false
    }

    private var prefix: String { indent.joined() }

    /// Writes a block's lines at the current indentation, then one blank line. The first line of a
    /// list item carries the item's marker in place of the marker's indentation.
    private mutating func emit(_ block: [String]) {
        let prefix = self.prefix
        for (i, line) in block.enumerated() {
            if i == 0, let marker = pendingMarker {
                pendingMarker = nil
                lines.append(String(prefix.dropLast(marker.count)) + marker + line)
            } else {
                lines.append(line.isEmpty ? "" : prefix + line)
            }
        }
        blank()
    }

    private mutating func blank() {
        if lines.last != "" { lines.append("") }
    }
}

/// RST inline text: escaping, and joining text with inline markup, in one place.
enum RSTText {
    /// A line is built from escaped text and complete markup units (``code``, *em*, roles, links).
    enum Piece: Equatable {
        case text(String)
        case markup(String)
    }

    /// Escapes plain text so nothing in it starts inline markup, a substitution or a reference.
    static func escape(_ s: String) -> String {
        if let fast = ASCIIBytes.simple(s, escapeBytes) { return fast }
        var out = ""
        let chars = Array(s)
        for (i, c) in chars.enumerated() {
            switch c {
            case "\\", "*", "`", "|":
                out += "\\" + String(c)
            case "_":
                // `name_` and `name__` are references while `snake_case` is not: only an underscore
                // that does not continue a word is escaped.
                let next = i + 1 < chars.count ? chars[i + 1] : " "
                out += next.isLetter || next.isNumber ? "_" : "\\_"
            case "\n", "\r":
                // One paragraph is one line: a newline could start a block construct or lose the indentation.
                out += " "
            default:
                out.append(c)
            }
        }
        return out
    }

    /// `escape` for text whose Characters are single ASCII bytes: the same cases, byte by byte.
    static func escapeBytes(_ chars: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(chars.count + 8)
        for (i, c) in chars.enumerated() {
            switch c {
            case UInt8(ascii: "\\"), UInt8(ascii: "*"), UInt8(ascii: "`"), UInt8(ascii: "|"):
                out.append(UInt8(ascii: "\\"))
                out.append(c)
            case UInt8(ascii: "_"):
                let next = i + 1 < chars.count ? chars[i + 1] : UInt8(ascii: " ")
                let word = (next >= UInt8(ascii: "a") && next <= UInt8(ascii: "z")) || (next >= UInt8(ascii: "A") && next <= UInt8(ascii: "Z"))
                    || (next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9"))
                if !word { out.append(UInt8(ascii: "\\")) }
                out.append(c)
            case UInt8(ascii: "\n"):  // no "\r" here: such text takes the Character loop
                out.append(UInt8(ascii: " "))
            default:
                out.append(c)
            }
        }
        return ASCIIBytes.string(out)
    }

    /// Text inside interpreted text (link and `:ref:` titles), where `<` would start the target.
    static func interpreted(_ s: String) -> String {
        var out = ""
        for c in s.split(whereSeparator: \.isNewline).joined(separator: " ") {
            if "\\`<>".contains(c) { out += "\\" }
            out.append(c)
        }
        return out.trimmingCharacters(in: .whitespaces)
    }

    /// A URI for an embedded `<…>` target: characters RST would read as markup are percent-encoded,
    /// and a trailing `_` escaped (it would make the URI a reference name).
    static func uri(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case " ": out += "%20"
            case "<": out += "%3C"
            case ">": out += "%3E"
            case "`": out += "%60"
            default: out.append(c)
            }
        }
        return out.hasSuffix("_") ? String(out.dropLast()) + "\\_" : out
    }

    /// An inline literal. ``…`` takes no escapes, so text with a backtick uses the `:literal:` role, which does.
    static func literal(_ s: String) -> [Piece] {
        surround(s) { core in
            let backtick = ASCIIBytes.simple(core) { $0.contains(UInt8(ascii: "`")) } ?? core.contains("`")
            return backtick ? ":literal:`\(interpreted(core))`" : "``\(core)``"
        }
    }

    /// Emphasis (`*`) or strong (`**`) around plain text.
    static func wrap(_ s: String, delimiter: String) -> [Piece] {
        surround(s) { core in delimiter + escape(core) + delimiter }
    }

    /// Inline markup may not start or end with a space, so surrounding spaces move outside it.
    private static func surround(_ s: String, _ markup: (String) -> String) -> [Piece] {
        // Scalars, not Characters and not Foundation's trimming: this runs for every code span of every page.
        let flat = s.utf8.contains(10) || s.utf8.contains(13) ? s.split(whereSeparator: \.isNewline).joined(separator: " ") : s
        let scalars = flat.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return flat.isEmpty ? [] : [.text(" ")] }
        let core = String(scalars[first...last])
        var out: [Piece] = []
        if first != scalars.startIndex { out.append(.text(" ")) }
        out.append(.markup(markup(core)))
        if scalars.index(after: last) != scalars.endIndex { out.append(.text(" ")) }
        return out
    }

    /// One line of a paragraph, heading or table cell.
    ///
    /// Inline markup is only recognised next to whitespace or some punctuation, so `\ ` (an escaped
    /// space, which RST drops) separates it from anything else. The line's start and end are guarded
    /// against block syntax (`- x`, `1. x`, `.. x`, `:field: x`, `>>> x`, a final `::`).
    static func line(_ pieces: [Piece]) -> String {
        var out = ""
        var afterMarkup = false
        for piece in pieces {
            switch piece {
            case .text(let t):
                if afterMarkup, let first = t.first, !first.isWhitespace, !closers.contains(first) { out += "\\ " }
                out += t
                afterMarkup = afterMarkup && t.isEmpty
            case .markup(let m):
                if let last = out.last, !last.isWhitespace, !openers.contains(last) { out += "\\ " }
                out += m
                afterMarkup = true
            }
        }
        var line = Substring(out)
        while line.first?.isWhitespace == true { line.removeFirst() }
        while line.last?.isWhitespace == true, !line.hasSuffix("\\ ") { line.removeLast() }
        var result = String(line)
        // Only text needs guarding: a line that starts or ends with markup is already unambiguous.
        func isContent(_ p: Piece) -> Bool { if case .text(let t) = p { !t.allSatisfy(\.isWhitespace) } else { true } }
        if case .text? = pieces.first(where: isContent), startsBlock(result) { result = "\\" + result }
        if case .text? = pieces.last(where: isContent), result.hasSuffix("::") { result = String(result.dropLast()) + "\\:" }
        return result
    }

    /// Characters that may precede an inline markup start-string (besides whitespace).
    static let openers: Set<Character> = ["-", ":", "/", "'", "\"", "<", "(", "[", "{"]
    /// Characters that may follow an inline markup end-string (besides whitespace).
    static let closers: Set<Character> = ["-", ".", ",", ":", ";", "!", "?", "\\", "/", "'", "\"", ")", "]", "}", ">"]

    /// Whether a line would read as a list item, comment, field, doctest, table or transition.
    /// A backslash before any non-space character is harmless, so the test can be generous.
    static func startsBlock(_ line: String) -> Bool {
        if let fast = ASCIIBytes.simple(line, startsBlockBytes) { return fast }
        guard let first = line.first, first != "\\" else { return false }
        if first.isASCII, first.isPunctuation || first.isSymbol { return true }
        if "•‣⁃".contains(first) { return true }
        // Enumerators: `1.`, `a)`, `iv.` followed by a space or the end of the line.
        let head = line.prefix { $0.isLetter || $0.isNumber }
        let rest = line.dropFirst(head.count)
        guard !head.isEmpty, let delimiter = rest.first, delimiter == "." || delimiter == ")" else { return false }
        let enumerator = head.allSatisfy(\.isNumber) || head.count == 1 || head.allSatisfy { "ivxlcdmIVXLCDM".contains($0) }
        return enumerator && (rest.count == 1 || rest.dropFirst().first == " ")
    }

    /// `startsBlock` for a line whose Characters are single ASCII bytes: the same tests, byte by byte.
    static func startsBlockBytes(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = line.first, first != UInt8(ascii: "\\") else { return false }
        // ASCII punctuation and symbols: every printable byte that is not a letter, a digit or a space.
        if (0x21...0x2F).contains(first) || (0x3A...0x40).contains(first) || (0x5B...0x60).contains(first) || (0x7B...0x7E).contains(first) {
            return true
        }
        func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        func isAlnum(_ b: UInt8) -> Bool {
            isDigit(b) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
        }
        var n = 0
        while n < line.count, isAlnum(line[n]) { n += 1 }
        guard n > 0, n < line.count, line[n] == UInt8(ascii: ".") || line[n] == UInt8(ascii: ")") else { return false }
        let head = line[0..<n]
        let roman = "ivxlcdmIVXLCDM".utf8
        let enumerator = head.allSatisfy(isDigit) || n == 1 || head.allSatisfy { roman.contains($0) }
        return enumerator && (n + 1 == line.count || line[n + 1] == UInt8(ascii: " "))
    }

    /// The width docutils measures a title by: East Asian wide characters take two columns, combining
    /// marks none. (Titles are Latin in practice; this keeps the adornment right regardless.)
    static func width(_ s: String) -> Int {
        var w = 0
        for u in s.unicodeScalars {
            switch u.value {
            case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F: continue
            case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFF00...0xFF60, 0x1F300...0x1FAFF: w += 2
            default: w += 1
            }
        }
        return w
    }
}

/// One RST heading adornment: the character and whether the title also has an overline.
public struct RSTHeadingStyle: Hashable, Sendable {
    public var character: Character
    public var overline: Bool

    public init(character: Character, overline: Bool) {
        self.character = character
        self.overline = overline
    }
}
