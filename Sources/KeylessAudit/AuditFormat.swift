import KeylessSyntax
import KeylessLint

/// Output formats of `keyless audit`.
public enum AuditFormat: String, CaseIterable, Sendable {
    case text, json, markdown, html, sarif

    /// Writes the report; the text format goes out a workflow at a time instead of as one string.
    public func write<Out: TextOutputStream>(_ report: AuditReport, to out: inout Out) {
        switch self {
        case .text: AuditText.write(report, to: &out)
        default: out.write(render(report))
        }
    }

    /// The text format in parts, for `keyless audit`, which renders each workflow's body as soon as the
    /// workflow is audited and keeps only `WorkflowAudit.compacted`: `textHeader(w) + textBody(w)` for
    /// every workflow, then `writeTextTrailer`, is `render` of the report, byte for byte.
    public static func textBody(_ w: WorkflowAudit) -> String { AuditText.body(w) }
    public static func textHeader(_ w: WorkflowAudit) -> String { AuditText.header(w) }
    public static func writeTextTrailer<Out: TextOutputStream>(_ report: AuditReport, to out: inout Out) { AuditText.trailer(report, to: &out) }

    public func render(_ report: AuditReport) -> String {
        switch self {
        case .text: return AuditText.render(report)
        case .json: return JSONEmitter.emit(AuditJSON.value(report))
        case .markdown: return AuditMarkdown.render(report)
        case .html: return AuditHTML.render(report)
        case .sarif: return AuditSarif.render(report)
        }
    }
}

/// Shared wording, so every format says the same thing.
enum AuditWords {
    static func environment(_ e: String?) -> String { e ?? "(no environment)" }

    /// Environments in the configured order, then workflows no environment was found for.
    static func groups(_ r: AuditReport) -> [(String?, [WorkflowAudit])] {
        var out: [(String?, [WorkflowAudit])] = r.environments.map { ($0, r.workflows(in: $0)) }.filter { !$0.1.isEmpty }
        let other = r.workflows.filter { $0.environment == nil || !r.environments.contains($0.environment!) }
        if !other.isEmpty { out.append((nil, other)) }
        return out
    }

    static func patternCounts(_ ws: [WorkflowAudit]) -> String {
        AuthPattern.allCases.map { p in "\(ws.filter { $0.auth == p }.count) \(p.rawValue)" }.joined(separator: ", ")
    }

    /// The seed-like summary lines.
    static func summary(_ r: AuditReport) -> [String] {
        let s = r.summary
        var lines = [
            "\(s.workflows) workflows, \(s.jobs) jobs: \(s.longLivedKeys) long-lived-keys, \(s.oidc) oidc, \(s.mixed) mixed, \(s.none) none.",
            "Workflows by pattern: \(patternCounts(r.workflows)).",
        ]
        for (env, ws) in groups(r) {
            lines.append("\(environment(env)): \(ws.count) workflows (\(patternCounts(ws))).")
        }
        if s.lacksIDToken + s.lacksRole > 0 {
            lines.append("Missing for OIDC: \(s.lacksIDToken) jobs lack id-token: write in their effective permissions; \(s.lacksRole) jobs lack role-to-assume.")
        }
        if s.longLivedKeys + s.oidc + s.mixed > 0 {
            lines.append("Not visible from the repository: the IAM OIDC identity provider and the roles; check IAM.")
        }
        if r.problemFiles > 0 { lines.append("\(r.problemFiles) \(r.problemFiles == 1 ? "file" : "files") could not be audited.") }
        return lines
    }
}

enum AuditText {
    static func render(_ r: AuditReport) -> String {
        var out = ""
        write(r, to: &out)
        return out
    }

    /// The text report, one workflow at a time (`keyless audit` streams it to standard output).
    static func write<Out: TextOutputStream>(_ r: AuditReport, to out: inout Out) {
        for w in r.workflows {
            out.write(header(w))
            out.write(body(w))
        }
        trailer(r, to: &out)
    }

    /// A workflow's first line: the only one that depends on the environment (known once all files are read).
    static func header(_ w: WorkflowAudit) -> String {
        "\(w.path) [\(AuditWords.environment(w.environment))]: \(w.auth.rawValue)\n"
    }

    /// A workflow's job and finding lines.
    static func body(_ w: WorkflowAudit) -> String {
        var out = ""
        for j in w.jobs {
            out += "  job \(j.id) (line \(j.line)): \(j.auth.rawValue)\n"
            for f in j.findings {
                out += "    \(w.path):\(f.line):\(f.column): \(f.rule.severity.rawValue): \(f.message) [\(f.rule.id)]\n"
            }
        }
        return out
    }

    /// The unreadable files and the summary, after the workflows.
    static func trailer<Out: TextOutputStream>(_ r: AuditReport, to out: inout Out) {
        for p in r.problems { out.write(p.description + "\n") }
        out.write("\nSummary\n")
        for l in AuditWords.summary(r) { out.write("  \(l)\n") }
    }
}

enum AuditJSON {
    static func value(_ r: AuditReport) -> JSONValue {
        let s = r.summary
        return .object([
            ("workflows", .array(r.workflows.map { w in
                .object([
                    ("path", .string(w.path)),
                    ("environment", w.environment.map(JSONValue.string) ?? .null),
                    ("jobs", .array(w.jobs.map { j in
                        .object([
                            ("id", .string(j.id)), ("auth", .string(j.auth.rawValue)), ("line", .int(j.line)),
                            ("findings", .array(j.findings.map { f in
                                .object([("rule", .string(f.rule.id)), ("line", .int(f.line)), ("message", .string(f.message))])
                            })),
                        ])
                    })),
                ])
            })),
            ("summary", .object([
                ("workflows", .int(s.workflows)), ("jobs", .int(s.jobs)), ("long_lived_keys", .int(s.longLivedKeys)),
                ("oidc", .int(s.oidc)), ("mixed", .int(s.mixed)), ("none", .int(s.none)),
            ])),
        ])
    }
}

enum AuditMarkdown {
    static func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }

    static func render(_ r: AuditReport) -> String {
        var out = "# Keyless audit\n\n"
        for l in AuditWords.summary(r) { out += "- \(l)\n" }
        out += "\n| Environment | Workflows | long-lived-keys | oidc | mixed | none |\n|---|---|---|---|---|---|\n"
        for (env, ws) in AuditWords.groups(r) {
            let c = AuthPattern.allCases.map { p in String(ws.filter { $0.auth == p }.count) }
            out += "| \(AuditWords.environment(env)) | \(ws.count) | \(c.joined(separator: " | ")) |\n"
        }
        for w in r.workflows {
            out += "\n## `\(w.path)`\n\nEnvironment: \(AuditWords.environment(w.environment)). Pattern: **\(w.auth.rawValue)**.\n\n"
            out += "| Job | Line | Authentication | Findings |\n|---|---|---|---|\n"
            for j in w.jobs {
                let f = j.findings.map { "line \($0.line): \(cell($0.message)) (`\($0.rule.id)`)" }.joined(separator: "<br>")
                out += "| `\(j.id)` | \(j.line) | \(j.auth.rawValue) | \(f.isEmpty ? "—" : f) |\n"
            }
        }
        if !r.problems.isEmpty {
            out += "\n## Files not audited\n\n"
            for p in r.problems { out += "- `\(p.description)`\n" }
        }
        return out
    }
}

enum AuditHTML {
    static func render(_ r: AuditReport) -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Keyless audit</title>\n</head>\n<body>\n<h1>Keyless audit</h1>\n<ul>\n"
        for l in AuditWords.summary(r) { out += "<li>\(HTMLText.escape(l))</li>\n" }
        out += "</ul>\n<table>\n<thead><tr><th>Environment</th><th>Workflows</th>" + AuthPattern.allCases.map { "<th>\($0.rawValue)</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for (env, ws) in AuditWords.groups(r) {
            out += "<tr><td>\(HTMLText.escape(AuditWords.environment(env)))</td><td>\(ws.count)</td>" + AuthPattern.allCases.map { p in "<td>\(ws.filter { $0.auth == p }.count)</td>" }.joined() + "</tr>\n"
        }
        out += "</tbody>\n</table>\n"
        for w in r.workflows {
            out += "<h2><code>\(HTMLText.escape(w.path))</code></h2>\n<p>Environment: \(HTMLText.escape(AuditWords.environment(w.environment))). Pattern: <strong>\(w.auth.rawValue)</strong>.</p>\n"
            out += "<table>\n<thead><tr><th>Job</th><th>Line</th><th>Authentication</th><th>Findings</th></tr></thead>\n<tbody>\n"
            for j in w.jobs {
                let f = j.findings.map { "<li>line \($0.line): \(HTMLText.escape($0.message)) (<code>\($0.rule.id)</code>)</li>" }.joined()
                out += "<tr><td><code>\(HTMLText.escape(j.id))</code></td><td>\(j.line)</td><td>\(j.auth.rawValue)</td><td>\(f.isEmpty ? "—" : "<ul>\(f)</ul>")</td></tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        if !r.problems.isEmpty {
            out += "<h2>Files not audited</h2>\n<ul>\n" + r.problems.map { "<li><code>\(HTMLText.escape($0.description))</code></li>\n" }.joined() + "</ul>\n"
        }
        return out + "</body>\n</html>\n"
    }
}

/// SARIF 2.1.0 through the one writer: one result per finding and per unreadable file.
enum AuditSarif {
    static func render(_ r: AuditReport) -> String {
        // Title and level only, as the audit's SARIF has always listed its rules.
        let rules = Rules.audit.map { SARIF.RuleDescriptor(id: $0.id, shortDescription: $0.title, level: $0.severity) }
        var results: [SARIF.Result] = []
        for w in r.workflows {
            for j in w.jobs {
                for f in j.findings {
                    results.append(result(f.rule.id, f.rule.severity, "job \(j.id): \(f.message)", SourceLocation(path: w.path, line: f.line, column: f.column)))
                }
            }
        }
        for p in r.problems { results.append(result(p.rule, p.severity, p.message, p.location)) }
        return SARIF.render(tool: SARIF.Tool(name: "keyless-audit"), rules: rules, results: results)
    }

    /// SARIF positions start at 1; an audit finding without one points at the file's start.
    static func result(_ rule: String, _ severity: Diagnostic.Severity, _ message: String, _ at: SourceLocation) -> SARIF.Result {
        SARIF.Result(ruleID: rule, level: severity, message: message,
                     location: SourceLocation(path: at.path, line: max(1, at.line), column: max(1, at.column)))
    }
}
