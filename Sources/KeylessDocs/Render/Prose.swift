import KeylessSyntax
import Ccmark
import KeylessModel

/// Reads the catalog's prose (CommonMark: paragraphs, lists, `code`, *emphasis*, **strong**, [links](url))
/// into document blocks with libcmark, so prose is written naturally and still becomes typed blocks.
/// A link whose URL is `page:ID` or `page:ID#SECTION` becomes a cross-reference.
public enum Prose {
    /// The blocks of a CommonMark text.
    public static func blocks(_ text: String) -> [Block] {
        let bytes = Array(text.utf8)
        guard let doc = cmark_parse_document(bytes, bytes.count, CMARK_OPT_DEFAULT) else { return [] }
        defer { cmark_node_free(doc) }
        return CMarkNode.children(doc).compactMap(block)
    }

    /// The inlines of a one-paragraph text.
    public static func inlines(_ text: String) -> [Inline] {
        if case .paragraph(let i)? = blocks(text).first { return i }
        return [.text(text)]
    }

    static func block(_ node: OpaquePointer) -> Block? {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_PARAGRAPH:
            return .paragraph(inlines(of: node))
        case CMARK_NODE_LIST:
            let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
            return .list(ordered: ordered, items: CMarkNode.children(node).map { CMarkNode.children($0).compactMap(block) })
        case CMARK_NODE_CODE_BLOCK:
            let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
            return .code(CodeSample(language: info.isEmpty ? "text" : info, text: CMarkNode.literal(node)))
        case CMARK_NODE_BLOCK_QUOTE:
            return .admonition(.note, CMarkNode.children(node).compactMap(block))
        default:
            // Headings and raw HTML have no place in catalog prose: sections carry the structure.
            return nil
        }
    }

    static func inlines(of node: OpaquePointer) -> [Inline] {
        var out: [Inline] = []
        for c in CMarkNode.children(node) {
            switch cmark_node_get_type(c) {
            case CMARK_NODE_TEXT: append(.text(CMarkNode.literal(c)), to: &out)
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: append(.text(" "), to: &out)
            case CMARK_NODE_CODE: out.append(.code(CMarkNode.literal(c)))
            case CMARK_NODE_EMPH: out.append(.emphasis(inlines(of: c)))
            case CMARK_NODE_STRONG: out.append(.strong(inlines(of: c)))
            case CMARK_NODE_LINK:
                let url = cmark_node_get_url(c).map { String(cString: $0) } ?? ""
                if url.hasPrefix("page:") {
                    let target = url.dropFirst(5).split(separator: "#", maxSplits: 1).map(String.init)
                    out.append(.pageRef(page: target[0], section: target.count > 1 ? target[1] : nil, inlines(of: c)))
                } else {
                    out.append(.link(url: url, inlines(of: c)))
                }
            default: append(.text(CMarkNode.literal(c)), to: &out)
            }
        }
        return out
    }

    /// Adjacent text runs are merged so the model does not depend on how cmark split them.
    static func append(_ inline: Inline, to out: inout [Inline]) {
        if case .text(let new) = inline, case .text(let old)? = out.last {
            out[out.count - 1] = .text(old + new)
        } else {
            out.append(inline)
        }
    }
}
