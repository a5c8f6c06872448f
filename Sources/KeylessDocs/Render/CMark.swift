import KeylessModel
import KeylessSyntax
import Ccmark
import Foundation

/// A libcmark node tree that owns its root and frees it (with every node under it) when released.
/// Nodes are built with the node API, then rendered by libcmark (Markdown, HTML) or walked (RST).
final class CMarkTree {
    let root: OpaquePointer

    init() {
        root = cmark_node_new(CMARK_NODE_DOCUMENT)
    }

    /// Takes ownership of a parsed document.
    init(parsing text: String) {
        root = cmark_parse_document(text, text.utf8.count, CMARK_OPT_DEFAULT)
    }

    deinit {
        cmark_node_free(root)
    }

    /// A new node appended to `parent`. libcmark refuses wrong nesting; that is a lowering bug, so it traps.
    @discardableResult
    func add(_ type: cmark_node_type, to parent: OpaquePointer) -> OpaquePointer {
        let node = cmark_node_new(type)!
        guard cmark_node_append_child(parent, node) == 1 else {
            cmark_node_free(node)
            preconditionFailure("libcmark refused node type \(type.rawValue) under \(cmark_node_get_type(parent).rawValue)")
        }
        return node
    }

    @discardableResult
    func text(_ s: String, to parent: OpaquePointer) -> OpaquePointer {
        let node = add(CMARK_NODE_TEXT, to: parent)
        cmark_node_set_literal(node, s)
        return node
    }

    func code(_ s: String, to parent: OpaquePointer) {
        cmark_node_set_literal(add(CMARK_NODE_CODE, to: parent), s)
    }

    func codeBlock(_ text: String, info: String, to parent: OpaquePointer) {
        let node = add(CMARK_NODE_CODE_BLOCK, to: parent)
        cmark_node_set_fence_info(node, info)
        cmark_node_set_literal(node, text)
    }

    func heading(level: Int, to parent: OpaquePointer) -> OpaquePointer {
        let node = add(CMARK_NODE_HEADING, to: parent)
        cmark_node_set_heading_level(node, Int32(level))
        return node
    }

    func link(_ url: String, to parent: OpaquePointer) -> OpaquePointer {
        let node = add(CMARK_NODE_LINK, to: parent)
        cmark_node_set_url(node, url)
        return node
    }

    /// A tight list; ordered lists count from 1 (a new list node starts at 0).
    func list(ordered: Bool, to parent: OpaquePointer) -> OpaquePointer {
        let node = add(CMARK_NODE_LIST, to: parent)
        cmark_node_set_list_type(node, ordered ? CMARK_ORDERED_LIST : CMARK_BULLET_LIST)
        if ordered {
            cmark_node_set_list_start(node, 1)
            cmark_node_set_list_delim(node, CMARK_PERIOD_DELIM)
        }
        cmark_node_set_list_tight(node, 1)
        return node
    }

    /// A custom block: raw target-format text that every libcmark renderer emits verbatim around its children.
    @discardableResult
    func rawBlock(_ enter: String, _ exit: String = "", to parent: OpaquePointer) -> OpaquePointer {
        let node = add(CMARK_NODE_CUSTOM_BLOCK, to: parent)
        cmark_node_set_on_enter(node, enter)
        cmark_node_set_on_exit(node, exit)
        return node
    }

    /// A custom inline: raw target-format text emitted verbatim around its children.
    @discardableResult
    func rawInline(_ enter: String, _ exit: String = "", to parent: OpaquePointer) -> OpaquePointer {
        let node = add(CMARK_NODE_CUSTOM_INLINE, to: parent)
        cmark_node_set_on_enter(node, enter)
        cmark_node_set_on_exit(node, exit)
        return node
    }

    /// CommonMark, unwrapped (width 0) so a line break in the output is always a structural one.
    func commonmark() -> String {
        Timings.shared.measure("render (libcmark)") { CMarkNode.take(cmark_render_commonmark(root, CMARK_OPT_DEFAULT, 0)) }
    }

    /// HTML. Without `CMARK_OPT_UNSAFE` libcmark would drop raw HTML from parsed input; custom nodes are
    /// still emitted verbatim, so only markup the lowering made itself reaches the page.
    func html() -> String {
        Timings.shared.measure("render (libcmark)") { CMarkNode.take(cmark_render_html(root, CMARK_OPT_DEFAULT)) }
    }

    /// Visits every node in document order with its enter/exit event. `visit` returns true on enter
    /// to skip the node's subtree (its exit event is then not reported).
    func walk(_ visit: (OpaquePointer, _ entering: Bool) -> Bool) {
        let iter = cmark_iter_new(root)
        defer { cmark_iter_free(iter) }
        while true {
            let event = cmark_iter_next(iter)
            if event == CMARK_EVENT_DONE { break }
            let node = cmark_iter_get_node(iter)!
            let entering = event == CMARK_EVENT_ENTER
            if visit(node, entering), entering {
                cmark_iter_reset(iter, node, CMARK_EVENT_EXIT)
            }
        }
    }
}

/// Reads libcmark nodes back into Swift values.
enum CMarkNode {
    static func type(_ node: OpaquePointer) -> cmark_node_type { cmark_node_get_type(node) }

    static func literal(_ node: OpaquePointer) -> String { string(cmark_node_get_literal(node)) }

    static func fenceInfo(_ node: OpaquePointer) -> String { string(cmark_node_get_fence_info(node)) }

    static func url(_ node: OpaquePointer) -> String { string(cmark_node_get_url(node)) }

    static func onEnter(_ node: OpaquePointer) -> String { string(cmark_node_get_on_enter(node)) }

    static func onExit(_ node: OpaquePointer) -> String { string(cmark_node_get_on_exit(node)) }

    static func children(_ node: OpaquePointer) -> [OpaquePointer] {
        var out: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let c = child {
            out.append(c)
            child = cmark_node_next(c)
        }
        return out
    }

    /// The text of an inline subtree without markup (code spans keep their literal).
    static func plainText(_ node: OpaquePointer) -> String {
        switch type(node) {
        case CMARK_NODE_TEXT, CMARK_NODE_CODE: return literal(node)
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: return " "
        default: return children(node).map(plainText).joined()
        }
    }

    static func string(_ p: UnsafePointer<CChar>?) -> String {
        p.map { String(cString: $0) } ?? ""
    }

    /// A string libcmark allocated for the caller: copied, then freed.
    static func take(_ p: UnsafeMutablePointer<CChar>?) -> String {
        guard let p else { return "" }
        defer { free(p) }
        return String(cString: p)
    }
}
