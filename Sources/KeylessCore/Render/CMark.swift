import Foundation
import Ccmark

/// A libcmark node tree that frees itself. Nodes are built with the node API and rendered by
/// libcmark (Markdown, HTML) or walked with `cmark_iter` (RST).
final class CMarkTree {
    let root: OpaquePointer

    init() {
        root = cmark_node_new(CMARK_NODE_DOCUMENT)
    }

    deinit {
        cmark_node_free(root)
    }

    /// A new node appended to `parent`. A rejected append (wrong nesting) is a programming error.
    @discardableResult
    func add(_ type: cmark_node_type, to parent: OpaquePointer) -> OpaquePointer {
        let n = cmark_node_new(type)!
        let ok = cmark_node_append_child(parent, n)
        precondition(ok == 1, "libcmark refused a node of type \(type.rawValue) under \(cmark_node_get_type(parent).rawValue)")
        return n
    }

    @discardableResult
    func text(_ s: String, to parent: OpaquePointer) -> OpaquePointer {
        let n = add(CMARK_NODE_TEXT, to: parent)
        cmark_node_set_literal(n, s)
        return n
    }

    /// A custom node carrying raw target-format text, emitted verbatim by every libcmark renderer.
    @discardableResult
    func raw(_ enter: String, _ exit: String = "", inline: Bool = false, to parent: OpaquePointer) -> OpaquePointer {
        let n = add(inline ? CMARK_NODE_CUSTOM_INLINE : CMARK_NODE_CUSTOM_BLOCK, to: parent)
        cmark_node_set_on_enter(n, enter)
        cmark_node_set_on_exit(n, exit)
        return n
    }

    func commonmark() -> String {
        take(cmark_render_commonmark(root, CMARK_OPT_DEFAULT, 0))
    }

    func html() -> String {
        take(cmark_render_html(root, CMARK_OPT_DEFAULT))
    }

    private func take(_ p: UnsafeMutablePointer<CChar>?) -> String {
        guard let p else { return "" }
        defer { free(p) }
        return String(cString: p)
    }
}

/// Reads nodes back (for the RST walker and the code-block extractor).
enum CMarkNode {
    static func type(_ n: OpaquePointer) -> cmark_node_type { cmark_node_get_type(n) }

    static func literal(_ n: OpaquePointer) -> String {
        cmark_node_get_literal(n).map { String(cString: $0) } ?? ""
    }

    static func string(_ p: UnsafePointer<CChar>?) -> String {
        p.map { String(cString: $0) } ?? ""
    }

    static func hasChildren(_ n: OpaquePointer) -> Bool { cmark_node_first_child(n) != nil }
}
