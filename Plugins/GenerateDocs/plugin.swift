import Foundation
import PackagePlugin

/// `swift package generate-docs [--check] [--format md|rst|html] [--config FILE]`: runs `keyless generate`
/// in the package directory. Thin on purpose: all logic lives in the tested tool.
@main
struct GenerateDocs: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "keyless")
        // SwiftPM forwards its own permission flags when they are typed after the verb; they are not ours.
        let forwarded = arguments.filter { !$0.hasPrefix("--allow-writing-to") && !$0.hasPrefix("--allow-network") }
        let process = Process()
        process.executableURL = tool.url
        process.arguments = ["generate", "--output", context.package.directoryURL.path] + forwarded
        process.currentDirectoryURL = context.package.directoryURL
        try process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let status = process.terminationStatus
            Diagnostics.error("keyless generate exited with status \(status)")
            throw GenerateDocsError.failed(status)
        }
    }
}

enum GenerateDocsError: Error, CustomStringConvertible {
    case failed(Int32)

    var description: String {
        switch self {
        case .failed(1): return "generated files are out of date (exit 1): run `swift package --allow-writing-to-package-directory generate-docs`"
        case .failed(let s): return "keyless generate failed (exit \(s))"
        }
    }
}
