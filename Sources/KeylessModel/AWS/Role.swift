/// The IAM OIDC identity provider for GitHub Actions
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html).
public struct OIDCProvider: Hashable, Sendable, Codable {
    public var url: String
    public var audiences: [String]
    /// Optional since July 2023: IAM trusts GitHub's certificate authority for this host.
    public var thumbprints: [String]

    public init(url: String, audiences: [String], thumbprints: [String] = []) {
        self.url = url
        self.audiences = audiences
        self.thumbprints = thumbprints
    }

    /// The URL without `https://`: the prefix of the condition keys and the end of the provider ARN.
    public var host: String {
        url.hasPrefix("https://") ? String(url.dropFirst(8)) : url
    }

    public func arn(account: AccountID, partition: String = "aws") -> ARN {
        .oidcProvider(host: host, account: account, partition: partition)
    }

    public static let githubActionsURL = "https://token.actions.githubusercontent.com"
    public static let stsAudience = "sts.amazonaws.com"
}

/// An IAM role a workflow assumes, with the policy that says who may and the policies that say what it may do.
public struct Role: Hashable, Sendable, Codable {
    public var name: String
    public var path: String
    public var description: String?
    /// Seconds, 3600 to 43200 (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html).
    public var maxSessionDuration: Int
    public var trustPolicy: PolicyDocument
    public var permissionPolicies: [NamedPolicy]

    public init(
        name: String, path: String = "/", description: String? = nil, maxSessionDuration: Int = 3600,
        trustPolicy: PolicyDocument, permissionPolicies: [NamedPolicy] = []
    ) {
        self.name = name
        self.path = path
        self.description = description
        self.maxSessionDuration = maxSessionDuration
        self.trustPolicy = trustPolicy
        self.permissionPolicies = permissionPolicies
    }

    public func arn(account: AccountID, partition: String = "aws") -> ARN {
        .role(name, path: path, account: account, partition: partition)
    }
}

/// An inline permission policy with its name.
public struct NamedPolicy: Hashable, Sendable, Codable {
    public var name: String
    public var document: PolicyDocument

    public init(name: String, document: PolicyDocument) {
        self.name = name
        self.document = document
    }
}
