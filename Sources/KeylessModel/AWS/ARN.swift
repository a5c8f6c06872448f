/// An Amazon Resource Name: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
public struct ARN: Hashable, Sendable, Codable, CustomStringConvertible {
    public var partition: String
    public var service: String
    public var region: String
    public var account: AccountID
    public var resource: String

    public init(partition: String = "aws", service: String, region: String = "", account: AccountID, resource: String) {
        self.partition = partition
        self.service = service
        self.region = region
        self.account = account
        self.resource = resource
    }

    /// Splits on the first five colons; the resource part may itself contain colons.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
        self.init(
            partition: String(parts[1]), service: String(parts[2]), region: String(parts[3]),
            account: AccountID(parsing: String(parts[4])), resource: String(parts[5]))
    }

    public var description: String {
        "arn:\(partition):\(service):\(region):\(account):\(resource)"
    }

    /// The IAM role ARN `arn:aws:iam::ACCOUNT:role/PATH/NAME`.
    public static func role(_ name: String, path: String = "/", account: AccountID, partition: String = "aws") -> ARN {
        ARN(partition: partition, service: "iam", account: account, resource: "role\(path)\(name)")
    }

    /// The OIDC provider ARN `arn:aws:iam::ACCOUNT:oidc-provider/HOST`.
    public static func oidcProvider(host: String, account: AccountID, partition: String = "aws") -> ARN {
        ARN(partition: partition, service: "iam", account: account, resource: "oidc-provider/\(host)")
    }
}

/// The account part of an ARN: twelve digits, a declared placeholder such as `ACCOUNT_ID`, `*`, or empty (S3).
public enum AccountID: Hashable, Sendable, Codable, CustomStringConvertible {
    case id(String)
    case placeholder(String)
    case wildcard
    case none

    public init(parsing text: String) {
        if text.isEmpty {
            self = .none
        } else if text == "*" {
            self = .wildcard
        } else if text.count == 12, text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            self = .id(text)
        } else {
            self = .placeholder(text)
        }
    }

    public var description: String {
        switch self {
        case .id(let s), .placeholder(let s): return s
        case .wildcard: return "*"
        case .none: return ""
        }
    }
}
