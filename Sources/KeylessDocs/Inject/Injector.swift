import KeylessSyntax
import Foundation
import KeylessModel

/// `keyless inject`: fills the marked regions of hand-written RST, Markdown or MkDocs pages with
/// sections of the guide. Only the bytes between a BEGIN line and its END line change; every other byte, line
/// endings included, stays as it was. Headings in a region nest under the heading that precedes it,
/// with the file's own RST adornment order or Markdown heading level.
public struct Injector: Sendable {
    public enum Syntax: Sendable {
        /// reStructuredText (Sphinx), GitHub-flavoured Markdown, and Markdown for MkDocs Material
        /// (Python-Markdown with pymdown-extensions: `!!! note`, `=== "Tab"`). Both Markdown flavours
        /// mark regions with HTML comments.
        case rst, markdown, mkdocs

        var isMarkdown: Bool { self != .rst }

        /// From the file extension: `.rst`, `.md` / `.markdown` (GitHub's flavour; the caller picks `.mkdocs`).
        public init?(path: String) {
            let ext = (path as NSString).pathExtension.lowercased()
            switch ext {
            case "rst", "txt": self = .rst
            case "md", "markdown": self = .markdown
            default: return nil
            }
        }

        func begin(_ id: String) -> String {
            self == .rst ? ".. BEGIN KEYLESS GENERATED: \(id)" : "<!-- BEGIN KEYLESS GENERATED: \(id) -->"
        }
    }

    /// A region id and what it holds: a whole page of the guide or one section of it.
    public struct Region: Hashable, Sendable {
        public var id: String
        public var title: String
        public var page: String
        public var section: String?
    }

    public let documents: DocumentSet

    public init(documents: DocumentSet) { self.documents = documents }

    /// Every region id: `PAGE-ID` for a page, `PAGE-ID-SECTION-ID` for each of its sections (the ids of
    /// the RST labels), stable as long as the catalog's ids are.
    public var regions: [Region] {
        var out: [Region] = []
        for page in documents.pages {
            out.append(Region(id: page.id, title: page.title, page: page.id, section: nil))
            func visit(_ sections: [Section]) {
                for s in sections {
                    out.append(Region(id: "\(page.id)-\(s.id)", title: s.title, page: page.id, section: s.id))
                    visit(s.subsections)
                }
            }
            visit(page.sections)
        }
        return out
    }

    /// A marker line found in a file.
    struct Marker {
        var begin: Bool
        var id: String
        var line: Int
        /// Byte offsets of the line's start and of the byte after its line ending.
        var start: Int, end: Int
        /// The line ending of the marker line (`\r\n`, `\n`, or empty at the end of the file).
        var eol: [UInt8]
    }

    /// One line of the file as bytes, with where it starts and its line ending.
    struct Line {
        var text: String
        var start: Int
        var end: Int
        var eol: [UInt8]
    }

    static func lines(_ bytes: [UInt8]) -> [Line] {
        var out: [Line] = []
        var start = 0
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\n") {
                let cr = i > start && bytes[i - 1] == UInt8(ascii: "\r")
                let contentEnd = cr ? i - 1 : i
                out.append(Line(text: String(decoding: bytes[start..<contentEnd], as: UTF8.self), start: start, end: i + 1,
                                eol: cr ? [13, 10] : [10]))
                start = i + 1
            }
            i += 1
        }
        if start < bytes.count {
            out.append(Line(text: String(decoding: bytes[start...], as: UTF8.self), start: start, end: bytes.count, eol: []))
        }
        return out
    }

    /// The markers of a file, validated: each BEGIN has its END, no nesting, no id twice, ids known.
    func markers(_ lines: [Line], syntax: Syntax, outline: MarkdownOutline?, path: String) throws(DiagnosticError) -> [(Marker, Marker)] {
        var problems: [Diagnostic] = []
        func report(_ line: Int, _ message: String) {
            problems.append(Diagnostic(at: SourceLocation(path: path, line: line, column: 1), message, rule: "inject-marker"))
        }
        var pairs: [(Marker, Marker)] = []
        var open: Marker?
        var seen: [String: Int] = [:]
        let known = Set(regions.map(\.id))
        for (n, line) in lines.enumerated() {
            let number = n + 1
            let trimmed = line.text.trimmingCharacters(in: .whitespaces)
            // Markers inside Markdown code blocks are examples, not markers.
            if let outline, outline.isCode(number) { continue }
            guard trimmed.contains("KEYLESS GENERATED") else { continue }
            guard let (begin, id) = Self.parseMarker(trimmed, syntax: syntax) else {
                if syntax == .rst, line.text.hasPrefix(" ") || line.text.hasPrefix("\t") { continue }  // inside a directive or literal block
                report(number, "malformed marker; write `\(syntax.begin("ID"))` and its END line exactly")
                continue
            }
            if syntax == .rst, line.text.first == " " || line.text.first == "\t" { continue }
            let marker = Marker(begin: begin, id: id, line: number, start: line.start, end: line.end, eol: line.eol)
            if begin {
                if let o = open {
                    report(number, "nested marker: region '\(id)' begins inside region '\(o.id)' (line \(o.line))")
                    continue
                }
                if let first = seen[id] { report(number, "duplicate region '\(id)' (also at line \(first))") }
                seen[id] = seen[id] ?? number
                if !known.contains(id) { report(number, "unknown region '\(id)'; `keyless inject --list` prints the ids") }
                open = marker
            } else {
                guard let o = open else {
                    report(number, "END of region '\(id)' without a BEGIN")
                    continue
                }
                if o.id != id {
                    report(number, "END of region '\(id)' closes region '\(o.id)' (line \(o.line))")
                }
                pairs.append((o, marker))
                open = nil
            }
        }
        if let o = open { report(o.line, "region '\(o.id)' has no END marker") }
        if pairs.isEmpty && problems.isEmpty {
            report(1, "no `\(syntax.begin("ID"))` marker in the file")
        }
        guard problems.isEmpty else { throw DiagnosticError(problems) }
        return pairs
    }

    static func parseMarker(_ s: String, syntax: Syntax) -> (Bool, String)? {
        var body = Substring(s)
        switch syntax {
        case .rst:
            guard body.hasPrefix(".. ") else { return nil }
            body = body.dropFirst(3)
        case .markdown, .mkdocs:
            guard body.hasPrefix("<!--"), body.hasSuffix("-->") else { return nil }
            body = body.dropFirst(4).dropLast(3)
            body = body.drop { $0 == " " }
            while body.last == " " { body = body.dropLast() }
        }
        let begin: Bool
        if body.hasPrefix("BEGIN KEYLESS GENERATED:") {
            begin = true
            body = body.dropFirst("BEGIN KEYLESS GENERATED:".count)
        } else if body.hasPrefix("END KEYLESS GENERATED:") {
            begin = false
            body = body.dropFirst("END KEYLESS GENERATED:".count)
        } else {
            return nil
        }
        let id = body.trimmingCharacters(in: .whitespaces)
        guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        return (begin, id)
    }

    /// The file with every region filled. Throws, and changes nothing, on any marker problem.
    public func inject(_ bytes: [UInt8], path: String, syntax: Syntax) throws(DiagnosticError) -> [UInt8] {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw DiagnosticError([Diagnostic(at: SourceLocation(path: path), "the file is not UTF-8 text", rule: "inject-read")])
        }
        let lines = Self.lines(bytes)
        // Markdown is read through libcmark's AST (code blocks, headings); RST by its own line rules.
        let outline = syntax.isMarkdown ? MarkdownOutline(String(decoding: bytes, as: UTF8.self)) : nil
        let pairs = try markers(lines, syntax: syntax, outline: outline, path: path)
        // Headings are read from the text outside the regions only.
        let inside = pairs.map { ($0.0.line, $0.1.line) }
        func outside(_ n: Int) -> Bool { !inside.contains { $0.0 < n && n < $0.1 } }
        var out: [UInt8] = []
        var cursor = 0
        for (begin, end) in pairs {
            let eol = begin.eol.isEmpty ? [UInt8(ascii: "\n")] : begin.eol
            let text: String
            switch syntax {
            case .rst:
                let h = RSTHeadings(lines: lines.enumerated().filter { outside($0.offset + 1) }.map { ($0.offset + 1, $0.element.text) })
                let level = h.level(before: begin.line) + 1
                text = render(begin.id, rstStyles: h.styles(from: level), level: level)
            case .markdown, .mkdocs:
                let level = (outline?.level(before: begin.line, where: outside) ?? 0) + 1
                text = render(begin.id, markdownLevel: level, mkdocs: syntax == .mkdocs)
            }
            var region = "\n" + text + "\n"
            if eol == [13, 10] { region = region.replacingOccurrences(of: "\n", with: "\r\n") }
            out += bytes[cursor..<begin.end]
            if begin.eol.isEmpty { out += eol }  // a BEGIN on the last line without a newline: impossible with an END after it
            out += Array(region.utf8)
            cursor = end.start
        }
        out += bytes[cursor...]
        return out
    }

    func region(_ id: String) -> (Page, String?)? {
        guard let r = regions.first(where: { $0.id == id }), let page = documents.page(r.page) else { return nil }
        return (page, r.section)
    }

    /// RST for one region whose top heading is at `level`, with `rstStyles[i]` the adornment of level `level + i`.
    func render(_ id: String, rstStyles: [RSTHeadingStyle], level: Int) -> String {
        guard let (page, section) = region(id) else { return "" }
        var lowering = RSTLowering(docs: documents, page: page)
        lowering.external = true
        // The writer indexes styles by absolute level: pad the levels above the region.
        let styles = Array(repeating: rstStyles[0], count: level - 1) + rstStyles
        guard let tree = lowering.fragment(section: section, level: min(level, 6)) else { return "" }
        return RSTWriter.render(tree, styles: styles)
    }

    func render(_ id: String, markdownLevel level: Int, mkdocs: Bool) -> String {
        guard let (page, section) = region(id) else { return "" }
        func fragment<L: PageLowering>(_ type: L.Type) -> String {
            var lowering = L(docs: documents, page: page)
            lowering.external = true
            guard let tree = lowering.fragment(section: section, level: min(level, 6)) else { return "" }
            return MarkdownText.tidy(tree.commonmark())
        }
        return mkdocs ? fragment(MkDocsLowering.self) : fragment(MarkdownLowering.self)
    }
}

/// The section headings of an RST file: the adornment styles in the order they first appear (which
/// is how docutils assigns levels) and the level of each heading.
struct RSTHeadings {
    var order: [RSTHeadingStyle] = []
    var headings: [(line: Int, level: Int)] = []

    static let punctuation = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

    static func isAdornment(_ s: String) -> Bool {
        guard let c = s.first, s.count >= 2, punctuation.contains(c) else { return false }
        return s.allSatisfy { $0 == c }
    }

    init(lines: [(Int, String)]) {
        var i = 0
        while i < lines.count {
            let (n, text) = lines[i]
            let trimmedEnd = String(text.reversed().drop { $0 == " " }.reversed())
            // Overline, title, underline.
            if Self.isAdornment(trimmedEnd), i + 2 < lines.count, lines[i + 2].1.trimmingCharacters(in: .whitespaces) == trimmedEnd,
               !lines[i + 1].1.trimmingCharacters(in: .whitespaces).isEmpty, lines[i + 1].0 == n + 1, lines[i + 2].0 == n + 2 {
                add(RSTHeadingStyle(character: trimmedEnd.first!, overline: true), line: n + 1)
                i += 3
                continue
            }
            // Title, underline: the title not indented, not blank, and not itself an adornment.
            if i + 1 < lines.count, lines[i + 1].0 == n + 1, !text.isEmpty, text.first != " ", text.first != "\t",
               !Self.isAdornment(trimmedEnd) {
                let under = String(lines[i + 1].1.reversed().drop { $0 == " " }.reversed())
                if Self.isAdornment(under), under.count >= min(3, trimmedEnd.count) {
                    add(RSTHeadingStyle(character: under.first!, overline: false), line: n)
                    i += 2
                    continue
                }
            }
            i += 1
        }
    }

    mutating func add(_ style: RSTHeadingStyle, line: Int) {
        if !order.contains(style) { order.append(style) }
        headings.append((line, order.firstIndex(of: style)! + 1))
    }

    /// The level of the last heading before `line`; 0 when there is none.
    func level(before line: Int) -> Int {
        headings.last { $0.line < line }?.level ?? 0
    }

    /// The adornments for levels `level`, `level + 1`, …: the file's own where it has one, then
    /// characters the file does not use yet.
    func styles(from level: Int) -> [RSTHeadingStyle] {
        var all = order
        for c in ["=", "-", "~", "^", "\"", "'", "+", "#", "*", "`", ":"].map(Character.init) where !all.contains(where: { $0.character == c }) {
            all.append(RSTHeadingStyle(character: c, overline: false))
        }
        return Array(all.dropFirst(max(level - 1, 0)))
    }
}
