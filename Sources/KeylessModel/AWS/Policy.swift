/// An IAM policy document (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html).
public struct PolicyDocument: Hashable, Sendable, Codable {
    public var version: String?
    public var id: String?
    public var statements: [Statement]

    /// The current policy language version; `2008-10-17` lacks policy variables.
    public static let currentVersion = "2012-10-17"

    public init(version: String? = PolicyDocument.currentVersion, id: String? = nil, statements: [Statement]) {
        self.version = version
        self.id = id
        self.statements = statements
    }
}

public struct Statement: Hashable, Sendable, Codable {
    public enum Effect: String, Hashable, Sendable, Codable { case allow = "Allow", deny = "Deny" }

    public var sid: String?
    public var effect: Effect
    public var principal: Principal?
    public var notPrincipal: Principal?
    public var actions: ActionList
    public var resources: ResourceList?
    /// Kept in canonical order (operator, then key) so emit → parse → decode gives back the same value.
    public private(set) var conditions: [Condition]

    public init(
        sid: String? = nil, effect: Effect = .allow, principal: Principal? = nil, notPrincipal: Principal? = nil,
        actions: ActionList, resources: ResourceList? = nil, conditions: [Condition] = []
    ) {
        self.sid = sid
        self.effect = effect
        self.principal = principal
        self.notPrincipal = notPrincipal
        self.actions = actions
        self.resources = resources
        self.conditions = Condition.canonicalOrder(conditions)
    }

    public mutating func setConditions(_ conditions: [Condition]) {
        self.conditions = Condition.canonicalOrder(conditions)
    }
}

/// `Action` or `NotAction`.
public enum ActionList: Hashable, Sendable, Codable {
    case action([String])
    case notAction([String])

    public var values: [String] {
        switch self { case .action(let v), .notAction(let v): return v }
    }
}

/// `Resource` or `NotResource`.
public enum ResourceList: Hashable, Sendable, Codable {
    case resource([String])
    case notResource([String])

    public var values: [String] {
        switch self { case .resource(let v), .notResource(let v): return v }
    }
}

/// `"Principal": "*"` or `{"Federated": …, "AWS": [...], …}` in a fixed order.
public enum Principal: Hashable, Sendable, Codable {
    case anyone
    case typed([PrincipalEntry])

    /// A federated principal, as a trust policy for an OIDC provider has.
    public static func federated(_ arn: ARN) -> Principal {
        .typed([PrincipalEntry(type: "Federated", values: [arn.description])])
    }

    public func values(ofType type: String) -> [String] {
        guard case .typed(let entries) = self else { return [] }
        return entries.filter { $0.type == type }.flatMap(\.values)
    }
}

public struct PrincipalEntry: Hashable, Sendable, Codable {
    public var type: String
    public var values: [String]

    public init(type: String, values: [String]) {
        self.type = type
        self.values = values
    }
}

/// One key of one operator in a `Condition` block, with its values (ORed).
public struct Condition: Hashable, Sendable, Codable {
    public var op: ConditionOperator
    public var key: String
    public var values: [String]

    public init(_ op: ConditionOperator, _ key: String, _ values: [String]) {
        self.op = op
        self.key = key
        self.values = values
    }

    static func canonicalOrder(_ conditions: [Condition]) -> [Condition] {
        conditions.sorted { ($0.op.description, $0.key) < ($1.op.description, $1.key) }
    }
}

/// A condition operator with its optional `ForAnyValue:` / `ForAllValues:` prefix and `IfExists` suffix
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
public struct ConditionOperator: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum SetQualifier: String, Hashable, Sendable, Codable {
        case forAnyValue = "ForAnyValue"
        case forAllValues = "ForAllValues"
    }

    public enum Base: String, Hashable, Sendable, Codable, CaseIterable {
        case stringEquals = "StringEquals", stringNotEquals = "StringNotEquals"
        case stringEqualsIgnoreCase = "StringEqualsIgnoreCase", stringNotEqualsIgnoreCase = "StringNotEqualsIgnoreCase"
        case stringLike = "StringLike", stringNotLike = "StringNotLike"
        case numericEquals = "NumericEquals", numericNotEquals = "NumericNotEquals"
        case numericLessThan = "NumericLessThan", numericLessThanEquals = "NumericLessThanEquals"
        case numericGreaterThan = "NumericGreaterThan", numericGreaterThanEquals = "NumericGreaterThanEquals"
        case dateEquals = "DateEquals", dateNotEquals = "DateNotEquals"
        case dateLessThan = "DateLessThan", dateLessThanEquals = "DateLessThanEquals"
        case dateGreaterThan = "DateGreaterThan", dateGreaterThanEquals = "DateGreaterThanEquals"
        case bool = "Bool", binaryEquals = "BinaryEquals"
        case ipAddress = "IpAddress", notIpAddress = "NotIpAddress"
        case arnEquals = "ArnEquals", arnLike = "ArnLike", arnNotEquals = "ArnNotEquals", arnNotLike = "ArnNotLike"
        case null = "Null"
    }

    public var qualifier: SetQualifier?
    public var base: Base
    public var ifExists: Bool

    public init(_ base: Base, qualifier: SetQualifier? = nil, ifExists: Bool = false) {
        self.base = base
        self.qualifier = qualifier
        self.ifExists = ifExists
    }

    /// Parses `[ForAnyValue:|ForAllValues:]Base[IfExists]`; nil for an operator AWS does not define.
    public init?(parsing text: String) {
        var rest = Substring(text)
        var qualifier: SetQualifier?
        for q in [SetQualifier.forAnyValue, .forAllValues] where rest.hasPrefix(q.rawValue + ":") {
            qualifier = q
            rest = rest.dropFirst(q.rawValue.count + 1)
        }
        var ifExists = false
        if rest.hasSuffix("IfExists") {
            ifExists = true
            rest = rest.dropLast(8)
        }
        guard let base = Base(rawValue: String(rest)), !(ifExists && base == .null) else { return nil }
        self.init(base, qualifier: qualifier, ifExists: ifExists)
    }

    public var description: String {
        (qualifier.map { $0.rawValue + ":" } ?? "") + base.rawValue + (ifExists ? "IfExists" : "")
    }

    public static let stringEquals = ConditionOperator(.stringEquals)
    public static let stringLike = ConditionOperator(.stringLike)
}
