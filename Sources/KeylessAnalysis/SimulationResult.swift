import KeylessSyntax
import KeylessModel

/// What the simulator decided for one token, and why.
public struct SimulationResult: Hashable, Sendable {
    public enum Decision: String, Hashable, Sendable { case allow, deny }

    public var decision: Decision
    public var statements: [StatementResult]
    /// One sentence: the statement that decided, or the condition that failed.
    public var reason: String
    /// Where Keyless had to assume something AWS does not document (unmodelled keys or operators).
    public var notes: [String]

    public init(decision: Decision, statements: [StatementResult], reason: String, notes: [String] = []) {
        self.decision = decision
        self.statements = statements
        self.reason = reason
        self.notes = notes
    }

    /// `{"decision", "reason", "statements", "notes"}` in that order.
    public var json: JSONValue {
        .object([
            ("decision", .string(decision.rawValue)),
            ("reason", .string(reason)),
            ("statements", .array(statements.map(\.json))),
            ("notes", .array(notes.map(JSONValue.string))),
        ])
    }

    /// A few lines for a terminal: the decision and reason, then one line per statement.
    public var text: String {
        var lines = ["\(decision.rawValue): \(reason)"]
        for s in statements {
            lines.append("  \(s.label) (\(s.effect.rawValue)): \(s.matched ? "matches" : "does not match") — \(s.detail)")
        }
        lines += notes.map { "  note: \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The outcome of one statement.
public struct StatementResult: Hashable, Sendable {
    public var index: Int
    public var sid: String?
    public var effect: Statement.Effect
    /// The action covers `sts:AssumeRoleWithWebIdentity` and the principal the token's issuer.
    public var applies: Bool
    /// It applies and every condition holds.
    public var matched: Bool
    /// The first condition that did not hold, if that is why it did not match.
    public var failedCondition: Condition?
    /// Why it matched or not, as a clause.
    public var detail: String

    public init(index: Int, sid: String?, effect: Statement.Effect, applies: Bool, matched: Bool, failedCondition: Condition? = nil, detail: String) {
        self.index = index
        self.sid = sid
        self.effect = effect
        self.applies = applies
        self.matched = matched
        self.failedCondition = failedCondition
        self.detail = detail
    }

    /// `statement 0 (Sid "X")`, as sentences name it.
    public var label: String {
        "statement \(index)" + (sid.map { " (Sid \"\($0)\")" } ?? "")
    }

    public var json: JSONValue {
        .object([
            ("index", .int(index)),
            ("sid", sid.map(JSONValue.string) ?? .null),
            ("effect", .string(effect.rawValue)),
            ("matched", .bool(matched)),
            ("failed_condition", failedCondition.map { c in
                .object([("operator", .string(c.op.description)), ("key", .string(c.key)), ("values", .array(c.values.map(JSONValue.string)))])
            } ?? .null),
            ("detail", .string(detail)),
        ])
    }
}
