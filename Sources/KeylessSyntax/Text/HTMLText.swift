import Foundation

/// HTML escaping for the text the lowering and the page template write themselves.
public enum HTMLText {
    /// Text safe in element content and in quoted attribute values.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// The inverse of `escape` and of libcmark's code escaping (these five entities only), in one pass.
    public static func unescape(_ s: String) -> String {
        let entities = [("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'")]
        var out = ""
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            rest = rest[amp...]
            if let (entity, char) = entities.first(where: { rest.hasPrefix($0.0) }) {
                out += char
                rest = rest.dropFirst(entity.count)
            } else {
                out += "&"
                rest = rest.dropFirst()
            }
        }
        return out + rest
    }

    /// Text for an HTML comment, which must not contain `--`.
    public static func comment(_ s: String) -> String {
        s.replacingOccurrences(of: "--", with: "- -")
    }
}
