import Foundation
import KeylessSyntax
import KeylessModel
import Yams

extension Linter {
    /// A policy file's findings; positions come from reading the same JSON with Yams.
    func lintPolicy(_ text: String, path: String) -> (diagnostics: [Diagnostic], parsed: Bool) {
        var any: Any
        do {
            any = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            let message = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            return ([Diagnostic(at: SourceLocation(path: path), "invalid JSON: \(message)", rule: "json-syntax")], false)
        }
        // JSON is YAML 1.2 flow syntax, so Yams gives the positions Foundation does not.
        let root = (try? Yams.compose(yaml: text.replacingOccurrences(of: "\t", with: " "), .basic)) ?? .scalar(.init(""))
        let single = (any as? [String: Any])?["Statement"] is [String: Any]
        let removed = PolicyUnknownConditionOperator.strip(&any, singleStatement: single)
        var report = RuleReport(path: path, root: root, rule: PolicyUnknownConditionOperator.rule)
        let policy: PolicyDocument
        do {
            policy = try PolicyCodec.decode(any)
        } catch {
            // The operators were already wrong; say so beside the shape error, as the decoded run would.
            PolicyUnknownConditionOperator.report(removed, into: &report)
            return (report.diagnostics + [Diagnostic(at: SourceLocation(path: path), error.description, rule: "policy-shape")], false)
        }
        let context = PolicyContext(path: path, root: root, document: policy, singleStatement: single, extraAudiences: extraAudiences, removedOperators: removed)
        for rule in Rules.policyRunOrder {
            report.rule = rule.rule
            rule.check(context, report: &report)
        }
        return (report.diagnostics, true)
    }
}
