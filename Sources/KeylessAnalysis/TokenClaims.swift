import Foundation

/// One claim of an OIDC token: a string, or a list of strings (`aud` may be either).
public enum ClaimValue: Hashable, Sendable, ExpressibleByStringLiteral {
    case string(String)
    case list([String])

    public init(stringLiteral value: String) { self = .string(value) }

    /// The claim as the set of values a condition compares against.
    public var values: [String] {
        switch self {
        case .string(let s): return [s]
        case .list(let l): return l
        }
    }
}

/// The claims of one token, by name (`iss`, `aud`, `sub`, `ref`, `environment`, …).
public typealias TokenClaims = [String: ClaimValue]

/// Reads a claims file: a JSON object whose values are strings, numbers, booleans or lists of them.
public enum ClaimsCodec {
    public struct DecodeError: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    /// Numbers and booleans become their text, as STS compares claim values as strings.
    public static func decode(_ text: String) throws(DecodeError) -> TokenClaims {
        let any: Any
        do {
            any = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [])
        } catch {
            throw DecodeError(description: "invalid JSON: \((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)")")
        }
        guard let object = any as? [String: Any] else { throw DecodeError(description: "the claims must be a JSON object") }
        var claims: TokenClaims = [:]
        for (key, value) in object {
            if let list = value as? [Any] {
                var out: [String] = []
                for item in list {
                    guard let s = scalar(item) else { throw DecodeError(description: "claim '\(key)' must hold strings") }
                    out.append(s)
                }
                claims[key] = .list(out)
            } else if value is NSNull {
                continue  // a null claim is an absent claim
            } else if let s = scalar(value) {
                claims[key] = .string(s)
            } else {
                throw DecodeError(description: "claim '\(key)' must be a string or a list of strings")
            }
        }
        return claims
    }

    static func scalar(_ v: Any) -> String? {
        if let s = v as? String { return s }
        if let n = v as? NSNumber {
            // JSONSerialization gives booleans as NSNumber too; they are the ones whose Swift type is Bool.
            if v is Bool, String(cString: n.objCType) == "c" { return n.boolValue ? "true" : "false" }
            return n.stringValue
        }
        return nil
    }
}
