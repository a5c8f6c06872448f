import Ccmark
import KeylessModel

/// What `keyless inject` needs from a Markdown file, read from libcmark's AST instead of scanning
/// lines: which lines are code (fenced or indented; markers there are examples), and the headings
/// (ATX and setext, wherever CommonMark sees one) with their levels.
struct MarkdownOutline {
    /// First and last line (1-based) of each code block, fences included.
    private(set) var code: [ClosedRange<Int>] = []
    /// Each heading's first line and level, in document order.
    private(set) var headings: [(line: Int, level: Int)] = []

    init(_ text: String) {
        let tree = CMarkTree(parsing: text)
        var code: [ClosedRange<Int>] = [], headings: [(line: Int, level: Int)] = []
        tree.walk { node, entering in
            guard entering else { return false }
            switch CMarkNode.type(node) {
            case CMARK_NODE_CODE_BLOCK:
                let start = Int(cmark_node_get_start_line(node))
                code.append(start...max(start, Int(cmark_node_get_end_line(node))))
                return true
            case CMARK_NODE_HEADING:
                headings.append((Int(cmark_node_get_start_line(node)), Int(cmark_node_get_heading_level(node))))
                return true
            default:
                return false
            }
        }
        self.code = code
        self.headings = headings
    }

    func isCode(_ line: Int) -> Bool { code.contains { $0.contains(line) } }

    /// The level of the last heading before `line` whose line `counts`; 0 when there is none.
    func level(before line: Int, where counts: (Int) -> Bool) -> Int {
        headings.last { $0.line < line && counts($0.line) }?.level ?? 0
    }
}
