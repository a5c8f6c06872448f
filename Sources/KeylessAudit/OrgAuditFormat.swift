import KeylessSyntax

/// Output of `keyless audit --merge`: the organisation report in text, JSON, Markdown or HTML.
extension OrgAudit {
    public func render(_ format: AuditFormat) -> String {
        switch format {
        case .json: return JSONEmitter.emit(json)
        case .markdown: return markdown
        case .html: return html
        case .text, .sarif: return text
        }
    }

    static func counts(_ t: Totals) -> [Int] { AuthPattern.allCases.map { t[$0] } }

    var summaryLine: String {
        "\(repositories.count) repositories, \(totals.workflows) workflows, \(totals.jobs) jobs: "
            + AuthPattern.allCases.map { "\(totals[$0]) \($0.rawValue)" }.joined(separator: ", ") + "."
    }

    static func totalsJSON(_ t: Totals) -> [(String, JSONValue)] {
        [("workflows", .int(t.workflows)), ("jobs", .int(t.jobs)), ("long_lived_keys", .int(t[.longLivedKeys])),
         ("oidc", .int(t[.oidc])), ("mixed", .int(t[.mixed])), ("none", .int(t[.none]))]
    }

    /// `{"summary": {"repositories", "workflows", "jobs", …}, "repositories": [{"repository", …}],
    /// "environments": [{"environment", …}], "findings": [{"repository", "path", "environment", "job",
    /// "auth", "rule", "severity", "line", "message"}], "problems": ["path:line:col: …"]}`.
    public var json: JSONValue {
        .object([
            ("summary", .object([("repositories", .int(repositories.count))] + Self.totalsJSON(totals))),
            ("repositories", .array(repositories.map { .object([("repository", .string($0.name))] + Self.totalsJSON($0.totals)) })),
            ("environments", .array(environments.map { .object([("environment", $0.name.map(JSONValue.string) ?? .null)] + Self.totalsJSON($0.totals)) })),
            ("findings", .array(findings.map { f in
                .object([
                    ("repository", .string(f.repository)), ("path", .string(f.path)),
                    ("environment", f.environment.map(JSONValue.string) ?? .null), ("job", .string(f.job)),
                    ("auth", .string(f.auth.rawValue)), ("rule", .string(f.rule)), ("severity", .string(f.severity.rawValue)),
                    ("line", .int(f.line)), ("message", .string(f.message)),
                ])
            })),
            ("problems", .array(problems.map { .string($0.description) })),
        ])
    }

    var text: String {
        var out = "Keyless organisation audit\n  \(summaryLine)\n\nRepositories (most long-lived keys first)\n"
        for r in repositories {
            out += "  \(r.name): \(r.totals.workflows) workflows, " + AuthPattern.allCases.map { "\(r.totals[$0]) \($0.rawValue)" }.joined(separator: ", ") + "\n"
        }
        out += "\nEnvironments\n"
        for e in environments {
            out += "  \(AuditWords.environment(e.name)): \(e.totals.workflows) workflows, " + AuthPattern.allCases.map { "\(e.totals[$0]) \($0.rawValue)" }.joined(separator: ", ") + "\n"
        }
        out += "\nFindings (worst first)\n"
        for f in findings {
            out += "  \(f.repository): \(f.path):\(f.line): \(f.severity.rawValue): job \(f.job) (\(f.auth.rawValue)): \(f.message) [\(f.rule)]\n"
        }
        for p in problems { out += p.description + "\n" }
        return out
    }

    var markdown: String {
        let header = "| long-lived-keys | oidc | mixed | none |"
        var out = "# Keyless organisation audit\n\n\(summaryLine)\n"
        if !problems.isEmpty { out += "\n\(problems.count) reports could not be read (listed at the end).\n" }
        out += "\n## Repositories\n\nMost jobs on long-lived keys first.\n\n| Repository | Workflows | Jobs \(header)\n|---|---|---|---|---|---|---|\n"
        for r in repositories {
            out += "| `\(AuditMarkdown.cell(r.name))` | \(r.totals.workflows) | \(r.totals.jobs) | " + Self.counts(r.totals).map(String.init).joined(separator: " | ") + " |\n"
        }
        out += "\n## Environments\n\n| Environment | Workflows | Jobs \(header)\n|---|---|---|---|---|---|---|\n"
        for e in environments {
            out += "| \(AuditMarkdown.cell(AuditWords.environment(e.name))) | \(e.totals.workflows) | \(e.totals.jobs) | " + Self.counts(e.totals).map(String.init).joined(separator: " | ") + " |\n"
        }
        out += "\n## Findings\n\nErrors first, then warnings and notes; within each, jobs on long-lived keys first.\n\n"
        out += "| Severity | Repository | Workflow | Line | Job | Authentication | Finding |\n|---|---|---|---|---|---|---|\n"
        for f in findings {
            out += "| \(f.severity.rawValue) | `\(AuditMarkdown.cell(f.repository))` | `\(AuditMarkdown.cell(f.path))` | \(f.line) | `\(AuditMarkdown.cell(f.job))` | \(f.auth.rawValue) | \(AuditMarkdown.cell(f.message)) (`\(f.rule)`) |\n"
        }
        if !problems.isEmpty {
            out += "\n## Reports not read\n\n" + problems.map { "- `\($0.description)`\n" }.joined()
        }
        return out
    }

    var html: String {
        func e(_ s: String) -> String { HTMLText.escape(s) }
        let authHeads = AuthPattern.allCases.map { "<th>\($0.rawValue)</th>" }.joined()
        func cells(_ t: Totals) -> String { "<td>\(t.workflows)</td><td>\(t.jobs)</td>" + Self.counts(t).map { "<td>\($0)</td>" }.joined() }
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Keyless organisation audit</title>\n</head>\n<body>\n"
        out += "<h1>Keyless organisation audit</h1>\n<p>\(e(summaryLine))</p>\n"
        out += "<h2>Repositories</h2>\n<table>\n<thead><tr><th>Repository</th><th>Workflows</th><th>Jobs</th>\(authHeads)</tr></thead>\n<tbody>\n"
        for r in repositories { out += "<tr><td><code>\(e(r.name))</code></td>\(cells(r.totals))</tr>\n" }
        out += "</tbody>\n</table>\n<h2>Environments</h2>\n<table>\n<thead><tr><th>Environment</th><th>Workflows</th><th>Jobs</th>\(authHeads)</tr></thead>\n<tbody>\n"
        for env in environments { out += "<tr><td>\(e(AuditWords.environment(env.name)))</td>\(cells(env.totals))</tr>\n" }
        out += "</tbody>\n</table>\n<h2>Findings</h2>\n<table>\n<thead><tr><th>Severity</th><th>Repository</th><th>Workflow</th><th>Line</th><th>Job</th><th>Authentication</th><th>Finding</th></tr></thead>\n<tbody>\n"
        for f in findings {
            out += "<tr><td>\(f.severity.rawValue)</td><td><code>\(e(f.repository))</code></td><td><code>\(e(f.path))</code></td><td>\(f.line)</td><td><code>\(e(f.job))</code></td><td>\(f.auth.rawValue)</td><td>\(e(f.message)) (<code>\(e(f.rule))</code>)</td></tr>\n"
        }
        out += "</tbody>\n</table>\n"
        if !problems.isEmpty {
            out += "<h2>Reports not read</h2>\n<ul>\n" + problems.map { "<li><code>\(e($0.description))</code></li>\n" }.joined() + "</ul>\n"
        }
        return out + "</body>\n</html>\n"
    }
}

extension AuditFormat {
    /// The audit JSON of one repository with its name first (`keyless audit --repository OWNER/REPO`),
    /// so `--merge` need not guess it from the file name.
    public func renderJSON(_ report: AuditReport, repository: String) -> String {
        guard case .object(let fields) = AuditJSON.value(report) else { return render(report) }
        return JSONEmitter.emit(.object([("repository", .string(repository))] + fields))
    }
}
