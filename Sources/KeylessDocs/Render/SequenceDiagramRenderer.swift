import KeylessSyntax
import KeylessModel

/// A `SequenceDiagram` in the three forms a `Diagram` block carries: mermaid source, an SVG drawn
/// here (no script, no fonts or files to fetch), and a text alternative listing every message.
public enum SequenceDiagramRenderer {
    public static func diagram(_ d: SequenceDiagram, id: String) -> Diagram {
        Diagram(mermaid: mermaid(d), svg: svg(d, id: id), alt: alt(d))
    }

    /// Mermaid text: `;` and `#` start statements and entities there, so message text avoids them.
    static func clean(_ s: String) -> String {
        s.replacingOccurrences(of: ";", with: ",").replacingOccurrences(of: "#", with: "")
    }

    public static func mermaid(_ d: SequenceDiagram) -> String {
        var lines = ["sequenceDiagram", "    autonumber"]
        for p in d.participants { lines.append("    participant \(p.id) as \(clean(p.label))") }
        for m in d.messages { lines.append("    \(m.from)\(m.kind == .call ? "->>" : "-->>")\(m.to): \(clean(m.text))") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "1. Workflow job to GitHub OIDC provider: request an ID token. 2. …"
    public static func alt(_ d: SequenceDiagram) -> String {
        let steps = d.messages.enumerated().map { i, m in
            "\(i + 1). \(d.participant(m.from)?.label ?? m.from) to \(d.participant(m.to)?.label ?? m.to): \(m.text)."
        }
        return d.title + ". " + steps.joined(separator: " ")
    }

    static let column = 210, top = 20, boxHeight = 44, rowHeight = 46, margin = 20

    public static func svg(_ d: SequenceDiagram, id: String) -> String {
        let width = margin * 2 + column * d.participants.count
        let firstRow = top + boxHeight + 40
        let height = firstRow + rowHeight * d.messages.count + boxHeight
        func x(_ p: String) -> Int { margin + column / 2 + column * (d.participants.firstIndex { $0.id == p } ?? 0) }
        var s: [String] = []
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" font-family=\"system-ui, sans-serif\" font-size=\"13\">")
        s.append("<title id=\"\(id)-title\">\(HTMLText.escape(d.title))</title>")
        s.append("<desc id=\"\(id)-desc\">\(HTMLText.escape(alt(d)))</desc>")
        s.append("<defs><marker id=\"\(id)-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#24292f\"/></marker></defs>")
        s.append("<rect width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>")
        let bottom = height - boxHeight - 10
        for p in d.participants {
            let cx = x(p.id)
            s.append("<line x1=\"\(cx)\" y1=\"\(top + boxHeight)\" x2=\"\(cx)\" y2=\"\(bottom)\" stroke=\"#8c959f\" stroke-dasharray=\"4 4\"/>")
            for y in [top, bottom] {
                s.append("<rect x=\"\(cx - column / 2 + 10)\" y=\"\(y)\" width=\"\(column - 20)\" height=\"\(boxHeight)\" rx=\"6\" fill=\"#ddf4ff\" stroke=\"#0969da\"/>")
                s.append("<text x=\"\(cx)\" y=\"\(y + boxHeight / 2 + 5)\" text-anchor=\"middle\" font-weight=\"600\">\(HTMLText.escape(p.label))</text>")
            }
        }
        for (i, m) in d.messages.enumerated() {
            let y = firstRow + rowHeight * i
            let x1 = x(m.from), x2 = x(m.to)
            let dash = m.kind == .reply ? " stroke-dasharray=\"6 4\"" : ""
            let label = "\(i + 1). \(m.text)"
            if x1 == x2 {
                s.append("<path d=\"M\(x1),\(y) h40 v18 h-40\" fill=\"none\" stroke=\"#24292f\"\(dash) marker-end=\"url(#\(id)-arrow)\"/>")
                s.append("<text x=\"\(x1 + 46)\" y=\"\(y + 13)\">\(HTMLText.escape(label))</text>")
            } else {
                s.append("<line x1=\"\(x1)\" y1=\"\(y)\" x2=\"\(x2)\" y2=\"\(y)\" stroke=\"#24292f\"\(dash) marker-end=\"url(#\(id)-arrow)\"/>")
                // About 7 px a character at 13 px: labels that would leave the picture move left.
                let tx = max(margin, min(min(x1, x2) + 8, width - margin - 7 * label.count))
                s.append("<text x=\"\(tx)\" y=\"\(y - 7)\">\(HTMLText.escape(label))</text>")
            }
        }
        s.append("</svg>")
        return s.joined(separator: "\n") + "\n"
    }
}
