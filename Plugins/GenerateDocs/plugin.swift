import Foundation
import PackagePlugin

@main
struct GenerateDocs: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        _ = try context.tool(named: "keyless")
    }
}
