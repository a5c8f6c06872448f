import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessLint
import KeylessModel

/// The "Rules" page, built from the same registry `keyless check` runs, with the `before` snippets
/// of this guide that each rule flags.
enum RulesPage {
    static func page(_ library: SnippetLibrary) -> Page {
        let all = library.findings.values.flatMap { $0 }
        var sections: [Section] = []
        for target in [Rule.Target.workflow, .policy] {
            var subs: [Section] = []
            for rule in Rules.all where rule.target == target {
                var blocks: [Block] = [
                    .paragraph([.strong([.text(rule.severity.rawValue.capitalized)]), .text(". ")] + Prose.inlines(rule.explanation)),
                    .paragraph([.text("Source: "), .link(url: rule.source.url, [.text(rule.source.title)]), .text(".")]),
                ]
                let seen = all.filter { $0.rule == rule.id }.sorted { $0.location < $1.location }
                if !seen.isEmpty {
                    blocks.append(.paragraph(["In this guide it flags:"]))
                    blocks.append(.list(ordered: false, items: seen.map { d in
                        [.paragraph([.code("\(d.location.path):\(d.location.line)"), .text(" — \(d.message)")])]
                    }))
                }
                subs.append(Section(id: rule.id, title: "\(rule.id): \(rule.title)", blocks: blocks))
            }
            sections.append(Section(id: "\(target.rawValue)-rules", title: target == .workflow ? "Workflow rules" : "IAM policy rules", subsections: subs))
        }
        return Page(
            id: "rules", title: "Rules",
            summary: "Every rule keyless check applies to workflows and IAM policies, and why.",
            intro: Prose.blocks("""
                Run `keyless check .github/workflows iam/` to lint your own files. Each finding prints as \
                `path:line:col: severity: message [rule-id]`; `--format json`, `sarif` and `github` \
                (workflow annotations) are also available. The exit code is 0 without error-level findings, \
                1 with findings, and 2 when a file cannot be read or parsed.
                """),
            sections: sections)
    }
}
