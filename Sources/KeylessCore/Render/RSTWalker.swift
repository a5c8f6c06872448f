import Ccmark
import KeylessModel

/// reStructuredText from a libcmark tree, walked with `cmark_iter`: one switch on node type and
/// enter/exit, escaping in one function. Custom blocks carry raw RST (labels, directives, tables);
/// the children of a custom block are indented under it, which is how directive bodies nest.
struct RSTWalker {
    /// Heading adornments by level; level 1 also gets an overline (Sphinx reads the order as found).
    static let adornments: [Character] = ["=", "-", "~", "^", "\""]

    private var lines: [String] = []
    private var indent: [String] = []
    /// Marker for the first line of the current list item ("- " or "1. ").
    private var pendingMarker: String?
    private var listCounters: [Int?] = []
    private var inline: [String] = []
    private var linkStarts: [Int] = []

    static func render(_ tree: CMarkTree) -> String {
        var w = RSTWalker()
        w.walk(tree.root)
        var out = w.lines
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n") + "\n"
    }

    private var prefix: String { indent.joined() }

    /// Emits block lines; the first line of a list item carries its marker.
    private mutating func emit(_ block: [String]) {
        for (i, l) in block.enumerated() {
            if i == 0, let marker = pendingMarker {
                let base = String(prefix.dropLast(marker.count))
                lines.append(l.isEmpty ? "" : base + marker + l)
                pendingMarker = nil
            } else {
                lines.append(l.isEmpty ? "" : prefix + l)
            }
        }
        blank()
    }

    private mutating func blank() {
        if lines.last != "" { lines.append("") }
    }

    private mutating func walk(_ root: OpaquePointer) {
        let iter = cmark_iter_new(root)
        defer { cmark_iter_free(iter) }
        while true {
            let ev = cmark_iter_next(iter)
            if ev == CMARK_EVENT_DONE { break }
            let node = cmark_iter_get_node(iter)!
            visit(node, entering: ev == CMARK_EVENT_ENTER)
        }
    }

    private mutating func visit(_ n: OpaquePointer, entering: Bool) {
        switch CMarkNode.type(n) {
        case CMARK_NODE_DOCUMENT:
            break
        case CMARK_NODE_PARAGRAPH:
            if entering { inline = [] } else { emit([RSTInline.join(inline)]) }
        case CMARK_NODE_HEADING:
            if entering { inline = []; return }
            let title = RSTInline.join(inline)
            let level = Int(cmark_node_get_heading_level(n))
            let mark = Self.adornments[min(level, Self.adornments.count) - 1]
            let rule = String(repeating: mark, count: DisplayWidth.of(title))
            emit(level == 1 ? [rule, title, rule] : [title, rule])
        case CMARK_NODE_CODE_BLOCK:
            let info = CMarkNode.string(cmark_node_get_fence_info(n))
            let body = CMarkNode.literal(n).trimmingTrailingNewlines().split(separator: "\n", omittingEmptySubsequences: false)
            emit([".. code-block:: \(info.isEmpty ? "text" : info)", ""] + body.map { $0.isEmpty ? "" : "   \($0)" })
        case CMARK_NODE_LIST:
            if entering {
                listCounters.append(cmark_node_get_list_type(n) == CMARK_ORDERED_LIST ? Int(cmark_node_get_list_start(n)) : nil)
            } else {
                listCounters.removeLast()
                blank()
            }
        case CMARK_NODE_ITEM:
            if entering {
                var marker = "- "
                if let c = listCounters.last ?? nil {
                    marker = "\(c). "
                    listCounters[listCounters.count - 1] = c + 1
                }
                indent.append(String(repeating: " ", count: marker.count))
                pendingMarker = marker
            } else {
                indent.removeLast()
            }
        case CMARK_NODE_BLOCK_QUOTE:
            if entering { indent.append("   ") } else { indent.removeLast() }
        case CMARK_NODE_CUSTOM_BLOCK:
            let raw = CMarkNode.string(entering ? cmark_node_get_on_enter(n) : cmark_node_get_on_exit(n))
            if !raw.isEmpty { emit(raw.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)) }
            if CMarkNode.hasChildren(n) {
                if entering { indent.append("   ") } else { indent.removeLast() }
            }
        case CMARK_NODE_THEMATIC_BREAK, CMARK_NODE_HTML_BLOCK:
            break
        case CMARK_NODE_TEXT:
            inline.append(RSTInline.text(CMarkNode.literal(n)))
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
            inline.append(" ")
        case CMARK_NODE_CODE:
            inline.append(RSTInline.markup("``\(CMarkNode.literal(n))``"))
        case CMARK_NODE_EMPH:
            inline.append(RSTInline.markup(entering ? "*" : "*", opening: entering))
        case CMARK_NODE_STRONG:
            inline.append(RSTInline.markup(entering ? "**" : "**", opening: entering))
        case CMARK_NODE_LINK:
            if entering {
                linkStarts.append(inline.count)
            } else {
                let start = linkStarts.removeLast()
                let text = RSTInline.join(Array(inline[start...])).replacingAll("<", with: "\\<")
                inline.removeSubrange(start...)
                let url = CMarkNode.string(cmark_node_get_url(n))
                inline.append(RSTInline.markup("`\(text) <\(url)>`__"))
            }
        case CMARK_NODE_CUSTOM_INLINE:
            inline.append(RSTInline.markup(CMarkNode.string(entering ? cmark_node_get_on_enter(n) : cmark_node_get_on_exit(n))))
        default:
            break
        }
    }
}

/// RST inline text: escaping, and the `\ ` joins inline markup needs next to word characters.
enum RSTInline {
    /// Markup pieces are tagged so `join` can separate them from adjacent word characters.
    static let tag: Character = "\u{1}"

    static func markup(_ s: String, opening: Bool? = nil) -> String {
        guard !s.isEmpty else { return "" }
        switch opening {
        case true?: return "\(tag)<" + s
        case false?: return s + ">\(tag)"
        case nil: return "\(tag)<" + s + ">\(tag)"
        }
    }

    /// Backslash-escapes the characters that start inline markup or substitutions.
    static func text(_ s: String) -> String {
        var out = ""
        for c in s {
            if "\\*`|_[]".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    /// Joins pieces, inserting `\ ` (an escaped, invisible space) where markup touches a word character.
    static func join(_ pieces: [String]) -> String {
        let s = pieces.joined()
        var out = ""
        let chars = Array(s)
        var i = 0
        while i < chars.count {
            if chars[i] == tag, i + 1 < chars.count, chars[i + 1] == "<" {
                if let prev = out.last, prev.isLetter || prev.isNumber || prev == "\\" { out += "\\ " }
                i += 2
                continue
            }
            if chars[i] == ">", i + 1 < chars.count, chars[i + 1] == tag {
                out.append(">")
                // drop: this ">" is part of the tag, not of the text
                out.removeLast()
                if i + 2 < chars.count, chars[i + 2].isLetter || chars[i + 2].isNumber { out += "\\ " }
                i += 2
                continue
            }
            out.append(chars[i])
            i += 1
        }
        // Text that would read as a list item or a comment at the start of a line is escaped there.
        if let first = pieces.first(where: { !$0.isEmpty }), first.first != tag,
           let f = first.first, "-+#".contains(f) || first.hasPrefix("..") {
            return "\\" + out
        }
        return out
    }
}

/// Columns a title takes, as docutils counts them for underline lengths (wide East Asian and emoji = 2).
enum DisplayWidth {
    static func of(_ s: String) -> Int {
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
