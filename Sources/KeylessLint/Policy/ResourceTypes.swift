import KeylessModel

/// Which resource type an action needs, for the actions Keyless knows (from the Service Authorization Reference).
enum ResourceTypes {
    struct Need {
        var description: String
        var matches: (String) -> Bool
    }

    static let lambdaFunction: Set<String> = [
        "createfunction", "deletefunction", "getfunction", "getfunctionconfiguration", "invokefunction",
        "updatefunctioncode", "updatefunctionconfiguration", "publishversion", "addpermission", "removepermission",
    ]
    static let lambdaLayer: Set<String> = ["publishlayerversion", "getlayerversion", "deletelayerversion", "addlayerversionpermission", "removelayerversionpermission"]
    static let s3Object: Set<String> = ["getobject", "putobject", "deleteobject", "getobjectversion", "abortmultipartupload", "getobjectacl", "putobjectacl"]
    static let s3Bucket: Set<String> = ["listbucket", "getbucketlocation", "deletebucket", "listbucketmultipartuploads", "getbucketpolicy", "putbucketpolicy"]

    static func required(for action: String) -> Need? {
        let parts = action.lowercased().split(separator: ":", maxSplits: 1)
        guard parts.count == 2, !parts[1].contains("*") else { return nil }
        let (service, name) = (String(parts[0]), String(parts[1]))
        func arn(_ s: String) -> ARN? { ARN(parsing: s) }
        switch service {
        case "lambda" where lambdaFunction.contains(name):
            return Need(description: "Lambda function (`function:`)") { arn($0)?.resource.hasPrefix("function:") ?? false }
        case "lambda" where lambdaLayer.contains(name):
            return Need(description: "Lambda layer (`layer:`)") { arn($0)?.resource.hasPrefix("layer:") ?? false }
        case "s3" where s3Object.contains(name):
            return Need(description: "S3 object (`bucket/key`)") { arn($0).map { $0.service == "s3" && $0.resource.contains("/") } ?? false }
        case "s3" where s3Bucket.contains(name):
            return Need(description: "S3 bucket (no `/key`)") { arn($0).map { $0.service == "s3" && !$0.resource.contains("/") } ?? false }
        default:
            return nil
        }
    }
}
