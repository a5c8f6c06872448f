import KeylessModel

/// Tables in each format. Plain libcmark has no table syntax, so a table is lowered to a custom block
/// holding the format's own table text: a GitHub pipe table, an HTML `<table>`, an RST `list-table`.
enum TableText {
    static func render(_ t: Table, format: OutputFormat, cell: ([Inline]) -> String) -> String {
        let header = t.header.map(cell)
        let rows = t.rows.map { $0.map(cell) }
        switch format {
        case .markdown:
            func line(_ cells: [String]) -> String {
                "| " + cells.map { $0.replacingAll("|", with: "\\|").replacingAll("\n", with: " ") }.joined(separator: " | ") + " |"
            }
            return ([line(header), "|" + String(repeating: " --- |", count: header.count)] + rows.map(line)).joined(separator: "\n")
        case .html:
            func row(_ cells: [String], _ tag: String) -> String {
                "<tr>" + cells.map { "<\(tag)>\($0)</\(tag)>" }.joined() + "</tr>"
            }
            return "<table>\n<thead>\n\(row(header, "th"))\n</thead>\n<tbody>\n"
                + rows.map { row($0, "td") }.joined(separator: "\n") + "\n</tbody>\n</table>"
        case .rst:
            var lines = [".. list-table::", "   :header-rows: 1"]
            for r in [header] + rows {
                lines.append("")
                for (i, c) in r.enumerated() {
                    let text = c.isEmpty ? "\\ " : c.replacingAll("\n", with: " ")
                    lines.append((i == 0 ? "   * - " : "     - ") + text)
                }
            }
            return lines.joined(separator: "\n")
        }
    }
}

/// HTML escaping, in one place.
public enum HTMLText {
    public static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    public static func unescape(_ s: String) -> String {
        s.replacingAll("&lt;", with: "<").replacingAll("&gt;", with: ">").replacingAll("&quot;", with: "\"")
            .replacingAll("&#39;", with: "'").replacingAll("&amp;", with: "&")
    }
}
