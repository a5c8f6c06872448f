import KeylessSyntax

/// `--format text|json|markdown` of `keyless explain`.
public enum ExplainFormat: String, CaseIterable, Sendable { case text, json, markdown }

extension Explanation {
    /// What decides among tied candidates, from the evidence not given.
    public var wouldDecide: [String] {
        var out: [String] = []
        if !evidenceGiven.workflow {
            out.append("`--workflow FILE --job ID`: the job's `id-token` permission, its credentials inputs and the shape of `role-to-assume`")
        }
        if !evidenceGiven.policy {
            out.append("`--policy TRUST.json --repo OWNER/REPO` (with `--workflow`): the predicted `sub` for each event, simulated against the role's trust policy")
        }
        out.append("the token's real claims and the role's trust policy, compared as each entry's *How to confirm* says")
        return out
    }

    public func render(_ format: ExplainFormat, source: String) -> String {
        switch format {
        case .json: return JSONEmitter.emit(json(source: source))
        case .text: return text(source: source, markdown: false)
        case .markdown: return text(source: source, markdown: true)
        }
    }

    func json(source: String) -> JSONValue {
        func candidate(_ c: Candidate) -> JSONValue {
            .object([
                ("id", .string(c.entry.id)),
                ("title", .string(c.entry.title)),
                ("score", .int(c.score)),
                ("verdict", .string(c.ruledIn ? "ruled-in" : c.ruledOut ? "ruled-out" : "fits-the-log")),
                ("matches", .array(c.matches.map { m in
                    .object([
                        ("line", .int(m.line)), ("log", .string(m.logText)), ("symptom", .string(m.symptom.text)),
                        ("fit", .string(m.fit == .exact ? "exact" : m.fit == .full ? "full" : "core")),
                        ("known", .string(m.symptom.reproduced ? "reproduced" : "quoted")),
                        ("versions", .string(m.symptom.versions)),
                        ("version_fits", m.versionFits.map(JSONValue.bool) ?? .null),
                    ])
                })),
                ("evidence", .array(c.evidence.map { e in
                    .object([("verdict", .string(e.kind.rawValue)), ("source", .string(e.source)), ("reason", .string(e.reason))])
                })),
                ("cause", .string(c.entry.cause)),
                ("confirm", .string(c.entry.confirm)),
                ("fix", .string(c.entry.fix)),
                ("rule", c.entry.rule.map(JSONValue.string) ?? .null),
                ("page", .string(c.entry.page)),
                ("anchors", .object(["symptom", "cause", "confirm", "fix"].compactMap { k in c.entry.anchors[k].map { (k, .string($0)) } })),
            ])
        }
        let tied = best.count > 1
        return .object([
            ("log", .string(source)),
            ("explained", .bool(explained)),
            ("action_version", log.actionVersion.map { .string($0.tag) } ?? .null),
            ("failure_lines", .array(log.errors.map { .object([("line", .int($0.number)), ("text", .string($0.text))]) })),
            ("unexplained_lines", .array(unexplained.map { .object([("line", .int($0.number)), ("text", .string($0.text))]) })),
            ("facts", .array(facts.map(JSONValue.string))),
            ("best", .array(best.map { .string($0.entry.id) })),
            ("cannot_tell", .bool(tied)),
            ("would_decide", tied ? .array(wouldDecide.map(JSONValue.string)) : .null),
            ("candidates", .array(candidates.map(candidate))),
        ])
    }

    func text(source: String, markdown md: Bool) -> String {
        var out: [String] = []
        func heading(_ s: String) { out.append(md ? "### \(s)" : s) }
        func item(_ s: String, _ level: Int = 1) { out.append(String(repeating: "  ", count: level - 1) + (md ? "- " : "  ") + s) }
        func link(_ e: ExplainEntry, _ section: String) -> String {
            md ? "[\(e.link(section))](\(e.link(section)))" : e.link(section)
        }
        func paragraph(_ label: String, _ body: String) {
            let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if md {
                out.append("**\(label)** " + lines.joined(separator: "\n"))
            } else {
                out.append("  \(label):")
                out += lines.map { $0.isEmpty ? "" : "    " + $0 }
            }
            out.append("")
        }
        let errors = log.errors
        heading("keyless explain \(source): \(errors.count) failure line\(errors.count == 1 ? "" : "s")")
        if md { out.append("") }
        for l in errors { item("line \(l.number): \(md ? "`\(l.text)`" : l.text)") }
        if let v = log.actionVersion { item("configure-aws-credentials \(v.tag) (line \(v.line))") }
        for f in facts { item("evidence: \(f)") }
        out.append("")
        guard explained else {
            if candidates.isEmpty {
                out.append(errors.isEmpty
                           ? "No failure mode fits: the log has no error line and no line of a troubleshooting entry."
                           : "No failure mode fits these lines: no troubleshooting entry has a symptom line like them.")
            } else {
                out.append("No failure mode fits: the log's lines fit \(candidates.map { $0.entry.id }.joined(separator: ", ")), but the evidence rules each out:")
                for c in candidates { for e in c.evidence where e.kind == .ruledOut { item("\(c.entry.id): \(e.reason)") } }
            }
            out.append("See docs/md/troubleshooting.md for every entry.")
            return out.joined(separator: "\n") + "\n"
        }
        let top = best
        if top.count > 1 {
            heading("Cannot tell among \(top.count) entries from what was given")
            if md { out.append("") }
            for c in top { item("\(c.entry.id): \(c.entry.title) — \(link(c.entry, "cause"))") }
            out.append("")
            out.append("Evidence that would decide:")
            for w in wouldDecide { item(w) }
            out.append("")
        }
        for (i, c) in fitting.enumerated() {
            let detailed = top.count == 1 && i == 0
            if detailed {
                heading("Best fit: \(c.entry.id): \(c.entry.title)")
                if md { out.append("") }
            } else if i == top.count {
                heading(top.count == 1 ? "Also fits" : "Fits less well")
                if md { out.append("") }
            }
            if !detailed && i < top.count { continue }
            if !detailed {
                item("\(c.entry.id): \(c.entry.title) — \(link(c.entry, "cause"))")
                for e in c.evidence { item("\(e.kind == .ruledIn ? "ruled in" : "ruled out") by \(e.source): \(e.reason)", 2) }
                continue
            }
            for m in c.matches {
                let how = m.fit == .exact ? "is" : m.fit == .full ? "fits" : "fits the core of"
                let version = m.versionFits == false ? " (but that line is printed by \(m.symptom.versions), not \(log.actionVersion!.tag))" : ""
                item("line \(m.line) \(how) the entry's \(m.symptom.reproduced ? "reproduced" : "quoted") line: \(md ? "`\(m.symptom.text)`" : m.symptom.text)\(version)")
            }
            for e in c.evidence { item("\(e.kind == .ruledIn ? "ruled in" : "ruled out") by \(e.source): \(e.reason)") }
            out.append("")
            paragraph("Cause", c.entry.cause)
            paragraph("How to confirm", c.entry.confirm)
            paragraph("Fix", c.entry.fix)
            out.append(md ? "Guide: \(link(c.entry, "fix"))" : "  Guide: \(c.entry.link("cause")) (fix: #\(c.entry.anchors["fix"] ?? "fix"))")
            out.append("")
        }
        let out_ = candidates.filter(\.ruledOut)
        if !out_.isEmpty {
            heading("Ruled out by the evidence")
            if md { out.append("") }
            for c in out_ {
                item("\(c.entry.id): \(c.entry.title)")
                for e in c.evidence where e.kind == .ruledOut { item("\(e.source): \(e.reason)", 2) }
            }
            out.append("")
        }
        if !unexplained.isEmpty {
            out.append("Lines no entry explains:")
            for l in unexplained { item("line \(l.number): \(l.text)") }
        }
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n") + "\n"
    }
}
