import KeylessModel
import KeylessSyntax
import Ccmark
import Foundation

/// Reads the code blocks back out of rendered pages, in document order, so tests can prove they
/// equal the snippet files byte for byte. Diagrams (mermaid) are not code samples and are skipped.
public enum CodeBlockExtractor {
    /// Markdown: the page parsed again by libcmark; each code block's literal.
    public static func markdown(_ text: String) -> [String] {
        let tree = CMarkTree(parsing: text)
        var out: [String] = []
        tree.walk { node, entering in
            if entering, CMarkNode.type(node) == CMARK_NODE_CODE_BLOCK,
               CMarkNode.fenceInfo(node).split(separator: " ").first != "mermaid" {
                out.append(CMarkNode.literal(node))
            }
            return false
        }
        return out
    }

    /// RST: the body of each `.. code-block::` directive (options skipped), de-indented by the three
    /// spaces `RSTWriter` adds. The directive may follow a list marker (`- .. code-block:: yaml`).
    public static func rst(_ text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            i += 1
            guard let directive = line.range(of: ".. code-block::"),
                  line[..<directive.lowerBound].allSatisfy({ " -.0123456789".contains($0) }) else { continue }
            let bodyIndent = String(repeating: " ", count: line.distance(from: line.startIndex, to: directive.lowerBound) + 3)
            while i < lines.count, lines[i].hasPrefix(bodyIndent + ":") { i += 1 }  // options
            if i < lines.count, lines[i].isEmpty { i += 1 }
            var body: [Substring] = []
            while i < lines.count, lines[i].isEmpty || lines[i].hasPrefix(bodyIndent) {
                body.append(lines[i].dropFirst(bodyIndent.count))
                i += 1
            }
            while body.last?.isEmpty == true { body.removeLast() }
            out.append(body.joined(separator: "\n") + "\n")
        }
        return out
    }

    /// MkDocs: fenced blocks at any indentation (in list items, admonitions and tabs they are indented
    /// by four spaces a level), each line de-indented by its fence's indentation, as pymdownx.superfences
    /// reads them. Mermaid fences are diagrams and skipped.
    public static func mkdocs(_ text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            i += 1
            let indent = line.prefix { $0 == " " }
            let rest = line.dropFirst(indent.count)
            guard let mark = rest.first, mark == "`" || mark == "~" else { continue }
            let fence = rest.prefix { $0 == mark }
            guard fence.count >= 3 else { continue }
            let info = rest.dropFirst(fence.count).trimmingCharacters(in: .whitespaces)
            var body: [Substring] = []
            while i < lines.count {
                let l = lines[i]
                i += 1
                let stripped = l.hasPrefix(indent) ? l.dropFirst(indent.count) : l.drop { $0 == " " }
                if stripped.hasPrefix(fence), stripped.allSatisfy({ $0 == mark || $0 == " " }) { break }
                body.append(stripped)
            }
            if info.split(separator: " ").first != "mermaid" {
                out.append(body.map { $0 + "\n" }.joined())
            }
        }
        return out
    }

    /// HTML: the content of each `<pre><code …>` element, unescaped.
    public static func html(_ text: String) -> [String] {
        var out: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "<pre><code") {
            guard let gt = rest[open.upperBound...].firstIndex(of: ">"),
                  let close = rest[gt...].range(of: "</code></pre>") else { break }
            out.append(HTMLText.unescape(String(rest[rest.index(after: gt)..<close.lowerBound])))
            rest = rest[close.upperBound...]
        }
        return out
    }
}
