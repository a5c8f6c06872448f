/// Line edits over a file's text: replacements and insertions keyed by original line, applied at once,
/// so every line not named keeps its bytes (comments, quoting, blank lines, line ends).
struct TextEdits {
    let lines: [String]
    /// `\r\n` when the file uses it; new lines get the same ending.
    let carriageReturn: Bool
    private(set) var replaced: [Int: [String]] = [:]
    private(set) var inserted: [Int: [String]] = [:]

    init(_ text: String) {
        lines = Self.split(text)
        carriageReturn = text.contains("\r\n")
    }

    /// The lines of a text split at each `\n`, a `\r` before it kept. By scalars: `\r\n` is one
    /// Character, so splitting the Characters at "\n" would leave a CRLF file in one piece.
    static func split(_ text: String) -> [String] {
        text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
    }

    /// Line `i` (0-based) without a trailing `\r`.
    func line(_ i: Int) -> String {
        let l = lines[i]
        return l.hasSuffix("\r") ? String(l.dropLast()) : l
    }

    static func indent(_ l: String) -> Int { l.prefix { $0 == " " }.count }

    func isBlankOrComment(_ i: Int) -> Bool {
        let t = line(i).drop { $0 == " " || $0 == "\t" }
        return t.isEmpty || t.hasPrefix("#")
    }

    /// The last line of a block-mapping entry whose key starts at line `keyLine` in column `indent`
    /// (0-based): deeper lines, and `- ` items at the same indent (a sequence value written flush),
    /// without trailing blank and comment lines.
    func entryEnd(_ keyLine: Int, indent: Int) -> Int {
        var end = keyLine
        var j = keyLine + 1
        while j < lines.count {
            if isBlankOrComment(j) { j += 1; continue }
            let l = line(j)
            let n = Self.indent(l)
            let rest = l.dropFirst(n)
            // Deeper lines, `- ` items written flush, and the closing bracket of a flow collection
            // written over several lines (`needs: [` … `]`).
            guard n > indent || (n == indent && (rest.hasPrefix("- ") || rest == "-" || rest.hasPrefix("]") || rest.hasPrefix("}"))) else { break }
            end = j
            j += 1
        }
        return end
    }

    mutating func replace(_ i: Int, with new: [String]) throws(EditConflict) {
        guard replaced[i] == nil else { throw EditConflict(line: i + 1) }
        replaced[i] = new
    }

    mutating func delete(_ range: ClosedRange<Int>) throws(EditConflict) {
        for i in range { try replace(i, with: []) }
    }

    mutating func insert(after i: Int, _ new: [String]) {
        inserted[i, default: []] += new
    }

    var isEmpty: Bool { replaced.isEmpty && inserted.isEmpty }

    /// Original line numbers (1-based) that were replaced or deleted.
    var changedLines: [Int] { replaced.keys.sorted().map { $0 + 1 } }
    var insertedLines: [String] { inserted.keys.sorted().flatMap { inserted[$0]! } + replaced.keys.sorted().flatMap { replaced[$0]! } }

    /// For each line `apply()` writes, the original line (0-based) it keeps, or nil for a new line.
    func origins() -> [Int?] {
        var out: [Int?] = []
        if let head = inserted[-1] { out += head.map { _ in nil } }
        for i in lines.indices {
            if let r = replaced[i] { out += r.map { _ in nil } } else { out.append(i) }
            if let ins = inserted[i] { out += ins.map { _ in nil } }
        }
        return out
    }

    func apply() -> String {
        let cr = carriageReturn ? "\r" : ""
        var out: [String] = []
        if let head = inserted[-1] { out += head.map { $0 + cr } }
        for (i, l) in lines.enumerated() {
            if let r = replaced[i] { out += r.map { $0 + cr } } else { out.append(l) }
            if let ins = inserted[i] { out += ins.map { $0 + cr } }
        }
        return out.joined(separator: "\n")
    }
}

struct EditConflict: Error {
    var line: Int
}
